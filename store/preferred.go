package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"frontdesk/model"
)

// How a preferred contact came to be.
const (
	SourceHand     = "hand"
	SourceFax      = "fax"
	SourceReferral = "referral"
)

// Preferred is a preferred contact as a chart or a picker shows it.
type Preferred struct {
	Ref          model.ContactRef
	Name         string // the person's, or the contact's
	Organization string // the group of a person chosen in a group, else the person's organization
	Fax          string // E.164
	Source       string // SourceHand, SourceFax or SourceReferral
	AddedAt      time.Time
	LastUsed     time.Time // zero when never used
	FromEmployer bool      // a suggestion from the patient's employer
}

// AddPatientContact makes ref a preferred contact of the patient, by hand.
// Adding it twice is not an error: it is there once.
func (s *Store) AddPatientContact(ctx context.Context, patientID int64, ref model.ContactRef) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermPatients); err != nil {
			return err
		}
		added, err := addPatientContact(ctx, tx, patientID, ref, SourceHand)
		if err != nil || !added {
			return err
		}
		return audit(ctx, tx, "link", "patient", patientID, describeRef(ref))
	})
}

func addPatientContact(ctx context.Context, tx *sql.Tx, patientID int64, ref model.ContactRef, source string) (bool, error) {
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT 1 FROM patients WHERE id = ?`, patientID).Scan(&one); err != nil {
		return false, fmt.Errorf("patient %d: %w", patientID, mapErr(err))
	}
	if err := checkRef(ctx, tx, ref); err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO patient_contacts (patient_id, contact_id, entity_id, source, added_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, patientID, ref.ContactID, nullID(ref.EntityID), source, now())
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// checkRef makes sure the person named belongs to the contact named.
func checkRef(ctx context.Context, tx *sql.Tx, ref model.ContactRef) error {
	var one int
	q, args := `SELECT 1 FROM contacts WHERE id = ?`, []any{ref.ContactID}
	if ref.EntityID != 0 {
		q, args = `SELECT 1 FROM entities WHERE id = ? AND contact_id = ?`, []any{ref.EntityID, ref.ContactID}
	}
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&one); err != nil {
		return fmt.Errorf("%s: %w", describeRef(ref), mapErr(err))
	}
	return nil
}

// RecordSent is what sending a fax or a referral about a patient to a saved
// contact does to the chart: the contact joins the patient's preferred
// contacts (once), and its date of last use becomes at.
func (s *Store) RecordSent(ctx context.Context, patientID int64, ref model.ContactRef, kind string, at time.Time) error {
	if kind != SourceFax && kind != SourceReferral {
		return fmt.Errorf("unknown kind of sending %q", kind)
	}
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermFaxes); err != nil {
			return err
		}
		if _, err := addPatientContact(ctx, tx, patientID, ref, kind); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE patient_contacts SET last_used = ?
			WHERE patient_id = ? AND contact_id = ? AND IFNULL(entity_id, 0) = ?`,
			at.UTC().Format(time.RFC3339Nano), patientID, ref.ContactID, ref.EntityID); err != nil {
			return err
		}
		return audit(ctx, tx, "use", "patient", patientID, kind+" to "+describeRef(ref))
	})
}

// RemovePatientContact removes a preferred contact from the patient.
func (s *Store) RemovePatientContact(ctx context.Context, patientID int64, ref model.ContactRef) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermPatients); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM patient_contacts WHERE patient_id = ? AND contact_id = ? AND IFNULL(entity_id, 0) = ?`,
			patientID, ref.ContactID, ref.EntityID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return audit(ctx, tx, "unlink", "patient", patientID, describeRef(ref))
	})
}

// AddEmployerContact makes ref a preferred contact of the employer.
func (s *Store) AddEmployerContact(ctx context.Context, employerID int64, ref model.ContactRef) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermPatients); err != nil {
			return err
		}
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM employers WHERE id = ?`, employerID).Scan(&one); err != nil {
			return fmt.Errorf("employer %d: %w", employerID, mapErr(err))
		}
		if err := checkRef(ctx, tx, ref); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO employer_contacts (employer_id, contact_id, entity_id, added_at)
			VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, employerID, ref.ContactID, nullID(ref.EntityID), now())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit(ctx, tx, "link", "employer", employerID, describeRef(ref))
	})
}

