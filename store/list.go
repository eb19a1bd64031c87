package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strconv"

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

// A contact_list line packs, separated by model.SearchSep: the ID, the
// version, the kind, the number of people, the fax (E.164), the name, the
// organization, the specialty, and last the search text (which holds
// separators of its own).
const lineFields = 8

func packLine(c model.Contact, sum model.Summary) string {
	return string(appendLine(nil, c, sum))
}

// appendLine appends c's packed line to b.
func appendLine(b []byte, c model.Contact, sum model.Summary) []byte {
	sep := func() { b = append(b, model.SearchSep) }
	b = strconv.AppendInt(b, c.ID, 10)
	sep()
	b = strconv.AppendInt(b, c.Version, 10)
	sep()
	b = append(b, c.Kind...)
	sep()
	b = strconv.AppendInt(b, int64(sum.People), 10)
	for _, s := range []string{c.Fax, sum.Name, sum.Organization, sum.Specialty, sum.Search} {
		sep()
		b = append(b, s...)
	}
	return b
}

// unpackLine reads a packed line into r, whose slices then point into line.
func unpackLine(line []byte, r *ListRow) error {
	var f [lineFields][]byte
	rest := line
	for i := range f {
		j := bytes.IndexByte(rest, model.SearchSep)
		if j < 0 {
			return fmt.Errorf("contact list line %q: %d fields, want %d", line, i+1, lineFields+1)
		}
		f[i], rest = rest[:j], rest[j+1:]
	}
	var err error
	if r.ID, err = strconv.ParseInt(string(f[0]), 10, 64); err != nil {
		return fmt.Errorf("contact list line %q: %w", line, err)
	}
	if r.Version, err = strconv.ParseInt(string(f[1]), 10, 64); err != nil {
		return fmt.Errorf("contact list line %q: %w", line, err)
	}
	r.Kind = model.Single
	if string(f[2]) == string(model.Group) {
		r.Kind = model.Group
	}
	people, err := strconv.Atoi(string(f[3]))
	if err != nil {
		return fmt.Errorf("contact list line %q: %w", line, err)
	}
	r.People = people
	r.Fax, r.Name, r.Organization, r.Specialty, r.Search = f[4], f[5], f[6], f[7], rest
	return nil
}

// ListContacts calls fn for every contact in list order (by name), from one
// consistent snapshot. The row's slices are reused: copy what you keep.
func (s *Store) ListContacts(ctx context.Context, fn func(*ListRow) error) error {
	_, err := s.ListContactsRange(ctx, "", "", fn)
	return err
}

// ListContactsRange is ListContacts for the contacts whose sort key (their
// folded name, model.Summary.SortKey) is at least from and, unless to is
// empty, less than to: parts of the list can load at once on several
// connections. It returns the count of changes to the contacts the read
// saw (ContactsChanges): two calls returning the same count read the same
// list.
func (s *Store) ListContactsRange(ctx context.Context, from, to string, fn func(*ListRow) error) (changes int64, err error) {
	err = s.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT n FROM contacts_changes`).Scan(&changes); err != nil {
			return err
		}
		q := `SELECT line FROM contact_list WHERE sort_key >= ? ORDER BY sort_key, id`
		args := []any{from}
		if to != "" {
			q = `SELECT line FROM contact_list WHERE sort_key >= ? AND sort_key < ? ORDER BY sort_key, id`
			args = append(args, to)
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var r ListRow
		var line sql.RawBytes
		for rows.Next() {
			if err := rows.Scan(&line); err != nil {
				return err
			}
			if err := unpackLine(line, &r); err != nil {
				return err
			}
			if err := fn(&r); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	return changes, err
}

// ContactsChanges counts the changes made to the contacts, their
// entities and their list lines since the database was made, by any
// process: a copy of the list read when the count was n is current while
// it is still n. One row read, whatever the size of the list.
func (s *Store) ContactsChanges(ctx context.Context) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx, `SELECT n FROM contacts_changes`).Scan(&n)
	return n, mapErr(err)
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
			FROM contact_list l JOIN contacts c ON c.id = l.id JOIN entities e ON e.contact_id = c.id
			ORDER BY l.sort_key, l.id, e.position, e.id`)
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

// ContactsWithFax names the contacts whose fax number is fax (E.164),
// other than the contact except: a number shared by two contacts makes
// received faxes ambiguous, so forms warn about it.
func (s *Store) ContactsWithFax(ctx context.Context, fax string, except int64) ([]string, error) {
	var names []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM contacts WHERE fax = ? AND id != ? ORDER BY id LIMIT 5`, fax, except)
		if err != nil {
			return err
		}
		var ids []int64
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
			names = append(names, c.DisplayName())
		}
		return rows.Err()
	})
	return names, err
}
