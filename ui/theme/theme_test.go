package theme

import (
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// A terminal sent no colours (NO_COLOR, or a monochrome TERM) still shows
// the selected row reversed, and gets no colour; only a dumb terminal, or
// output that is not a terminal, gets plain text. Either way the selected
// row is marked.
func TestForTerminalWithoutColours(t *testing.T) {
	sgr := regexp.MustCompile(`\x1b\[([0-9;]*)m`)
	for _, c := range []struct {
		name    string
		tty     bool
		term    string
		reverse bool
	}{
		{"monochrome terminal", true, "vt100", true},
		{"dumb terminal", true, "dumb", false},
		{"not a terminal", false, "xterm", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(termenv.Ascii) // what NO_COLOR gives
			r.SetHasDarkBackground(true)
			st := ForTerminal(r, c.tty, c.term, false)
			row := st.ListRow(true)
			out := row.Marker() + row.Base.Render("Adams, Mei") + st.Error.Render(" wrong")
			if got := ansi.Strip(out); got != "> Adams, Mei wrong" {
				t.Errorf("drawn as %q", got)
			}
			reversed := false
			for _, m := range sgr.FindAllStringSubmatch(out, -1) {
				for _, p := range strings.Split(m[1], ";") {
					switch {
					case p == "7":
						reversed = true
					case len(p) == 2 && (p[0] == '3' || p[0] == '4' || p[0] == '9'):
						t.Errorf("a colour is drawn: %q", out)
					}
				}
			}
			if reversed != c.reverse {
				t.Errorf("reverse video: %v, want %v: %q", reversed, c.reverse, out)
			}
		})
	}
}

// Without colours, what is dimmed (a done message, a disabled command)
// is drawn faint rather than like the rest.
func TestMonoDimIsFaint(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	st := Mono(r, false)
	if out := st.Dim.Render("done"); !strings.Contains(out, "\x1b[2m") {
		t.Errorf("dimmed text drawn as %q, want faint", out)
	}
}
