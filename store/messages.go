package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"frontdesk/model"
)

// MessageIn is a patient's message as a portal hands it over, or as the
// desk takes it by phone: the patient by chart number, the category by
// name.
type MessageIn struct {
	Chart    string
	Category string
	Subject  string
	Body     string
	Received time.Time // zero: now
	Source   string    // "portal" or "phone"
}

// Delivered is what became of one message handed in: its ID and who it
// went to, or why it was refused.
type Delivered struct {
	ID  int64
	To  []RoutedUser
	Err error
}

// RoutedUser is a user a message went to, and why.
type RoutedUser struct {
	UserID   int64
	Username string
	Name     string
	Why      string
}

// IngestMessages takes messages in, in one transaction: each is routed to
// the recipients of its patient's provider for its category. A message
// that cannot be taken (an unknown chart number or category) is refused
// with the reason in its Delivered; the others still go in.
func (s *Store) IngestMessages(ctx context.Context, ins []MessageIn) ([]Delivered, error) {
	out := make([]Delivered, len(ins))
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermMessages); err != nil {
			return err
		}
		d, err := directory(ctx, tx)
		if err != nil {
			return err
		}
		all, err := routes(ctx, tx)
		if err != nil {
			return err
		}
		cats, err := categories(ctx, tx, true)
		if err != nil {
			return err
		}
		byName := map[string]model.Category{}
		var names []string
		for _, c := range cats {
			byName[model.Fold(c.Name)] = c
			if !c.Retired {
				names = append(names, c.Name)
			}
		}
		w, err := newIngester(ctx, tx)
		if err != nil {
			return err
		}
		defer w.Close()
		for i, in := range ins {
			out[i], err = w.ingest(d, all, byName, names, in)
			if err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// ingester writes messages inside one transaction, its statements
// prepared once for a batch.
type ingester struct {
	ctx                                 context.Context
	stmts                               prepared
	patient, message, recipient, record *sql.Stmt
	at, auditAt, actor                  string
}

func newIngester(ctx context.Context, tx *sql.Tx) (*ingester, error) {
	w := &ingester{ctx: ctx, at: now(), auditAt: auditTime(ctx), actor: Actor(ctx)}
	var err error
	w.stmts, err = prepare(ctx, tx,
		`SELECT id, IFNULL(provider_id, 0) FROM patients WHERE chart = ?`,
		`INSERT INTO messages (patient_id, category_id, provider_id, subject, body, received_at, source, created_at,
			created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO message_recipients (message_id, user_id, why, state, changed_at) VALUES (?, ?, ?, 'unread', ?)`,
		`INSERT INTO audit (at, actor, action, subject, subject_id, detail) VALUES (?, ?, 'receive', 'message', ?, ?)`)
	if err != nil {
		return nil, err
	}
	w.patient, w.message, w.recipient, w.record = w.stmts[0], w.stmts[1], w.stmts[2], w.stmts[3]
	return w, nil
}

// Close frees the statements.
func (w *ingester) Close() { w.stmts.Close() }

func (w *ingester) ingest(d model.Directory, all map[model.Cell][]model.Recipient, byName map[string]model.Category,
	names []string, in MessageIn) (Delivered, error) {
	ctx, patient, t, actor := w.ctx, w.patient, w.at, w.actor
	chart := strings.TrimSpace(in.Chart)
	if chart == "" {
		return Delivered{Err: errors.New("the patient's chart number is missing")}, nil
	}
	var patientID, providerID int64
	err := patient.QueryRowContext(ctx, chart).Scan(&patientID, &providerID)
	if errors.Is(err, sql.ErrNoRows) {
		return Delivered{Err: fmt.Errorf("no patient has chart number %s", chart)}, nil
	}
	if err != nil {
		return Delivered{}, err
	}
	cat, ok := byName[model.Fold(strings.TrimSpace(in.Category))]
	if !ok || cat.Retired {
		return Delivered{Err: fmt.Errorf("%q is not a category (%s)", in.Category, strings.Join(names, ", "))}, nil
	}
	m := model.Message{PatientID: patientID, CategoryID: cat.ID, Subject: strings.TrimSpace(in.Subject),
		Body: strings.TrimSpace(in.Body), Received: in.Received, Source: in.Source}
	if ps := m.Validate(); len(ps) > 0 {
		return Delivered{Err: ps.Err()}, nil
	}
	if m.Received.IsZero() {
		m.Received = time.Now()
	}
	if m.Source == "" {
		m.Source = "portal"
	}
	var to []model.Routed
	if providerID == 0 {
		to = d.Resolve(0, nil) // no provider: the admins
		for i := range to {
			to[i].Why = "the patient has no provider: an admin"
		}
	} else {
		to = d.Resolve(providerID, all[model.Cell{ProviderID: providerID, CategoryID: cat.ID}])
	}
	if len(to) == 0 {
		return Delivered{Err: errors.New("nobody can receive it: the patient's provider is not active and there is no active admin")}, nil
	}
	res, err := w.message.ExecContext(ctx, m.PatientID, m.CategoryID, nullID(providerID),
		m.Subject, m.Body, m.Received.UTC().Format(time.RFC3339Nano), m.Source, t, actor)
	if err != nil {
		return Delivered{}, err
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return Delivered{}, err
	}
	out := Delivered{ID: m.ID}
	var usernames []string
	for _, r := range to {
		if _, err := w.recipient.ExecContext(ctx, m.ID, r.UserID, r.Why, t); err != nil {
			return Delivered{}, err
		}
		u := d.Users[r.UserID]
		out.To = append(out.To, RoutedUser{UserID: u.ID, Username: u.Username, Name: u.Name, Why: r.Why})
		usernames = append(usernames, u.Username)
	}
	_, err = w.record.ExecContext(ctx, w.auditAt, actor, m.ID, cat.Name+" for chart "+chart+": to "+strings.Join(usernames, ", "))
	return out, err
}

// InboxItem is one message in a user's inbox.
type InboxItem struct {
	model.Message
	Patient  string // "Ouellet, Zoë"
	Chart    string
	Category string
	State    model.MessageState
	Why      string // why it came to this user
}

// Inbox lists a user's messages: unread first, then read, then done,
// newest first within each.
func (s *Store) Inbox(ctx context.Context, userID int64) ([]InboxItem, error) {
	var out []InboxItem
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT m.id, m.patient_id, m.category_id, m.subject, m.body, m.received_at, m.source,
			p.first_name, p.last_name, p.chart, c.name, r.state, r.why
			FROM message_recipients r JOIN messages m ON m.id = r.message_id
			JOIN patients p ON p.id = m.patient_id JOIN categories c ON c.id = m.category_id
			WHERE r.user_id = ?
			ORDER BY CASE r.state WHEN 'unread' THEN 0 WHEN 'read' THEN 1 ELSE 2 END, m.received_at DESC, m.id DESC`, userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it InboxItem
			var received, first, last string
			if err := rows.Scan(&it.ID, &it.PatientID, &it.CategoryID, &it.Subject, &it.Body, &received, &it.Source,
				&first, &last, &it.Chart, &it.Category, &it.State, &it.Why); err != nil {
				return err
			}
			it.Received, _ = time.Parse(time.RFC3339Nano, received)
			it.Patient = model.Patient{FirstName: first, LastName: last}.DisplayName()
			out = append(out, it)
		}
		return rows.Err()
	})
	return out, err
}

// UnreadCount is how many of a user's messages are unread.
func (s *Store) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM message_recipients WHERE user_id = ? AND state = 'unread'`,
			userID).Scan(&n)
	})
	return n, err
}

