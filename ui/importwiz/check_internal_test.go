package importwiz

import (
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"frontdesk/importer"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// longPlan is a plan whose one rejected row has a reason taller than the
// list has room for.
type longPlan struct{ contactPlan }

func (longPlan) rejected() []importer.Rejection {
	var words []string
	for i := range 60 {
		words = append(words, "reason"+string(rune('a'+i%26)))
	}
	return []importer.Rejection{{Row: 2, Reason: strings.Join(words, " ") + " END"}, {Row: 3, Reason: "short"}}
}
func (longPlan) counts(string) []count { return nil }
func (longPlan) total() int            { return 1 }
func (longPlan) warnings() []string    { return nil }
func (longPlan) duplicateCount() int   { return 0 }

// A reason longer than the screen wraps, and what does not fit scrolls
// into view a line at a time: no word of it is ever cut away.
func TestCheckStepShowsALongReasonWhole(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	env := &screen.Env{Styles: theme.New(r, false)}
	c := newCheckStep(&wizard{env: env, kind: "contacts", plan: longPlan{}})
	c.SetSize(50, 8)
	seen := map[string]bool{}
	for range 40 {
		for _, l := range strings.Split(c.View(), "\n") {
			for _, w := range strings.Fields(l) {
				seen[w] = true
			}
			if len([]rune(l)) > 50 {
				t.Fatalf("line wider than the screen: %q", l)
			}
		}
		c.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'j'}})
	}
	for _, w := range append(strings.Fields(longPlan{}.rejected()[0].Reason), "short") {
		if !seen[w] {
			t.Errorf("%q never shown", w)
		}
	}
	// Back to the top, a line at a time.
	for range 40 {
		c.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'k'}})
	}
	if c.offset != 0 || c.sub != 0 || !strings.Contains(c.View(), "row 2: reasona") {
		t.Errorf("not back at the top: entry %d line %d\n%s", c.offset, c.sub, c.View())
	}
}
