package store

import (
	"context"
	"database/sql"
	"time"
)

type actorKey struct{}

// WithActor returns a context whose writes are recorded in the audit log as
// done by actor (a frontdesk user name).
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// Actor returns the user that ctx acts for, or "unknown".
func Actor(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return "unknown"
}

// AuditEntry is one recorded change.
type AuditEntry struct {
	At        time.Time
	Actor     string
	Action    string // "create", "update", "delete", "split", ...
	Subject   string // "contact", ...
	SubjectID int64
	Detail    string
}

// audit records a change inside the transaction that makes it.
func audit(ctx context.Context, tx *sql.Tx, action, subject string, id int64, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor, action, subject, subject_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		now(), Actor(ctx), action, subject, id, detail)
	return err
}

// AuditLog returns the changes recorded about one subject, oldest first.
func (s *Store) AuditLog(ctx context.Context, subject string, id int64) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT at, actor, action, subject, subject_id, detail FROM audit
			WHERE subject = ? AND subject_id = ? ORDER BY id`, subject, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e AuditEntry
			var at string
			if err := rows.Scan(&at, &e.Actor, &e.Action, &e.Subject, &e.SubjectID, &e.Detail); err != nil {
				return err
			}
			e.At, _ = time.Parse(time.RFC3339Nano, at)
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }
