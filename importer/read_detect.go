package importer

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// encoding is how the bytes of a file become text.
type encoding struct {
	label   string
	skip    int // bytes of byte-order mark
	decoder transform.Transformer
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// chooseEncoding applies the encoding named by the user, or detects it: a
// byte-order mark, else UTF-16 by its zero bytes, else UTF-8 when the whole
// file is valid UTF-8 and Windows-1252 otherwise.
func chooseEncoding(name string, src io.ReadSeeker, want string) (encoding, error) {
	named := want
	want = normEncoding(want)
	switch want {
	case "", "utf8", "utf16le", "utf16be", "windows1252", "cp1252":
	default:
		return encoding{}, fmt.Errorf("encoding %q is not one of utf-8, utf-16le, utf-16be or windows-1252", named)
	}
	var head [4]byte
	k, err := io.ReadFull(src, head[:])
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return encoding{}, err
	}
	if k == 0 {
		return encoding{}, &FileError{File: name, Reason: "the file is empty"}
	}
	h := head[:k]
	utf16 := func(label string, e unicode.Endianness, bom []byte) encoding {
		enc := encoding{label: label, decoder: unicode.UTF16(e, unicode.IgnoreBOM).NewDecoder()}
		if bytes.HasPrefix(h, bom) {
			enc.skip = len(bom)
		}
		return enc
	}
	switch want {
	case "utf8":
		return utf8Encoding(src, h)
	case "utf16le":
		return utf16(encUTF16LE, unicode.LittleEndian, bomUTF16LE), nil
	case "utf16be":
		return utf16(encUTF16BE, unicode.BigEndian, bomUTF16BE), nil
	case "windows1252", "cp1252":
		return encoding{label: enc1252, decoder: charmap.Windows1252.NewDecoder()}, nil
	}

	switch {
	case bytes.HasPrefix(h, bomUTF8):
		return utf8Encoding(src, h)
	case bytes.HasPrefix(h, bomUTF16LE):
		return utf16(encUTF16LE, unicode.LittleEndian, bomUTF16LE), nil
	case bytes.HasPrefix(h, bomUTF16BE):
		return utf16(encUTF16BE, unicode.BigEndian, bomUTF16BE), nil
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return encoding{}, err
	}
	sample := make([]byte, 4096)
	k, err = io.ReadFull(src, sample)
	if err != nil && err != io.ErrUnexpectedEOF {
		return encoding{}, err
	}
	if e, ok := bomlessUTF16(sample[:k]); ok {
		if e == unicode.LittleEndian {
			return utf16(encUTF16LE, e, nil), nil
		}
		return utf16(encUTF16BE, e, nil), nil
	}
	valid, err := validUTF8(src, 0)
	if err != nil {
		return encoding{}, err
	}
	if valid {
		return encoding{label: encUTF8}, nil
	}
	return encoding{label: enc1252, decoder: charmap.Windows1252.NewDecoder()}, nil
}

// utf8Encoding reads a file known to be UTF-8, which h begins. Should it
// hold invalid bytes anyway, they become U+FFFD so that every cell is valid
// text.
func utf8Encoding(src io.ReadSeeker, h []byte) (encoding, error) {
	enc := encoding{label: encUTF8}
	if bytes.HasPrefix(h, bomUTF8) {
		enc = encoding{label: encUTF8BOM, skip: len(bomUTF8)}
	}
	valid, err := validUTF8(src, enc.skip)
	if !valid {
		enc.decoder = unicode.UTF8.NewDecoder()
	}
	return enc, err
}

// memReader is a file in memory, which needs no reading to be checked.
type memReader struct {
	*bytes.Reader
	data []byte
}

