package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"frontdesk/document"
	"frontdesk/document/documenttest"
	lettering "frontdesk/letter"
	"frontdesk/model"
	"frontdesk/store"
)

func labResult(patientID int64, title string) model.PatientDocument {
	return model.PatientDocument{PatientID: patientID, Kind: model.PDocLab, Title: title, Date: model.Date{Year: 2026, Month: 3, Day: 7}}
}

// A file added to a chart is kept as it was and as a PDF; the list, the
// record and the PDF say what it is; the same file added again is kept
// once; every addition is audited and wakes the watchers.
func TestAddPatientDocument(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	p, err := s.CreatePatient(c, patient("A-100"))
	if err != nil {
		t.Fatal(err)
	}
	var commits atomic.Int32
	defer s.OnCommit(func() { commits.Add(1) })()
	photo := documenttest.PNG(300, 200)
	d, err := s.AddPatientDocument(c, labResult(p.ID, "  Blood count "), model.Document{Name: "scan.png", Data: photo})
	if err != nil {
		t.Fatal(err)
	}
	if d.ID == 0 || d.Title != "Blood count" || d.Kind != model.PDocLab || d.Pages != 1 || d.Format != model.DocPNG ||
		d.Size != int64(len(photo)) || d.Name != "scan.png" || d.AddedBy != "tester" || d.DocumentID == d.PDFID || d.Archived {
		t.Errorf("added: %+v", d)
	}
	if commits.Load() == 0 {
		t.Error("no commit hook ran")
	}
	if b, err := s.DocumentData(c, d.DocumentID); err != nil || !bytes.Equal(b, photo) {
		t.Errorf("the original is not kept as it was: %v", err)
	}
	pdf, err := s.PatientDocumentPDF(c, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := document.Check("x.pdf", pdf); err != nil || got.Kind != model.DocPDF || got.Pages != 1 {
		t.Errorf("its PDF: %+v %v", got, err)
	}
	r, size, err := s.OpenPatientDocumentPDF(c, d.ID)
	if err != nil || size != int64(len(pdf)) {
		t.Fatalf("opened: %d bytes, %v", size, err)
	}
	r.Seek(5, io.SeekStart)
	rest, _ := io.ReadAll(r)
	r.Close()
	if !bytes.Equal(rest, pdf[5:]) {
		t.Error("the opened PDF reads other bytes")
	}
	docs := count(t, s.Path(), `SELECT count(*) FROM documents`)
	// A PDF is its own PDF; a text is converted; the same scan again is
	// the same two documents.
	letter := documenttest.PDF(3, "letter")
	if _, err := s.AddPatientDocument(c, model.PatientDocument{PatientID: p.ID, Kind: model.PDocDocument, Title: "Referral",
		Date: model.Date{Year: 2026, Month: 1, Day: 2}}, model.Document{Name: "ref.pdf", Data: letter}); err != nil {
		t.Fatal(err)
	}
	again, err := s.AddPatientDocument(c, labResult(p.ID, "Blood count, again"), model.Document{Name: "other.png", Data: photo})
	if err != nil {
		t.Fatal(err)
	}
	if again.DocumentID != d.DocumentID || again.PDFID != d.PDFID {
		t.Errorf("the same scan is other documents: %+v, first %+v", again, d)
	}
	if n := count(t, s.Path(), `SELECT count(*) FROM documents`); n != docs+1 {
		t.Errorf("%d documents, want %d: the same file was kept twice", n, docs+1)
	}
	list, err := s.PatientDocuments(c, p.ID, false)
	if err != nil || len(list) != 3 {
		t.Fatalf("list: %+v %v", list, err)
	}
	if list[0].Title != "Blood count, again" || list[1].Title != "Blood count" || list[2].Title != "Referral" || list[2].Pages != 3 ||
		list[2].DocumentID != list[2].PDFID || list[2].Format != model.DocPDF {
		t.Errorf("not the newest date first, or not filled: %+v", list)
	}
	if got, err := s.GetPatientDocument(c, d.ID); err != nil || got.Title != "Blood count" || got.Pages != 1 {
		t.Errorf("get: %+v %v", got, err)
	}
	if _, err := s.GetPatientDocument(c, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a document that is not: %v", err)
	}
	log, err := s.AuditLog(c, store.AuditFilter{Record: "patient document " + itoa(d.ID)})
	if err != nil || len(log) != 1 || log[0].Action != "add" || !strings.Contains(log[0].Detail, "patient document added") ||
		!strings.Contains(text(log[0].After), "Blood count") {
		t.Errorf("audit: %+v %v", log, err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// text is the values of fs, for a test to look into.
func text(fs model.Fields) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Key + "=" + f.Value + ";")
	}
	return b.String()
}

// What is not a patient's document is refused with the reason, before
// anything is kept.
func TestAddPatientDocumentRefuses(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	p, err := s.CreatePatient(c, patient("A-100"))
	if err != nil {
		t.Fatal(err)
	}
	file := model.Document{Name: "a.txt", Data: []byte("results\n")}
	tests := []struct {
		name string
		doc  model.PatientDocument
		file model.Document
		want string
	}{
		{"no title", model.PatientDocument{PatientID: p.ID, Kind: model.PDocLab, Date: model.Date{Year: 2026, Month: 1, Day: 1}}, file, "title is required"},
		{"an unknown kind", model.PatientDocument{PatientID: p.ID, Kind: "memo", Title: "x", Date: model.Date{Year: 2026, Month: 1, Day: 1}}, file, `kind "memo" is not a kind of document`},
		{"no date", model.PatientDocument{PatientID: p.ID, Kind: model.PDocLab, Title: "x"}, file, "date is required"},
		{"no patient", labResult(0, "x"), file, "needs its patient"},
		{"an unknown patient", labResult(999, "x"), file, "patient 999: not found"},
		{"an empty file", labResult(p.ID, "x"), model.Document{Name: "a.pdf"}, `"a.pdf" is empty`},
		{"junk behind a PNG's header", labResult(p.ID, "x"), model.Document{Name: "a.png", Data: []byte("\x89PNG\r\n\x1a\njunk")}, `"a.png" starts as a PNG but does not decode`},
		{"a Word file", labResult(p.ID, "x"), model.Document{Name: "a.docx", Data: []byte("PK\x03\x04\x14\x00\x06\x00")}, "is application/zip, not a PDF, a TIFF, a PNG, a JPEG or a plain text file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.AddPatientDocument(c, tt.doc, tt.file); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	if n := count(t, s.Path(), `SELECT count(*) FROM patient_documents`) + count(t, s.Path(), `SELECT count(*) FROM documents`); n != 0 {
		t.Errorf("%d rows kept of refused documents", n)
	}
}

// Each kind takes the permission of those who write it: a letter edit
// letters, a lab result edit labs, an invoice edit invoices, any other
// edit patients. A refusal names the permission and the roles that have
// it.
func TestPatientDocumentPermissions(t *testing.T) {
	c := newClinic(t)
	ruiz := store.WithActor(t.Context(), "ruiz") // clinician
	file := model.Document{Name: "a.txt", Data: []byte("results\n")}
	tests := []struct {
		by   context.Context
		who  string
		kind model.PatientDocKind
		want string // "" when allowed
	}{
		{c.desk, "amy", model.PDocDocument, ""},
		{c.desk, "amy", model.PDocPrescription, ""},
		{c.desk, "amy", model.PDocLetter, "amy may not edit letters"},
		{c.desk, "amy", model.PDocLab, "amy may not edit labs"},
		{c.desk, "amy", model.PDocInvoice, "amy may not edit invoices"},
		{ruiz, "ruiz", model.PDocLetter, ""},
		{ruiz, "ruiz", model.PDocLab, ""},
		{ruiz, "ruiz", model.PDocInvoice, "ruiz may not edit invoices: that takes the role"},
		{c.admin, "root", model.PDocInvoice, ""},
	}
	for _, tt := range tests {
		t.Run(tt.who+" "+string(tt.kind), func(t *testing.T) {
			d := model.PatientDocument{PatientID: c.zoe.ID, Kind: tt.kind, Title: "x", Date: model.Date{Year: 2026, Month: 1, Day: 1}}
			got, err := c.s.AddPatientDocument(tt.by, d, file)
			if tt.want == "" {
				if err != nil || got.AddedBy != tt.who {
					t.Errorf("refused: %v", err)
				}
				return
			}
			var denied *model.DeniedError
			if !errors.As(err, &denied) || denied.Permission != tt.kind.Permission() || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	// Made another kind, a document takes both kinds' permissions.
	lab, err := c.s.AddPatientDocument(ruiz, labResult(c.zoe.ID, "CBC"), file)
	if err != nil {
		t.Fatal(err)
	}
	var denied *model.DeniedError
	if err := c.s.SetPatientDocumentKind(ruiz, lab.ID, model.PDocInvoice); !errors.As(err, &denied) || denied.Permission != model.PermInvoices {
		t.Errorf("a clinician made a lab result an invoice: %v", err)
	}
	if err := c.s.RenamePatientDocument(c.desk, lab.ID, "Blood"); !errors.As(err, &denied) || denied.Permission != model.PermLabs {
		t.Errorf("front desk renamed a lab result: %v", err)
	}
	if err := c.s.ArchivePatientDocument(c.desk, lab.ID, true); !errors.As(err, &denied) {
		t.Errorf("front desk archived a lab result: %v", err)
	}
}

// Renaming, filing as another kind and archiving change the record (each
// audited with before and after); archiving hides a document from the
// chart, even a shared one, and restoring shows it again.
func TestChangePatientDocument(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	p, err := s.CreatePatient(c, patient("A-100"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.AddPatientDocument(c, labResult(p.ID, "CBC"), model.Document{Name: "a.txt", Data: []byte("results\n")})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RenamePatientDocument(c, d.ID, "  Blood count "); err != nil {
		t.Fatal(err)
	}
	if err := s.RenamePatientDocument(c, d.ID, " "); err == nil || !strings.Contains(err.Error(), "title is required") {
		t.Errorf("renamed to nothing: %v", err)
	}
	if err := s.SetPatientDocumentKind(c, d.ID, model.PDocDocument); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPatientDocumentKind(c, d.ID, "memo"); err == nil {
		t.Error("made a kind that is not")
	}
	if err := s.RenamePatientDocument(c, 999, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("renamed a document that is not: %v", err)
	}
	got, _ := s.GetPatientDocument(c, d.ID)
	if got.Title != "Blood count" || got.Kind != model.PDocDocument || !got.Updated.After(d.Created.Add(-time.Second)) {
		t.Errorf("changed: %+v", got)
	}
	share(t, s.Path(), d.ID)
	if err := s.ArchivePatientDocument(c, d.ID, true); err != nil {
		t.Fatalf("a shared document cannot be archived: %v", err)
	}
	if list, _ := s.PatientDocuments(c, p.ID, false); len(list) != 0 {
		t.Errorf("archived but on the chart: %+v", list)
	}
	all, _ := s.PatientDocuments(c, p.ID, true)
	if len(all) != 1 || !all[0].Archived || all[0].Shares != 1 {
		t.Errorf("with the archived: %+v", all)
	}
	if err := s.ArchivePatientDocument(c, d.ID, false); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.PatientDocuments(c, p.ID, false); len(list) != 1 || list[0].Archived {
		t.Errorf("restored: %+v", list)
	}
	log, _ := s.AuditLog(c, store.AuditFilter{Record: "patient document " + itoa(d.ID)})
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "restore archive update rename add" {
		t.Errorf("audited: %v", actions)
	}
	if text(log[3].Before) == text(log[3].After) || !strings.Contains(text(log[3].After), "Blood count") {
		t.Errorf("the rename's fields: %v -> %v", log[3].Before, log[3].After)
	}
}

// share records a share of the patient document id, as the portal will.
func share(t *testing.T, path string, id int64) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO shares (patient_document_id, name, email, level, state, shared_by, created_at, updated_at)
		VALUES (?, 'Dr Lee', 'lee@example.org', 'link', 'sent', 'tester', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`, id); err != nil {
		t.Fatal(err)
	}
}

// A received fax filed into a chart becomes one document (its documents
// joined), dated the day it came; the fax stays in the history and names
// the patient; filed twice into the same chart it is refused.
func TestFileReceivedFax(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	zoe, err := s.CreatePatient(c, patient("A-100"))
	if err != nil {
		t.Fatal(err)
	}
	max, err := s.CreatePatient(c, patient("A-200"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 5, 4, 15, 0, 0, 0, time.Local)
	f, err := s.ReceiveFax(c, "+14165550101", 0, []model.Document{
		{Name: "fax.pdf", Data: documenttest.PDF(2, "in")}, {Name: "fax.tif", Data: documenttest.TIFF(3)}}, at)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.FileReceivedFax(c, f.ID, zoe.ID, model.PDocLab, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Pages != 5 || d.FaxID != f.ID || d.Title != "Fax from +14165550101" || d.Date != (model.Date{Year: 2026, Month: 5, Day: 4}) ||
		d.Format != model.DocPDF {
		t.Errorf("filed: %+v", d)
	}
	got, _, err := s.GetFax(c, f.ID)
	if err != nil || got.PatientID != zoe.ID || len(got.Documents) != 2 || got.Documents[0].ID != f.Documents[0].ID {
		t.Errorf("the fax after filing: %+v %v", got, err)
	}
	if _, err := s.FileReceivedFax(c, f.ID, zoe.ID, model.PDocDocument, "again"); err == nil ||
		!strings.Contains(err.Error(), `fax 1 is filed in this chart already, as "Fax from +14165550101"`) {
		t.Errorf("filed twice: %v", err)
	}
	// Into another chart (a fax about two patients), it is filed there
	// too; the fax keeps naming the first.
	forMax, err := s.FileReceivedFax(c, f.ID, max.ID, model.PDocDocument, "For Max")
	if err != nil {
		t.Fatal(err)
	}
	if forMax.DocumentID != d.DocumentID || forMax.PDFID != d.PDFID || forMax.PatientID != max.ID {
		t.Errorf("filed again, the fax's joined PDF is kept twice: %+v, first %+v", forMax, d)
	}
	if got, _, _ := s.GetFax(c, f.ID); got.PatientID != zoe.ID {
		t.Errorf("the fax now names patient %d", got.PatientID)
	}
	one, err := s.ReceiveFax(c, "", 0, []model.Document{{Name: "one.tif", Data: documenttest.TIFF(2)}}, at)
	if err != nil {
		t.Fatal(err)
	}
	d1, err := s.FileReceivedFax(c, one.ID, zoe.ID, model.PDocDocument, "Scan")
	if err != nil || d1.DocumentID != one.Documents[0].ID || d1.Format != model.DocTIFF || d1.Pages != 2 {
		t.Errorf("a fax of one document is filed as it is: %+v %v", d1, err)
	}
	out, err := s.QueueFax(c, model.Fax{Kind: model.KindFax, Number: "+14165550101", Documents: []model.Document{{Name: "a.txt", Data: []byte("x\n")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.FileReceivedFax(c, out.ID, zoe.ID, model.PDocDocument, "x"); err == nil || !strings.Contains(err.Error(), "was sent, not received") {
		t.Errorf("a sent fax filed: %v", err)
	}
	if _, err := s.FileReceivedFax(c, 999, zoe.ID, model.PDocDocument, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a fax that is not: %v", err)
	}
	log, _ := s.AuditLog(c, store.AuditFilter{Record: "fax " + itoa(f.ID)})
	if len(log) == 0 || log[0].Action != "file" {
		t.Errorf("the filing is not audited: %+v", log)
	}
}

// A letter written in frontdesk is a letter whose original is its PDF.
func TestAddLetter(t *testing.T) {
	s := open(t, "")
	c := ctx(t)
	p, err := s.CreatePatient(c, patient("A-100"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.AddLetter(c, model.PatientDocument{PatientID: p.ID, Kind: model.PDocLab, Title: "To Dr Lee / referral",
		Date: model.Date{Year: 2026, Month: 2, Day: 3}}, documenttest.PDF(2, "letter"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != model.PDocLetter || d.DocumentID != d.PDFID || d.Pages != 2 || d.Name != "To Dr Lee - referral.pdf" {
		t.Errorf("letter: %+v", d)
	}
	// As the letter package draws it.
	b, err := lettering.PDF(lettering.Letter{ClinicName: "Lakeside Clinic", Date: time.Now(), To: "Dr Lee", Patient: "Zoë Ouellet",
		Body: "Дорогой коллега,\n\nplease see Zoë.", Author: "Dr. Ana Ruiz"})
	if err != nil {
		t.Fatal(err)
	}
	written, err := s.AddLetter(c, model.PatientDocument{PatientID: p.ID, Title: "Referral", Date: model.Date{Year: 2026, Month: 2, Day: 4}}, b)
	if err != nil || written.Pages != 1 || written.Format != model.DocPDF {
		t.Fatalf("a written letter: %+v %v", written, err)
	}
	if got, err := s.PatientDocumentPDF(c, written.ID); err != nil || !bytes.Equal(got, b) {
		t.Errorf("the letter's PDF is not what was drawn: %v", err)
	}
}

// A database of before patients' documents (migrated up to 0018) with a
// received fax keeps the fax's documents, under the same ids, once the
// documents table is rebuilt to take images; they can then be filed.
func TestMigrationKeepsFaxDocuments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s := open(t, path)
	c := ctx(t)
	f, err := s.ReceiveFax(c, "+14165550101", 0, []model.Document{
		{Name: "a.pdf", Data: documenttest.PDF(2, "a")}, {Name: "b.tif", Data: documenttest.TIFF(1)}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.CreatePatient(c, patient("A-100"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	// Back to the schema of 0018: no shares, no patients' documents, the
	// documents table as 0013 made it.
	for _, q := range []string{
		`DROP TABLE share_sessions`, `DROP TABLE share_codes`, `DROP TABLE share_links`, `DROP TABLE shares`,
		`DROP TABLE patient_documents`,
		`CREATE TABLE documents_old (
			id         INTEGER PRIMARY KEY AUTOINCREMENT,
			sha256     TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
			kind       TEXT    NOT NULL CHECK (kind IN ('pdf', 'tiff', 'text')),
			pages      INTEGER NOT NULL CHECK (pages >= 1),
			size       INTEGER NOT NULL CHECK (size = length(data)),
			name       TEXT    NOT NULL DEFAULT '',
			data       BLOB    NOT NULL,
			created_at TEXT    NOT NULL)`,
		`INSERT INTO documents_old SELECT * FROM documents`,
		`DROP TABLE documents`, `ALTER TABLE documents_old RENAME TO documents`,
		`DELETE FROM schema_migrations WHERE version IN (19, 20)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()
	s = open(t, path)
	got, _, err := s.GetFax(c, f.ID)
	if err != nil || len(got.Documents) != 2 {
		t.Fatalf("the fax after the migration: %+v %v", got, err)
	}
	for i, d := range got.Documents {
		if d.ID != f.Documents[i].ID || d.SHA256 != f.Documents[i].SHA256 || d.Name != f.Documents[i].Name {
			t.Errorf("document %d: %+v, was %+v", i, d, f.Documents[i])
		}
		if b, err := s.DocumentData(c, d.ID); err != nil || document.Hash(b) != d.SHA256 {
			t.Errorf("document %d's bytes: %v", i, err)
		}
	}
	if n := count(t, path, `SELECT count(*) FROM schema_migrations WHERE version IN (19, 20)`); n != 2 {
		t.Errorf("%d of the migrations recorded", n)
	}
	if _, err := s.FileReceivedFax(c, f.ID, p.ID, model.PDocLab, "Results"); err != nil {
		t.Errorf("filing the old fax: %v", err)
	}
	if _, err := s.AddPatientDocument(c, labResult(p.ID, "Photo"), model.Document{Name: "p.jpg", Data: documenttest.JPEG(20, 10)}); err != nil {
		t.Errorf("an image after the migration: %v", err)
	}
}

// A document added is dated by the change's clock, as its audit entry:
// a time moved in tests and demos moves it too.
func TestPatientDocumentTimeIsTheChanges(t *testing.T) {
	s := open(t, "")
	when := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	c := store.WithClock(ctx(t), func() time.Time { return when })
	p, err := s.CreatePatient(c, patient("A-100"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.AddPatientDocument(c, labResult(p.ID, "Blood count"), model.Document{Name: "cbc.txt", Data: []byte("CBC\n")})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.GetPatientDocument(c, d.ID); err != nil || !got.Created.Equal(when) {
		t.Errorf("added at %v, want %v (%v)", got.Created, when, err)
	}
}