// MessageRecipient is one user a message went to, where it stands for
// them, and why it came to them.
type MessageRecipient struct {
	RoutedUser
	State model.MessageState
	At    time.Time
}

// MessageRecipients lists who a message went to, in the order it went.
func (s *Store) MessageRecipients(ctx context.Context, id int64) ([]MessageRecipient, error) {
	var out []MessageRecipient
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT u.id, u.username, u.name, r.why, r.state, r.changed_at
			FROM message_recipients r JOIN users u ON u.id = r.user_id WHERE r.message_id = ? ORDER BY r.changed_at, u.sort_key, u.id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r MessageRecipient
			var at string
			if err := rows.Scan(&r.UserID, &r.Username, &r.Name, &r.Why, &r.State, &at); err != nil {
				return err
			}
			r.At, _ = time.Parse(time.RFC3339Nano, at)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// MarkMessage sets where a message stands for the acting user (read or
// done, or unread again).
func (s *Store) MarkMessage(ctx context.Context, id, userID int64, state model.MessageState) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if u, checked, err := actingUserTx(ctx, tx); err != nil {
			return err
		} else if checked && u.ID != userID && !u.Is(model.RoleAdmin) {
			return errNotYours
		}
		res, err := tx.ExecContext(ctx, `UPDATE message_recipients SET state = ?, changed_at = ? WHERE message_id = ? AND user_id = ?
			AND state <> ?`, state, now(), id, userID, state)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // already so, or not this user's: nothing to record
		}
		return audit(ctx, tx, string(state), "message", id, "")
	})
}

// Reassign passes a message from a user's inbox to another user or
// group (its active members): it is done for the first, unread for the
// others, and the move is recorded.
func (s *Store) Reassign(ctx context.Context, id, fromUserID int64, to model.Recipient) ([]RoutedUser, error) {
	var out []RoutedUser
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if u, checked, err := actingUserTx(ctx, tx); err != nil {
			return err
		} else if checked && u.ID != fromUserID && !u.Is(model.RoleAdmin) {
			return errNotYours
		}
		d, err := directory(ctx, tx)
		if err != nil {
			return err
		}
		from := d.Users[fromUserID]
		var ids []int64
		if to.UserID != 0 {
			ids = []int64{to.UserID}
		} else {
			ids = d.Groups[to.GroupID].Members
		}
		why := "reassigned by " + from.Name
		if to.GroupID != 0 {
			why += " to " + d.Groups[to.GroupID].Name
		}
		t := now()
		for _, uid := range ids {
			u, ok := d.Users[uid]
			if !ok || !u.Active || uid == fromUserID {
				continue
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO message_recipients (message_id, user_id, why, state, changed_at)
				VALUES (?, ?, ?, 'unread', ?) ON CONFLICT (message_id, user_id) DO UPDATE SET why = excluded.why,
				state = 'unread', changed_at = excluded.changed_at`, id, uid, why, t)
			if err != nil {
				return err
			}
			out = append(out, RoutedUser{UserID: uid, Username: u.Username, Name: u.Name, Why: why})
		}
		if len(out) == 0 {
			return errors.New("nobody active to pass it to")
		}
		res, err := tx.ExecContext(ctx, `UPDATE message_recipients SET state = 'done', changed_at = ? WHERE message_id = ? AND user_id = ?`,
			t, id, fromUserID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = fmt.Errorf("message %d is not in %s's inbox: %w", id, from.Name, ErrNotFound)
			}
			return err
		}
		return audit(ctx, tx, "reassign", "message", id, from.Username+" to "+d.RecipientName(to))
	})
	return out, err
}
