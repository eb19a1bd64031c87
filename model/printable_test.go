package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrintable(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Anne Lee", "Anne Lee"},
		{"Élodie Ñúñez 日本", "Élodie Ñúñez 日本"},
		{"\x1b]0;owned\x07", "^[]0;owned^G"},
		{"\x1b[2Jclear", "^[[2Jclear"},
		{"a\nb\tc\r", "a^Jb^Ic^M"},
		{"\u009b31m", "\ufffd31m"},
		{"bad\xffbyte", "bad\ufffdbyte"},
		{"del\x7f", "del\ufffd"},
	} {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := PrintableText("line 1\n\tline 2\x1b[2J"); got != "line 1\n\tline 2^[[2J" {
		t.Errorf("PrintableText = %q", got)
	}
}

func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"", "Anne", "\x1b]0;x\x07", "a\nb", "\xc2\x9b", "\xff\xfe", "日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, multiline := range []bool{false, true} {
			out := printable(s, multiline)
			if !utf8.ValidString(out) {
				t.Fatalf("%q: invalid UTF-8 out %q", s, out)
			}
			for _, r := range out {
				if isControl(r) && !(multiline && (r == '\n' || r == '\t')) {
					t.Fatalf("%q: control %U out in %q", s, r, out)
				}
			}
			if strings.ContainsRune(out, 0x1b) {
				t.Fatalf("%q: ESC out", s)
			}
			clean := utf8.ValidString(s)
			for _, r := range s {
				if isControl(r) && !(multiline && (r == '\n' || r == '\t')) {
					clean = false
				}
			}
			if clean && out != s {
				t.Fatalf("printable %q changed to %q", s, out)
			}
		}
	})
}
