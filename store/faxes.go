package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"frontdesk/model"
)

// faxColumns are read by scanFax, in its order.
const faxColumns = `id, direction, kind, status, reason, number, name, IFNULL(contact_id, 0), IFNULL(entity_id, 0),
	IFNULL(patient_id, 0), note, referral_reason, referral_specialty, pages, documents, attempts, created_at, updated_at`

func scanFax(row interface{ Scan(...any) error }) (model.Fax, error) {
	var f model.Fax
	var docs, created, updated string
	err := row.Scan(&f.ID, &f.Direction, &f.Kind, &f.Status, &f.Reason, &f.Number, &f.Name, &f.ContactID, &f.EntityID,
		&f.PatientID, &f.Note, &f.Referral.Reason, &f.Referral.Specialty, &f.Pages, &docs, &f.Attempts, &created, &updated)
	if err != nil {
		return f, err
	}
	if docs != "" { // recorded before the document store: paths only
		f.Paths = strings.Split(docs, "\n")
	}
	f.Created, _ = time.Parse(time.RFC3339Nano, created)
	f.Updated, _ = time.Parse(time.RFC3339Nano, updated)
	return f, nil
}

func faxEvent(ctx context.Context, tx *sql.Tx, id int64, status model.FaxStatus, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO fax_events (fax_id, at, status, detail) VALUES (?, ?, ?, ?)`, id, now(), status, detail)
	return err
}

// QueueFax validates an outgoing fax and puts it in the outbox, its
// documents (their bytes read, as document.ReadFile gives them) kept in the
// document store in the same transaction: what is sent is what was queued,
// whatever happens to the files. Its pages are its documents'. The name of
// its contact is kept with it as it is now. When it is about a patient and
// goes to a saved contact, the contact joins the patient's preferred
// contacts (or its last use moves), in the same transaction.
func (s *Store) QueueFax(ctx context.Context, f model.Fax) (model.Fax, error) {
	f.Direction, f.Status, f.Paths = model.Outgoing, model.StatusQueued, nil
	if err := f.Validate().Err(); err != nil {
		return f, err
	}
	docs, err := checkDocuments(f.Documents)
	if err != nil {
		return f, err
	}
	f.Pages = 0
	for _, d := range docs {
		f.Pages += d.Pages
	}
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermFaxes); err != nil {
			return err
		}
		if f.ContactID != 0 {
			c, err := getContact(ctx, tx, f.ContactID)
			if err != nil {
				return fmt.Errorf("contact %d: %w", f.ContactID, err)
			}
			f.Name = c.DisplayName()
			for _, e := range c.Entities {
				if e.ID == f.EntityID {
					f.Name = e.DisplayName()
				}
			}
		}
		t := now()
		res, err := tx.ExecContext(ctx, `INSERT INTO faxes (direction, kind, status, number, name, contact_id, entity_id,
			patient_id, note, referral_reason, referral_specialty, pages, documents, created_at, updated_at)
			VALUES ('out', ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			f.Kind, f.Number, f.Name, nullID(f.ContactID), nullID(f.EntityID), nullID(f.PatientID), f.Note,
			f.Referral.Reason, f.Referral.Specialty, f.Pages, "", t, t)
		if err != nil {
			return err
		}
		if f.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if f.Documents, err = attachDocuments(ctx, tx, f.ID, docs); err != nil {
			return err
		}
		f.Created, _ = time.Parse(time.RFC3339Nano, t)
		if err := faxEvent(ctx, tx, f.ID, model.StatusQueued, ""); err != nil {
			return err
		}
		if f.PatientID != 0 && f.ContactID != 0 {
			source := SourceFax
			if f.Kind == model.KindReferral {
				source = SourceReferral
			}
			ref := model.ContactRef{ContactID: f.ContactID, EntityID: f.EntityID}
			if _, err := addPatientContact(ctx, tx, f.PatientID, ref, source); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE patient_contacts SET last_used = ?
				WHERE patient_id = ? AND contact_id = ? AND IFNULL(entity_id, 0) = ?`, t, f.PatientID, f.ContactID, f.EntityID); err != nil {
				return err
			}
		}
		return audit(ctx, tx, "queue", "fax", f.ID, fmt.Sprintf("%s to %s %s", f.Kind, f.Name, f.Number))
	})
	return f, err
}

// ClaimFax gives a worker the next fax to send: the oldest queued one, or
// one whose sender died (its lease ran out). The fax is sending, held for
// lease; ok is false when there is nothing to send. One transaction takes
// it: two workers never get the same fax.
func (s *Store) ClaimFax(ctx context.Context, lease time.Duration) (f model.Fax, ok bool, err error) {
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		t := time.Now().UTC()
		row := tx.QueryRowContext(ctx, `SELECT `+faxColumns+` FROM faxes
			WHERE direction = 'out' AND (status = 'queued' OR (status = 'sending' AND handle = '' AND lease_until < ?))
			ORDER BY created_at, id LIMIT 1`, t.Format(time.RFC3339Nano))
		var err error
		if f, err = scanFax(row); errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		if f.Documents, err = faxDocuments(ctx, tx, f.ID); err != nil {
			return err
		}
		detail := ""
		if f.Status == model.StatusSending {
			detail = "taken back after its sender stopped"
		}
		f.Status, f.Attempts, ok = model.StatusSending, f.Attempts+1, true
		if _, err := tx.ExecContext(ctx, `UPDATE faxes SET status = 'sending', attempts = ?, lease_until = ?, updated_at = ?
			WHERE id = ?`, f.Attempts, t.Add(lease).Format(time.RFC3339Nano), now(), f.ID); err != nil {
			return err
		}
		return faxEvent(ctx, tx, f.ID, model.StatusSending, detail)
	})
	return f, ok, err
}

// FinishFax records the end of a sending: sent, or failed with the reason.
func (s *Store) FinishFax(ctx context.Context, id int64, sent bool, reason string) error {
	to := model.StatusSent
	if !sent {
		to = model.StatusFailed
	}
	return s.moveFax(ctx, id, to, reason, "")
}

// RetryFax puts a failed fax back in the outbox.
func (s *Store) RetryFax(ctx context.Context, id int64) error {
	return s.moveFax(ctx, id, model.StatusQueued, "retry", model.PermFaxes)
}

// moveFax moves a fax to another status; need is the permission the
// acting user needs ("" for the sender's own moves).
func (s *Store) moveFax(ctx context.Context, id int64, to model.FaxStatus, detail string, need model.Permission) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if need != "" {
			if err := authorize(ctx, tx, need); err != nil {
				return err
			}
		}
		var from model.FaxStatus
		if err := tx.QueryRowContext(ctx, `SELECT status FROM faxes WHERE id = ?`, id).Scan(&from); err != nil {
			return fmt.Errorf("fax %d: %w", id, mapErr(err))
		}
		if err := model.CanMove(from, to); err != nil {
			return err
		}
		if to == model.StatusQueued {
			// Only stored bytes are sent: a fax recorded with paths only
			// is sent again as a new fax.
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM fax_documents WHERE fax_id = ?`, id).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("fax %d was queued before frontdesk kept documents: send it again as a new fax", id)
			}
		}
		reason := ""
		if to == model.StatusFailed {
			reason = detail
		}
		if _, err := tx.ExecContext(ctx, `UPDATE faxes SET status = ?, reason = ?, lease_until = NULL, handle = '', send_job = '', updated_at = ?
			WHERE id = ?`, to, reason, now(), id); err != nil {
			return err
		}
		if err := faxEvent(ctx, tx, id, to, detail); err != nil {
			return err
		}
		return audit(ctx, tx, string(to), "fax", id, detail)
	})
}

