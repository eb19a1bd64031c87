package app_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"frontdesk/model"
	"frontdesk/store"
)

// Keys typed ahead, whole sequences sent at once as a fast typist (or a
// slow link) delivers them, act on the state they were typed against, in
// order: the employers picker of a contact form opened before the
// employers are read, and a move in a list filter before its search came
// back. A contact book big enough that reading and searching take a
// while makes a wrong order likely, and the database shows which contact
// each sequence acted on.
func TestFlowKeysTypedAheadActInOrder(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "ahead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	var cs []model.Contact
	for i := range 2000 {
		cs = append(cs, model.Contact{Kind: model.Single, Fax: fmt.Sprintf("+1416555%04d", i),
			Entities: []model.Entity{{FirstName: fmt.Sprintf("Person%d", i), LastName: "Filler"}}})
	}
	cs = append(cs,
		model.Contact{Kind: model.Single, Fax: "+15145550101", Entities: []model.Entity{{FirstName: "Alpha", LastName: "Zyx"}}},
		model.Contact{Kind: model.Single, Fax: "+15145550102", Entities: []model.Entity{{FirstName: "Beta", LastName: "Zyx"}}})
	if err := st.CreateContacts(ctx, cs); err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		if _, err := st.CreateEmployer(ctx, model.Employer{Name: fmt.Sprintf("Employer %03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	bombardier, err := st.CreateEmployer(ctx, model.Employer{Name: "Bombardier"})
	if err != nil {
		t.Fatal(err)
	}

	tm := newApp(t, st)
	// A new contact, its employer ticked in the picker first (shift+tab
	// wraps to the last field), then its fax and name: all at once.
	press(tm, "n", "shift+tab", "enter", "bomb", "enter", "esc",
		"tab", "tab", "514-555-0199", "tab", "Carol", "tab", "Quill", "ctrl+s")
	waitFor(t, tm, "Added Quill, Carol.")
	carol := contactWithFax(t, st, "+15145550199")
	if ids, err := st.EmployersOfContact(t.Context(), carol.ID); err != nil || !slices.Equal(ids, []int64{bombardier.ID}) {
		t.Errorf("the new contact's employers %v (%v), want Bombardier (%d)", ids, err, bombardier.ID)
	}
	// The second Zyx, edited: the move acts on the filter's hits.
	press(tm, "/", "zyx", "down", "enter", "e", "tab", "Edited", "ctrl+s")
	waitFor(t, tm, "Saved Zyx, ")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if a, b := contactWithFax(t, st, "+15145550101"), contactWithFax(t, st, "+15145550102"); a.Entities[0].FirstName != "Alpha" ||
		b.Entities[0].FirstName != "BetaEdited" {
		t.Errorf("first names %q and %q, want Alpha and BetaEdited", a.Entities[0].FirstName, b.Entities[0].FirstName)
	}
}

// contactWithFax is the stored contact with fax number n.
func contactWithFax(t *testing.T, st *store.Store, n string) model.Contact {
	t.Helper()
	var found model.Contact
	if err := st.EachContact(t.Context(), func(c model.Contact) error {
		if c.Fax == n {
			found = c
		}
		return nil
	}); err != nil || found.ID == 0 {
		t.Fatalf("no contact with fax %s (%v)", n, err)
	}
	return found
}
