package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"frontdesk/model"
)

// HashSecret is how a share's token, code or browser cookie is kept: its
// SHA-256, in hex. The value itself is never stored, so that a copy of the
// database opens nothing.
func HashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// Errors of sharing.
var (
	// ErrShareEnded refuses what a revoked share cannot do.
	ErrShareEnded = errors.New("was revoked: share the document again to send a new link")
	// ErrDocumentArchived refuses to share an archived document.
	ErrDocumentArchived = errors.New("is archived: put it back on the chart to share it")
)

// ShareFilter narrows the list of shares.
type ShareFilter struct {
	State      model.ShareState // at now; ShareExpired is computed
	ContactID  int64
	PatientID  int64
	DocumentID int64
	SharedBy   string
	Now        time.Time // what "expired" is measured at; zero: the clock
	Limit      int       // 100 when 0
	BeforeTime time.Time // the page older than this share
	BeforeID   int64
}

const shareColumns = `s.id, s.patient_document_id, IFNULL(s.contact_id, 0), IFNULL(s.entity_id, 0), s.name, s.email,
	s.mobile, s.level, s.state, s.reason, s.shared_by, s.created_at, IFNULL(s.sent_at, ''), IFNULL(s.opened_at, ''),
	s.opened_address, s.opened_agent, IFNULL(s.revoked_at, ''), s.revoked_by,
	d.kind, d.title, d.date, d.patient_id, p.first_name, p.last_name, p.chart`

const shareFrom = ` FROM shares s JOIN patient_documents d ON d.id = s.patient_document_id
	JOIN patients p ON p.id = d.patient_id`

func scanShare(row interface{ Scan(...any) error }) (model.Share, error) {
	var sh model.Share
	var created, sent, opened, revoked, date, first, last string
	err := row.Scan(&sh.ID, &sh.DocumentID, &sh.ContactID, &sh.EntityID, &sh.Name, &sh.Email, &sh.Mobile, &sh.Level,
		&sh.State, &sh.Reason, &sh.SharedBy, &created, &sent, &opened, &sh.OpenedFrom, &sh.OpenedWith, &revoked,
		&sh.RevokedBy, &sh.DocumentKind, &sh.DocumentTitle, &date, &sh.PatientID, &first, &last, &sh.PatientChart)
	if err != nil {
		return sh, err
	}
	sh.Created = parseStamp(created)
	sh.Sent, sh.Opened, sh.Revoked = parseStamp(sent), parseStamp(opened), parseStamp(revoked)
	sh.DocumentDate, _ = model.ParseDate(date, model.DayFirst, time.Now())
	sh.PatientName = model.Patient{FirstName: first, LastName: last}.DisplayName()
	return sh, nil
}

// parseStamp reads a time the store wrote; "" is the zero time.
func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// clockNow is the time of a change made in ctx (see WithClock).
func clockNow(ctx context.Context) time.Time { return parseStamp(auditTime(ctx)) }

func getShare(ctx context.Context, tx *sql.Tx, id int64) (model.Share, error) {
	sh, err := scanShare(tx.QueryRowContext(ctx, `SELECT `+shareColumns+shareFrom+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return sh, ErrNotFound
	}
	return sh, err
}

// Share returns the share with id.
func (s *Store) Share(ctx context.Context, id int64) (model.Share, error) {
	var sh model.Share
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		sh, err = getShare(ctx, tx, id)
		return err
	})
	return sh, err
}

// Shares lists shares, the newest first.
func (s *Store) Shares(ctx context.Context, f ShareFilter) ([]model.Share, error) {
	var where []string
	var args []any
	add := func(cond string, v ...any) { where = append(where, cond); args = append(args, v...) }
	now := f.Now
	if now.IsZero() {
		now = clockNow(ctx)
	}
	expiredBefore := now.Add(-model.LinkLife).UTC().Format(time.RFC3339Nano)
	switch f.State {
	case "":
	case model.ShareExpired:
		add("s.state IN ('sent', 'sending') AND s.sent_at < ?", expiredBefore)
	case model.ShareSent, model.ShareSending:
		add("s.state = ? AND (s.sent_at IS NULL OR s.sent_at >= ?)", string(f.State), expiredBefore)
	default:
		add("s.state = ?", string(f.State))
	}
	if f.ContactID != 0 {
		add("s.contact_id = ?", f.ContactID)
	}
	if f.PatientID != 0 {
		add("d.patient_id = ?", f.PatientID)
	}
	if f.DocumentID != 0 {
		add("s.patient_document_id = ?", f.DocumentID)
	}
	if f.SharedBy != "" {
		add("s.shared_by = ?", f.SharedBy)
	}
	if !f.BeforeTime.IsZero() {
		t := f.BeforeTime.UTC().Format(time.RFC3339Nano)
		add("(s.created_at < ? OR (s.created_at = ? AND s.id < ?))", t, t, f.BeforeID)
	}
	q := `SELECT ` + shareColumns + shareFrom
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q += ` ORDER BY s.created_at DESC, s.id DESC LIMIT ?`
	args = append(args, limit)
	var out []model.Share
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			sh, err := scanShare(rows)
			if err != nil {
				return err
			}
			out = append(out, sh)
		}
		return rows.Err()
	})
	return out, err
}

