package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"frontdesk/store"
)

// Imports are undone from the latest one still in effect backwards: an
// import that added nothing, or one undone already, stands in no one's
// way, and a refusal names the import that does.
func TestUndoImportTheLatestInEffect(t *testing.T) {
	cases := []struct {
		name    string
		adds    []int // contacts each import adds, oldest first
		undone  []int // imports (indexes in adds) undone first, in order
		undo    int   // the import then undone
		blocker string
	}{
		{name: "the only import", adds: []int{2}, undo: 0},
		{name: "the latest of two", adds: []int{2, 1}, undo: 1},
		{name: "under a later import in effect", adds: []int{2, 1}, undo: 0, blocker: "b.csv"},
		{name: "under the same file again, which added nothing", adds: []int{2, 0}, undo: 0},
		{name: "under several imports that added nothing", adds: []int{2, 0, 0}, undo: 0},
		{name: "the empty import itself", adds: []int{2, 0}, undo: 1},
		{name: "under a later import undone", adds: []int{2, 1}, undone: []int{1}, undo: 0},
		{name: "named: the latest one in effect", adds: []int{2, 1, 3, 0}, undo: 0, blocker: "c.csv"},
		{name: "an empty import under one in effect", adds: []int{2, 0, 1}, undo: 1, blocker: "c.csv"},
		{name: "twice", adds: []int{2}, undone: []int{0}, undo: 0, blocker: "undone already"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, c := open(t, ""), ctx(t)
			fax := 0
			var ids []int64
			for i, n := range tc.adds {
				b, err := s.Import(c, store.ImportBatch{File: fmt.Sprintf("/in/%c.csv", 'a'+i)}, func(w *store.ContactWriter) error {
					for range n {
						fax++
						ct := single("Ann", fmt.Sprint("Doe", fax), fmt.Sprintf("+1416555%04d", fax))
						if err := w.Add(ct, ct.Summarize(w.Region())); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, b.ID)
			}
			for _, i := range tc.undone {
				if _, err := s.UndoImport(c, ids[i]); err != nil {
					t.Fatalf("undo of import %d first: %v", i, err)
				}
			}
			before, _ := s.CountContacts(c)
			batches, err := s.ImportBatches(c, "contacts")
			if err != nil {
				t.Fatal(err)
			}
			var target store.ImportBatch
			for _, b := range batches {
				if b.ID == ids[tc.undo] {
					target = b
				}
			}
			// What the screens ask before offering the undo agrees with
			// what the store does.
			refusal := store.UndoRefusal(batches, target)
			n, err := s.UndoImport(c, ids[tc.undo])
			after, _ := s.CountContacts(c)
			if tc.blocker != "" {
				for _, e := range []error{refusal, err} {
					if !errors.Is(e, store.ErrUndo) || !strings.Contains(e.Error(), tc.blocker) {
						t.Errorf("refusal %v, want one naming %s", e, tc.blocker)
					}
				}
				if tc.blocker != "undone already" && !strings.Contains(err.Error(), "came after it and is still in effect") {
					t.Errorf("refusal %q does not say why", err)
				}
				if after != before {
					t.Errorf("a refused undo changed the book: %d contacts, then %d", before, after)
				}
				return
			}
			if refusal != nil || err != nil {
				t.Fatalf("undo refused: %v / %v", refusal, err)
			}
			if n != tc.adds[tc.undo] || after != before-n {
				t.Errorf("undo removed %d contacts (%d -> %d), want %d", n, before, after, tc.adds[tc.undo])
			}
		})
	}
}

// UndoBlocker reads the rule off the imports alone, in any order.
func TestUndoBlocker(t *testing.T) {
	in := func(id int64, contacts int) store.ImportBatch { return store.ImportBatch{ID: id, Contacts: contacts} }
	undone := in(4, 5)
	undone.UndoneBy = "amy"
	undone.UndoneAt = time.Date(2026, 12, 3, 11, 2, 0, 0, time.UTC)
	patients := store.ImportBatch{ID: 6, Kind: "patients", Groups: 1} // an employer made is something added
	cases := []struct {
		batches []store.ImportBatch
		id      int64
		want    int64
	}{
		{[]store.ImportBatch{in(1, 2)}, 1, 0},
		{[]store.ImportBatch{in(2, 0), in(1, 2)}, 1, 0},
		{[]store.ImportBatch{in(3, 1), in(2, 0), in(1, 2)}, 1, 3},
		{[]store.ImportBatch{in(1, 2), in(3, 1), in(5, 1)}, 1, 5},
		{[]store.ImportBatch{in(1, 2), undone}, 1, 0},
		{[]store.ImportBatch{in(1, 2), in(2, 1)}, 2, 0},
		{[]store.ImportBatch{{ID: 1, Entities: 3}, patients}, 1, 6},
	}
	for i, tc := range cases {
		got, ok := store.UndoBlocker(tc.batches, tc.id)
		if got.ID != tc.want || ok != (tc.want != 0) {
			t.Errorf("case %d: blocker %d (%v), want %d", i, got.ID, ok, tc.want)
		}
	}
}
