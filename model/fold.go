package model

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s as searching compares it: lower case, accents removed
// ("Hélène" -> "helene", "Straße" -> "strasse"). Two spellings that differ
// only in case or accents fold to the same string.
func Fold(s string) string {
	if isLowerASCII(s) {
		return s
	}
	return string(AppendFold(make([]byte, 0, len(s)), s))
}

// AppendFold appends the folded form of s to dst.
func AppendFold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		dst = append(dst, foldRune(r)...)
		i += size
	}
	return dst
}

// FoldMap folds s like Fold and also returns, for each byte of the folded
// string, the index of the rune of s it came from, so that a match found in
// the folded string can be shown on the original.
func FoldMap(s string) (string, []int) {
	folded := make([]byte, 0, len(s))
	src := make([]int, 0, len(s))
	n := 0
	for _, r := range s {
		var f string
		if r < utf8.RuneSelf {
			f = string(unicode.ToLower(r))
		} else {
			f = foldRune(r)
		}
		for k := 0; k < len(f); k++ {
			folded = append(folded, f[k])
			src = append(src, n)
		}
		n++
	}
	return string(folded), src
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// special holds letters that do not decompose into a base letter and a mark.
var special = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'ı': "i",
	'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d",
	'\u00a0': " ", // a no-break space searches as a space
}

// latinFolds holds the folds of the runes below U+0180 (Latin-1 and Latin
// Extended-A: the accents of French, Spanish, German, Polish...), worked
// out once: folding them on every call allocates, and imports fold millions.
var latinFolds = func() (t [0x180]string) {
	for r := rune(0x80); r < 0x180; r++ {
		t[r] = foldRuneSlow(r)
	}
	return t
}()

func foldRune(r rune) string {
	if r < 0x180 {
		if r < utf8.RuneSelf {
			return string(unicode.ToLower(r))
		}
		return latinFolds[r]
	}
	return foldRuneSlow(r)
}

func foldRuneSlow(r rune) string {
	if s, ok := special[r]; ok {
		return s
	}
	r = unicode.ToLower(r)
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	d := norm.NFD.Bytes(buf[:n])
	out := make([]byte, 0, len(d))
	for len(d) > 0 {
		c, size := utf8.DecodeRune(d)
		if !unicode.Is(unicode.Mn, c) {
			out = utf8.AppendRune(out, c)
		}
		d = d[size:]
	}
	if len(out) == 0 {
		return string(r)
	}
	return string(out)
}
