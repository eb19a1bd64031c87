package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"frontdesk/model"
)

// entityColumns are the entities table's text columns in model.EntityFields
// order.
var entityColumns = func() string {
	cols := make([]string, len(model.EntityFields))
	for i, f := range model.EntityFields {
		cols[i] = string(f.Key)
	}
	return strings.Join(cols, ", ")
}()

// CreateContact validates and saves a new contact with its entities, and
// returns it as saved (with IDs and version).
func (s *Store) CreateContact(ctx context.Context, c model.Contact) (model.Contact, error) {
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermContacts); err != nil {
			return err
		}
		var err error
		c, err = insertContact(ctx, tx, c)
		if err != nil {
			return err
		}
		return auditChange(ctx, tx, "create", "contact", c.ID, describe(c), nil, c.AuditFields())
	})
	return c, err
}

// CreateContacts saves many new contacts in one transaction: all or none.
func (s *Store) CreateContacts(ctx context.Context, cs []model.Contact) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermContacts); err != nil {
			return err
		}
		for i, c := range cs {
			c, err := insertContact(ctx, tx, c)
			if err != nil {
				return fmt.Errorf("contact %d (%s): %w", i+1, c.DisplayName(), err)
			}
			if err := auditChange(ctx, tx, "create", "contact", c.ID, describe(c), nil, c.AuditFields()); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertContact cleans, validates and inserts c.
func insertContact(ctx context.Context, tx *sql.Tx, c model.Contact) (model.Contact, error) {
	c, region, err := cleanTx(ctx, tx, c)
	if err != nil {
		return c, err
	}
	t := now()
	res, err := tx.ExecContext(ctx, `INSERT INTO contacts (kind, group_name, fax, version, created_at, updated_at)
		VALUES (?, ?, ?, 1, ?, ?)`, c.Kind, c.GroupName, c.Fax, t, t)
	if err != nil {
		return c, err
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return c, err
	}
	c.Version = 1
	for i := range c.Entities {
		c.Entities[i].ID = 0
	}
	if err := writeEntities(ctx, tx, c.ID, c.Entities); err != nil {
		return c, err
	}
	return c, writeListRow(ctx, tx, c, region)
}

// writeListRow stores the contact's line of the list, replacing the old one.
func writeListRow(ctx context.Context, tx *sql.Tx, c model.Contact, region string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM contact_list WHERE id = ?`, c.ID); err != nil {
		return err
	}
	sum := c.Summarize(region)
	_, err := tx.ExecContext(ctx, `INSERT INTO contact_list (sort_key, id, line) VALUES (?, ?, ?)`,
		sum.SortKey, c.ID, packLine(c, sum))
	return err
}

// cleanTx cleans c (see clean) with the region the transaction sees, and
// returns that region.
func cleanTx(ctx context.Context, tx *sql.Tx, c model.Contact) (model.Contact, string, error) {
	var region string
	if err := regionTx(ctx, tx, &region); err != nil {
		return c, "", err
	}
	c, err := clean(c, region)
	return c, region, err
}

// clean trims and normalises every field and checks the contact's rules.
func clean(c model.Contact, region string) (model.Contact, error) {
	es := make([]model.Entity, len(c.Entities))
	var ps model.Problems
	for i, e := range c.Entities {
		var eps model.Problems
		es[i], eps = e.Clean(region, i)
		ps = append(ps, eps...)
	}
	c.Entities = es
	c.GroupName = model.CleanText(c.GroupName)
	if c.Kind == model.Single {
		c.GroupName = ""
	}
	for _, p := range c.Validate(region) {
		if p.Person < 0 {
			ps = append(ps, p)
		}
	}
	return c, ps.Err()
}

// writeEntities saves es as the contact's entities, in order: an entity with
// an ID of this contact is updated in place, one without is inserted, and the
// contact's entities no longer listed are deleted.
func writeEntities(ctx context.Context, tx *sql.Tx, contactID int64, es []model.Entity) error {
	keep := make([]any, 0, len(es)+1)
	keep = append(keep, contactID)
	n := len(model.EntityFields)
	for i := range es {
		e := &es[i]
		vals := make([]any, 0, n+3)
		for _, f := range model.EntityFields {
			vals = append(vals, f.Get(*e))
		}
		if e.ID != 0 {
			res, err := tx.ExecContext(ctx, `UPDATE entities SET position = ?, `+setList()+` WHERE id = ? AND contact_id = ?`,
				append(append([]any{i}, vals...), e.ID, contactID)...)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 1 {
				keep = append(keep, e.ID)
				continue
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO entities (contact_id, position, `+entityColumns+`) VALUES (?, ?`+strings.Repeat(", ?", n)+`)`,
			append([]any{contactID, i}, vals...)...)
		if err != nil {
			return err
		}
		if e.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		keep = append(keep, e.ID)
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM entities WHERE contact_id = ? AND id NOT IN (`+placeholders(len(keep)-1)+`)`, keep...)
	return err
}

func setList() string {
	parts := make([]string, len(model.EntityFields))
	for i, f := range model.EntityFields {
		parts[i] = string(f.Key) + " = ?"
	}
	return strings.Join(parts, ", ")
}

func placeholders(n int) string {
	if n == 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// GetContact returns one contact with its entities.
func (s *Store) GetContact(ctx context.Context, id int64) (model.Contact, error) {
	var c model.Contact
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = getContact(ctx, tx, id)
		return err
	})
	return c, err
}

func getContact(ctx context.Context, tx *sql.Tx, id int64) (model.Contact, error) {
	c := model.Contact{ID: id}
	err := tx.QueryRowContext(ctx, `SELECT kind, group_name, fax, version FROM contacts WHERE id = ?`, id).
		Scan(&c.Kind, &c.GroupName, &c.Fax, &c.Version)
	if err != nil {
		return c, mapErr(err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, `+entityColumns+` FROM entities WHERE contact_id = ? ORDER BY position, id`, id)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntity(rows)
		if err != nil {
			return c, err
		}
		c.Entities = append(c.Entities, e)
	}
	return c, rows.Err()
}

