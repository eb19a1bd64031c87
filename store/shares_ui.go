package store

import (
	"context"
	"database/sql"
	"time"

	"frontdesk/model"
)

// ClockNow is the time in ctx as the store reads it (see WithClock): what
// a screen measures a share's expiry at, as the store's filter does.
func ClockNow(ctx context.Context) time.Time { return clockNow(ctx) }

// ShareTrail returns the audit log's entries of share id, the oldest
// first: shared, mailed, landing shown, opened, codes, downloads, resent,
// revoked. Unlike AuditLog it needs no admin: whoever may see the shares
// (they name patients) may see what became of one.
func (s *Store) ShareTrail(ctx context.Context, id int64) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermPatients); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, at, actor, action, subject, IFNULL(subject_id, 0), detail,
			before_fields, after_fields FROM audit WHERE subject = 'share' AND subject_id = ? ORDER BY id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}