// recipient is the person a share goes to: the one asked for, or the
// contact's first person with an email address.
func recipient(ctx context.Context, tx *sql.Tx, contactID, entityID int64) (id int64, name, email, mobile string, err error) {
	q := `SELECT e.id, e.first_name, e.last_name, e.name, e.email, e.mobile, c.group_name
		FROM entities e JOIN contacts c ON c.id = e.contact_id WHERE e.contact_id = ?`
	args := []any{contactID}
	if entityID != 0 {
		q += ` AND e.id = ?`
		args = append(args, entityID)
	}
	q += ` ORDER BY e.email = '', e.position LIMIT 1`
	var first, last, single, group string
	err = tx.QueryRowContext(ctx, q, args...).Scan(&id, &first, &last, &single, &email, &mobile, &group)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", "", "", fmt.Errorf("contact %d: %w", contactID, ErrNotFound)
	}
	name = strings.TrimSpace(first + " " + last)
	if name == "" {
		name = single
	}
	if name == "" {
		name = group
	}
	return id, name, email, mobile, err
}

// CreateShare records a share of the patient document sh.DocumentID with
// the contact sh.ContactID (its person sh.EntityID, or the contact's first
// person with an email) at sh.Level, its link's token kept as tokenHash.
// It is "sending" until ShareMailed says how the mail went. It needs the
// sharing permission; a contact without an email, or without a mobile at
// the SMS level, is refused with the reason.
func (s *Store) CreateShare(ctx context.Context, sh model.Share, tokenHash string) (model.Share, error) {
	if sh.Level != model.LevelLink && sh.Level != model.LevelSMS {
		return sh, fmt.Errorf("%q is not a sharing level (link or sms)", sh.Level)
	}
	var id int64
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermShare); err != nil {
			return err
		}
		var title string
		var archived sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT title, archived_at FROM patient_documents WHERE id = ?`, sh.DocumentID).
			Scan(&title, &archived)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("document %d: %w", sh.DocumentID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if archived.Valid {
			return fmt.Errorf("%q %w", title, ErrDocumentArchived)
		}
		entity, name, email, mobile, err := recipient(ctx, tx, sh.ContactID, sh.EntityID)
		if err != nil {
			return err
		}
		if email == "" {
			return fmt.Errorf("%s %w", name, model.ErrNoEmail)
		}
		if sh.Level == model.LevelSMS && mobile == "" {
			return fmt.Errorf("%s %w", name, model.ErrNoMobile)
		}
		if mobile != "" { // kept as a text is sent to it: E.164
			var region string
			if err := regionTx(ctx, tx, &region); err != nil {
				return err
			}
			e164, err := model.ParseFax(mobile, region)
			switch {
			case err == nil:
				mobile = e164
			case sh.Level == model.LevelSMS:
				return fmt.Errorf("%s's mobile %q %v: correct it on the contact first", name, mobile, err)
			default:
				mobile = ""
			}
		}
		t := auditTime(ctx)
		res, err := tx.ExecContext(ctx, `INSERT INTO shares (patient_document_id, contact_id, entity_id, name, email, mobile,
			level, state, shared_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?, ?)`,
			sh.DocumentID, sh.ContactID, entity, name, email, mobile, sh.Level, Actor(ctx), t, t)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := addLink(ctx, tx, id, tokenHash); err != nil {
			return err
		}
		return audit(ctx, tx, "shared", "share", id, fmt.Sprintf("%q with %s <%s>", title, name, email))
	})
	if err != nil {
		return sh, err
	}
	return s.Share(ctx, id)
}

func addLink(ctx context.Context, tx *sql.Tx, shareID int64, tokenHash string) error {
	if len(tokenHash) != 64 {
		return errors.New("a share's link needs the SHA-256 of its token")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO share_links (share_id, token_hash, created_at) VALUES (?, ?, ?)`,
		shareID, tokenHash, auditTime(ctx))
	return err
}

