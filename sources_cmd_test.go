package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/scenes"
)

// importedFaxes lists the people of a database with their fax, "Name=fax".
func importedFaxes(t *testing.T, db string) map[string]string {
	t.Helper()
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got := map[string]string{}
	st.EachContact(t.Context(), func(c model.Contact) error {
		for _, e := range c.Entities {
			got[e.DisplayName()] = c.Fax
		}
		return nil
	})
	return got
}

// A Google Contacts export imports without a mapping by hand: the fax is
// the phone whose type names a fax, whichever number it is on.
func TestImportGoogleContacts(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "contacts.csv")
	if err := os.WriteFile(file, []byte(scenes.SampleGoogleCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "fd.db")
	code, out, errs := runCmd(t, "import", file, "--db", db, "--dry-run", "--json")
	if code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	if !strings.Contains(errs, "Organization *=by type,E-mail *=by type,Phone *=by type,Address *=by type") {
		t.Errorf("mapping: %s", errs)
	}
	var rep importReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Contacts != 4 || len(rep.Rejected) != 1 || rep.Rejected[0].Row != 6 {
		t.Errorf("report %+v", rep)
	}
	if got := importedFaxes(t, db); len(got) != 0 {
		t.Errorf("a dry run wrote %v", got)
	}
	code, out, errs = runCmd(t, "import", file, "--db", db)
	if code != 0 || !strings.Contains(out, "Imported 4 contacts") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	want := map[string]string{"Tremblay, Hélène": "+14505550101", "Roy, Marc": "+14505550102",
		"Ouellet, Zoë": "+14185550177", "Imaging West": "+14165550142"}
	if got := importedFaxes(t, db); !mapsEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A registry extract of 330 columns with qualified headers imports as
// suggested: the practice location's fax, else the mailing address's.
func TestImportRegistryExtract(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "npidata.csv")
	if err := os.WriteFile(file, []byte(scenes.SampleRegistryCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "fd.db")
	code, out, errs := runCmd(t, "import", file, "--db", db, "--dry-run", "--json")
	if code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	for _, want := range []string{
		"Provider Organization Name (Legal Business Name)=organization,Provider Last Name (Legal Name)=last_name,Provider First Name=first_name,",
		"Provider Business Mailing Address Fax Number=else fax,",
		"Provider Business Practice Location Address Fax Number=fax",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("the mapping lacks %q: %s", want, errs)
		}
	}
	var rep importReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Contacts != 3 || len(rep.Rejected) != 1 || rep.Rejected[0].Row != 5 {
		t.Errorf("report %+v", rep)
	}
	if code, out, errs = runCmd(t, "import", file, "--db", db); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	want := map[string]string{"OKAFOR, ADA": "+15185550101", "LINDQVIST, MARTA": "+15185550202",
		"HUDSON VALLEY IMAGING LLC": "+15185550303"}
	if got := importedFaxes(t, db); !mapsEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// An address comes whole from one block: Lindqvist's practice location.
	st.EachContact(t.Context(), func(c model.Contact) error {
		if e := c.Entities[0]; e.LastName == "LINDQVIST" && (e.Address != "7 MAIN ST" || e.City != "COHOES" || e.PostalCode != "12047") {
			t.Errorf("Lindqvist's address: %+v", e)
		}
		return nil
	})
}

// A fallback given on the command line: the mailing fax where the practice
// location's is empty, and only there.
func TestImportMapFallback(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "faxes.csv")
	csv := "Name,Practice Fax,Mailing Fax\nA,416 555 0101,416 555 0201\nB,,416 555 0202\nC,,\n"
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "fd.db")
	code, out, errs := runCmd(t, "import", file, "--db", db, "--map", "Name=name,Practice Fax=fax,Mailing Fax=else fax")
	if code != 0 || !strings.Contains(out, "Mapping (as given): Name=name,Practice Fax=fax,Mailing Fax=else fax") ||
		!strings.Contains(out, "row 4: no fax number") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	want := map[string]string{"A": "+14165550101", "B": "+14165550202"}
	if got := importedFaxes(t, db); !mapsEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, tt := range []struct{ spec, msg string }{
		{"Name=name,Mailing Fax=else fax", `"Mailing Fax" is else fax, but no column is mapped to fax`},
		{"Name=name,Practice Fax=fax,Mailing Fax=else", `else must name the field the column backs (else fax)`},
		{"Name=name,Practice Fax=fax,Mailing Fax=else faks", `else must name the field the column backs`},
		{"Name=name,Fax *=by type", `no column "Fax *" in the file`},
	} {
		code, _, errs := runCmd(t, "import", file, "--db", db, "--map", tt.spec)
		if code != exitUsage || !strings.Contains(errs, tt.msg) {
			t.Errorf("%q: %d %s", tt.spec, code, errs)
		}
	}
}
