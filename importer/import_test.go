package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// bookWith opens a new database holding one person and one group, so that
// files meet duplicates and a group the book has.
func bookWith(t *testing.T, name string) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), name+".db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := store.WithActor(t.Context(), "tester")
	for _, c := range []model.Contact{
		{Kind: model.Single, Fax: "+14165550101", Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}},
		{Kind: model.Group, GroupName: "Lab", Fax: "+14165550102", Entities: []model.Entity{{Name: "Intake"}, {Name: "Results"}}},
	} {
		if _, err := st.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// book describes a database's contacts and list without their IDs: the
// contacts sorted, the list lines in list order.
func book(t *testing.T, st *store.Store) (contacts, list []string) {
	t.Helper()
	err := st.EachContact(t.Context(), func(c model.Contact) error {
		var people []string
		for _, e := range c.Entities {
			var f []string
			for _, ef := range model.EntityFields {
				f = append(f, ef.Get(e))
			}
			people = append(people, strings.Join(f, "|"))
		}
		contacts = append(contacts, fmt.Sprintf("%s %q %s v%d [%s]", c.Kind, c.GroupName, c.Fax, c.Version, strings.Join(people, "; ")))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(contacts)
	err = st.ListContacts(t.Context(), func(r *store.ListRow) error {
		list = append(list, fmt.Sprintf("%s %d %s %s %s %s %s", r.Kind, r.People, r.Fax, r.Name, r.Organization, r.Specialty, r.Search))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return contacts, list
}

// Importing in one go (the command line) gives exactly what planning and
// then writing (the wizard) gives: the same report, the same contacts, the
// same list, the same batch. Every group rule, duplicates skipped or
// imported, a group the book has, and a large file with many runs of list
// lines.
func TestImportInOneGoIsPlanThenWrite(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.csv")
	writeCSV(t, big, 20_000)
	files := map[string]string{"big": big}
	dir := t.TempDir()
	csvs := map[string]string{
		"rules": "group,name,fax\nLab,A,416-555-0101\nX,Solo,416-555-0109\nLab,B,416-555-0199\nLab,C,\n" +
			"Lab2,A,\nLab2,B,\n,Solo,416-555-0101\nCardiology,A,416-555-0101\ncardiology,B,416-555-0102\n" +
			",bad,call me\n,,\nDesk,416-555-0110\n",
		"dups": "first_name,last_name,fax,group\nANN,LEE,(416) 555-0101,\nBo,Ng,416-555-0103,\nBo,Ng,416.555.0103,\n" +
			"Intake,,416-555-0102,Lab\nNew,Person,416-555-0102,Lab\n",
		"nothing": "first_name,fax\nAnn,\n",
	}
	for name, csv := range csvs {
		path := filepath.Join(dir, name+".csv")
		if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		files[name] = path
	}
	for name, path := range files {
		for _, dups := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/duplicates=%v", name, dups), func(t *testing.T) {
				pv, err := Sniff(path, Options{}, 0)
				if err != nil {
					t.Fatal(err)
				}
				s := Settings{Mapping: Suggest(pv.Header, ContactFields()), Region: "US", ImportDuplicates: dups}
				ctx := store.WithActor(t.Context(), "tester")

				a := bookWith(t, "a")
				known, err := LoadKnown(ctx, a)
				if err != nil {
					t.Fatal(err)
				}
				pa, err := NewPlan(ctx, path, s, known, nil)
				if err != nil {
					t.Fatal(err)
				}
				ba, err := pa.Write(ctx, a, nil)
				if err != nil {
					t.Fatal(err)
				}

				b := bookWith(t, "b")
				known, err = LoadKnown(ctx, b)
				if err != nil {
					t.Fatal(err)
				}
				pb, bb, err := Import(ctx, b, path, s, known, nil)
				if err != nil {
					t.Fatal(err)
				}

				report := func(p *Plan) string {
					return fmt.Sprintf("%d contacts, %d groups, %d people, %d duplicates, %d rows\nrejected %v\nwarnings %q",
						p.Contacts, p.Groups, p.Entities, p.Duplicates, p.Rows, p.Rejected, p.Warnings)
				}
				if ra, rb := report(pa), report(pb); ra != rb {
					t.Fatalf("reports differ:\nplan then write: %s\nin one go:       %s", ra, rb)
				}
				counts := func(b store.ImportBatch) string {
					return fmt.Sprintf("%d/%d/%d/%d/%d %s", b.Contacts, b.Groups, b.Entities, b.Duplicates, b.Rejected, b.Mapping)
				}
				if ca, cb := counts(ba), counts(bb); ca != cb {
					t.Fatalf("batches differ: %s, in one go %s", ca, cb)
				}
				if batches, _ := b.ImportBatches(ctx, "contacts"); len(batches) != 1 || counts(batches[0]) != counts(bb) {
					t.Fatalf("batch recorded in one go: %+v", batches)
				}
				ca, la := book(t, a)
				cb, lb := book(t, b)
				if !slices.Equal(ca, cb) {
					t.Fatalf("contacts differ:\n%s\n---\n%s", strings.Join(ca, "\n"), strings.Join(cb, "\n"))
				}
				if !slices.Equal(la, lb) {
					t.Fatalf("lists differ:\n%s\n---\n%s", strings.Join(la, "\n"), strings.Join(lb, "\n"))
				}
				if len(ca) != 2+pa.Contacts {
					t.Fatalf("%d contacts in the book, want %d", len(ca), 2+pa.Contacts)
				}
			})
		}
	}
}

// A file that goes wrong at its end (an unclosed quote swallows the last
// lines) writes nothing in one go either, though its first contacts were
// already on their way in.
func TestImportInOneGoWritesNothingFromABadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.csv")
	var b strings.Builder
	b.WriteString("name,fax\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "Person %d,416-555-%04d\n", i, i)
	}
	b.WriteString("\"Unclosed,416-555-9999\nMore,416-555-9998\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	st := bookWith(t, "bad")
	ctx := store.WithActor(t.Context(), "tester")
	before, _ := book(t, st)
	_, _, err := Import(ctx, st, path, Settings{Mapping: []string{"name", "fax"}, Region: "US"}, NewKnown(), nil)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Line == 0 {
		t.Fatalf("err = %v, want a *FileError with its line", err)
	}
	after, _ := book(t, st)
	if !slices.Equal(before, after) {
		t.Fatalf("the book changed: %d contacts, had %d", len(after), len(before))
	}
	if batches, _ := st.ImportBatches(context.Background(), "contacts"); len(batches) != 0 {
		t.Fatalf("a batch was recorded: %+v", batches)
	}
}
