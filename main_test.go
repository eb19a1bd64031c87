package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/export"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCmdIn(t, "", args...)
}

// runCmdIn runs a command with stdin as its standard input.
func runCmdIn(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDemoThenExportJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fd.db")
	if code, out, errs := runCmd(t, "demo", "--db", db); code != 0 || !strings.Contains(out, "demo contacts") {
		t.Fatalf("demo: %d %q %q", code, out, errs)
	}
	code, out, errs := runCmd(t, "export", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("export: %d %q", code, errs)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("export is not a JSON array: %v", err)
	}
	if len(got) < 300 {
		t.Fatalf("%d contacts exported", len(got))
	}
	groups := 0
	for _, c := range got {
		for _, k := range []string{"id", "kind", "group_name", "fax", "entities"} {
			if _, ok := c[k]; !ok {
				t.Fatalf("contact lacks %q: %v", k, c)
			}
		}
		if !strings.HasPrefix(c["fax"].(string), "+") {
			t.Errorf("fax %q is not E.164", c["fax"])
		}
		es := c["entities"].([]any)
		switch c["kind"] {
		case "group":
			groups++
			if c["group_name"] == "" {
				t.Errorf("group without a name: %v", c)
			}
		case "single":
			if len(es) != 1 {
				t.Errorf("single contact with %d entities", len(es))
			}
		default:
			t.Errorf("kind %v", c["kind"])
		}
		e := es[0].(map[string]any)
		for _, k := range []string{"first_name", "last_name", "name", "title", "organization", "specialty", "phone",
			"mobile", "email", "address", "city", "region", "postal_code", "country", "notes"} {
			if _, ok := e[k]; !ok {
				t.Fatalf("entity lacks %q: %v", k, e)
			}
		}
	}
	if groups == 0 {
		t.Error("no multiple-entity contact in the demo data")
	}
}

func TestExportCSV(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fd.db")
	runCmd(t, "demo", "--db", db)
	code, out, errs := runCmd(t, "export", "--db", db)
	if code != 0 {
		t.Fatalf("export: %d %q", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(export.Columns(), ",") {
		t.Errorf("header %v", recs[0])
	}
	_, jsonOut, _ := runCmd(t, "export", "--db", db, "--format", "json")
	var cs []export.Contact
	json.Unmarshal([]byte(jsonOut), &cs)
	entities := 0
	for _, c := range cs {
		entities += len(c.Entities)
	}
	if len(recs)-1 != entities {
		t.Errorf("%d CSV rows for %d entities", len(recs)-1, entities)
	}
}

func TestUsageAndFailures(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"unknown flag", []string{"export", "--nope"}, 2, "flag provided but not defined"},
		{"bad format", []string{"export", "--db", db, "--format", "xml"}, 2, "csv, json or vcard"},
		{"stray argument", []string{"demo", "--db", db, "extra"}, 2, "unexpected argument"},
		{"database is a folder", []string{"export", "--db", dir}, 1, "frontdesk:"},
		{"no such database", []string{"export", "--db", filepath.Join(dir, "typo.db")}, 1, "no database at " + filepath.Join(dir, "typo.db")},
		{"fax list, no such database", []string{"fax", "list", "--db", filepath.Join(dir, "typo.db")}, 1, "no database at " + filepath.Join(dir, "typo.db")},
		{"inbox, no such database", []string{"inbox", "--db", filepath.Join(dir, "typo.db")}, 1, "no database at " + filepath.Join(dir, "typo.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.err) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errs, tt.code, tt.err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "typo.db")); err == nil {
		t.Error("a read command created the database it was pointed at")
	}
}

func TestDemoOnlyIntoAnEmptyDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fd.db")
	runCmd(t, "demo", "--db", db)
	code, _, errs := runCmd(t, "demo", "--db", db)
	if code != 1 || !strings.Contains(errs, "only into an empty database") {
		t.Errorf("second demo: %d %q", code, errs)
	}
}

func TestDefaultDatabaseFollowsXDG(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	if code, _, errs := runCmd(t, "demo"); code != 0 {
		t.Fatalf("demo: %q", errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "frontdesk", "frontdesk.db")); err != nil {
		t.Errorf("the default database was not created: %v", err)
	}
}

func TestReadableDatabaseIsReported(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fd.db")
	runCmd(t, "demo", "--db", db)
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCmd(t, "fax", "list", "--db", db)
	if code != 0 || !strings.Contains(errs, "chmod 600 "+db+"*") {
		t.Errorf("exit %d, stderr %q; want a warning saying how to fix it", code, errs)
	}
}
