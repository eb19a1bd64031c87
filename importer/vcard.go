package importer

import (
	"bufio"
	"bytes"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"
)

// A vCard file (RFC 2426 for 3.0, RFC 6350 for 4.0, and the vCard 2.1
// specification that Outlook and old phones still write) is read here into
// the rows and cells the rest of the import works with: one row per card,
// one column per card property (vcard_rows.go). The reader is our own:
// 2.1's bare parameters ("TEL;WORK;FAX:"), quoted-printable values with
// their soft line breaks and the CHARSET parameter are what the tools of
// a clinic write, and what the vCard libraries at hand read wrongly.

// vprop is one property of a card, its lines unfolded.
type vprop struct {
	line     int    // the line of the file where it begins
	group    string // "item1" of "item1.TEL", upper case
	name     string // upper case
	types    []string
	pref     bool   // PREF=1 (4.0), TYPE=pref (3.0), PREF (2.1)
	encoding string // QUOTED-PRINTABLE, B, BASE64 or "" (upper case)
	charset  string
	valueURI bool   // VALUE=uri
	value    string // as written: escaped, maybe quoted-printable
}

// has reports whether the property has type t (lower case).
func (p *vprop) has(t string) bool {
	for _, x := range p.types {
		if x == t {
			return true
		}
	}
	return false
}

// vcard is one card of the file.
type vcard struct {
	num     int // its place in the file, from 1
	line    int // the line of its BEGIN:VCARD
	version string
	props   []vprop
}

// vcardFile is what reading a whole file found.
type vcardFile struct {
	cards    []vcard
	versions []string // in the order first met
	charset  string   // of values that name none: the file's own encoding
	label    string   // that encoding, as Preview.Encoding names it
	crlf     bool
	warnings []string
}

// isVCard tells whether the file is a vCard file, by its name or by its
// first line; src is left at its start.
func isVCard(name string, src io.ReadSeeker) (bool, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".vcf", ".vcard":
		return true, nil
	}
	var head [256]byte
	n, err := io.ReadFull(src, head[:])
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return false, err
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return false, err
	}
	return beginsVCard(head[:n]), nil
}

// beginsVCard reports whether text (in any of the encodings detected for
// CSV) begins with BEGIN:VCARD, after a byte-order mark and blank lines.
func beginsVCard(b []byte) bool {
	switch {
	case bytes.HasPrefix(b, bomUTF16LE), bytes.HasPrefix(b, bomUTF16BE):
		b = bytes.ReplaceAll(b[2:], []byte{0}, nil)
	case bytes.HasPrefix(b, bomUTF8):
		b = b[3:]
	case len(b) > 1 && (b[0] == 0 || b[1] == 0):
		b = bytes.ReplaceAll(b, []byte{0}, nil) // UTF-16 without a mark
	}
	b = bytes.TrimLeft(b, " \t\r\n")
	const begin = "BEGIN:VCARD"
	return len(b) >= len(begin) && bytes.EqualFold(b[:len(begin)], []byte(begin))
}

// charsetAuto reads a value as UTF-8 when it is valid UTF-8, and as
// Windows-1252 otherwise.
const charsetAuto = "auto"

// maxVCardWarnings is how many remarks about single lines a file gets.
const maxVCardWarnings = 5

