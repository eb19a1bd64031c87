package contacts

import (
	"os"
	"path/filepath"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// The export form looks at the path in the background as it is typed:
// a key never stats a file, and a look overtaken by later typing is
// dropped, so that its problem is not shown for a path no longer typed.
func TestExportFormLooksAtThePathInTheBackground(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "list.csv"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	env := &screen.Env{Styles: theme.New(r, false), Keys: keymap.Default(), WorkDir: dir, Nav: &screen.Nav{}}
	x := newExportForm(env, 2)
	x.SetSize(80, 20)
	x.Init()
	x.Update(tea.KeyMsg{Type: tea.KeyCtrlU})
	_, existing := x.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("list.csv")})
	if p := x.form.Problems()["path"]; p != "" {
		t.Fatalf("a problem before the look came back: %q", p)
	}
	_, fresh := x.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")}) // list.csvx
	deliverTo(x, fresh)
	deliverTo(x, existing) // late: list.csv is no longer typed
	if p := x.form.Problems()["path"]; p != "" {
		t.Fatalf("list.csvx has the problem %q", p)
	}
	_, back := x.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	deliverTo(x, back)
	if p := x.form.Problems()["path"]; p != "already exists; choose another name" {
		t.Fatalf("list.csv: problem %q", p)
	}
}

// deliverTo runs cmd and hands its messages to s, as the program would.
func deliverTo(s screen.Screen, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			deliverTo(s, c)
		}
	case nil:
	default:
		_, next := s.Update(msg)
		deliverTo(s, next)
	}
}
