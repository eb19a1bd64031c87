package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// planOf plans a CSV whose header cells are field names, mapped as named.
func planOf(t *testing.T, csv string, known *Known) *Plan {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	header := strings.Split(strings.SplitN(csv, "\n", 2)[0], ",")
	if known == nil {
		known = NewKnown()
	}
	p, err := NewPlan(context.Background(), path, Settings{Mapping: header, Region: "US"}, known, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func rejectedRows(p *Plan) []int {
	var rows []int
	for _, r := range p.Rejected {
		rows = append(rows, r.Row)
	}
	return rows
}

func TestGroupRules(t *testing.T) {
	tests := []struct {
		name                     string
		csv                      string
		contacts, groups, people int
		rejected                 []int
		reasonHas                string
		warnings                 int
	}{
		{"no group column: every row single",
			"first_name,last_name,fax\nAnn,Lee,416-555-0101\nBo,Ng,416 555 0102\n", 2, 0, 2, nil, "", 0},
		{"rows with the same group name form one contact",
			"group,name,fax\nLab,Intake,416-555-0101\nLab,Results,\nLab,Billing,(416) 555-0101\n", 1, 1, 3, nil, "", 0},
		{"the group name matches after trimming spaces",
			"group,name,fax\n Lab ,Intake,416-555-0101\nLab,Results,\n", 1, 1, 2, nil, "", 0},
		{"two spellings of one fax are one fax",
			"group,name,fax\nLab,A,416-555-0101\nLab,B,+1 (416) 555 0101\n", 1, 1, 2, nil, "", 0},
		{"two fax numbers: the whole group is rejected, every row named",
			"group,name,fax\nLab,A,416-555-0101\nX,Solo,416-555-0109\nLab,B,416-555-0199\nLab,C,\n", 1, 1, 1, []int{2, 4, 5}, "different fax numbers", 0},
		{"a group without any fax is rejected",
			"group,name,fax\nLab,A,\nLab,B,\n", 0, 0, 0, []int{2, 3}, "no fax number", 0},
		{"an empty group cell makes a single contact",
			"group,name,fax\n,Solo,416-555-0101\nLab,A,416-555-0102\n", 2, 1, 2, nil, "", 0},
		{"names differing by case or spacing stay separate, with a warning",
			"group,name,fax\nCardiology,A,416-555-0101\ncardiology,B,416-555-0102\nCardio  Lab,C,416-555-0103\nCardio Lab,D,416-555-0104\n", 4, 4, 4, nil, "", 2},
		{"a row without a fax and no group is rejected",
			"first_name,fax\nAnn,\nBo,416-555-0101\n", 1, 0, 1, []int{2}, "no fax number", 0},
		{"a bad fax names the cell",
			"first_name,fax\nAnn,call me\n", 0, 0, 0, []int{2}, `fax "call me"`, 0},
		{"a row without a name is rejected",
			"first_name,last_name,fax\n,,416-555-0101\n", 0, 0, 0, []int{2}, "name", 0},
		{"a bad email names the field",
			"name,email,fax\nDesk,nope,416-555-0101\n", 0, 0, 0, []int{2}, "email", 0},
		{"one bad row does not sink the file",
			"name,fax\nA,416-555-0101\nB,nope\nC,416-555-0103\n", 2, 0, 2, []int{3}, "", 0},
		{"empty rows are skipped with a warning",
			"name,fax\nA,416-555-0101\n,\nC,416-555-0103\n", 2, 0, 2, nil, "", 1},
		{"short and long rows are read, with warnings",
			"name,fax,city\nA,416-555-0101\nB,416-555-0102,Laval,extra\n", 2, 0, 2, nil, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := planOf(t, tt.csv, nil)
			if p.Contacts != tt.contacts || p.Groups != tt.groups || p.Entities != tt.people {
				t.Errorf("contacts/groups/people = %d/%d/%d, want %d/%d/%d (rejected %v)",
					p.Contacts, p.Groups, p.Entities, tt.contacts, tt.groups, tt.people, p.Rejected)
			}
			if got := rejectedRows(p); !equalInts(got, tt.rejected) {
				t.Errorf("rejected rows %v, want %v: %v", got, tt.rejected, p.Rejected)
			}
			if tt.reasonHas != "" && (len(p.Rejected) == 0 || !strings.Contains(p.Rejected[0].Reason, tt.reasonHas)) {
				t.Errorf("reasons %v lack %q", p.Rejected, tt.reasonHas)
			}
			if len(p.Warnings) != tt.warnings {
				t.Errorf("warnings %q, want %d", p.Warnings, tt.warnings)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDuplicatesAreSkippedUnlessAsked(t *testing.T) {
	known := NewKnown()
	known.add(faxDigits("+14165550101"), known.hashName(model.Fold("Lee, Ann")))
	csv := "first_name,last_name,fax\nANN,LEE,(416) 555-0101\nBo,Ng,416-555-0102\nBo,Ng,416.555.0102\n"
	p := planOf(t, csv, known)
	dups := p.DuplicateRows(0)
	if p.Duplicates != 2 || p.Contacts != 1 || len(dups) != 2 {
		t.Fatalf("duplicates %d, contacts %d, want 2 and 1: %v", p.Duplicates, p.Contacts, dups)
	}
	if dups[0].Row != 2 || dups[1].Row != 4 || !strings.Contains(dups[0].Reason, "(416) 555-0101") {
		t.Errorf("duplicate rows %v", dups)
	}
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func importFile(t *testing.T, st *store.Store, path string, mapping []string) (*Plan, store.ImportBatch) {
	t.Helper()
	ctx := store.WithActor(t.Context(), "tester")
	known, err := LoadKnown(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(ctx, path, Settings{Mapping: mapping, Region: "US"}, known, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Write(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p, b
}

func TestWriteTwiceChangesNothingAndUndo(t *testing.T) {
	st := openStore(t)
	path := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(path, []byte("group,name,fax\nLab,Intake,416-555-0101\nLab,Results,\n,Solo Desk,416-555-0109\n"), 0o644)
	mapping := []string{"group", "name", "fax"}
	_, b := importFile(t, st, path, mapping)
	if b.Contacts != 2 || b.Groups != 1 || b.Entities != 3 {
		t.Fatalf("batch %+v", b)
	}
	var got []model.Contact
	st.EachContact(t.Context(), func(c model.Contact) error { got = append(got, c); return nil })
	if len(got) != 2 || got[0].GroupName != "Lab" || len(got[0].Entities) != 2 || got[1].Fax != "+14165550109" {
		t.Fatalf("contacts %+v", got)
	}
	p2, b2 := importFile(t, st, path, mapping)
	if b2.Contacts != 0 || p2.Duplicates != 3 {
		t.Errorf("second import: %+v, %d duplicates", b2, p2.Duplicates)
	}
	if n, _ := st.CountContacts(t.Context()); n != 2 {
		t.Errorf("%d contacts after importing the same file twice", n)
	}
	ctx := store.WithActor(t.Context(), "tester")
	// The second import added nothing: it does not stand in the way.
	if n, err := st.UndoImport(ctx, b.ID); err != nil || n != 2 {
		t.Fatalf("undo: %d %v", n, err)
	}
	if n, _ := st.CountContacts(t.Context()); n != 0 {
		t.Errorf("%d contacts after undo", n)
	}
}

func TestUndoRefusedOnceAContactChanged(t *testing.T) {
	st := openStore(t)
	path := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(path, []byte("name,fax\nDesk,416-555-0101\n"), 0o644)
	_, b := importFile(t, st, path, []string{"name", "fax"})
	ctx := store.WithActor(t.Context(), "tester")
	var c model.Contact
	st.EachContact(ctx, func(x model.Contact) error { c = x; return nil })
	c.Entities[0].Notes = "call first"
	if _, err := st.UpdateContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UndoImport(ctx, b.ID); err == nil || !strings.Contains(err.Error(), "changed since") {
		t.Errorf("undo after a change: %v", err)
	}
}

func TestMappingRemembered(t *testing.T) {
	st := openStore(t)
	path := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(path, []byte("Who,Number,Junk\nDesk,416-555-0101,x\n"), 0o644)
	mapping := []string{"name", "fax", ""}
	importFile(t, st, path, mapping)
	got, _, ok, err := st.Mapping(t.Context(), "contacts", []string{"Who", "Number", "Junk"})
	if err != nil || !ok || strings.Join(got, ",") != "name,fax," {
		t.Errorf("remembered %q %v %v", got, ok, err)
	}
}

func TestSaveRejected(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(path, []byte("name,fax\nA,416-555-0101\n\"B, with comma\",nope\n"), 0o644)
	p, err := NewPlan(context.Background(), path, Settings{Mapping: []string{"name", "fax"}, Region: "US"}, NewKnown(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SaveRejected(p.RejectedPath()); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(filepath.Dir(path), "in-rejected.csv"))
	want := "name,fax,Row,Reason\n\"B, with comma\",nope,3,\"fax \"\"nope\"\" is not a phone number\"\n"
	if string(b) != want {
		t.Errorf("rejected file:\n%s\nwant:\n%s", b, want)
	}
}

// A file edited between the check and the import is refused, even when the
// edit keeps its size and time: a sorted spreadsheet would otherwise give
// people the fax numbers of others.
func TestWriteRefusesAChangedFile(t *testing.T) {
	st := openStore(t)
	path := filepath.Join(t.TempDir(), "in.csv")
	before := "name,fax\nAnn,416-555-0101\nBob,416-555-0199\n"
	after := "name,fax\nBob,416-555-0101\nAnn,416-555-0199\n"
	for _, keepStamp := range []bool{false, true} {
		os.WriteFile(path, []byte(before), 0o644)
		fi, _ := os.Stat(path)
		p, err := NewPlan(t.Context(), path, Settings{Mapping: []string{"name", "fax"}, Region: "US"}, NewKnown(), nil)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(path, []byte(after), 0o644)
		if keepStamp {
			os.Chtimes(path, fi.ModTime(), fi.ModTime())
		}
		if _, err := p.Write(store.WithActor(t.Context(), "t"), st, nil); !errors.Is(err, ErrFileChanged) {
			t.Errorf("keepStamp=%v: err = %v, want ErrFileChanged", keepStamp, err)
		}
		if n, _ := st.CountContacts(t.Context()); n != 0 {
			t.Fatalf("%d contacts written from a changed file", n)
		}
	}
}

func TestRejectedPathNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	p := &Plan{File: filepath.Join(dir, "clinic.csv")}
	first := p.RejectedPath()
	os.WriteFile(first, []byte("mending"), 0o644)
	if second := p.RejectedPath(); second == first || !strings.HasSuffix(second, "clinic-rejected-2.csv") {
		t.Errorf("second path %q", second)
	}
}

func TestUndoRefusedOnceAContactIsPreferred(t *testing.T) {
	st := openStore(t)
	path := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(path, []byte("name,fax\nDesk,416-555-0101\n"), 0o644)
	_, b := importFile(t, st, path, []string{"name", "fax"})
	ctx := store.WithActor(t.Context(), "tester")
	var c model.Contact
	st.EachContact(ctx, func(x model.Contact) error { c = x; return nil })
	p, err := st.CreatePatient(ctx, model.Patient{LastName: "Roy", Chart: "R-1", BirthDate: model.Date{Year: 1990, Month: 1, Day: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddPatientContact(ctx, p.ID, model.ContactRef{ContactID: c.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UndoImport(ctx, b.ID); err == nil || !strings.Contains(err.Error(), "preferred contacts") {
		t.Errorf("undo after a link: %v", err)
	}
}

func TestExistingGroupIsPointedOut(t *testing.T) {
	st := openStore(t)
	path := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(path, []byte("group,name,fax\nSouth Clinic,Desk,416-555-0600\n"), 0o644)
	importFile(t, st, path, []string{"group", "name", "fax"})
	os.WriteFile(path, []byte("group,name,fax\nSouth Clinic,Zed New,416-555-0600\n"), 0o644)
	p, _ := importFile(t, st, path, []string{"group", "name", "fax"})
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], `group "South Clinic" with fax (416) 555-0600 is already`) {
		t.Errorf("warnings %q", p.Warnings)
	}
}