// ReceiveFax takes a received fax into the history, its documents into the
// document store, matched to the contact whose fax number is number
// (E.164), if any. pages is the gateway's count; 0 counts the documents'.
func (s *Store) ReceiveFax(ctx context.Context, number string, pages int, documents []model.Document, at time.Time) (model.Fax, error) {
	docs, err := checkDocuments(documents)
	if err != nil {
		return model.Fax{}, err
	}
	if len(docs) == 0 {
		return model.Fax{}, errors.New("a received fax has at least one document")
	}
	if pages <= 0 {
		for _, d := range docs {
			pages += d.Pages
		}
	}
	f := model.Fax{Direction: model.Incoming, Kind: model.KindFax, Status: model.StatusReceived, Number: number,
		Pages: pages}
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := sql.ErrNoRows // a fax of no known number matches no contact
		if number != "" {
			err = tx.QueryRowContext(ctx, `SELECT id FROM contacts WHERE fax = ? ORDER BY id LIMIT 1`, number).Scan(&id)
		}
		if err == nil {
			c, err := getContact(ctx, tx, id)
			if err != nil {
				return err
			}
			f.ContactID, f.Name = id, c.DisplayName()
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		t := at.UTC().Format(time.RFC3339Nano)
		res, err := tx.ExecContext(ctx, `INSERT INTO faxes (direction, kind, status, number, name, contact_id, pages, documents,
			created_at, updated_at) VALUES ('in', 'fax', 'received', ?, ?, ?, ?, ?, ?, ?)`,
			number, f.Name, nullID(f.ContactID), pages, "", t, t)
		if err != nil {
			return err
		}
		if f.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if f.Documents, err = attachDocuments(ctx, tx, f.ID, docs); err != nil {
			return err
		}
		f.Created = at
		if err := faxEvent(ctx, tx, f.ID, model.StatusReceived, ""); err != nil {
			return err
		}
		return audit(ctx, tx, "receive", "fax", f.ID, "from "+number)
	})
	return f, err
}

