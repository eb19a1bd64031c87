package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"frontdesk/document"
	"frontdesk/model"
)

// patientDocColumns are read by scanPatientDoc, in its order: the row's
// own, the original's format, size and name, its PDF's pages, and how many
// shares name it.
const patientDocColumns = `pd.id, pd.patient_id, pd.kind, pd.title, pd.date, pd.document_id, pd.pdf_id, IFNULL(pd.fax_id, 0),
	pd.added_by, pd.created_at, pd.updated_at, pd.archived_at IS NOT NULL, d.kind, d.size, d.name, p.pages,
	(SELECT count(*) FROM shares s WHERE s.patient_document_id = pd.id)
	FROM patient_documents pd JOIN documents d ON d.id = pd.document_id JOIN documents p ON p.id = pd.pdf_id`

func scanPatientDoc(row interface{ Scan(...any) error }) (model.PatientDocument, error) {
	var d model.PatientDocument
	var date, created, updated string
	err := row.Scan(&d.ID, &d.PatientID, &d.Kind, &d.Title, &date, &d.DocumentID, &d.PDFID, &d.FaxID,
		&d.AddedBy, &created, &updated, &d.Archived, &d.Format, &d.Size, &d.Name, &d.Pages, &d.Shares)
	if err != nil {
		return d, err
	}
	d.Date, _ = model.ParseDate(date, model.DayFirst, time.Now()) // written as YYYY-MM-DD: never ambiguous
	d.Created, _ = time.Parse(time.RFC3339Nano, created)
	d.Updated, _ = time.Parse(time.RFC3339Nano, updated)
	return d, nil
}

func getPatientDoc(ctx context.Context, tx *sql.Tx, id int64) (model.PatientDocument, error) {
	d, err := scanPatientDoc(tx.QueryRowContext(ctx, `SELECT `+patientDocColumns+` WHERE pd.id = ?`, id))
	if err != nil {
		return d, fmt.Errorf("patient document %d: %w", id, mapErr(err))
	}
	return d, nil
}

// cleanPatientDoc checks d's rules and that it names a patient.
func cleanPatientDoc(d model.PatientDocument) (model.PatientDocument, error) {
	d, ps := d.Clean()
	if err := ps.Err(); err != nil {
		return d, err
	}
	if d.PatientID == 0 {
		return d, errors.New("a patient's document needs its patient")
	}
	return d, nil
}

