package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"frontdesk/model"
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

type clockKey struct{}

// WithClock returns a context whose writes are stamped in the audit log
// with the time clock gives instead of the time of day: for views that
// must read the same every time (the screens' golden files, the demo's
// pictures).
func WithClock(ctx context.Context, clock func() time.Time) context.Context {
	return context.WithValue(ctx, clockKey{}, clock)
}

// auditTime is when a change made in ctx is recorded.
func auditTime(ctx context.Context) string {
	if clock, ok := ctx.Value(clockKey{}).(func() time.Time); ok {
		return clock().UTC().Format(time.RFC3339Nano)
	}
	return now()
}

// AuditEntry is one recorded change.
type AuditEntry struct {
	ID        int64
	At        time.Time
	Actor     string
	Action    string // "create", "update", "delete", "split", ...
	Subject   string // "contact", ...
	SubjectID int64
	Detail    string
	// Before and After are the record's fields before and after the
	// change; nil where there is none (before a creation, after a
	// deletion, or a change that records no fields).
	Before, After model.Fields
}

// Record names the entry's record: "contact 12", or "setting".
func (e AuditEntry) Record() string {
	if e.SubjectID == 0 {
		return e.Subject
	}
	return e.Subject + " " + strconv.FormatInt(e.SubjectID, 10)
}

// audit records a change inside the transaction that makes it, without the
// record's fields.
func audit(ctx context.Context, tx *sql.Tx, action, subject string, id int64, detail string) error {
	return auditChange(ctx, tx, action, subject, id, detail, nil, nil)
}

// auditChange records a change inside the transaction that makes it, with
// the record's fields before and after it (nil where there is none).
// Secrets among them are masked here, whoever calls.
func auditChange(ctx context.Context, tx *sql.Tx, action, subject string, id int64, detail string, before, after model.Fields) error {
	b, a, err := auditFields(before, after)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit (at, actor, action, subject, subject_id, detail, before_fields, after_fields)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, auditTime(ctx), Actor(ctx), action, subject, id, detail, b, a)
	return err
}

// auditFields are the column values of a change's fields: masked JSON, or
// NULL for none.
func auditFields(before, after model.Fields) (b, a any, err error) {
	before, after = model.MaskSecrets(before, after)
	marshal := func(fs model.Fields) (any, error) {
		if fs == nil {
			return nil, nil
		}
		// Unescaped, so that a search for "A&B" finds the field.
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		err := enc.Encode(fs)
		return strings.TrimSpace(b.String()), err
	}
	if b, err = marshal(before); err != nil {
		return nil, nil, err
	}
	a, err = marshal(after)
	return b, a, err
}

// AuditSubjects are the kinds of record the audit log names, as a filter
// spells them.
var AuditSubjects = []string{"contact", "patient", "employer", "user", "group", "category", "provider",
	"setting", "fax", "message", "import", "import mapping", "links", "patient document", "share"}

// AuditFilter narrows the audit log. Every field left zero matches all.
type AuditFilter struct {
	// Record is what a person types to name records: "contact 12" (a kind
	// and an ID), "contact", "#12", or else text found in the entries'
	// details and fields ("Lee", "416 555"). See ParseRecord.
	Record string
	// User is the login or the name of who made the change, or part of it.
	User string
	// Since and Until bound the time of the change; Until is excluded.
	Since, Until time.Time
	// BeforeID reads the page older than the entry of that ID.
	BeforeID int64
	// Limit is the page's size (100 when zero).
	Limit int
}

// RecordQuery is a record filter read: a kind of record, an ID, text.
type RecordQuery struct {
	Subject string
	ID      int64
	Text    string
}

// ParseRecord reads a record filter: a kind of record of AuditSubjects
// (plural too, any case), then an ID ("12" or "#12") or text to find among
// that kind's entries; or an ID alone; or text alone.
func ParseRecord(s string) RecordQuery {
	s = strings.Join(strings.Fields(s), " ")
	var q RecordQuery
	for _, sub := range AuditSubjects {
		for _, spelling := range []string{sub, sub + "s", strings.TrimSuffix(sub, "y") + "ies"} {
			if len(s) < len(spelling) || !strings.EqualFold(s[:len(spelling)], spelling) ||
				(len(s) > len(spelling) && s[len(spelling)] != ' ') || len(sub) <= len(q.Subject) {
				continue
			}
			q = RecordQuery{Subject: sub}
			rest := strings.TrimSpace(s[len(spelling):])
			if id, ok := recordID(rest); ok {
				q.ID = id
			} else {
				q.Text = rest
			}
		}
	}
	if q.Subject != "" {
		return q
	}
	if id, ok := recordID(s); ok {
		return RecordQuery{ID: id}
	}
	return RecordQuery{Text: s}
}

// recordID reads an ID: digits, after a # or not. Longer numbers are
// phone or fax numbers, to find as text.
func recordID(s string) (int64, bool) {
	s = strings.TrimPrefix(s, "#")
	if s == "" || len(s) > 9 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// AuditLog reads the audit log under f, newest first, a page at a time
// (the next page: f.BeforeID set to the last entry's ID). Reading it takes
// PermAudit: it shows every record.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var where []string
	var args []any
	rq := ParseRecord(f.Record)
	if rq.Subject != "" {
		where, args = append(where, "subject = ?"), append(args, rq.Subject)
	}
	if rq.ID != 0 {
		where, args = append(where, "subject_id = ?"), append(args, rq.ID)
	}
	if rq.Text != "" {
		like := "%" + escapeLike(rq.Text) + "%"
		where = append(where, `(detail LIKE ? ESCAPE '\' OR before_fields LIKE ? ESCAPE '\' OR after_fields LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like)
	}
	if u := strings.TrimSpace(f.User); u != "" {
		like := "%" + escapeLike(u) + "%"
		where = append(where, `(actor LIKE ? ESCAPE '\' OR actor IN (SELECT username FROM users WHERE name LIKE ? ESCAPE '\'))`)
		args = append(args, like, like)
	}
	// Times are RFC 3339 in UTC, which sort as text; a bound without its
	// zone sorts before every time of its second, fractions or not.
	const bound = "2006-01-02T15:04:05"
	if !f.Since.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.Since.UTC().Format(bound))
	}
	if !f.Until.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.Until.UTC().Format(bound))
	}
	if f.BeforeID != 0 {
		where, args = append(where, "id < ?"), append(args, f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q := `SELECT id, at, actor, action, subject, IFNULL(subject_id, 0), detail, before_fields, after_fields FROM audit`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, limit)
	var out []AuditEntry
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermAudit); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, q, args...)
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

func scanAudit(rows *sql.Rows) (AuditEntry, error) {
	var e AuditEntry
	var at string
	var before, after sql.NullString
	if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Subject, &e.SubjectID, &e.Detail, &before, &after); err != nil {
		return e, err
	}
	e.At, _ = time.Parse(time.RFC3339Nano, at)
	for _, f := range []struct {
		col sql.NullString
		to  *model.Fields
	}{{before, &e.Before}, {after, &e.After}} {
		if f.col.Valid {
			if err := json.Unmarshal([]byte(f.col.String), f.to); err != nil {
				return e, fmt.Errorf("audit entry %d: %w", e.ID, err)
			}
		}
	}
	return e, nil
}

// escapeLike escapes LIKE's wildcards in s, for the escape character \.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }
