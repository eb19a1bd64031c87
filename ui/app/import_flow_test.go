package app_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"frontdesk/importer"
	"frontdesk/store"
)

// importCSV imports a file of contacts (name, fax) as a script would.
func importCSV(t *testing.T, st *store.Store, path, csv string) store.ImportBatch {
	t.Helper()
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := store.WithActor(t.Context(), "reception")
	known, err := importer.LoadKnown(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	_, b, err := importer.Import(ctx, st, path, importer.Settings{Mapping: []string{"name", "fax"}, Region: "US"}, known, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A file imported twice (the second time adds nothing) can still be
// undone; an import that came after and is still in effect is named as
// the reason it cannot, until it is undone itself.
func TestFlowUndoAnImportUnderOneThatAddedNothing(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	clinic := filepath.Join(dir, "clinic.csv")
	first := importCSV(t, st, clinic, "Name,Fax\nIntake,416-555-0101\nResults,416-555-0102\n")
	again := importCSV(t, st, clinic, "Name,Fax\nIntake,416-555-0101\nResults,416-555-0102\n")
	if first.Contacts != 2 || again.Contacts != 0 {
		t.Fatalf("imports %+v then %+v", first, again)
	}
	importCSV(t, st, filepath.Join(dir, "lab.csv"), "Name,Fax\nLab,416-555-0103\n")

	tm := newApp(t, st)
	waitFor(t, tm, "3 contacts")
	// Newest first: lab.csv, clinic.csv again, clinic.csv.
	press(tm, "I")
	waitFor(t, tm, "Imports, newest first", "lab.csv")
	press(tm, "j", "j", "u")
	waitFor(t, tm, "The import of clinic.csv cannot be undone", "(lab.csv)", "came after it and is still in effect")
	// lab.csv goes first; then clinic.csv, past the import that added nothing.
	press(tm, "k", "k", "u")
	waitFor(t, tm, "Undo the import of lab.csv?")
	press(tm, "y")
	waitFor(t, tm, "Undid the import of lab.csv: 1 contacts removed")
	press(tm, "j", "j", "u")
	waitFor(t, tm, "Undo the import of clinic.csv?")
	press(tm, "y")
	waitFor(t, tm, "Undid the import of clinic.csv: 2 contacts removed")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	if n, err := st.CountContacts(t.Context()); err != nil || n != 0 {
		t.Errorf("%d contacts left (%v), want none", n, err)
	}
	bs, err := st.ImportBatches(t.Context(), "contacts")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		if want := b.ID != again.ID; b.Undone() != want {
			t.Errorf("import %d of %s: undone %v, want %v", b.ID, b.File, b.Undone(), want)
		}
	}
}
