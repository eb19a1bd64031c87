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