// FaxFilter narrows the fax history. Zero fields do not filter.
type FaxFilter struct {
	ContactID int64
	PatientID int64
	Direction model.Direction
	Status    model.FaxStatus
	From, To  time.Time // created in [From, To)
	// Before pages the history: faxes strictly older than this one
	// (created time, then ID).
	BeforeTime time.Time
	BeforeID   int64
	Limit      int
}

// ListFaxes returns a page of the history, newest first: at most Limit
// (default 100) faxes, read through an index, never the whole table.
func (s *Store) ListFaxes(ctx context.Context, ff FaxFilter) ([]model.Fax, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if ff.ContactID != 0 {
		add("contact_id = ?", ff.ContactID)
	}
	if ff.PatientID != 0 {
		add("patient_id = ?", ff.PatientID)
	}
	if ff.Direction != "" {
		add("direction = ?", ff.Direction)
	}
	if ff.Status != "" {
		add("status = ?", ff.Status)
	}
	if !ff.From.IsZero() {
		add("created_at >= ?", ff.From.UTC().Format(time.RFC3339Nano))
	}
	if !ff.To.IsZero() {
		add("created_at < ?", ff.To.UTC().Format(time.RFC3339Nano))
	}
	if !ff.BeforeTime.IsZero() {
		t := ff.BeforeTime.UTC().Format(time.RFC3339Nano)
		where = append(where, "(created_at < ? OR (created_at = ? AND id < ?))")
		args = append(args, t, t, ff.BeforeID)
	}
	q := `SELECT ` + faxColumns + ` FROM faxes`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := ff.Limit
	if limit <= 0 {
		limit = 100
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT ?`
	args = append(args, limit)
	var out []model.Fax
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			f, err := scanFax(rows)
			if err != nil {
				return err
			}
			out = append(out, f)
		}
		return rows.Err()
	})
	return out, err
}

// FaxEvent is one change of a fax's status.
type FaxEvent struct {
	At     time.Time
	Status model.FaxStatus
	Detail string
}

// GetFax returns one fax and the history of its status.
func (s *Store) GetFax(ctx context.Context, id int64) (model.Fax, []FaxEvent, error) {
	var f model.Fax
	var evs []FaxEvent
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if f, err = scanFax(tx.QueryRowContext(ctx, `SELECT `+faxColumns+` FROM faxes WHERE id = ?`, id)); err != nil {
			return err
		}
		if f.Documents, err = faxDocuments(ctx, tx, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT at, status, detail FROM fax_events WHERE fax_id = ? ORDER BY id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e FaxEvent
			var at string
			if err := rows.Scan(&at, &e.Status, &e.Detail); err != nil {
				return err
			}
			e.At, _ = time.Parse(time.RFC3339Nano, at)
			evs = append(evs, e)
		}
		return rows.Err()
	})
	return f, evs, err
}

// DatabaseID is the database's identity, made once when it was created:
// what names its jobs in a spool folder another database may share.
func (s *Store) DatabaseID(ctx context.Context) (string, error) {
	var id string
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT uid FROM database_identity WHERE id = 1`).Scan(&id)
	})
	return id, err
}

