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

// InboxItem is one message in a user's inbox, and where it stands for
// them (see model.Handling for the rule).
type InboxItem struct {
	model.Message
	Patient  string // "Ouellet, Zoë"
	Chart    string
	Category string
	State    model.MessageState // for this user: closed (done) once anyone marks it done or passes it on
	Why      string             // why it came to this user
	Note     string             // the note of whoever passed it to this user
	With     []RoutedUser       // the others who hold it now
	DoneBy   RoutedUser         // who marked it done, once nobody holds it; zero when this user did (or nobody knows)
}

// Handling is where the message stands for the user, the others named by
// name(u): their name on screen, their login in a command's output.
func (it InboxItem) Handling(name func(RoutedUser) string) model.Handling {
	h := model.Handling{State: it.State}
	for _, u := range it.With {
		h.With = append(h.With, name(u))
	}
	if it.DoneBy.UserID != 0 {
		h.DoneBy = name(it.DoneBy)
	}
	return h
}

// Inbox lists a user's messages: unread first, then read, then done
// (or handled by someone else), newest first within each.
func (s *Store) Inbox(ctx context.Context, userID int64) ([]InboxItem, error) {
	var out []InboxItem
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = inboxItems(ctx, tx, userID, 0)
		return err
	})
	return out, err
}

// InboxMessage is one message of a user's inbox as it stands now, or
// ErrNotFound when it is not theirs.
func (s *Store) InboxMessage(ctx context.Context, id, userID int64) (InboxItem, error) {
	var out []InboxItem
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = inboxItems(ctx, tx, userID, id)
		return err
	})
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("message %d is not in this inbox: %w", id, ErrNotFound)
	}
	if err != nil {
		return InboxItem{}, err
	}
	return out[0], nil
}