// checkPatient refuses a patient id the database does not know.
func checkPatient(ctx context.Context, tx *sql.Tx, id int64) error {
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT 1 FROM patients WHERE id = ?`, id).Scan(&one); err != nil {
		return fmt.Errorf("patient %d: %w", id, mapErr(err))
	}
	return nil
}

// mayWrite refuses at once, before any work, what the acting user may not
// do; the write transaction asks again.
func (s *Store) mayWrite(ctx context.Context, p model.Permission) error {
	return s.read(ctx, func(tx *sql.Tx) error { return authorize(ctx, tx, p) })
}

// AddPatientDocument adds original (a file's bytes, as document.ReadForChart
// gives them, or any model.Document holding Name and Data) to the chart of
// d.PatientID as d says (its kind, title and date). The original is kept
// in the document store (the same bytes once, whoever added them) and so
// is its PDF, converted here once (document.PDF), or found already made for
// the same bytes. Adding a letter, a lab result or an invoice needs the
// permission to edit those; any other kind, to edit patients. The result
// is the document as stored, with its pages (of its PDF), format, size
// and name.
func (s *Store) AddPatientDocument(ctx context.Context, d model.PatientDocument, original model.Document) (model.PatientDocument, error) {
	return s.addPatientDocument(ctx, d, original, nil)
}

// AddLetter adds a letter written in frontdesk (its PDF, as letter.PDF
// draws it) to the chart of d.PatientID: AddPatientDocument with the kind
// letter and the PDF as the original, named for the title.
func (s *Store) AddLetter(ctx context.Context, d model.PatientDocument, pdf []byte) (model.PatientDocument, error) {
	d.Kind = model.PDocLetter
	return s.AddPatientDocument(ctx, d, model.Document{Name: fileName(d.Title) + ".pdf", Data: pdf})
}

// fileName makes a title a file's name: no folder, no control characters.
func fileName(title string) string {
	n := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < ' ' || r == 0x7f {
			return '-'
		}
		return r
	}, strings.TrimSpace(title))
	if n == "" || n == "." || n == ".." {
		return "letter"
	}
	return n
}

// addPatientDocument adds d with its original; a received fax filed into
// the chart (d.FaxID set) passes fax, refused when the fax is filed into
// the chart already.
func (s *Store) addPatientDocument(ctx context.Context, d model.PatientDocument, original model.Document, fax *filing) (model.PatientDocument, error) {
	d, err := cleanPatientDoc(d)
	if err != nil {
		return d, err
	}
	if err := s.mayWrite(ctx, d.Kind.Permission()); err != nil {
		return d, err
	}
	orig, err := document.CheckForChart(original.Name, original.Data)
	if err != nil {
		return d, fmt.Errorf("%q %w", original.Name, err)
	}
	pdf, pdfID, err := s.pdfOf(ctx, orig)
	if err != nil {
		return d, err
	}
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, d.Kind.Permission()); err != nil {
			return err
		}
		if err := checkPatient(ctx, tx, d.PatientID); err != nil {
			return err
		}
		if fax != nil {
			if err := fax.check(ctx, tx, d.PatientID); err != nil {
				return err
			}
		}
		origID, err := putDocument(ctx, tx, orig)
		if err != nil {
			return err
		}
		if pdfID == 0 {
			if pdfID, err = putDocument(ctx, tx, pdf); err != nil {
				return err
			}
		}
		t := auditTime(ctx) // the change's time, as its audit entry's
		res, err := tx.ExecContext(ctx, `INSERT INTO patient_documents (patient_id, kind, title, date, document_id, pdf_id, fax_id,
			added_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.PatientID, d.Kind, d.Title, d.Date.String(), origID, pdfID, nullID(d.FaxID), Actor(ctx), t, t)
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if fax != nil {
			if err := fax.record(ctx, tx, d.PatientID, id); err != nil {
				return err
			}
		}
		if d, err = getPatientDoc(ctx, tx, id); err != nil {
			return err
		}
		return auditChange(ctx, tx, "add", "patient document", id,
			fmt.Sprintf("patient document added to patient %d: %s", d.PatientID, d.Kind.Label()), nil, patientDocFields(d))
	})
	return d, err
}

