package app_test

import (
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"frontdesk/model"
	"frontdesk/store"
)

// A receptionist saves a contact without a name: the form says which field
// is wrong and why, and saves nothing. Once named it saves. Then an edit
// left with esc asks first, in a dialog: n keeps editing, y discards, and
// the database keeps the contact as it was.
func TestFlowFormRefusedAndDiscarded(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "forms.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts yet")

	press(tm, "n", "tab", "416-555-0142", "ctrl+s")
	waitFor(t, tm, "Not saved: Name or department: is required when there is no")
	if n, err := st.CountContacts(t.Context()); err != nil || n != 0 {
		t.Fatalf("after a refused save the database holds %d contacts (%v), want 0", n, err)
	}
	press(tm, "shift+tab", "shift+tab", "Ann", "tab", "Lee", "ctrl+s")
	waitFor(t, tm, "Added Lee, Ann")

	press(tm, "e", "tab", "ctrl+u", "Anne", "esc")
	waitFor(t, tm, "Discard your changes?", "What you typed in First name is lost.", "y discard")
	press(tm, "n")
	waitFor(t, tm, "ctrl+s save")
	press(tm, "esc")
	waitFor(t, tm, "Discard your changes?")
	press(tm, "y")
	waitFor(t, tm, "1 contact")

	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	var got []model.Contact
	if err := st.EachContact(t.Context(), func(c model.Contact) error { got = append(got, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Entities[0].FirstName != "Ann" || got[0].Entities[0].LastName != "Lee" {
		t.Fatalf("the database holds %+v, want Ann Lee alone, as saved", got)
	}
}
