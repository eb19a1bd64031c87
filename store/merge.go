package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"frontdesk/model"
)

// ErrMergeSelf: a contact cannot be merged with itself.
var ErrMergeSelf = errors.New("a contact cannot be merged with itself")

// Merge names the two contacts MergeContacts makes one, each as it was read
// (its version): the people of From join Into.
type Merge struct {
	Into, IntoVersion int64
	From, FromVersion int64
	// GroupName names the merged group; empty keeps Into's name, or gives
	// a single Into its default group name.
	GroupName string
}

// MergeContacts makes one multiple-entity contact of two, in one
// transaction: the people of m.From join m.Into (after its own people) and
// take its fax number; m.From is removed. Nothing else is lost: the
// preferred-contact ties of patients and employers, and the faxes, that
// named m.From now name the merged contact, at the same person (a single
// contact's tie becomes a tie to its person in the group, so that a chart
// keeps preferring that person and not the whole group); the faxes keep the
// name they were sent under. It returns the merged contact.
func (s *Store) MergeContacts(ctx context.Context, m Merge) (model.Contact, error) {
	var out model.Contact
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermContacts); err != nil {
			return err
		}
		if m.Into == m.From {
			return ErrMergeSelf
		}
		into, err := getContact(ctx, tx, m.Into)
		if err != nil {
			return fmt.Errorf("contact %d: %w", m.Into, err)
		}
		from, err := getContact(ctx, tx, m.From)
		if err != nil {
			return fmt.Errorf("contact %d: %w", m.From, err)
		}
		if into.Version != m.IntoVersion || from.Version != m.FromVersion {
			return ErrConflict
		}
		// Ties to a single contact as a whole become ties to its person,
		// before either becomes (part of) a group.
		for _, c := range []model.Contact{into, from} {
			if c.Kind == model.Single {
				if err := pinToPerson(ctx, tx, c.ID, c.Entities[0].ID); err != nil {
					return err
				}
			}
		}
		if err := moveTies(ctx, tx, from.ID, into.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE entities SET contact_id = ?, position = position + ? WHERE contact_id = ?`,
			into.ID, len(into.Entities), from.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE id = ?`, from.ID); err != nil {
			return err
		}
		merged, err := mergedContact(into, from, m.GroupName)
		if err != nil {
			return err
		}
		if out, err = updateContact(ctx, tx, merged); err != nil {
			return err
		}
		if err := audit(ctx, tx, "merge", "contact", from.ID, fmt.Sprintf("%s merged into contact %d", describe(from), into.ID)); err != nil {
			return err
		}
		return audit(ctx, tx, "merge", "contact", into.ID, fmt.Sprintf("%s, now with the %d people of contact %d (%s, fax %s)",
			describe(out), len(from.Entities), from.ID, from.DisplayName(), from.Fax))
	})
	return out, err
}

// mergedContact is into as a group, with the people of from after its own
// (they keep their IDs: MergeContacts moved them already).
func mergedContact(into, from model.Contact, name string) (model.Contact, error) {
	c := into
	if name == "" {
		name = into.GroupName
		if into.Kind == model.Single {
			name = into.DefaultGroupName()
		}
	}
	if c.Kind == model.Single {
		var err error
		if c, err = c.ToGroup(name); err != nil {
			return c, err
		}
	}
	c.GroupName = name
	c.Entities = append(append([]model.Entity(nil), into.Entities...), from.Entities...)
	return c, nil
}

// pinToPerson turns the ties to single contact id as a whole (no person) —
// of charts, employers and faxes — into ties to its person. Where a chart
// or an employer already has both, the tie to the person stays.
func pinToPerson(ctx context.Context, tx *sql.Tx, id, person int64) error {
	for _, table := range []string{"patient_contacts", "employer_contacts"} {
		if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE `+table+` SET entity_id = ? WHERE contact_id = ? AND entity_id IS NULL`,
			person, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE contact_id = ? AND entity_id IS NULL`, id); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE faxes SET entity_id = ? WHERE contact_id = ? AND entity_id IS NULL`, person, id)
	return err
}

// moveTies makes the charts, employers and faxes that name contact from
// name contact to instead. A chart or an employer that already had the
// same tie to both keeps one.
func moveTies(ctx context.Context, tx *sql.Tx, from, to int64) error {
	for _, table := range []string{"patient_contacts", "employer_contacts"} {
		if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE `+table+` SET contact_id = ? WHERE contact_id = ?`, to, from); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE faxes SET contact_id = ? WHERE contact_id = ?`, to, from)
	return err
}

// followPerson moves what names person of contact from — the ties of
// charts and employers, and the faxes — to the single contact that
// person now has of their own (a split).
func followPerson(ctx context.Context, tx *sql.Tx, from, person, to int64) error {
	for _, table := range []string{"patient_contacts", "employer_contacts", "faxes"} {
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET contact_id = ?, entity_id = NULL WHERE contact_id = ? AND entity_id = ?`,
			to, from, person); err != nil {
			return err
		}
	}
	return nil
}

// SameFax returns the other contacts whose fax number is contact id's, at
// most five: a split group, or a person saved twice, to point out and offer
// to merge.
func (s *Store) SameFax(ctx context.Context, id int64) ([]model.Contact, error) {
	var out []model.Contact
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT o.id FROM contacts c JOIN contacts o ON o.fax = c.fax AND o.id != c.id
			WHERE c.id = ? ORDER BY o.id LIMIT 5`, id)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var oid int64
			if err := rows.Scan(&oid); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, oid)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, oid := range ids {
			c, err := getContact(ctx, tx, oid)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// GroupContacts returns every multiple-entity contact, in list order, for a single
// contact to join.
func (s *Store) GroupContacts(ctx context.Context) ([]model.Contact, error) {
	var out []model.Contact
	err := s.EachContact(ctx, func(c model.Contact) error {
		if c.Kind == model.Group {
			out = append(out, c)
		}
		return nil
	})
	return out, err
}