// pdfOf is the PDF of the checked document orig: the ID of the one made
// before for the same bytes, when there is one, else the PDF (orig itself
// when it is one, else its conversion, checked).
func (s *Store) pdfOf(ctx context.Context, orig model.Document) (model.Document, int64, error) {
	var id int64
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT pd.pdf_id FROM patient_documents pd JOIN documents d ON d.id = pd.document_id
			WHERE d.sha256 = ? ORDER BY pd.id LIMIT 1`, orig.SHA256).Scan(&id)
	})
	if err == nil {
		return model.Document{}, id, nil
	} else if !errors.Is(err, ErrNotFound) {
		return model.Document{}, 0, err
	}
	if orig.Kind == model.DocPDF {
		return orig, 0, nil
	}
	b, err := document.PDF(orig)
	if err != nil {
		return model.Document{}, 0, err
	}
	name := strings.TrimSuffix(orig.Name, filepath.Ext(orig.Name)) + ".pdf"
	pdf, err := document.Check(name, b)
	if err != nil {
		return model.Document{}, 0, fmt.Errorf("the PDF made of %q %w", orig.Name, err)
	}
	return pdf, 0, nil
}

// patientDocFields are what the audit log records of a patient's
// document.
func patientDocFields(d model.PatientDocument) model.Fields {
	var fs model.Fields
	fs.Add("patient_id", "Patient", fmt.Sprint(d.PatientID))
	fs.Add("kind", "Kind", d.Kind.Label())
	fs.Add("title", "Title", d.Title)
	fs.Add("date", "Date", d.Date.String())
	if d.FaxID != 0 {
		fs.Add("fax_id", "Fax", fmt.Sprint(d.FaxID))
	}
	if d.Archived {
		fs.Add("archived", "Archived", "yes")
	}
	return fs
}

// PatientDocuments lists the documents of a patient's chart, the newest
// (by their own date) first; archived ones too when archived is true.
func (s *Store) PatientDocuments(ctx context.Context, patientID int64, archived bool) ([]model.PatientDocument, error) {
	q := `SELECT ` + patientDocColumns + ` WHERE pd.patient_id = ?`
	if !archived {
		q += ` AND pd.archived_at IS NULL`
	}
	q += ` ORDER BY pd.date DESC, pd.id DESC`
	var out []model.PatientDocument
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, patientID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanPatientDoc(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

// GetPatientDocument returns one document of a chart; ErrNotFound when
// there is none of id.
func (s *Store) GetPatientDocument(ctx context.Context, id int64) (model.PatientDocument, error) {
	var d model.PatientDocument
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		d, err = getPatientDoc(ctx, tx, id)
		return err
	})
	return d, err
}

// PatientDocumentPDF reads the PDF of a patient's document, checked
// against its SHA-256 (ErrDamaged otherwise).
func (s *Store) PatientDocumentPDF(ctx context.Context, id int64) ([]byte, error) {
	d, err := s.GetPatientDocument(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.DocumentData(ctx, d.PDFID)
}

// OpenPatientDocumentPDF opens the PDF of a patient's document for
// reading, with its size: what a web server serves (http.ServeContent
// takes the io.ReadSeeker). modernc.org/sqlite offers no incremental blob
// I/O, so the bytes are read once, checked against their SHA-256, and read
// from memory; Close frees nothing but is there for a future reader that
// streams from the file.
func (s *Store) OpenPatientDocumentPDF(ctx context.Context, id int64) (io.ReadSeekCloser, int64, error) {
	b, err := s.PatientDocumentPDF(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	return nopCloser{bytes.NewReader(b)}, int64(len(b)), nil
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// changePatientDoc changes the document id in one transaction: change gets
// it as it is and returns it as it must be (with the error that refuses
// the change), what is done is audited as action.
func (s *Store) changePatientDoc(ctx context.Context, id int64, action string, change func(model.PatientDocument) (model.PatientDocument, error)) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		before, err := getPatientDoc(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := authorize(ctx, tx, before.Kind.Permission()); err != nil {
			return err
		}
		after, err := change(before)
		if err != nil {
			return err
		}
		if after.Kind != before.Kind {
			if err := authorize(ctx, tx, after.Kind.Permission()); err != nil {
				return err
			}
		}
		// Archived again, it keeps the time it was first archived.
		t := auditTime(ctx)
		if _, err := tx.ExecContext(ctx, `UPDATE patient_documents SET kind = ?, title = ?, date = ?, updated_at = ?,
			archived_at = CASE WHEN ? THEN COALESCE(archived_at, ?) ELSE NULL END WHERE id = ?`,
			after.Kind, after.Title, after.Date.String(), t, after.Archived, t, id); err != nil {
			return err
		}
		return auditChange(ctx, tx, action, "patient document", id, "", patientDocFields(before), patientDocFields(after))
	})
}

// RenamePatientDocument gives a patient's document another title.
func (s *Store) RenamePatientDocument(ctx context.Context, id int64, title string) error {
	return s.changePatientDoc(ctx, id, "rename", func(d model.PatientDocument) (model.PatientDocument, error) {
		d.Title = title
		d, ps := d.Clean()
		return d, ps.Err()
	})
}

// SetPatientDocumentKind files a patient's document as another kind; it
// takes the permission of both kinds (a lab result made a letter needs
// edit labs and edit letters).
func (s *Store) SetPatientDocumentKind(ctx context.Context, id int64, kind model.PatientDocKind) error {
	return s.changePatientDoc(ctx, id, "update", func(d model.PatientDocument) (model.PatientDocument, error) {
		d.Kind = kind
		d, ps := d.Clean()
		return d, ps.Err()
	})
}

// ArchivePatientDocument takes a patient's document off the chart
// (archived true) or puts it back. It is never deleted: a share or a fax
// may name it, and archiving one that is shared leaves its shares as they
// are.
func (s *Store) ArchivePatientDocument(ctx context.Context, id int64, archived bool) error {
	action := "archive"
	if !archived {
		action = "restore"
	}
	return s.changePatientDoc(ctx, id, action, func(d model.PatientDocument) (model.PatientDocument, error) {
		d.Archived = archived
		return d, nil
	})
}

// filing is a received fax being filed into a chart.
type filing struct{ faxID int64 }

// check refuses a fax filed into the chart of patientID already.
func (f *filing) check(ctx context.Context, tx *sql.Tx, patientID int64) error {
	var id int64
	var title string
	err := tx.QueryRowContext(ctx, `SELECT id, title FROM patient_documents WHERE fax_id = ? AND patient_id = ? ORDER BY id LIMIT 1`,
		f.faxID, patientID).Scan(&id, &title)
	if err == nil {
		return fmt.Errorf("fax %d is filed in this chart already, as %q (document %d)", f.faxID, title, id)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return nil
}

// record makes the fax name its patient when it named none, and audits
// the filing.
func (f *filing) record(ctx context.Context, tx *sql.Tx, patientID, docID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE faxes SET patient_id = ?, updated_at = ? WHERE id = ? AND patient_id IS NULL`,
		patientID, now(), f.faxID); err != nil {
		return err
	}
	return audit(ctx, tx, "file", "fax", f.faxID, fmt.Sprintf("filed in the chart of patient %d as document %d", patientID, docID))
}