// parseVCards reads every card of the file. The file's encoding (for
// values without a CHARSET) is detected as for CSV, or chosen by the user;
// UTF-16 is decoded before anything else.
func parseVCards(name string, src io.ReadSeeker, want string) (*vcardFile, error) {
	enc, err := chooseEncoding(name, src, want)
	if err != nil {
		return nil, err
	}
	if _, err := src.Seek(int64(enc.skip), io.SeekStart); err != nil {
		return nil, err
	}
	// Values are decoded one by one: a CHARSET may say how, and cards of
	// 3.0 and 4.0 (UTF-8) share files with Outlook's 2.1 in the Windows
	// code page. Unless the user chose, a value is UTF-8 when it is valid
	// UTF-8, and Windows-1252 otherwise.
	vf := &vcardFile{charset: charsetAuto, label: enc.label}
	text := io.Reader(src)
	switch {
	case enc.label == encUTF16LE || enc.label == encUTF16BE:
		text = transform.NewReader(bufio.NewReaderSize(src, 64<<10), enc.decoder)
	case want != "" && enc.label == enc1252:
		vf.charset = "windows-1252"
	case want != "":
		vf.charset = "utf-8"
	case enc.label == enc1252:
		vf.label = "UTF-8, else Windows-1252"
	}
	r := bufio.NewReaderSize(text, 64<<10)
	p := vcardParser{file: vf, name: name}
	if err := p.run(r); err != nil {
		return nil, err
	}
	if len(vf.cards) == 0 {
		return nil, &FileError{File: name, Reason: "no card in this file: a vCard file has BEGIN:VCARD and END:VCARD around each card"}
	}
	if p.stray > 0 {
		vf.warnings = append(vf.warnings, plural(p.stray, "line outside the cards was", "lines outside the cards were")+
			" ignored (the first on line "+strconv.Itoa(p.strayLine)+")")
	}
	return vf, nil
}

// vcardParser turns lines into cards.
type vcardParser struct {
	file      *vcardFile
	name      string
	line      int // of the last physical line read
	cur       *vcard
	depth     int // cards open: an AGENT property of 2.1 may hold a card
	stray     int // lines outside any card, not blank
	strayLine int
	remarks   int
}

func (p *vcardParser) warn(s string) {
	p.remarks++
	switch {
	case p.remarks <= maxVCardWarnings:
		p.file.warnings = append(p.file.warnings, s)
	case p.remarks == maxVCardWarnings+1:
		p.file.warnings = append(p.file.warnings, "and more lines like these")
	}
}

// physical reads one line without its line end; ok is false at the end.
func (p *vcardParser) physical(r *bufio.Reader) (string, bool, error) {
	s, err := r.ReadString('\n')
	if err != nil && err != io.EOF {
		return "", false, err
	}
	if s == "" && err == io.EOF {
		return "", false, nil
	}
	p.line++
	if p.line == 1 && strings.HasSuffix(s, "\r\n") {
		p.file.crlf = true
	}
	s = strings.TrimSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\r")
	if strings.IndexByte(s, 0) >= 0 {
		return "", false, &FileError{File: p.name, Line: p.line, Reason: notText}
	}
	return s, true, nil
}

// run reads the lines, joining folded ones: a line that begins with a
// space or a tab continues the one before (3.0 and 4.0 drop that space;
// 2.1 folds where a space was, and keeps it), and a quoted-printable value
// that ends in "=" goes on on the next line whatever it begins with.
func (p *vcardParser) run(r *bufio.Reader) error {
	var logical []byte
	start := 0 // the line where the logical line began
	pending := false
	qpSoft := false
	for {
		s, ok, err := p.physical(r)
		if err != nil {
			return err
		}
		switch {
		case ok && pending && qpSoft:
			logical = append(logical[:len(logical)-1], s...) // the "=" is no character
			qpSoft = strings.HasSuffix(s, "=")
			continue
		case ok && pending && s != "" && (s[0] == ' ' || s[0] == '\t'):
			if p.cur != nil && p.cur.version == "2.1" {
				logical = append(logical, s...)
			} else {
				logical = append(logical, s[1:]...)
			}
			continue
		}
		if pending {
			p.logical(string(logical), start)
			logical = logical[:0]
			pending = false
		}
		if !ok {
			break
		}
		logical = append(logical, s...)
		start, pending = p.line, true
		qpSoft = strings.HasSuffix(s, "=") && quotedPrintable(s)
	}
	if p.cur != nil {
		p.warn("card " + strconv.Itoa(p.cur.num) + " (begun on line " + strconv.Itoa(p.cur.line) + ") has no END:VCARD: the file may be cut short")
		p.end()
	}
	return nil
}

