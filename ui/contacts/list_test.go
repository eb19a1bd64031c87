package contacts

import (
	"context"
	"path/filepath"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Enter typed while the search of the filter is on its way settles it at
// once (the keys after it act on its hits); a reload, and the search
// arriving late, change nothing of it.
func TestReloadDuringSearchLeavesTheListFree(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "l.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(context.Background(), "x")
	for _, n := range []string{"Smith", "Smyth"} {
		st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101", Entities: []model.Entity{{LastName: n}}})
	}
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	env := &screen.Env{Store: st, Styles: theme.New(r, false), Keys: keymap.Default(),
		Ctx: ctx, Start: screen.Session{Region: "US"}, Nav: &screen.Nav{}}
	l := NewList(env)
	l.SetSize(80, 20)
	l.Update(l.Init()())
	l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	_, search := l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("smyth")}) // on its way, not delivered
	l.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if sel, ok := l.Selected(); l.Busy() || !ok || sel.Name != "Smyth" {
		t.Fatalf("after enter: busy %v, selected %+v; want the search's hit at once", l.Busy(), sel)
	}
	l.Update(l.load()())
	if l.Busy() {
		t.Fatal("the list stays busy after a reload during a search")
	}
	deliver(l, search) // the old search arrives late: dropped
	if sel, ok := l.Selected(); !ok || sel.Name != "Smyth" {
		t.Errorf("selected %+v", sel)
	}
}

// deliver runs cmd and hands its messages to l, as the program would.
func deliver(l *List, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			deliver(l, c)
		}
	default:
		l.Update(msg)
	}
}