// inboxItems reads a user's messages (only message id, when not 0) and
// who else holds each.
func inboxItems(ctx context.Context, tx *sql.Tx, userID, id int64) ([]InboxItem, error) {
	rows, err := tx.QueryContext(ctx, `SELECT m.id, m.patient_id, m.category_id, m.subject, m.body, m.received_at, m.source,
		p.first_name, p.last_name, p.chart, c.name, r.state, r.why, r.note, IFNULL(d.id, 0), IFNULL(d.username, ''), IFNULL(d.name, '')
		FROM message_recipients r JOIN messages m ON m.id = r.message_id
		JOIN patients p ON p.id = m.patient_id JOIN categories c ON c.id = m.category_id
		LEFT JOIN users d ON d.id = m.done_by AND m.done_by <> r.user_id
		WHERE r.user_id = ? AND (? = 0 OR m.id = ?)
		ORDER BY CASE r.state WHEN 'unread' THEN 0 WHEN 'read' THEN 1 ELSE 2 END, m.received_at DESC, m.id DESC`, userID, id, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []InboxItem
	at := map[int64]int{}
	for rows.Next() {
		var it InboxItem
		var received, first, last string
		if err := rows.Scan(&it.ID, &it.PatientID, &it.CategoryID, &it.Subject, &it.Body, &received, &it.Source,
			&first, &last, &it.Chart, &it.Category, &it.State, &it.Why, &it.Note,
			&it.DoneBy.UserID, &it.DoneBy.Username, &it.DoneBy.Name); err != nil {
			return nil, err
		}
		it.Received, _ = time.Parse(time.RFC3339Nano, received)
		it.Patient = model.Patient{FirstName: first, LastName: last}.DisplayName()
		at[it.ID] = len(out)
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	held, err := tx.QueryContext(ctx, `SELECT o.message_id, u.id, u.username, u.name
		FROM message_recipients o JOIN users u ON u.id = o.user_id
		WHERE o.state IN ('unread', 'read') AND o.user_id <> ? AND (? = 0 OR o.message_id = ?)
		AND o.message_id IN (SELECT message_id FROM message_recipients WHERE user_id = ?)
		ORDER BY o.changed_at, u.sort_key, u.id`, userID, id, id, userID)
	if err != nil {
		return nil, err
	}
	defer held.Close()
	for held.Next() {
		var mid int64
		var u RoutedUser
		if err := held.Scan(&mid, &u.UserID, &u.Username, &u.Name); err != nil {
			return nil, err
		}
		if i, ok := at[mid]; ok {
			out[i].With = append(out[i].With, u)
		}
	}
	return out, held.Err()
}

// UnreadCount is how many of a user's messages are unread: held by them
// and not opened yet. A message someone else marked done or passed on is
// closed for them, so it no longer counts.
func (s *Store) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM message_recipients WHERE user_id = ? AND state = 'unread'`,
			userID).Scan(&n)
	})
	return n, err
}

// MessageRecipient is one user a message went to, where it stands for
// them, why it came to them and the note of whoever passed it to them.
type MessageRecipient struct {
	RoutedUser
	State model.MessageState
	At    time.Time
	Note  string
}

// MessageRecipients lists who a message went to, in the order it went.
func (s *Store) MessageRecipients(ctx context.Context, id int64) ([]MessageRecipient, error) {
	var out []MessageRecipient
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT u.id, u.username, u.name, r.why, r.state, r.changed_at, r.note
			FROM message_recipients r JOIN users u ON u.id = r.user_id WHERE r.message_id = ? ORDER BY r.changed_at, u.sort_key, u.id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r MessageRecipient
			var at string
			if err := rows.Scan(&r.UserID, &r.Username, &r.Name, &r.Why, &r.State, &at, &r.Note); err != nil {
				return err
			}
			r.At, _ = time.Parse(time.RFC3339Nano, at)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// HeldError refuses to act on a message that someone else holds now: it
// was passed to them, and only they may mark it or pass it on.
type HeldError struct {
	ID  int64
	By  []string // their names
	Act string   // what was refused: "mark it done", "pass it on", ...
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("%s has message %d now: only they may %s", strings.Join(e.By, ", "), e.ID, e.Act)
}

// Unwrap makes a HeldError a conflict.
func (e *HeldError) Unwrap() error { return ErrConflict }

// handlingTx reads, for a change to message id by userID, where it
// stands for them and who else holds it; ErrNotFound when it never came
// to them.
func handlingTx(ctx context.Context, tx *sql.Tx, id, userID int64) (model.MessageState, []string, error) {
	var mine model.MessageState
	err := tx.QueryRowContext(ctx, `SELECT r.state FROM message_recipients r WHERE r.message_id = ? AND r.user_id = ?`,
		id, userID).Scan(&mine)
	if errors.Is(err, sql.ErrNoRows) {
		var name string
		if tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, userID).Scan(&name) != nil {
			name = "this user"
		}
		return "", nil, fmt.Errorf("message %d is not in %s's inbox: %w", id, name, ErrNotFound)
	}
	if err != nil {
		return "", nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT u.name FROM message_recipients r JOIN users u ON u.id = r.user_id
		WHERE r.message_id = ? AND r.user_id <> ? AND r.state IN ('unread', 'read') ORDER BY r.changed_at, u.sort_key, u.id`, id, userID)
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	var others []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return "", nil, err
		}
		others = append(others, n)
	}
	return mine, others, rows.Err()
}

// checkRecipient refuses a change to userID's message by someone else,
// unless an admin.
func checkRecipient(ctx context.Context, tx *sql.Tx, userID int64) error {
	u, checked, err := actingUserTx(ctx, tx)
	if err != nil {
		return err
	}
	if checked && u.ID != userID && !u.Is(model.RoleAdmin) {
		return errNotYours
	}
	return nil
}

// MarkMessage sets where a message stands for a user, under the rule of
// model.Handling: read only turns unread into read (opening a message
// never reopens it); done closes it for every holder at once; unread
// reopens it for this user alone, once nobody else holds it. A message
// someone else holds now is refused with a HeldError.
func (s *Store) MarkMessage(ctx context.Context, id, userID int64, state model.MessageState) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := checkRecipient(ctx, tx, userID); err != nil {
			return err
		}
		mine, others, err := handlingTx(ctx, tx, id, userID)
		if err != nil {
			return err
		}
		open := model.Handling{State: mine}.Open()
		t := now()
		switch state {
		case model.MessageRead:
			if mine != model.MessageUnread {
				return nil
			}
			_, err = tx.ExecContext(ctx, `UPDATE message_recipients SET state = 'read', changed_at = ? WHERE message_id = ? AND user_id = ?`,
				t, id, userID)
		case model.MessageUnread:
			switch {
			case mine == model.MessageUnread:
				return nil
			case !open && len(others) > 0:
				return &HeldError{ID: id, By: others, Act: "mark it unread"}
			}
			if _, err = tx.ExecContext(ctx, `UPDATE message_recipients SET state = 'unread', changed_at = ? WHERE message_id = ? AND user_id = ?`,
				t, id, userID); err == nil {
				_, err = tx.ExecContext(ctx, `UPDATE messages SET done_by = NULL WHERE id = ?`, id)
			}
		case model.MessageDone:
			switch {
			case !open && len(others) > 0:
				return &HeldError{ID: id, By: others, Act: "mark it done"}
			case !open:
				return nil // done already
			}
			if _, err = tx.ExecContext(ctx, `UPDATE message_recipients SET state = 'done', changed_at = ? WHERE message_id = ?
				AND state IN ('unread', 'read')`, t, id); err == nil {
				_, err = tx.ExecContext(ctx, `UPDATE messages SET done_by = ? WHERE id = ?`, userID, id)
			}
		default:
			return fmt.Errorf("%q is not a state of a message", state)
		}
		if err != nil {
			return err
		}
		detail := ""
		if state == model.MessageDone && len(others) > 0 {
			detail = "closed for " + strings.Join(others, ", ") + " too"
		}
		return audit(ctx, tx, string(state), "message", id, detail)
	})
}

