package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/model"
)

// The import writer lets SQLite number the contacts and gives their people
// and list lines the same numbers: after the highest number ever given,
// even a deleted contact's. Its transaction does not enforce foreign keys;
// the connection does again afterwards, whether the import went in or
// failed.
func TestImportNumbersAfterDeletedContactsAndKeepsForeignKeys(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := WithActor(t.Context(), "tester")
	person := func(first, last string) model.Entity { return model.Entity{FirstName: first, LastName: last} }
	kept, err := s.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101", Entities: []model.Entity{person("Ann", "Kept")}})
	if err != nil {
		t.Fatal(err)
	}
	gone, err := s.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550102", Entities: []model.Entity{person("Bob", "Gone")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteContact(ctx, gone.ID, gone.Version); err != nil {
		t.Fatal(err)
	}

	in := []model.Contact{
		{Kind: model.Single, Fax: "+14165550103", Entities: []model.Entity{person("Cy", "One")}},
		{Kind: model.Group, GroupName: "Lab", Fax: "+14165550104", Entities: []model.Entity{person("Di", "Two"), person("Ed", "Three")}},
	}
	// More than one INSERT's worth, so that full and partial batches are
	// both checked.
	for i := range writerBatch + 3 {
		in = append(in, model.Contact{Kind: model.Single, Fax: "+14165551" + string(rune('0'+i/100%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10)),
			Entities: []model.Entity{person("Fay", "Many"+string(rune('a'+i%26)))}})
	}
	indexes := func() map[string]string {
		out := map[string]string{}
		s.read(ctx, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var name, q string
				rows.Scan(&name, &q)
				out[name] = q
			}
			return rows.Err()
		})
		return out
	}
	before := indexes()
	// More contacts than the book has: the scattered indexes are built
	// again at the end.
	b, err := s.Import(ctx, ImportBatch{File: "x.csv", Planned: len(in)}, func(w *ContactWriter) error {
		for _, c := range in {
			if err := w.Add(c, c.Summarize(w.Region())); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if b.Contacts != len(in) || b.Entities != len(in)+1 {
		t.Fatalf("counts %+v", b)
	}
	lines := map[int64]string{}
	if err := s.ListContacts(ctx, func(r *ListRow) error {
		lines[r.ID] = string(r.Name)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(lines) != len(in)+1 {
		t.Fatalf("%d list lines, want %d", len(lines), len(in)+1)
	}
	for i, want := range in {
		id := gone.ID + 1 + int64(i)
		got, err := s.GetContact(ctx, id)
		if err != nil {
			t.Fatalf("contact %d: %v", id, err)
		}
		if got.Fax != want.Fax || len(got.Entities) != len(want.Entities) || got.Entities[0].LastName != want.Entities[0].LastName {
			t.Fatalf("contact %d = %+v, want %+v", id, got, want)
		}
		if lines[id] == "" {
			t.Fatalf("contact %d has no list line", id)
		}
	}
	if lines[kept.ID] == "" {
		t.Fatal("the contact from before lost its list line")
	}
	if after := indexes(); !maps.Equal(after, before) || after["contacts_by_fax"] == "" || after["contact_list_by_id"] == "" {
		t.Fatalf("indexes after the import:\n%v\nbefore:\n%v", after, before)
	}
	var plan string
	s.read(ctx, func(tx *sql.Tx) error {
		var id, parent, unused int
		return tx.QueryRowContext(ctx, `EXPLAIN QUERY PLAN SELECT id FROM contacts WHERE fax = ?`, in[0].Fax).Scan(&id, &parent, &unused, &plan)
	})
	if !strings.Contains(plan, "contacts_by_fax") {
		t.Fatalf("looking a fax up: %q", plan)
	}

	orphan := func() error {
		return s.WithTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO entities (contact_id, position) VALUES (999999, 0)`)
			return err
		})
	}
	if err := orphan(); err == nil {
		t.Fatal("a person without a contact went in after an import: foreign keys are off")
	}
	failed := errors.New("stop")
	if _, err := s.Import(ctx, ImportBatch{File: "y.csv", Planned: 1000}, func(w *ContactWriter) error { return failed }); !errors.Is(err, failed) {
		t.Fatalf("failed import: %v", err)
	}
	if after := indexes(); !maps.Equal(after, before) {
		t.Fatalf("indexes after a failed import:\n%v\nbefore:\n%v", after, before)
	}
	if err := orphan(); err == nil {
		t.Fatal("a person without a contact went in after a failed import: foreign keys are off")
	}
	var problems int
	if err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&problems)
	}); err != nil || problems != 0 {
		t.Fatalf("foreign key check: %d problems, %v", problems, err)
	}
}

// An import cancelled at any moment (adding contacts, sorting the list,
// building the indexes again) leaves the book as it was and gives the
// writing connection back as it was: foreign keys on, one thread.
func TestCancelledImportGivesTheConnectionBack(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := WithActor(t.Context(), "tester")
	if _, err := s.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Kept"}}}); err != nil {
		t.Fatal(err)
	}
	for i := range 24 {
		cctx, cancel := context.WithCancel(ctx)
		after := time.Duration(i%8) * 2 * time.Millisecond
		if i >= 16 {
			after = 0 // at a given contact instead, below
		}
		timer := time.AfterFunc(after, cancel)
		_, err := s.Import(cctx, ImportBatch{File: "x.csv"}, func(w *ContactWriter) error {
			for n := range 3000 {
				if i >= 16 && n == (i-16)*400 {
					cancel()
				}
				c := model.Contact{Kind: model.Single, Fax: fmt.Sprintf("+1416556%04d", n),
					Entities: []model.Entity{{FirstName: "Bo", LastName: fmt.Sprint("Many", n)}}}
				if err := w.Add(c, c.Summarize(w.Region())); err != nil {
					return err
				}
			}
			return nil
		})
		timer.Stop()
		cancel()
		var fk, threads, contacts int
		if qerr := s.WithTx(ctx, func(tx *sql.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT (SELECT foreign_keys FROM pragma_foreign_keys),
				(SELECT threads FROM pragma_threads), (SELECT COUNT(*) FROM contacts)`).Scan(&fk, &threads, &contacts)
		}); qerr != nil {
			t.Fatal(qerr)
		}
		if fk != 1 || threads != 0 {
			t.Fatalf("import %d (%v): the connection came back with foreign_keys=%d threads=%d", i, err, fk, threads)
		}
		if err == nil {
			// Finished before the cancel: undo it for the next round.
			if contacts != 3001 {
				t.Fatalf("import %d finished with %d contacts", i, contacts)
			}
			var id int64
			s.read(ctx, func(tx *sql.Tx) error {
				return tx.QueryRowContext(ctx, `SELECT MAX(id) FROM import_batches`).Scan(&id)
			})
			if _, err := s.UndoImport(ctx, id); err != nil {
				t.Fatal(err)
			}
		} else if contacts != 1 {
			t.Fatalf("import %d failed (%v) and left %d contacts", i, err, contacts)
		}
	}
}