func scanEntity(rows *sql.Rows, extra ...any) (model.Entity, error) {
	var e model.Entity
	dest := append(extra, &e.ID)
	vals := make([]string, len(model.EntityFields))
	for i := range vals {
		dest = append(dest, &vals[i])
	}
	if err := rows.Scan(dest...); err != nil {
		return e, err
	}
	for i, f := range model.EntityFields {
		f.Set(&e, vals[i])
	}
	return e, nil
}

// UpdateContact saves c over the stored contact of the same ID, provided
// nobody saved it since c was read (c.Version); otherwise ErrConflict.
func (s *Store) UpdateContact(ctx context.Context, c model.Contact) (model.Contact, error) {
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermContacts); err != nil {
			return err
		}
		before, err := getContact(ctx, tx, c.ID)
		if err != nil {
			return fmt.Errorf("contacts %d: %w", c.ID, err)
		}
		if c, err = updateContact(ctx, tx, c); err != nil {
			return err
		}
		return auditChange(ctx, tx, "update", "contact", c.ID, describe(c), before.AuditFields(), c.AuditFields())
	})
	return c, err
}

func updateContact(ctx context.Context, tx *sql.Tx, c model.Contact) (model.Contact, error) {
	c, region, err := cleanTx(ctx, tx, c)
	if err != nil {
		return c, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE contacts SET kind = ?, group_name = ?, fax = ?, version = version + 1,
		updated_at = ? WHERE id = ? AND version = ?`,
		c.Kind, c.GroupName, c.Fax, now(), c.ID, c.Version)
	if err != nil {
		return c, err
	}
	if err := checkRow(ctx, tx, res, "contacts", c.ID); err != nil {
		return c, err
	}
	c.Version++
	if err := writeEntities(ctx, tx, c.ID, c.Entities); err != nil {
		return c, err
	}
	return c, writeListRow(ctx, tx, c, region)
}

// DeleteContact deletes a contact and its entities, provided nobody saved it
// since version was read. The contact, the preferred links it had and the
// faxes that named it are kept in the archive (see RestoreContact); the fax
// history itself is untouched.
func (s *Store) DeleteContact(ctx context.Context, id, version int64) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermContacts); err != nil {
			return err
		}
		c, err := getContact(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := archiveContact(ctx, tx, c); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE id = ? AND version = ?`, id, version)
		if err != nil {
			return err
		}
		if err := checkRow(ctx, tx, res, "contacts", id); err != nil {
			return err
		}
		return auditChange(ctx, tx, "delete", "contact", id, describe(c), c.AuditFields(), nil)
	})
}

// SplitContact turns a multiple-entity contact into one single contact per
// person, each keeping the fax number, in one transaction. The first person
// keeps the contact's ID, and the ties to the whole group; the ties of
// charts and employers to each other person, and the faxes sent to them,
// follow them to their own contacts. It returns the contacts as saved.
func (s *Store) SplitContact(ctx context.Context, id, version int64) ([]model.Contact, error) {
	var out []model.Contact
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		out = nil
		if err := authorize(ctx, tx, model.PermContacts); err != nil {
			return err
		}
		c, err := getContact(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Version != version {
			return ErrConflict
		}
		if c.Kind != model.Group {
			return model.ErrAlreadyKind
		}
		parts := c.Split()
		// The others first: what names them must move before the first
		// part drops them from the group.
		for i, p := range parts[1:] {
			if p, err = insertContact(ctx, tx, p); err != nil {
				return err
			}
			if err := followPerson(ctx, tx, c.ID, c.Entities[i+1].ID, p.ID); err != nil {
				return err
			}
			if err := auditChange(ctx, tx, "create", "contact", p.ID, fmt.Sprintf("%s, split from contact %d", describe(p), id),
				nil, p.AuditFields()); err != nil {
				return err
			}
			out = append(out, p)
		}
		// The contact keeps its ID as the first person's single contact.
		first, err := updateContact(ctx, tx, parts[0])
		if err != nil {
			return err
		}
		out = append([]model.Contact{first}, out...)
		return auditChange(ctx, tx, "split", "contact", id,
			fmt.Sprintf("%s into %d single contacts", describe(c), len(parts)), c.AuditFields(), first.AuditFields())
	})
	return out, err
}

// describe names a contact in the audit log.
func describe(c model.Contact) string {
	return fmt.Sprintf("%s %s (%s, %d people)", c.Kind, c.DisplayName(), c.Fax, len(c.Entities))
}

// resummarizeAll recomputes every contact's list summary, after a change
// of the default region.
func resummarizeAll(ctx context.Context, tx *sql.Tx, region string) error {
	var ids []int64
	rows, err := tx.QueryContext(ctx, `SELECT id FROM contacts`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		c, err := getContact(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := writeListRow(ctx, tx, c, region); err != nil {
			return err
		}
	}
	return nil
}
