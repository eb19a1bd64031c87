package export

import (
	"bufio"
	"strings"
	"testing"
	"unicode/utf8"
)

// Lines longer than 75 octets fold before the character that would cross
// the limit, never inside it, and unfold to the line written.
func TestWriteFolded(t *testing.T) {
	for _, line := range []string{
		"NOTE:" + strings.Repeat("é", 80),
		"NOTE:" + strings.Repeat("a", 69) + "€€€" + strings.Repeat("b", 100),
		"FN:" + strings.Repeat("x", 72),
		"FN:short",
	} {
		var b strings.Builder
		w := bufio.NewWriter(&b)
		writeFolded(w, line)
		w.Flush()
		out := strings.TrimSuffix(b.String(), "\r\n")
		parts := strings.Split(out, "\r\n")
		for i, p := range parts {
			if len(p) > 75 || !utf8.ValidString(p) || (i > 0 && p[0] != ' ') {
				t.Errorf("%q: line %d is %q", line[:12], i, p)
			}
		}
		if got := strings.ReplaceAll(out, "\r\n ", ""); got != line {
			t.Errorf("unfolds to %q, want %q", got, line)
		}
	}
	if got := escapeText("a,b;c\\d\r\ne\nf"); got != `a\,b\;c\\d\ne\nf` {
		t.Errorf("escaped %q", got)
	}
}
