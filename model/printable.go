package model

import (
	"strings"
	"unicode/utf8"
)

// Printable returns s safe to show on a terminal: every control character
// (C0, DEL, C1, and so ESC, which starts the terminal's own commands) is
// replaced by a visible escape, ^[ for ESC and ^X or U+FFFD for the others,
// and invalid UTF-8 by U+FFFD. Newlines and tabs are kept only where a
// multi-line text is shown (see PrintableText); here they are escaped too.
// Printable text comes back unchanged.
func Printable(s string) string { return printable(s, false) }

// PrintableText is Printable for a multi-line text (a message's body): its
// newlines and tabs are kept.
func PrintableText(s string) string { return printable(s, true) }

func printable(s string, multiline bool) string {
	clean := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || isControl(r) && !(multiline && (r == '\n' || r == '\t')) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case multiline && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x20:
			b.WriteByte('^')
			b.WriteByte(byte(r) + '@') // ^[ for ESC, ^M for CR
		case isControl(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isControl: C0, DEL and C1.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f || 0x80 <= r && r < 0xa0 }

// PrintableRune is r, or U+FFFD when r is a control character: one rune for
// one, for text whose runes are counted (a table cell's highlights).
func PrintableRune(r rune) rune {
	if isControl(r) {
		return '\ufffd'
	}
	return r
}