// ShareMailed records how the mail of a share's link went: sent (the 24
// hours of its link start now) or, with mailErr, not delivered for the
// mail server's reason.
func (s *Store) ShareMailed(ctx context.Context, id int64, mailErr error) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		t := auditTime(ctx)
		var res sql.Result
		var err error
		if mailErr == nil {
			res, err = tx.ExecContext(ctx, `UPDATE shares SET state = 'sent', reason = '', sent_at = ?, updated_at = ?
				WHERE id = ? AND state IN ('sending', 'not_delivered')`, t, t, id)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE shares SET state = 'not_delivered', reason = ?, updated_at = ?
				WHERE id = ? AND state IN ('sending', 'not_delivered')`, model.Printable(mailErr.Error()), t, id)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // revoked or resent meanwhile: that change stands
		}
		if mailErr != nil {
			return audit(ctx, tx, "not delivered", "share", id, model.Printable(mailErr.Error()))
		}
		return audit(ctx, tx, "mailed", "share", id, "")
	})
}

// ResendShare gives a share a new link (kept as tokenHash), to be mailed:
// the old link stops working at once, and the browsers that passed the
// old link's steps must pass the new one's. A revoked share is not sent
// again.
func (s *Store) ResendShare(ctx context.Context, id int64, tokenHash string) (model.Share, error) {
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermShare); err != nil {
			return err
		}
		sh, err := getShare(ctx, tx, id)
		if err != nil {
			return err
		}
		if sh.State == model.ShareRevoked {
			return fmt.Errorf("share %d %w", id, ErrShareEnded)
		}
		if err := endLinks(ctx, tx, id); err != nil {
			return err
		}
		if err := addLink(ctx, tx, id, tokenHash); err != nil {
			return err
		}
		t := auditTime(ctx)
		if _, err := tx.ExecContext(ctx, `UPDATE shares SET state = 'sending', reason = '', sent_at = NULL, opened_at = NULL,
			opened_address = '', opened_agent = '', notified = 0, updated_at = ? WHERE id = ?`, t, id); err != nil {
			return err
		}
		return audit(ctx, tx, "resent", "share", id, "a new link; the old one no longer opens")
	})
	if err != nil {
		return model.Share{}, err
	}
	return s.Share(ctx, id)
}

// endLinks ends a share's links and the browsers' sessions on them.
func endLinks(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE share_links SET replaced_at = ? WHERE share_id = ? AND replaced_at IS NULL`,
		auditTime(ctx), id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM share_sessions WHERE share_id = ?`, id)
	return err
}

// RevokeShare ends a share: its link stops working at once.
func (s *Store) RevokeShare(ctx context.Context, id int64) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermShare); err != nil {
			return err
		}
		sh, err := getShare(ctx, tx, id)
		if err != nil {
			return err
		}
		if sh.State == model.ShareRevoked {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM share_sessions WHERE share_id = ?`, id); err != nil {
			return err
		}
		t := auditTime(ctx)
		if _, err := tx.ExecContext(ctx, `UPDATE shares SET state = 'revoked', revoked_at = ?, revoked_by = ?, updated_at = ?
			WHERE id = ?`, t, Actor(ctx), t, id); err != nil {
			return err
		}
		return audit(ctx, tx, "revoked", "share", id, "")
	})
}

// TakeOpenedShares returns the shares of sharedBy opened since it was last
// told, and marks them told, in one write: of several sessions of the
// sharer asking at once, one is told, once.
func (s *Store) TakeOpenedShares(ctx context.Context, sharedBy string) ([]model.Share, error) {
	// Asked on every change a session sees: a read first, and a write only
	// when there is news.
	var news bool
	if err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM shares WHERE shared_by = ? AND state = 'opened'
			AND notified = 0)`, sharedBy).Scan(&news)
	}); err != nil || !news {
		return nil, err
	}
	var out []model.Share
	err := s.WithTx(quietly(ctx), func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE shares SET notified = 1
			WHERE shared_by = ? AND state = 'opened' AND notified = 0 RETURNING id`, sharedBy)
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
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			sh, err := getShare(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, sh)
		}
		return nil
	})
	return out, err
}
