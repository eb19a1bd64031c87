package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// Cells a spreadsheet would run as formulas are exported with a leading
// quote, and import back as the same contacts.
func TestExportCSVIsFormulaSafeAndImportsBack(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	st, err := store.Open(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	ctx := store.WithActor(context.Background(), "t")
	for _, e := range []model.Entity{
		{FirstName: "=HYPERLINK(\"http://x\")", LastName: "Lee", Phone: "+1 514 555 0100", Notes: "-not a formula"},
		{FirstName: "Ann", LastName: "@SUM(A1)", Organization: "'=quoted", Mobile: "+1 (514) 555-0111"},
		{FirstName: "Bob", LastName: "'Plain"},
	} {
		if _, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+15145550199", Entities: []model.Entity{e}}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	code, out, errs := runCmd(t, "export", "--db", src)
	if code != 0 {
		t.Fatalf("export: %s", errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would be a formula", cell)
			}
		}
	}
	file := filepath.Join(dir, "out.csv")
	os.WriteFile(file, []byte(out), 0o600)
	dst := filepath.Join(dir, "dst.db")
	if code, _, errs := runCmd(t, "import", file, "--db", dst, "--import-duplicates"); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	entities := func(db string) string {
		_, js, _ := runCmd(t, "export", "--db", db, "--format", "json")
		var cs []struct{ Entities []map[string]any }
		if err := json.Unmarshal([]byte(js), &cs); err != nil {
			t.Fatal(err)
		}
		var all []map[string]any
		for _, c := range cs {
			all = append(all, c.Entities...)
		}
		b, _ := json.Marshal(all)
		return string(b)
	}
	if a, b := entities(src), entities(dst); a != b {
		t.Errorf("imported back differently:\n%s\n%s", a, b)
	}
}