// FileReceivedFax files a received fax into the chart of patientID as one
// document of kind (its documents joined into one PDF when it came as
// several), titled title ("Fax from …" when empty) and dated the day it
// came. The fax stays in the history; it names the patient from now on
// when it named none. A fax filed into the same chart twice is refused
// with the reason; into another patient's chart, it is filed there too.
func (s *Store) FileReceivedFax(ctx context.Context, faxID, patientID int64, kind model.PatientDocKind, title string) (model.PatientDocument, error) {
	var f model.Fax
	var filed int64 // the original of an earlier filing of the fax, into another chart
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if f, err = scanFax(tx.QueryRowContext(ctx, `SELECT `+faxColumns+` FROM faxes WHERE id = ?`, faxID)); err != nil {
			return fmt.Errorf("fax %d: %w", faxID, mapErr(err))
		}
		if f.Documents, err = faxDocuments(ctx, tx, faxID); err != nil {
			return err
		}
		if err := (&filing{faxID}).check(ctx, tx, patientID); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT document_id FROM patient_documents WHERE fax_id = ? ORDER BY id LIMIT 1`, faxID).Scan(&filed)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		return model.PatientDocument{}, err
	}
	if f.Direction != model.Incoming {
		return model.PatientDocument{}, fmt.Errorf("fax %d was sent, not received: only a received fax is filed into a chart", faxID)
	}
	if len(f.Documents) == 0 {
		return model.PatientDocument{}, fmt.Errorf("fax %d was received before frontdesk kept documents: there is nothing to file", faxID)
	}
	if strings.TrimSpace(title) == "" {
		from := f.Name
		if from == "" {
			from = f.Number
		}
		if from == "" {
			from = "an unknown number"
		}
		title = "Fax from " + from
	}
	d := model.PatientDocument{PatientID: patientID, Kind: kind, Title: title, Date: model.DateOf(f.Created.Local()), FaxID: faxID}
	if _, ps := d.Clean(); ps.Err() != nil {
		return d, ps.Err()
	}
	if err := s.mayWrite(ctx, kind.Permission()); err != nil {
		return d, err
	}
	if err := s.LoadDocuments(ctx, f.Documents); err != nil {
		return d, err
	}
	original := f.Documents[0]
	switch {
	case filed != 0 && len(f.Documents) > 1:
		// The same joined PDF as before, kept once (joining again would
		// make other bytes of the same pages).
		b, err := s.DocumentData(ctx, filed)
		if err != nil {
			return d, err
		}
		original = model.Document{Name: fmt.Sprintf("fax-%d.pdf", faxID), Data: b}
	case len(f.Documents) > 1:
		pdfs := make([][]byte, len(f.Documents))
		for i, doc := range f.Documents {
			if pdfs[i], err = document.PDF(doc); err != nil {
				return d, err
			}
		}
		b, err := document.Merge(pdfs)
		if err != nil {
			return d, fmt.Errorf("fax %d: %w", faxID, err)
		}
		original = model.Document{Name: fmt.Sprintf("fax-%d.pdf", faxID), Data: b}
	}
	return s.addPatientDocument(ctx, d, original, &filing{faxID})
}
