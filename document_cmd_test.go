package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/document/documenttest"
	"frontdesk/model"
)

func TestDocumentCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	runCmd(t, "demo", "--db", db)
	scan := filepath.Join(dir, "blood count.png")
	os.WriteFile(scan, documenttest.PNG(60, 40), 0o600)
	letter := filepath.Join(dir, "letter.pdf")
	os.WriteFile(letter, documenttest.PDF(2, "letter"), 0o600)
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte(strings.Repeat("a line\n", 130)), 0o600)
	bad := filepath.Join(dir, "photo.png")
	os.WriteFile(bad, []byte("\x89PNG\r\n\x1a\njunk"), 0o600)

	code, out, errs := runCmd(t, "document", "add", "--db", db, "--patient", "C-10001", "--kind", "lab result", scan)
	if code != 0 || strings.TrimSpace(out) == "" {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	if code, _, errs := runCmd(t, "document", "add", letter, "--db", db, "--patient", "C-10001", "--kind", "letter",
		"--title", "To Dr Lee", "--date", "2020-05-06"); code != 0 {
		t.Fatalf("add a letter: %q", errs)
	}
	if code, _, errs := runCmd(t, "document", "add", "--db", db, "--patient", "C-10001", "--kind", "document", "--date", "2021-01-01", notes); code != 0 {
		t.Fatalf("add notes: %q", errs)
	}
	code, out, _ = runCmd(t, "document", "list", "--db", db, "--patient", "C-10001", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != 0 {
		t.Fatalf("list: %v %s", err, out)
	}
	today := model.DateOf(time.Now()).String()
	if len(list) != 3 {
		t.Fatalf("listed: %v", list)
	}
	// The newest date first; the title defaults to the file's name; the
	// text is three pages of PDF.
	first, second, third := list[0], list[1], list[2]
	if first["kind"] != "lab_result" || first["title"] != "blood count" || first["date"] != today || first["pages"] != 1.0 ||
		first["format"] != "png" || first["size"] == 0.0 || first["shares"] != 0.0 {
		t.Errorf("the scan: %v", first)
	}
	if second["title"] != "notes" || second["format"] != "text" || second["pages"] != 3.0 {
		t.Errorf("the notes: %v", second)
	}
	if third["kind"] != "letter" || third["title"] != "To Dr Lee" || third["date"] != "2020-05-06" || third["pages"] != 2.0 ||
		third["format"] != "pdf" {
		t.Errorf("the letter: %v", third)
	}
	for _, key := range []string{"id", "kind", "title", "date", "pages", "format", "size", "shares"} {
		if _, ok := first[key]; !ok {
			t.Errorf("no %q in %v", key, first)
		}
	}
	code, out, _ = runCmd(t, "document", "list", "--db", db, "--patient", "C-10001")
	if code != 0 || strings.Count(out, "\n") != 3 || !strings.Contains(out, "Lab result") || !strings.Contains(out, "blood count") ||
		!strings.Contains(out, "To Dr Lee") {
		t.Errorf("the table: %q", out)
	}
	if code, out, _ := runCmd(t, "document", "list", "--db", db, "--patient", "C-10002", "--json", "--archived"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("another chart: %q", out)
	}
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no file", []string{"document", "add", "--db", db, "--patient", "C-10001", "--kind", "letter"}, 2, "one FILE"},
		{"no kind", []string{"document", "add", "--db", db, "--patient", "C-10001", scan}, 2, "--kind"},
		{"bad kind", []string{"document", "add", "--db", db, "--patient", "C-10001", "--kind", "memo", scan}, 2,
			`--kind "memo" is not a kind of document (one of letter, prescription, document, lab_result, invoice)`},
		{"bad date", []string{"document", "add", "--db", db, "--patient", "C-10001", "--kind", "letter", "--date", "06/05/2020", scan}, 2,
			`--date "06/05/2020" is not a date written YYYY-MM-DD`},
		{"unknown chart", []string{"document", "add", "--db", db, "--patient", "X-9", "--kind", "letter", scan}, 1,
			`no patient with chart number "X-9"`},
		{"missing file", []string{"document", "add", "--db", db, "--patient", "C-10001", "--kind", "letter", filepath.Join(dir, "nope.pdf")}, 1,
			"nope.pdf\" cannot be read"},
		{"junk", []string{"document", "add", "--db", db, "--patient", "C-10001", "--kind", "letter", bad}, 1,
			"photo.png\" starts as a PNG but does not decode"},
		{"list without a chart", []string{"document", "list", "--db", db}, 2, "--patient is needed"},
		{"list of an unknown chart", []string{"document", "list", "--db", db, "--patient", "X-9"}, 1, `no patient with chart number "X-9"`},
		{"unknown subcommand", []string{"document", "burn"}, 2, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.err) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errs, tt.code, tt.err)
			}
		})
	}
	for _, sub := range []string{"add", "list"} {
		code, out, _ := runCmd(t, "document", sub, "--help")
		if code != 0 || !strings.Contains(out, "Usage: frontdesk document "+sub+" --patient CHART") || !strings.Contains(out, "-patient") {
			t.Errorf("%s --help: %d %q", sub, code, out)
		}
	}
}
