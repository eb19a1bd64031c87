package transport

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/document/documenttest"
	"frontdesk/model"
	"frontdesk/store"
)

// Faxes dropped into the inbox are taken into the history, matched to a
// contact by the sidecar's number, and kept in received/; a file that is no
// fax, or whose sidecar is broken, goes to rejected/ with the reason; a
// file still being written waits.
func TestInboxTakesFaxesIn(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), filepath.Join(dir, "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "inbox")
	lab, err := st.CreateContact(ctx, model.Contact{Kind: model.Group, GroupName: "LifeLabs", Fax: "+14165550101",
		Entities: []model.Entity{{Name: "Intake"}}})
	if err != nil {
		t.Fatal(err)
	}
	spool := filepath.Join(dir, "spool")
	inbox := filepath.Join(spool, "inbox")
	os.MkdirAll(inbox, 0o755)
	drop := func(name, body string) {
		t.Helper()
		// As a gateway running under another umask may write it.
		if err := os.WriteFile(filepath.Join(inbox, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(inbox, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	drop("a-results.json", `{"from": "(416) 555-0101", "time": "2026-11-20T14:30:00Z", "pages": 3}`)
	results := documenttest.PDF(3, "results")
	drop("a-results.pdf", string(results))
	drop("b-unknown.tif", string(documenttest.TIFF(1)))
	drop("c-notes.txt", "a letter, not a fax")
	drop("d-broken.pdf", string(documenttest.PDF(1, "broken sidecar")))
	drop("d-broken.json", `{"from": `)

	in := Inbox{Dir: spool, Region: "US"}
	got, rejected, err := in.Collect(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("took in %d faxes, want 2: %+v", len(got), got)
	}
	a, b := got[0], got[1]
	if a.ContactID != lab.ID || a.Number != "+14165550101" || a.Pages != 3 ||
		!a.Created.Equal(time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC)) {
		t.Errorf("the fax with a sidecar: %+v", a)
	}
	if b.ContactID != 0 || b.Number != "" || b.Pages != 1 {
		t.Errorf("the fax without a sidecar: %+v", b)
	}
	saved, _, err := st.GetFax(ctx, a.ID)
	if err != nil || saved.Direction != model.Incoming || saved.Status != model.StatusReceived || len(saved.Documents) != 1 {
		t.Fatalf("recorded: %+v %v", saved, err)
	}
	// Kept in the document store, as it came.
	doc := saved.Documents[0]
	if body, err := st.DocumentData(ctx, doc.ID); err != nil || !bytes.Equal(body, results) ||
		doc.Name != "a-results.pdf" || doc.Kind != model.DocPDF || doc.Pages != 3 || doc.Size != int64(len(results)) {
		t.Errorf("the document is not kept in the store: %+v %v", doc, err)
	}
	if kept, _ := filepath.Glob(filepath.Join(spool, "received", "*-a-results.pdf")); len(kept) != 1 {
		t.Errorf("the gateway's file is not kept in received/: %v", kept)
	}
	// What is kept is a patient's: the owner's alone, whoever wrote it.
	for _, pattern := range []string{"received", "rejected", "received/*", "rejected/*"} {
		paths, _ := filepath.Glob(filepath.Join(spool, pattern))
		for _, p := range paths {
			fi, err := os.Stat(p)
			if want := os.FileMode(0o600); err == nil && fi.IsDir() {
				want = 0o700
				if fi.Mode().Perm() != want {
					t.Errorf("%s is %v, want %v", p, fi.Mode().Perm(), want)
				}
			} else if err != nil || fi.Mode().Perm() != want {
				t.Errorf("%s is %v (%v), want %v", p, fi.Mode(), err, want)
			}
		}
	}
	if len(rejected) != 2 || !strings.Contains(rejected[0].Reason, "not a PDF or a TIFF") ||
		!strings.Contains(rejected[1].Reason, "d-broken.json cannot be read") {
		t.Fatalf("rejected: %v", rejected)
	}
	for _, r := range rejected {
		if _, err := os.Stat(r.File); err != nil {
			t.Errorf("a rejected file was lost: %v", err)
		}
		if why, _ := os.ReadFile(r.File + ".reason.txt"); !strings.Contains(string(why), r.Reason) {
			t.Errorf("%s: reason file says %q", r.File, why)
		}
	}
	if left, _ := os.ReadDir(inbox); len(left) != 0 {
		t.Errorf("left in the inbox: %v", left)
	}

	in.Settle = time.Hour
	drop("e-writing.pdf", "%PDF-1.4 half")
	if got, rejected, err := in.Collect(ctx, st); err != nil || len(got)+len(rejected) != 0 {
		t.Errorf("a file still being written was taken: %v %v %v", got, rejected, err)
	}
}