// RemoveEmployerContact removes a preferred contact from the employer.
func (s *Store) RemoveEmployerContact(ctx context.Context, employerID int64, ref model.ContactRef) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermPatients); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM employer_contacts WHERE employer_id = ? AND contact_id = ? AND IFNULL(entity_id, 0) = ?`,
			employerID, ref.ContactID, ref.EntityID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return audit(ctx, tx, "unlink", "employer", employerID, describeRef(ref))
	})
}

// preferredColumns reads a link (alias l) with its contact and person, the
// person being the one named, or the contact's first.
const preferredColumns = `l.contact_id, IFNULL(l.entity_id, 0), c.kind, c.group_name, c.fax,
	e.first_name, e.last_name, e.name, e.organization`

const preferredJoins = ` JOIN contacts c ON c.id = l.contact_id
	JOIN entities e ON e.id = COALESCE(l.entity_id,
		(SELECT id FROM entities WHERE contact_id = c.id ORDER BY position, id LIMIT 1))`

func scanPreferred(rows *sql.Rows, extra ...any) (Preferred, error) {
	var p Preferred
	var kind model.Kind
	var group string
	var e model.Entity
	dest := append([]any{&p.Ref.ContactID, &p.Ref.EntityID, &kind, &group, &p.Fax, &e.FirstName, &e.LastName, &e.Name, &e.Organization}, extra...)
	if err := rows.Scan(dest...); err != nil {
		return p, err
	}
	p.Name, p.Organization = e.DisplayName(), e.Organization
	switch {
	case kind == model.Group && p.Ref.EntityID == 0:
		p.Name = group
	case kind == model.Group:
		p.Organization = group
	}
	return p, nil
}

// PatientContacts lists a patient's preferred contacts, the most recently
// used first, then the most recently added.
func (s *Store) PatientContacts(ctx context.Context, patientID int64) ([]Preferred, error) {
	var out []Preferred
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = patientContacts(ctx, tx, patientID)
		return err
	})
	return out, err
}

func patientContacts(ctx context.Context, tx *sql.Tx, patientID int64) ([]Preferred, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+preferredColumns+`, l.source, l.added_at, IFNULL(l.last_used, '')
		FROM patient_contacts l`+preferredJoins+`
		WHERE l.patient_id = ? ORDER BY IFNULL(l.last_used, '') DESC, l.added_at DESC, l.id DESC`, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Preferred
	for rows.Next() {
		var added, used string
		var src string
		p, err := scanPreferred(rows, &src, &added, &used)
		if err != nil {
			return nil, err
		}
		p.Source = src
		p.AddedAt, _ = time.Parse(time.RFC3339Nano, added)
		if used != "" {
			p.LastUsed, _ = time.Parse(time.RFC3339Nano, used)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// EmployerContacts lists an employer's preferred contacts, the most
// recently added first.
func (s *Store) EmployerContacts(ctx context.Context, employerID int64) ([]Preferred, error) {
	var out []Preferred
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = employerContacts(ctx, tx, employerID)
		return err
	})
	return out, err
}

func employerContacts(ctx context.Context, tx *sql.Tx, employerID int64) ([]Preferred, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+preferredColumns+`, l.added_at FROM employer_contacts l`+preferredJoins+`
		WHERE l.employer_id = ? ORDER BY l.added_at DESC, l.id DESC`, employerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Preferred
	for rows.Next() {
		var added string
		p, err := scanPreferred(rows, &added)
		if err != nil {
			return nil, err
		}
		p.Source, p.FromEmployer = SourceHand, true
		p.AddedAt, _ = time.Parse(time.RFC3339Nano, added)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Suggestions are the recipients to offer first when faxing about a
// patient: the patient's preferred contacts, most recently used first, then
// the preferred contacts of the patient's employer (FromEmployer), each
// once, from one snapshot.
func (s *Store) Suggestions(ctx context.Context, patientID int64) ([]Preferred, error) {
	var out []Preferred
	err := s.read(ctx, func(tx *sql.Tx) error {
		own, err := patientContacts(ctx, tx, patientID)
		if err != nil {
			return err
		}
		out = own
		var emp sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT employer_id FROM patients WHERE id = ?`, patientID).Scan(&emp); err != nil {
			return mapErr(err)
		}
		if !emp.Valid {
			return nil
		}
		theirs, err := employerContacts(ctx, tx, emp.Int64)
		if err != nil {
			return err
		}
		seen := map[model.ContactRef]bool{}
		for _, p := range own {
			seen[p.Ref] = true
		}
		for _, p := range theirs {
			if !seen[p.Ref] {
				seen[p.Ref] = true
				out = append(out, p)
			}
		}
		return nil
	})
	return out, err
}

func describeRef(ref model.ContactRef) string {
	if ref.EntityID != 0 {
		return fmt.Sprintf("contact %d, person %d", ref.ContactID, ref.EntityID)
	}
	return fmt.Sprintf("contact %d", ref.ContactID)
}

// EmployersOfContact returns the employers a whole contact is a preferred
// contact of.
func (s *Store) EmployersOfContact(ctx context.Context, contactID int64) ([]int64, error) {
	var ids []int64
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT employer_id FROM employer_contacts WHERE contact_id = ? AND entity_id IS NULL`, contactID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	return ids, err
}
