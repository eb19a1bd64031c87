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
	Patients  []string // "Last, First (chart C-1)"
	Employers []string
}

// ContactDependents names the patients and employers that have the contact,
// or one of its people, among their preferred contacts.
func (s *Store) ContactDependents(ctx context.Context, contactID int64) (Dependents, error) {
	return s.dependents(ctx, `l.contact_id = ?`, contactID)
}

// PersonDependents names the patients and employers that have one person
// of a multiple-entity contact among their preferred contacts: those that
// lose the person when it is removed from the group.
func (s *Store) PersonDependents(ctx context.Context, contactID, entityID int64) (Dependents, error) {
	return s.dependents(ctx, `l.contact_id = ? AND l.entity_id = ?`, contactID, entityID)
}

func (s *Store) dependents(ctx context.Context, where string, args ...any) (Dependents, error) {
	var d Dependents
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		d.Patients, err = names(ctx, tx, `SELECT DISTINCT `+patientLabel+`, p.sort_key, p.id FROM patient_contacts l
			JOIN patients p ON p.id = l.patient_id WHERE `+where+` ORDER BY p.sort_key, p.id`, args...)
		if err != nil {
			return err
		}
		d.Employers, err = names(ctx, tx, `SELECT DISTINCT e.name, e.sort_key, e.id FROM employer_contacts l
			JOIN employers e ON e.id = l.employer_id WHERE `+where+` ORDER BY e.sort_key, e.id`, args...)
		return err
	})
	return d, err
}

// patientLabel names patient p as the dialogs show it: "Roe, Ann (chart D-1)".
const patientLabel = `p.last_name || IIF(p.first_name = '', '', ', ' || p.first_name) || ' (chart ' || p.chart || ')'`

func names(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		var rest1, rest2 any // the sort columns, which DISTINCT needs selected
		if err := rows.Scan(&a, &rest1, &rest2); err != nil {
			return nil, err
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
	OwnerID  int64  // patient or employer
	Name     string `json:",omitempty"` // the owner's name when the contact was deleted
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
	rows, err := tx.QueryContext(ctx, `SELECT l.patient_id, `+patientLabel+`, IFNULL(l.entity_id, 0), l.source, l.added_at,
		IFNULL(l.last_used, '') FROM patient_contacts l JOIN patients p ON p.id = l.patient_id WHERE l.contact_id = ? ORDER BY l.id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var l archivedLink
		if err := rows.Scan(&l.OwnerID, &l.Name, &l.EntityID, &l.Source, &l.AddedAt, &l.LastUsed); err != nil {
			rows.Close()
			return err
		}
		a.Patients = append(a.Patients, l)
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT l.employer_id, e.name, IFNULL(l.entity_id, 0), l.added_at FROM employer_contacts l
		JOIN employers e ON e.id = l.employer_id WHERE l.contact_id = ? ORDER BY l.id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var l archivedLink
		if err := rows.Scan(&l.OwnerID, &l.Name, &l.EntityID, &l.AddedAt); err != nil {
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

// Restored is a deleted contact put back: the contact, how many of its
// preferred links came back, and the patients and employers whose link
// could not (they no longer exist).
type Restored struct {
	Contact   model.Contact
	Patients  int
	Employers int
	Missing   []string // "Roe, Ann (chart D-1)", "employer Acme"
}

// RestoreContact puts a deleted contact back under its own IDs, with its
// people, the preferred links of the patients and employers that still
// exist, and the links of its faxes, in one transaction; it leaves the
// archive.
func (s *Store) RestoreContact(ctx context.Context, archiveID int64) (Restored, error) {
	var r Restored
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		r = Restored{}
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
		c := a.Contact
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
		r.Contact = c
		for _, l := range a.Patients {
			res, err := tx.ExecContext(ctx, `INSERT INTO patient_contacts (patient_id, contact_id, entity_id, source, added_at, last_used)
				SELECT id, ?, ?, ?, ?, NULLIF(?, '') FROM patients WHERE id = ? ON CONFLICT DO NOTHING`,
				c.ID, nullID(l.EntityID), l.Source, l.AddedAt, l.LastUsed, l.OwnerID)
			if err != nil {
				return err
			}
			label := fmt.Sprintf("patient #%d", l.OwnerID) // archived before names were kept
			if l.Name != "" {
				label = l.Name
			}
			r.Patients += linked(res, &r.Missing, label)
		}
		for _, l := range a.Employers {
			res, err := tx.ExecContext(ctx, `INSERT INTO employer_contacts (employer_id, contact_id, entity_id, added_at)
				SELECT id, ?, ?, ? FROM employers WHERE id = ? ON CONFLICT DO NOTHING`,
				c.ID, nullID(l.EntityID), l.AddedAt, l.OwnerID)
			if err != nil {
				return err
			}
			label := fmt.Sprintf("employer #%d", l.OwnerID)
			if l.Name != "" {
				label = "employer " + l.Name
			}
			r.Employers += linked(res, &r.Missing, label)
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
		detail := fmt.Sprintf("%s, with %d patient and %d employer links", describe(c), r.Patients, r.Employers)
		if len(r.Missing) > 0 {
			detail += "; no longer on file: " + strings.Join(r.Missing, ", ")
		}
		return auditChange(ctx, tx, "restore", "contact", c.ID, detail, nil, c.AuditFields())
	})
	return r, err
}

// linked returns 1 when res inserted its link; otherwise the link's owner,
// named by label, joins missing.
func linked(res sql.Result, missing *[]string, label string) int {
	if n, _ := res.RowsAffected(); n > 0 {
		return 1
	}
	*missing = append(*missing, label)
	return 0
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
