package store

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"strings"

	"frontdesk/model"
)

// LinkDemo ties demo data together, deterministically: about a third of
// the patients work for one of the employers, each employer has one or two
// preferred contacts, and some patients have some of their own.
func (s *Store) LinkDemo(ctx context.Context, seed int64) error {
	r := rand.New(rand.NewPCG(uint64(seed), 11))
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermPatients); err != nil {
			return err
		}
		ids := func(q string) ([]int64, error) {
			rows, err := tx.QueryContext(ctx, q)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var out []int64
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return nil, err
				}
				out = append(out, id)
			}
			return out, rows.Err()
		}
		employers, err := ids(`SELECT id FROM employers ORDER BY id`)
		if err != nil {
			return err
		}
		patients, err := ids(`SELECT id FROM patients ORDER BY id`)
		if err != nil {
			return err
		}
		contacts, err := ids(`SELECT id FROM contacts ORDER BY id`)
		if err != nil || len(employers) == 0 || len(contacts) == 0 {
			return err
		}
		t := now()
		for _, e := range employers {
			for range 1 + r.IntN(2) {
				if _, err := tx.ExecContext(ctx, `INSERT INTO employer_contacts (employer_id, contact_id, added_at) VALUES (?, ?, ?)
					ON CONFLICT DO NOTHING`, e, contacts[r.IntN(len(contacts))], t); err != nil {
					return err
				}
			}
		}
		for _, p := range patients {
			if r.IntN(3) == 0 {
				if _, err := tx.ExecContext(ctx, `UPDATE patients SET employer_id = ? WHERE id = ?`, employers[r.IntN(len(employers))], p); err != nil {
					return err
				}
			}
			for range r.IntN(3) {
				if _, err := addPatientContact(ctx, tx, p, model.ContactRef{ContactID: contacts[r.IntN(len(contacts))]}, SourceHand); err != nil {
					return err
				}
			}
		}
		return audit(ctx, tx, "demo", "links", 0, "patients, employers and preferred contacts tied together")
	})
}

// Holdings counts what a database holds that demo data would collide
// with: contacts, patients, employers, and users other than the acting
// one (the admin a new database makes of whoever opens it first).
type Holdings struct {
	Contacts, Patients, Employers, OtherUsers int
}

// Empty reports whether demo data may go in.
func (h Holdings) Empty() bool { return h == Holdings{} }

// Holdings counts what the database holds (see Holdings).
func (s *Store) Holdings(ctx context.Context) (Holdings, error) {
	var h Holdings
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM contacts), (SELECT COUNT(*) FROM patients),
			(SELECT COUNT(*) FROM employers), (SELECT COUNT(*) FROM users WHERE username <> ?)`,
			strings.ToLower(Actor(ctx))).Scan(&h.Contacts, &h.Patients, &h.Employers, &h.OtherUsers)
	})
	return h, err
}
