package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"frontdesk/model"
)

// Dependents are what prefers a contact: the patients and employers that
// lose it when it is deleted (and get it back when it is restored).
type Dependents struct {
	Patients  []string // "Last, First"
	Employers []string
}

// ContactDependents names the patients and employers that have the contact,
// or one of its people, among their preferred contacts.
func (s *Store) ContactDependents(ctx context.Context, contactID int64) (Dependents, error) {
	var d Dependents
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		d.Patients, err = names(ctx, tx, `SELECT DISTINCT p.last_name, p.first_name FROM patient_contacts l
			JOIN patients p ON p.id = l.patient_id WHERE l.contact_id = ? ORDER BY p.sort_key, p.id`, contactID)
		if err != nil {
			return err
		}
		d.Employers, err = names(ctx, tx, `SELECT DISTINCT e.name, '' FROM employer_contacts l
			JOIN employers e ON e.id = l.employer_id WHERE l.contact_id = ? ORDER BY e.sort_key, e.id`, contactID)
		return err
	})
	return d, err
}

func names(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		if b != "" {
			a += ", " + b
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DeletedContact is a contact in the archive of deleted contacts.
type DeletedContact struct {
	ArchiveID int64
	ContactID int64
	Name      string
	Fax       string // E.164
	DeletedAt time.Time
	Actor     string
	Patients  int // preferred links that come back with it
	Employers int
}

// archived is what the archive keeps of a deleted contact.
type archived struct {
	Contact   model.Contact
	CreatedAt string
	Patients  []archivedLink
	Employers []archivedLink
	Faxes     []archivedFax
}

type archivedLink struct {
	OwnerID  int64 // patient or employer
	EntityID int64
	Source   string
	AddedAt  string
	LastUsed string
}

type archivedFax struct {
	FaxID    int64
	EntityID int64
}

// archiveContact keeps everything that deleting contact c removes or
// unlinks, so that RestoreContact can put it back.
func archiveContact(ctx context.Context, tx *sql.Tx, c model.Contact) error {
	a := archived{Contact: c}
	if err := tx.QueryRowContext(ctx, `SELECT created_at FROM contacts WHERE id = ?`, c.ID).Scan(&a.CreatedAt); err != nil {
		return mapErr(err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT patient_id, IFNULL(entity_id, 0), source, added_at, IFNULL(last_used, '')
		FROM patient_contacts WHERE contact_id = ? ORDER BY id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var l archivedLink
		if err := rows.Scan(&l.OwnerID, &l.EntityID, &l.Source, &l.AddedAt, &l.LastUsed); err != nil {
			rows.Close()
			return err
		}
		a.Patients = append(a.Patients, l)
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT employer_id, IFNULL(entity_id, 0), added_at FROM employer_contacts
		WHERE contact_id = ? ORDER BY id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var l archivedLink
		if err := rows.Scan(&l.OwnerID, &l.EntityID, &l.AddedAt); err != nil {
			rows.Close()
			return err
		}
		a.Employers = append(a.Employers, l)
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT id, IFNULL(entity_id, 0) FROM faxes WHERE contact_id = ? ORDER BY id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var f archivedFax
		if err := rows.Scan(&f.FaxID, &f.EntityID); err != nil {
			rows.Close()
			return err
		}
		a.Faxes = append(a.Faxes, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	data, err := json.Marshal(a)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO contact_archive (contact_id, name, fax, deleted_at, actor, data)
		VALUES (?, ?, ?, ?, ?, ?)`, c.ID, c.DisplayName(), c.Fax, now(), Actor(ctx), string(data))
	return err
}

// DeletedContacts lists the archive of deleted contacts, the latest first.
func (s *Store) DeletedContacts(ctx context.Context) ([]DeletedContact, error) {
	var out []DeletedContact
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, contact_id, name, fax, deleted_at, actor, data
			FROM contact_archive ORDER BY deleted_at DESC, id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d DeletedContact
			var at, data string
			if err := rows.Scan(&d.ArchiveID, &d.ContactID, &d.Name, &d.Fax, &at, &d.Actor, &data); err != nil {
				return err
			}
			d.DeletedAt, _ = time.Parse(time.RFC3339Nano, at)
			var a archived
			if err := json.Unmarshal([]byte(data), &a); err != nil {
				return fmt.Errorf("deleted contact %d: %w", d.ContactID, err)
			}
			d.Patients, d.Employers = len(a.Patients), len(a.Employers)
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

// RestoreContact puts a deleted contact back under its own IDs, with its
// people, the preferred links of the patients and employers that still
// exist, and the links of its faxes, in one transaction; it leaves the
// archive. It returns the contact as restored.
func (s *Store) RestoreContact(ctx context.Context, archiveID int64) (model.Contact, error) {
	var c model.Contact
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermContacts); err != nil {
			return err
		}
		var data string
		if err := tx.QueryRowContext(ctx, `SELECT data FROM contact_archive WHERE id = ?`, archiveID).Scan(&data); err != nil {
			return mapErr(err)
		}
		var a archived
		if err := json.Unmarshal([]byte(data), &a); err != nil {
			return fmt.Errorf("deleted contact (archive %d): %w", archiveID, err)
		}
		c = a.Contact
		c.Version++
		at := now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO contacts (id, kind, group_name, fax, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, c.ID, c.Kind, c.GroupName, c.Fax, c.Version, a.CreatedAt, at); err != nil {
			return err
		}
		if err := restoreEntities(ctx, tx, c); err != nil {
			return err
		}
		var region string
		if err := regionTx(ctx, tx, &region); err != nil {
			return err
		}
		if err := writeListRow(ctx, tx, c, region); err != nil {
			return err
		}
		for _, l := range a.Patients {
			if _, err := tx.ExecContext(ctx, `INSERT INTO patient_contacts (patient_id, contact_id, entity_id, source, added_at, last_used)
				SELECT id, ?, ?, ?, ?, NULLIF(?, '') FROM patients WHERE id = ? ON CONFLICT DO NOTHING`,
				c.ID, nullID(l.EntityID), l.Source, l.AddedAt, l.LastUsed, l.OwnerID); err != nil {
				return err
			}
		}
		for _, l := range a.Employers {
			if _, err := tx.ExecContext(ctx, `INSERT INTO employer_contacts (employer_id, contact_id, entity_id, added_at)
				SELECT id, ?, ?, ? FROM employers WHERE id = ? ON CONFLICT DO NOTHING`,
				c.ID, nullID(l.EntityID), l.AddedAt, l.OwnerID); err != nil {
				return err
			}
		}
		for _, f := range a.Faxes {
			if _, err := tx.ExecContext(ctx, `UPDATE faxes SET contact_id = ?, entity_id = ? WHERE id = ? AND contact_id IS NULL`,
				c.ID, nullID(f.EntityID), f.FaxID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM contact_archive WHERE id = ?`, archiveID); err != nil {
			return err
		}
		return auditChange(ctx, tx, "restore", "contact", c.ID, fmt.Sprintf("%s, with %d patient and %d employer links",
			describe(c), len(a.Patients), len(a.Employers)), nil, c.AuditFields())
	})
	return c, err
}

// restoreEntities inserts c's people under their own IDs.
func restoreEntities(ctx context.Context, tx *sql.Tx, c model.Contact) error {
	n := len(model.EntityFields)
	for i, e := range c.Entities {
		vals := []any{e.ID, c.ID, i}
		for _, f := range model.EntityFields {
			vals = append(vals, f.Get(e))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO entities (id, contact_id, position, `+entityColumns+`)
			VALUES (?, ?, ?`+strings.Repeat(", ?", n)+`)`, vals...); err != nil {
			return err
		}
	}
	return nil
}