// normEncoding reduces an encoding's name to lower-case letters and digits.
func normEncoding(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// bomlessUTF16 tells UTF-16 written without a byte-order mark by its zero
// bytes: text in Latin script has a zero in every other byte.
func bomlessUTF16(b []byte) (unicode.Endianness, bool) {
	pairs := len(b) / 2
	if pairs < 2 {
		return false, false
	}
	var even, odd int
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	switch {
	case odd*2 > pairs && even*10 < pairs:
		return unicode.LittleEndian, true
	case even*2 > pairs && odd*10 < pairs:
		return unicode.BigEndian, true
	}
	return false, false
}

// validUTF8 reads src from offset to the end, in chunks, and tells whether it
// is all valid UTF-8: one wrong byte on the last row decides the encoding of
// the whole file.
func validUTF8(src io.ReadSeeker, offset int) (bool, error) {
	if m, ok := src.(*memReader); ok {
		return utf8.Valid(m.data[min(offset, len(m.data)):]), nil
	}
	if _, err := src.Seek(int64(offset), io.SeekStart); err != nil {
		return false, err
	}
	buf := make([]byte, 256<<10)
	carry := 0 // bytes of a rune cut by the end of the previous chunk
	for {
		k, err := io.ReadFull(src, buf[carry:])
		n := carry + k
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return utf8.Valid(buf[:n]), nil
		}
		if err != nil {
			return false, err
		}
		cut := runeStart(buf[:n])
		if !utf8.Valid(buf[:cut]) {
			return false, nil
		}
		carry = copy(buf, buf[cut:n])
	}
}

// runeStart returns where the last, possibly cut, rune of b begins (len(b)
// when b ends with a complete rune).
func runeStart(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return len(b)
			}
			return i
		}
	}
	return len(b)
}

// mostlyControl tells a binary file without zero bytes from text: text has
// next to no control characters besides tab and line ends.
func mostlyControl(b []byte) bool {
	runes, ctl := 0, 0
	for _, r := range string(b) {
		runes++
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f') || (0x7F <= r && r < 0xA0) {
			ctl++
		}
	}
	return ctl*2 > runes || (ctl >= 8 && ctl*16 > runes)
}

// excelSep reads the line "sep=;" that Excel writes, and reads, at the top
// of a file to say its delimiter. It returns the delimiter (0 without such a
// line) and the length of the line, which is no part of the spreadsheet.
func excelSep(sample []byte) (rune, int) {
	if len(sample) < 5 || !bytes.EqualFold(sample[:4], []byte("sep=")) {
		return 0, 0
	}
	d, err := checkDelimiter(rune(sample[4]))
	if err != nil || d == 0 {
		return 0, 0
	}
	rest := sample[5:]
	switch {
	case len(rest) == 0:
		return d, 5
	case bytes.HasPrefix(rest, []byte("\r\n")):
		return d, 7
	case rest[0] == '\n' || rest[0] == '\r':
		return d, 6
	}
	return 0, 0
}

// detectDelimiter picks the delimiter that splits the first records of the
// sample into the same number of cells as the header, more than one; among
// equally consistent ones, the one that gives more columns.
func detectDelimiter(sample []byte, whole bool) rune {
	best, bestShare, bestCols := ',', -1.0, 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		counts := cellCounts(sample, byte(d), whole)
		if len(counts) == 0 || counts[0] < 2 {
			continue
		}
		same := 0
		for _, c := range counts[1:] {
			if c == counts[0] {
				same++
			}
		}
		share := 1.0
		if len(counts) > 1 {
			share = float64(same) / float64(len(counts)-1)
		}
		if share > bestShare || (share == bestShare && counts[0] > bestCols) {
			best, bestShare, bestCols = d, share, counts[0]
		}
	}
	return best
}

// cellCounts returns how many cells delim makes in each of the first
// non-blank records of the sample. The last record of a sample cut from a
// longer file may be cut too, so it does not count.
func cellCounts(sample []byte, delim byte, whole bool) []int {
	const records = 20
	s := newScanner("", bytes.NewReader(sample), delim, len(sample)+1)
	var counts []int
	for len(counts) <= records {
		ok, err := s.scan()
		if !ok || err != nil {
			break
		}
		if len(s.ends) == 1 && len(s.rec) == 0 {
			continue
		}
		counts = append(counts, len(s.ends))
	}
	if !whole && len(counts) > records {
		counts = counts[:records]
	} else if !whole && len(counts) > 1 {
		counts = counts[:len(counts)-1]
	}
	return counts
}