// quotedPrintable reports whether the parameters of a line say its value
// is quoted-printable.
func quotedPrintable(line string) bool {
	i := valueStart(line)
	return i > 0 && strings.Contains(strings.ToUpper(line[:i]), "QUOTED-PRINTABLE")
}

// valueStart is the index of the colon that ends a line's name and
// parameters (a colon inside a quoted parameter value does not), or -1.
func valueStart(line string) int {
	quoted := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			quoted = !quoted
		case ':':
			if !quoted {
				return i
			}
		}
	}
	return -1
}

// logical takes one unfolded line.
func (p *vcardParser) logical(s string, line int) {
	if strings.TrimSpace(s) == "" {
		return
	}
	prop, ok := parseProp(s, line)
	switch {
	case ok && prop.name == "BEGIN" && strings.EqualFold(strings.TrimSpace(prop.value), "VCARD"):
		p.depth++
		if p.depth == 1 {
			p.cur = &vcard{num: len(p.file.cards) + 1, line: line}
		}
		return
	case ok && prop.name == "END" && strings.EqualFold(strings.TrimSpace(prop.value), "VCARD"):
		if p.depth == 0 {
			p.stray++
			if p.stray == 1 {
				p.strayLine = line
			}
			return
		}
		if p.depth--; p.depth == 0 {
			p.end()
		}
		return
	case p.cur == nil:
		p.stray++
		if p.stray == 1 {
			p.strayLine = line
		}
		return
	case p.depth > 1:
		return // a card inside a card: the AGENT's, not this card's
	case !ok:
		p.warn("line " + strconv.Itoa(line) + " (card " + strconv.Itoa(p.cur.num) + ") is not a property (NAME:value) and is ignored")
		return
	case prop.name == "VERSION":
		p.cur.version = strings.TrimSpace(prop.value)
		return
	}
	switch prop.name {
	case "PHOTO", "LOGO", "SOUND", "KEY":
		return // pictures and keys are not imported: no need to keep them
	}
	p.cur.props = append(p.cur.props, prop)
}

// end closes the current card.
func (p *vcardParser) end() {
	c := p.cur
	p.cur, p.depth = nil, 0
	if c.version == "" {
		c.version = "3.0"
	}
	known := false
	for _, v := range p.file.versions {
		known = known || v == c.version
	}
	if !known {
		p.file.versions = append(p.file.versions, c.version)
	}
	p.file.cards = append(p.file.cards, *c)
}

// parseProp reads "group.NAME;PARAM=a,b;BARE:value".
func parseProp(s string, line int) (vprop, bool) {
	i := valueStart(s)
	if i <= 0 {
		return vprop{}, false
	}
	head, value := s[:i], s[i+1:]
	parts := splitParams(head)
	name := strings.TrimSpace(parts[0])
	p := vprop{line: line, value: value}
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		p.group, name = strings.ToUpper(name[:dot]), name[dot+1:]
	}
	if name == "" {
		return vprop{}, false
	}
	p.name = strings.ToUpper(name)
	for _, param := range parts[1:] {
		k, v, named := strings.Cut(param, "=")
		k = strings.ToUpper(strings.TrimSpace(k))
		if !named {
			// 2.1: a parameter is its value alone ("TEL;WORK;FAX").
			switch k {
			case "QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B":
				p.encoding = k
			case "PREF":
				p.pref = true
			case "":
			default:
				p.types = append(p.types, strings.ToLower(k))
			}
			continue
		}
		values := paramValues(v)
		switch k {
		case "TYPE":
			for _, t := range values {
				if t = strings.ToLower(strings.TrimSpace(t)); t == "pref" {
					p.pref = true
				} else if t != "" {
					p.types = append(p.types, t)
				}
			}
		case "PREF":
			p.pref = true
		case "ENCODING":
			if len(values) > 0 {
				p.encoding = strings.ToUpper(strings.TrimSpace(values[0]))
			}
		case "CHARSET":
			if len(values) > 0 {
				p.charset = strings.TrimSpace(values[0])
			}
		case "VALUE":
			p.valueURI = len(values) > 0 && strings.EqualFold(strings.TrimSpace(values[0]), "uri")
		}
	}
	return p, true
}

