package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// HoldSender makes holder the database's one sender until lease from now,
// or renews it. When another holder's lease is still running, ok is false
// and other names that holder.
func (s *Store) HoldSender(ctx context.Context, holder string, lease time.Duration) (ok bool, other string, err error) {
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		now := time.Now().UTC()
		var cur, exp string
		err := tx.QueryRowContext(ctx, `SELECT holder, expires_at FROM sender_lock WHERE id = 1`).Scan(&cur, &exp)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil {
			t, perr := time.Parse(time.RFC3339Nano, exp)
			switch {
			case perr == nil && cur != holder && t.After(now):
				other = cur
				return nil
			case perr == nil && cur == holder && t.Sub(now) > lease/2:
				// Renewed not long ago: writing again would wake every
				// session watching the database for changes.
				ok = true
				return nil
			}
		}
		ok = true
		_, err = tx.ExecContext(ctx, `INSERT INTO sender_lock (id, holder, expires_at) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
			holder, now.Add(lease).Format(time.RFC3339Nano))
		return err
	})
	return ok, other, err
}

// ReleaseSender gives the sender's place up, if holder has it.
func (s *Store) ReleaseSender(ctx context.Context, holder string) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sender_lock WHERE holder = ?`, holder)
		return err
	})
}