// IntendSend records, before the transport is given the fax being sent,
// the job it is handed to. When an earlier sender had recorded one and
// stopped before the hand-over was recorded, that job is returned with
// resumed true: the transport may have the fax already, and it must not be
// sent under another job.
func (s *Store) IntendSend(ctx context.Context, id int64, job string) (got string, resumed bool, err error) {
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		var cur string
		err := tx.QueryRowContext(ctx, `SELECT send_job FROM faxes WHERE id = ? AND status = 'sending' AND handle = ''`, id).Scan(&cur)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("fax %d is not being sent: %w", id, ErrConflict)
		} else if err != nil {
			return err
		}
		if cur != "" {
			got, resumed = cur, true
			return nil
		}
		got = job
		if _, err := tx.ExecContext(ctx, `UPDATE faxes SET send_job = ?, updated_at = ? WHERE id = ?`, job, now(), id); err != nil {
			return err
		}
		return faxEvent(ctx, tx, id, model.StatusSending, "handing over as "+job)
	})
	return got, resumed, err
}

// Unanswered counts the faxes handed to the transport whose result has
// not come for longer than after: a gateway that may not be running.
func (s *Store) Unanswered(ctx context.Context, after time.Duration) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM faxes WHERE status = 'sending' AND handle != '' AND updated_at < ?`,
			time.Now().UTC().Add(-after).Format(time.RFC3339Nano)).Scan(&n)
	})
	return n, err
}

// HandOver records that the transport accepted a fax being sent, under
// handle: from now on the fax is waited for (AwaitingResult), never sent
// again.
func (s *Store) HandOver(ctx context.Context, id int64, handle string) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE faxes SET handle = ?, lease_until = NULL, updated_at = ?
			WHERE id = ? AND status = 'sending'`, handle, now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("fax %d is not being sent: %w", id, ErrConflict)
		}
		return faxEvent(ctx, tx, id, model.StatusSending, "handed to the transport: "+handle)
	})
}

// AwaitingResult lists the faxes handed to the transport whose result is
// not known yet, with their handles.
func (s *Store) AwaitingResult(ctx context.Context) ([]model.Fax, []string, error) {
	var fs []model.Fax
	var hs []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+faxColumns+`, handle FROM faxes
			WHERE status = 'sending' AND handle != '' ORDER BY created_at, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h string
			f, err := scanFax(scanExtra{rows, &h})
			if err != nil {
				return err
			}
			fs, hs = append(fs, f), append(hs, h)
		}
		return rows.Err()
	})
	return fs, hs, err
}

// scanExtra scans a row with one more column after the fax's.
type scanExtra struct {
	rows  *sql.Rows
	extra any
}

func (s scanExtra) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.extra)...) }
