package store

import (
	"context"
	"database/sql"

	"frontdesk/model"
)

// ListRow is one line of the contact list, as stored. Its byte slices are
// valid only during the callback that receives it: copy what you keep.
type ListRow struct {
	ID           int64
	Version      int64
	Kind         model.Kind
	People       int
	Fax          []byte // E.164
	Name         []byte
	Organization []byte
	Specialty    []byte
	Search       []byte // model.Summary.Search
}

// ListContacts calls fn for every contact in list order (by name), from one
// consistent snapshot, without allocating per row.
func (s *Store) ListContacts(ctx context.Context, fn func(*ListRow) error) error {
	return s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, version, kind, people, fax, name, organization, specialty, search
			FROM contacts ORDER BY sort_key, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var r ListRow
		var kind sql.RawBytes
		for rows.Next() {
			if err := rows.Scan(&r.ID, &r.Version, &kind, &r.People, (*sql.RawBytes)(&r.Fax), (*sql.RawBytes)(&r.Name),
				(*sql.RawBytes)(&r.Organization), (*sql.RawBytes)(&r.Specialty), (*sql.RawBytes)(&r.Search)); err != nil {
				return err
			}
			r.Kind = model.Single
			if string(kind) == string(model.Group) {
				r.Kind = model.Group
			}
			if err := fn(&r); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// CountContacts returns how many contacts there are.
func (s *Store) CountContacts(ctx context.Context) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts`).Scan(&n)
	})
	return n, err
}

// EachContact calls fn for every contact with its entities, in list order,
// from one consistent snapshot.
func (s *Store) EachContact(ctx context.Context, fn func(model.Contact) error) error {
	return s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT c.id, c.kind, c.group_name, c.fax, c.version, e.id, `+prefixed("e.")+`
			FROM contacts c JOIN entities e ON e.contact_id = c.id
			ORDER BY c.sort_key, c.id, e.position, e.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var cur model.Contact
		for rows.Next() {
			var c model.Contact
			e, err := scanEntity(rows, &c.ID, &c.Kind, &c.GroupName, &c.Fax, &c.Version)
			if err != nil {
				return err
			}
			if c.ID != cur.ID {
				if cur.ID != 0 {
					if err := fn(cur); err != nil {
						return err
					}
				}
				cur = c
			}
			cur.Entities = append(cur.Entities, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if cur.ID != 0 {
			return fn(cur)
		}
		return nil
	})
}

func prefixed(p string) string {
	out := ""
	for i, f := range model.EntityFields {
		if i > 0 {
			out += ", "
		}
		out += p + string(f.Key)
	}
	return out
}
