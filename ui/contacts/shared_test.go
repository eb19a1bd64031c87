package contacts

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"frontdesk/contactindex"
	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
	"frontdesk/watch"
)

// Two sessions' lists draw one shared list, the same in memory; each
// keeps its own filter and cursor. A change made elsewhere reloads the
// list without holding keys back: while the reload is on its way, typing
// into the filter searches the list shown.
func TestSessionsShareTheContactList(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "l.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(context.Background(), "x")
	for _, n := range []string{"Smith", "Smyth", "Lee"} {
		if _, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101", Entities: []model.Entity{{LastName: n}}}); err != nil {
			t.Fatal(err)
		}
	}
	w := watch.NewPoller(st, time.Hour)
	defer w.Close()
	ix := contactindex.New(st, w)
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	list := func() *List {
		env := &screen.Env{Store: st, Styles: theme.New(r, false), Keys: keymap.Default(),
			Ctx: ctx, Start: screen.Session{Region: "US"}, Nav: &screen.Nav{}, Watch: w, Contacts: ix}
		l := NewList(env)
		l.SetSize(80, 20)
		l.Update(l.Init()())
		return l
	}
	a, b := list(), list()
	if a.data != b.data || a.data != ix.Current() || a.data.Len() != 3 {
		t.Fatalf("the sessions hold %p and %p, the process %p", a.data, b.data, ix.Current())
	}
	typeInto := func(l *List, s string) {
		for _, c := range s {
			_, cmd := l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{c}})
			deliver(l, cmd)
		}
	}
	typeInto(a, "/sm")
	if a.fl.Len() != 2 || b.fl.Len() != 3 {
		t.Fatalf("a filters %d rows, b shows %d: each session its own filter", a.fl.Len(), b.fl.Len())
	}

	// Another session adds Smithers; the news reaches a.
	if _, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550102", Entities: []model.Entity{{LastName: "Smithers"}}}); err != nil {
		t.Fatal(err)
	}
	_, reload := a.Update(screen.DataChangedMsg{Elsewhere: true}) // on its way, not delivered
	if a.Busy() {
		t.Fatal("a reload for another session's change holds the keys back")
	}
	typeInto(a, "y")
	if sel, ok := a.Selected(); !ok || a.fl.Len() != 1 || sel.Name != "Smyth" {
		t.Fatalf("typing during the reload: %d rows, selected %+v", a.fl.Len(), sel)
	}
	deliver(a, reload)
	if a.data == b.data || a.data != ix.Current() || a.data.Len() != 4 {
		t.Fatalf("after the reload a holds %d contacts (shared: %v)", a.data.Len(), a.data == ix.Current())
	}
	if a.fl.Query() != "smy" || a.fl.Len() != 1 {
		t.Errorf("the filter after the reload: %q, %d rows", a.fl.Query(), a.fl.Len())
	}
	_, reload = b.Update(screen.DataChangedMsg{Elsewhere: true})
	deliver(b, reload)
	if b.data != a.data {
		t.Error("b read the list again instead of sharing a's")
	}
}
