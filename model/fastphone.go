package model

// A fast path for the numbers a North American clinic types all day: ten
// NANP digits (country code 1), optionally after "1" or "+1", spaced with the
// usual separators. It gives exactly the answers of the phonenumbers-based
// code in phone.go (which costs ~10 µs a number) and declines everything it
// cannot answer exactly, so the callers fall back to that code.
//
// Exactness rests on two things:
//
//   - The spellings accepted are digits plus " -.()" and one leading "+". The
//     library's parser ignores those separators entirely, and with them no
//     extension, letter, phone-context or second-number rule can apply, so
//     the parse is decided by the digits alone (see the case analysis in
//     fastNANPDigits).
//
//   - Validity and formatting of a national number are functions of its ten
//     digits that the library computes by matching the metadata's regular
//     expressions. Rather than hard-coding area codes, which would drift from
//     the library, the same expressions are compiled here (on first use) into
//     one minimised automaton over the ten digits, which answers in ten table
//     lookups. See buildNANPTables.

import (
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// nanpLen is the length of a NANP national significant number.
const nanpLen = 10

// nanpClass is what the library decides for one national number.
type nanpClass struct {
	valid bool
	// nat and intl index nanpTables.templates for the NATIONAL and
	// INTERNATIONAL formats, or are -1 when the fast path cannot format the
	// number the library's way.
	nat, intl int8
}

// nanpTemplate is a format rule such as "($1) $2-$3" split into literal
// text and groups 1-3 of the pattern (\d{3})(\d{3})(\d{4}).
type nanpTemplate []nanpPiece

type nanpPiece struct {
	lit   string
	group int // 1-3, or 0 for lit
}

var nanpGroups = [4][2]int{{}, {0, 3}, {3, 6}, {6, 10}}

func (t nanpTemplate) appendTo(b []byte, d *[nanpLen]byte) []byte {
	for _, p := range t {
		if p.group == 0 {
			b = append(b, p.lit...)
		} else {
			g := nanpGroups[p.group]
			b = append(b, d[g[0]:g[1]]...)
		}
	}
	return b
}

// nanpTables is everything the fast path needs, derived from the library's
// metadata once.
type nanpTables struct {
	// next is the automaton: next[node*10+digit] is the node after reading
	// digit, and after the tenth digit an index into classes.
	next    []uint32
	root    uint32
	classes []nanpClass

	templates []nanpTemplate

	// plusOK says "+1" followed by ten digits parses as those ten digits.
	plusOK bool
	// bare10 and bare11 hold the default regions in which ten digits, and
	// "1" followed by ten digits, parse as those ten digits.
	bare10, bare11 regionSet
	// national holds the regions whose country code is 1: formatNumber
	// writes numbers of country code 1 in national format for them.
	national regionSet
}

// regionSet is a set of two-letter region codes, looked up without hashing
// because the fast path asks on every call.
type regionSet [26 * 26]bool

func regionIndex(r string) (int, bool) {
	if len(r) != 2 || r[0] < 'A' || r[0] > 'Z' || r[1] < 'A' || r[1] > 'Z' {
		return 0, false
	}
	return int(r[0]-'A')*26 + int(r[1]-'A'), true
}

func (s *regionSet) has(r string) bool {
	i, ok := regionIndex(r)
	return ok && s[i]
}

// add adds r, or reports false for a code that is not two capital letters.
func (s *regionSet) add(r string) bool {
	i, ok := regionIndex(r)
	if ok {
		s[i] = true
	}
	return ok
}

var (
	nanpOnce sync.Once
	nanp     *nanpTables // nil when the metadata is not understood
)

// nanpFast returns the tables, building them on first use (~20 ms) so that
// programs that never read a number do not pay for them.
func nanpFast() *nanpTables {
	nanpOnce.Do(func() { nanp = buildNANPTables() })
	return nanp
}

// class walks the automaton over the ten digits.
func (t *nanpTables) class(d *[nanpLen]byte) nanpClass {
	n := t.root
	for i := 0; i < nanpLen; i++ {
		n = t.next[n*10+uint32(d[i]-'0')]
	}
	return t.classes[n]
}

// fastNANPDigits reads input (already trimmed) as a NANP number the way the
// library would and returns its ten national digits, or ok false when the
// input is not one of the simple spellings the fast path knows.
//
// The library's parse of such input, for a default region R:
//   - "+" then "1" and ten digits: the "+" is stripped, country code 1 is
//     taken off, and the rest goes through the national-prefix rule of the
//     main NANP region (US). plusOK checks that rule cannot fire.
//   - ten digits not starting with 0 or 1: R's international prefix (011 in
//     the US) is looked for, then R's national-prefix rule applies; bare10
//     checks neither can fire.
//   - "1" then ten digits: after the international-prefix check, the leading
//     "1" is R's country code when the eleven digits are too long for R, and
//     the national-prefix rules of R and US apply; bare11 checks all that.
//
// National numbers starting with 0 or 1 are declined: their parses depend on
// prefix stripping and leading-zero rules.
func fastNANPDigits(t *nanpTables, input, region string) (d [nanpLen]byte, ok bool) {
	if len(input) > phonenumbers.MAX_INPUT_STRING_LENGTH {
		return d, false // the library refuses it, however few its digits
	}
	plus := len(input) > 0 && input[0] == '+'
	i := 0
	if plus {
		i = 1
	}
	var buf [nanpLen + 1]byte
	n := 0
	for ; i < len(input); i++ {
		c := input[i]
		switch {
		case c >= '0' && c <= '9':
			if n == len(buf) {
				return d, false
			}
			buf[n] = c
			n++
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return d, false
		}
	}
	switch {
	case plus:
		ok = n == 11 && buf[0] == '1' && t.plusOK
	case n == 10:
		ok = t.bare10.has(region)
	case n == 11:
		ok = buf[0] == '1' && t.bare11.has(region)
	}
	if !ok {
		return d, false
	}
	copy(d[:], buf[n-nanpLen:n])
	if d[0] < '2' {
		return d, false
	}
	return d, true
}

// fastParseFax answers ParseFax, or returns done false to send the input to
// the library.
func fastParseFax(input, region string) (e164 string, done bool, err error) {
	t := nanpFast()
	if t == nil {
		return "", false, nil
	}
	d, ok := fastNANPDigits(t, strings.TrimSpace(input), region)
	if !ok {
		return "", false, nil
	}
	if !t.class(&d).valid {
		return "", true, ErrNumberInvalid
	}
	var b [2 + nanpLen]byte
	b[0], b[1] = '+', '1'
	copy(b[2:], d[:])
	return string(b[:]), true, nil
}

// fastNormalizePhone answers NormalizePhone, or returns done false.
func fastNormalizePhone(input, region string) (phone string, done bool, err error) {
	t := nanpFast()
	if t == nil {
		return "", false, nil
	}
	d, ok := fastNANPDigits(t, strings.TrimSpace(input), region)
	if !ok {
		return "", false, nil
	}
	c := t.class(&d)
	if !c.valid {
		return "", true, ErrNumberInvalid
	}
	phone, done = t.format(&d, c, region)
	return phone, done, nil
}

// fastFormatFax answers FormatFax for "+1" and ten digits, or returns done
// false. The library does not validate here, so neither does the fast path.
func fastFormatFax(e164, region string) (string, bool) {
	if len(e164) != 2+nanpLen || e164[0] != '+' || e164[1] != '1' {
		return "", false
	}
	t := nanpFast()
	if t == nil || !t.plusOK {
		return "", false
	}
	var d [nanpLen]byte
	for i := 0; i < nanpLen; i++ {
		c := e164[2+i]
		if c < '0' || c > '9' {
			return "", false
		}
		d[i] = c
	}
	if d[0] < '2' {
		return "", false
	}
	return t.format(&d, t.class(&d), region)
}

// format writes the number as formatNumber does: national when region has
// country code 1, international otherwise.
func (t *nanpTables) format(d *[nanpLen]byte, c nanpClass, region string) (string, bool) {
	var b []byte
	var buf [32]byte
	if t.national.has(region) {
		if c.nat < 0 {
			return "", false
		}
		b = t.templates[c.nat].appendTo(buf[:0], d)
	} else {
		if c.intl < 0 {
			return "", false
		}
		b = append(buf[:0], "+1 "...)
		b = t.templates[c.intl].appendTo(b, d)
	}
	return string(b), true
}
