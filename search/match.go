package search

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"frontdesk/model"
)

// The tiers of a term's match in a record's text, best last. A record's
// tier is the worst of its terms'.
const (
	tierSpread     = 0 // a subsequence spread across parts
	tierPart       = 1 // a subsequence within one part
	tierSubstring  = 2 // a substring anywhere
	tierWord       = 3 // a word of another part starts with the term
	tierNameWord   = 4 // a word of the name starts with the term
	tierNamePrefix = 5 // the name starts with the term
	numTiers       = 6

	// tierLow stands for "tierPart or tierSpread" while scanning: telling the
	// two apart is left to the lazy ranking, which rarely runs.
	tierLow = tierPart
)

const sep = byte(model.SearchSep)

// term is one space-separated word of a folded query.
type term struct {
	b []byte
	// digits marks a number of three digits or more: it must appear as
	// typed, in a row, for "(999) 555-0130" not to find every number that
	// holds those digits somewhere in order.
	digits bool
	// units are the term's runes as bytes, for a subsequence test that
	// matches whole runes; nil when the term is ASCII, which is tested
	// byte by byte.
	units [][]byte
	// fuzzy is the term as given to the fuzzy library, which reads a NUL
	// byte as the end of its input: NULs are replaced by \x01 there and in
	// the texts alike.
	fuzzy string
}

// parseQuery folds query and splits it into terms on white space and on
// SearchSep (which a term must never contain: it would match across parts).
// A term spelled like a phone number ("416-555-0101", "(416)", "+1") is
// reduced to its digits, as a clinic's numbers come in every spelling and
// the texts hold them in one national format and as bare digits; a term of
// punctuation alone is dropped, as it would match almost anything.
func parseQuery(query string) (folded string, terms []term) {
	folded = model.Fold(query)
	for _, w := range strings.FieldsFunc(folded, isTermSep) {
		if phoneLike(w) {
			if w = model.Digits(w); w == "" {
				continue
			}
		}
		t := term{b: []byte(w), fuzzy: strings.ReplaceAll(w, "\x00", "\x01")}
		t.digits = len(w) >= 3 && model.Digits(w) == w
		for i := 0; i < len(w); i++ {
			if w[i] >= utf8.RuneSelf {
				for _, r := range w {
					t.units = append(t.units, utf8.AppendRune(nil, r))
				}
				break
			}
		}
		terms = append(terms, t)
	}
	return folded, terms
}

// phoneLike reports whether w holds only digits and the punctuation of
// phone numbers. Reducing such a term to its digits keeps Search's
// shortcut exact: the digits are a subsequence of the term, and a term
// that stops being phone-like as it grows keeps the characters it had.
func phoneLike(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; !('0' <= c && c <= '9') && !strings.ContainsRune("+-.()/", rune(c)) {
			return false
		}
	}
	return true
}

func isTermSep(r rune) bool { return unicode.IsSpace(r) || r == model.SearchSep }

// subseq reports whether t's runes appear in text in order. IndexByte jumps
// to each next byte with vector instructions, which is what makes a scan of
// a million texts take milliseconds.
func subseq(text []byte, t *term) bool {
	if t.digits {
		return bytes.Contains(text, t.b)
	}
	if t.units == nil {
		for _, c := range t.b {
			p := bytes.IndexByte(text, c)
			if p < 0 {
				return false
			}
			text = text[p+1:]
		}
		return true
	}
	for _, u := range t.units {
		p := bytes.Index(text, u)
		if p < 0 {
			return false
		}
		text = text[p+len(u):]
	}
	return true
}

// matchTier returns the tier of t in text, known to hold t as a
// subsequence; tierLow when t is not a substring.
func matchTier(text []byte, t *term) int {
	p := bytes.Index(text, t.b)
	switch {
	case p < 0:
		return tierLow
	case p == 0:
		return tierNamePrefix // the term holds no separator: it is within the name
	}
	nameEnd := bytes.IndexByte(text, sep)
	if nameEnd < 0 {
		nameEnd = len(text)
	}
	for {
		if wordStart(text, p) {
			if p < nameEnd {
				return tierNameWord
			}
			return tierWord // every later occurrence is past the name too
		}
		q := bytes.Index(text[p+1:], t.b)
		if q < 0 {
			return tierSubstring
		}
		p += 1 + q
	}
}

// wordStart reports whether a word starts at text[p]: at the start, or after
// anything but a letter or a digit.
func wordStart(text []byte, p int) bool {
	if p == 0 {
		return true
	}
	if c := text[p-1]; c < utf8.RuneSelf {
		return !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9')
	}
	r, _ := utf8.DecodeLastRune(text[:p])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// partTier tells tierPart from tierSpread for a record of tierLow: the term
// is a subsequence of one part, or needs several. Parts are tried from each
// next occurrence of the term's first rune, skipping those without it.
func partTier(text []byte, t *term) int {
	first := t.b[:1]
	if t.units != nil {
		first = t.units[0]
	}
	for {
		p := bytes.Index(text, first)
		if p < 0 {
			return tierSpread
		}
		text = text[p:]
		end := bytes.IndexByte(text, sep)
		if end < 0 {
			end = len(text)
		}
		if subseq(text[:end], t) {
			return tierPart
		}
		if end == len(text) {
			return tierSpread
		}
		text = text[end+1:]
	}
}