// splitParams splits a line's head at the semicolons that are not inside
// a quoted parameter value.
func splitParams(head string) []string {
	var out []string
	quoted, from := false, 0
	for i := 0; i < len(head); i++ {
		switch head[i] {
		case '"':
			quoted = !quoted
		case ';':
			if !quoted {
				out = append(out, head[from:i])
				from = i + 1
			}
		}
	}
	return append(out, head[from:])
}

// paramValues splits a parameter's value at its commas, each part
// unquoted: TYPE=work,fax and TYPE="work,fax" are the same two types
// (RFC 6350 quotes the list whole).
func paramValues(v string) []string {
	return strings.Split(strings.ReplaceAll(v, `"`, ""), ",")
}

// text is the property's value as text: quoted-printable decoded, then
// read in its charset (the file's when it names none); escapes remain.
func (p *vprop) text(fileCharset string) string {
	raw := p.value
	switch p.encoding {
	case "QUOTED-PRINTABLE":
		raw = decodeQP(raw)
	case "B", "BASE64":
		return "" // binary data, not text
	}
	cs := fileCharset
	if p.charset != "" {
		cs = p.charset
	}
	if cs == charsetAuto {
		if utf8.ValidString(raw) {
			return raw
		}
		cs = "windows-1252"
	}
	return decodeCharset(raw, cs)
}

// decodeQP decodes quoted-printable text; an "=" not followed by two hex
// digits is kept as it is, as mail readers do.
func decodeQP(s string) string {
	if strings.IndexByte(s, '=') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) {
			if h, ok := unhex(s[i+1]); ok {
				if l, ok := unhex(s[i+2]); ok {
					b.WriteByte(h<<4 | l)
					i += 2
					continue
				}
			}
		}
		if s[i] == '=' && i == len(s)-1 {
			continue // a soft line break left at the very end
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodeCharset reads bytes written in charset (a name as MIME and HTML
// use them: utf-8, windows-1252, iso-8859-1, shift_jis...) as valid UTF-8.
// An unknown charset is read as UTF-8 when the bytes are that, else as
// Windows-1252, which every byte is.
func decodeCharset(raw, charset string) string {
	cs := strings.ToLower(strings.TrimSpace(charset))
	if isASCII(raw) {
		return raw
	}
	if cs == "utf-8" || cs == "utf8" || cs == "" {
		if utf8.ValidString(raw) {
			return raw
		}
		return strings.ToValidUTF8(raw, "\uFFFD")
	}
	enc, err := htmlindex.Get(cs)
	if err != nil {
		if utf8.ValidString(raw) {
			return raw
		}
		enc, _ = htmlindex.Get("windows-1252")
	}
	out, err := enc.NewDecoder().String(raw)
	if err != nil {
		return strings.ToValidUTF8(raw, "\uFFFD")
	}
	return strings.ToValidUTF8(out, "\uFFFD")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// components splits a structured value (N, ADR, ORG) at its unescaped
// semicolons, each part unescaped.
func components(s string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteString(unescapeChar(s[i]))
		case c == ';':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(out, cur.String())
}

// unescape reads a text value's escapes: \n and \N are line breaks, \\,
// \, and \; the characters themselves.
func unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			b.WriteString(unescapeChar(s[i]))
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func unescapeChar(c byte) string {
	switch c {
	case 'n', 'N':
		return "\n"
	case ',', ';', '\\', ':', '"':
		return string(c)
	}
	return "\\" + string(c) // not an escape: the backslash was meant
}

// plural counts in words: "1 line was", "3 lines were".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
