package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"frontdesk/document/documenttest"
	"frontdesk/store"
)

func TestFaxCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	runCmd(t, "demo", "--db", db)
	doc := filepath.Join(dir, "letter.pdf")
	os.WriteFile(doc, documenttest.PDF(2, "letter"), 0o600)
	bad := filepath.Join(dir, "photo.bin")
	os.WriteFile(bad, []byte{0xff, 0xd8, 0x00, 0x01}, 0o644)

	// To a saved contact, about a patient: the contact joins the chart.
	code, out, errs := runCmd(t, "fax", "send", "--db", db, "--to", "1", "--patient", "C-10001", "--note", "results", doc)
	if code != 0 {
		t.Fatalf("send: %d %q", code, errs)
	}
	id := strings.TrimSpace(out)
	// To a number only.
	if code, _, errs := runCmd(t, "fax", "send", "--db", db, "--to", "(416) 555-0199", "--no-cover", doc); code != 0 {
		t.Fatalf("send to a number: %q", errs)
	}
	code, out, _ = runCmd(t, "fax", "list", "--db", db, "--patient", "C-10001", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != 0 {
		t.Fatalf("list: %v %s", err, out)
	}
	if len(list) != 1 || list[0]["patient"] != "C-10001" || list[0]["status"] != "queued" || list[0]["pages"] != 3.0 ||
		list[0]["contact_id"] != 1.0 || strings.TrimSpace(id) != "1" {
		t.Errorf("the fax about C-10001 (two pages and the cover): %v", list)
	}
	// Its cover page, kept in the document store with the letter, names
	// the patient; no file of it is left beside the database.
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	f, _, err := st.GetFax(t.Context(), 1)
	if err != nil || len(f.Documents) != 2 || f.Documents[0].Name != "cover.pdf" || f.Documents[1].Name != "letter.pdf" {
		t.Fatalf("the fax's documents: %+v %v", f.Documents, err)
	}
	if b, _ := st.DocumentData(t.Context(), f.Documents[0].ID); !strings.Contains(string(b), "chart C-10001") || !strings.Contains(string(b), "results") {
		t.Errorf("the cover page does not name the patient or carry the note")
	}
	st.Close()
	if covers, _ := filepath.Glob(filepath.Join(dir, "covers", "*")); len(covers) != 0 {
		t.Errorf("cover pages written as files: %v", covers)
	}
	code, out, _ = runCmd(t, "fax", "list", "--db", db, "--json")
	if json.Unmarshal([]byte(out), &list); len(list) != 2 || list[0]["pages"] != 2.0 {
		t.Errorf("the fax sent with --no-cover: %v", list)
	}
	// Received from a known number: matched to its contact.
	_, exported, _ := runCmd(t, "export", "--db", db, "--format", "json")
	var cs []map[string]any
	json.Unmarshal([]byte(exported), &cs)
	code, out, errs = runCmd(t, "fax", "receive", doc, "--db", db, "--from", cs[0]["fax"].(string))
	if code != 0 || !strings.Contains(out, "from ") || strings.Contains(out, "no saved contact") {
		t.Errorf("receive: %d %q %q", code, out, errs)
	}
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no file", []string{"fax", "send", "--db", db, "--to", "1"}, 2, "FILE"},
		{"not a document", []string{"fax", "send", "--db", db, "--to", "1", bad}, 1, "is not a PDF"},
		{"missing file", []string{"fax", "send", "--db", db, "--to", "1", filepath.Join(dir, "nope.pdf")}, 1, "nothing was queued"},
		{"a newline in a path", []string{"fax", "send", "--db", db, "--to", "1", doc + "\n" + doc}, 1,
			strconv.Quote(doc+"\n"+doc) + " is refused: a file name holding a control character"},
		{"a folder", []string{"fax", "send", "--db", db, "--to", "1", dir}, 1, "is a folder, not a regular file"},
		{"bad number", []string{"fax", "send", "--db", db, "--to", "call me maybe please", doc}, 1, "--to"},
		{"unknown contact", []string{"fax", "send", "--db", db, "--to", "99999", doc}, 1, "contact 99999"},
		{"unknown patient", []string{"fax", "send", "--db", db, "--to", "1", "--patient", "X-9", doc}, 1, "chart number"},
		{"referral without reason", []string{"fax", "send", "--db", db, "--to", "1", "--kind", "referral", doc}, 1, "reason"},
		{"bad kind", []string{"fax", "send", "--db", db, "--to", "1", "--kind", "memo", doc}, 2, "--kind"},
		{"unknown subcommand", []string{"fax", "burn"}, 2, "unknown command"},
		{"bad status", []string{"fax", "list", "--db", db, "--status", "faild"}, 2, "--status must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.err) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errs, tt.code, tt.err)
			}
		})
	}
}

// An error names the path it is about once, whichever command meets it.
func TestErrorsNameThePathOnce(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fd.db")
	runCmd(t, "demo", "--db", db)
	missing := filepath.Join(dir, "nope.pdf")
	folder := filepath.Join(dir, "folder")
	os.Mkdir(folder, 0o700)
	for _, path := range []string{missing, folder} {
		for _, args := range [][]string{
			{"fax", "send", "--db", db, "--to", "4165550199", path},
			{"fax", "receive", "--db", db, "--from", "4165550199", path},
			{"import", "--db", db, path},
			{"message", "ingest", "--db", db, path},
		} {
			code, _, errs := runCmd(t, args...)
			if code != 1 || strings.Count(errs, path) != 1 {
				t.Errorf("%q: exit %d, stderr %q; want 1 and the path named once", args, code, errs)
			}
		}
	}
}

// The database's path too is named once, and a folder given as the
// database is said to be one.
func TestDatabaseErrorsNameThePathOnce(t *testing.T) {
	dir := t.TempDir()
	long := filepath.Join(dir, strings.Repeat("a", 300)+".db") // longer than a file name can be
	for _, args := range [][]string{{"demo", "--db", long}, {"export", "--db", long}, {"fax", "list", "--db", long}} {
		code, _, errs := runCmd(t, args...)
		if code != 1 || strings.Count(errs, long) != 1 {
			t.Errorf("%q: exit %d, stderr %q; want 1 and the path named once", args[0], code, errs)
		}
	}
	if code, _, errs := runCmd(t, "demo", "--db", dir); code != 1 || !strings.Contains(errs, dir+": it is a folder") {
		t.Errorf("demo into a folder: exit %d, stderr %q", code, errs)
	}
}
