package store_test

import (
	"bytes"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/document/documenttest"
	"frontdesk/model"
	"frontdesk/store"
)

// count runs a count(*) query on the database at path, beside the store.
func count(t *testing.T, path, query string) int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The same bytes are kept once, however many faxes carry them (under
// their own names); each fax keeps its documents in order.
func TestDocumentsAreKeptOnce(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	pdf := documenttest.PDF(2, "results")
	a, err := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: "+14165550101",
		Documents: []model.Document{{Name: "results.pdf", Data: pdf}, {Name: "again.pdf", Data: pdf}}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: "+14165550102",
		Documents: []model.Document{{Name: "note.txt", Data: []byte("Call us.\n")}, {Name: "copy.pdf", Data: pdf}}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Pages != 4 || b.Pages != 3 {
		t.Errorf("pages %d and %d, want 4 and 3", a.Pages, b.Pages)
	}
	if n := count(t, s.Path(), `SELECT count(*) FROM documents`); n != 2 {
		t.Errorf("%d documents kept, want 2 (one PDF, one text)", n)
	}
	got, _, err := s.GetFax(c, b.ID)
	if err != nil || len(got.Documents) != 2 {
		t.Fatalf("fax %d: %+v %v", b.ID, got.Documents, err)
	}
	txt, copied := got.Documents[0], got.Documents[1]
	if txt.Name != "note.txt" || txt.Kind != model.DocText || txt.Size != 9 || txt.Pages != 1 || len(txt.SHA256) != 64 {
		t.Errorf("the text: %+v", txt)
	}
	if copied.Name != "copy.pdf" || copied.ID != a.Documents[0].ID || copied.Kind != model.DocPDF || copied.Pages != 2 {
		t.Errorf("the PDF under its second name: %+v (first kept as %+v)", copied, a.Documents[0])
	}
	if data, err := s.DocumentData(c, copied.ID); err != nil || !bytes.Equal(data, pdf) {
		t.Errorf("the bytes kept: %v", err)
	}
	// Bytes that are no document are refused, and nothing is queued.
	if _, err := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: "+14165550103",
		Documents: []model.Document{{Name: "photo.pdf", Data: []byte{0xff, 0xd8, 0xff, 0}}}}); err == nil ||
		!strings.Contains(err.Error(), `"photo.pdf" is image/jpeg`) {
		t.Errorf("a JPEG queued: %v", err)
	}
	if n := count(t, s.Path(), `SELECT count(*) FROM faxes`); n != 2 {
		t.Errorf("%d faxes", n)
	}
}

// A received fax's document is kept in the same store.
func TestReceivedFaxIsStored(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	tif := documenttest.TIFF(1)
	f, err := s.ReceiveFax(c, "+14165550101", 0, []model.Document{{Name: "scan.tif", Data: tif}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := s.GetFax(c, f.ID)
	if err != nil || got.Pages != 1 || len(got.Documents) != 1 || got.Documents[0].Kind != model.DocTIFF {
		t.Fatalf("received: %+v %v", got, err)
	}
	if data, err := s.DocumentData(c, got.Documents[0].ID); err != nil || !bytes.Equal(data, tif) {
		t.Errorf("the scan kept: %v", err)
	}
}

// A database from before the document store: its faxes keep their paths
// for the history; one not sent yet fails with what to do instead of
// being sent from files that may have changed, and cannot be retried.
func TestMigrationKeepsOldFaxesByPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s := open(t, path)
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	// Back to the schema before the store, with two faxes of then.
	for _, q := range []string{
		`DROP TABLE fax_documents`, `DROP TABLE documents`, `DELETE FROM schema_migrations WHERE version = 13`,
		`INSERT INTO faxes (direction, kind, status, number, documents, created_at, updated_at)
			VALUES ('out', 'fax', 'queued', '+14165550101', '/home/desk/a.pdf', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
		`INSERT INTO faxes (direction, kind, status, number, documents, created_at, updated_at)
			VALUES ('out', 'fax', 'sent', '+14165550101', '/home/desk/covers/c.pdf' || char(10) || '/home/desk/b.pdf', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()
	s = open(t, path)
	c := ctx(t)
	queued, _, err := s.GetFax(c, 1)
	if err != nil || queued.Status != model.StatusFailed || !strings.Contains(queued.Reason, "send it again as a new fax") ||
		len(queued.Paths) != 1 || len(queued.Documents) != 0 {
		t.Errorf("the fax not sent yet: %+v %v", queued, err)
	}
	if err := s.RetryFax(c, 1); err == nil || !strings.Contains(err.Error(), "send it again as a new fax") {
		t.Errorf("a fax without stored documents retried: %v", err)
	}
	sent, _, err := s.GetFax(c, 2)
	if err != nil || sent.Status != model.StatusSent || len(sent.Paths) != 2 || sent.Paths[1] != "/home/desk/b.pdf" {
		t.Errorf("the fax sent: %+v %v", sent, err)
	}
	if _, ok, err := s.ClaimFax(c, time.Minute); ok || err != nil {
		t.Errorf("an old fax was claimed to be sent: %v", err)
	}
}

// A document whose bytes were changed behind frontdesk's back is never
// read as if it were whole.
func TestDamagedDocumentIsRefused(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	f, err := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: "+14165550101",
		Documents: []model.Document{{Name: "a.txt", Data: []byte("Patient A\n")}}})
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE documents SET data = ? WHERE id = ?`, []byte("Patient B\n"), f.Documents[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DocumentData(c, f.Documents[0].ID); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("damaged bytes read: %v", err)
	}
}