// Passed is what became of a message passed on: who it went to, and
// which of them already had it in their inbox.
type Passed struct {
	To  []RoutedUser
	Had []RoutedUser
}

// maxNote bounds the note given when passing a message on.
const maxNote = 1000

// Reassign passes a message from a user's inbox to another user or group
// (its active members), with an optional note for them. Under the rule of
// model.Handling, it closes the message for every holder (the user and
// anyone else it was open for) and opens it, unread, for the new
// recipients, even one who had it already; the move is recorded. A
// message someone else holds now is refused with a HeldError.
func (s *Store) Reassign(ctx context.Context, id, fromUserID int64, to model.Recipient, note string) (Passed, error) {
	var out Passed
	note = strings.TrimSpace(note)
	if len([]rune(note)) > maxNote {
		return out, fmt.Errorf("the note is %d characters long; %d at most", len([]rune(note)), maxNote)
	}
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		out = Passed{}
		if err := checkRecipient(ctx, tx, fromUserID); err != nil {
			return err
		}
		mine, others, err := handlingTx(ctx, tx, id, fromUserID)
		if err != nil {
			return err
		}
		if !(model.Handling{State: mine}).Open() && len(others) > 0 {
			return &HeldError{ID: id, By: others, Act: "pass it on"}
		}
		d, err := directory(ctx, tx)
		if err != nil {
			return err
		}
		from := d.Users[fromUserID]
		ids := []int64{to.UserID}
		why := "reassigned by " + from.Name
		if to.UserID == 0 {
			ids = d.Groups[to.GroupID].Members
			why += " to " + d.Groups[to.GroupID].Name
		}
		had, err := recipientIDs(ctx, tx, id)
		if err != nil {
			return err
		}
		t := now()
		// Close it for every holder first; the new recipients' rows open
		// again below.
		if _, err := tx.ExecContext(ctx, `UPDATE message_recipients SET state = 'done', changed_at = ? WHERE message_id = ?
			AND state IN ('unread', 'read')`, t, id); err != nil {
			return err
		}
		for _, uid := range ids {
			u, ok := d.Users[uid]
			if !ok || !u.Active || uid == fromUserID {
				continue
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO message_recipients (message_id, user_id, why, state, changed_at, note)
				VALUES (?, ?, ?, 'unread', ?, ?) ON CONFLICT (message_id, user_id) DO UPDATE SET why = excluded.why,
				state = 'unread', changed_at = excluded.changed_at, note = excluded.note`, id, uid, why, t, note)
			if err != nil {
				return err
			}
			r := RoutedUser{UserID: uid, Username: u.Username, Name: u.Name, Why: why}
			out.To = append(out.To, r)
			if had[uid] {
				out.Had = append(out.Had, r)
			}
		}
		if len(out.To) == 0 {
			return errors.New("nobody active to pass it to")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE messages SET done_by = NULL WHERE id = ?`, id); err != nil {
			return err
		}
		detail := from.Username + " to " + d.RecipientName(to)
		if note != "" {
			detail += ": " + note
		}
		return audit(ctx, tx, "reassign", "message", id, detail)
	})
	return out, err
}

// recipientIDs is the set of users a message has come to.
func recipientIDs(ctx context.Context, tx *sql.Tx, id int64) (map[int64]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT user_id FROM message_recipients WHERE message_id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var uid int64
		if err := rows.Scan(&uid); err != nil {
			return nil, err
		}
		out[uid] = true
	}
	return out, rows.Err()
}
