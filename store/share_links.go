package store

// What the portal asks of the store: the share a link's token opens, a
// browser's session on it, the codes of the SMS level, and what was seen.

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"frontdesk/model"
)

// codeHash binds a code to its share: the same six digits of two shares
// are two hashes.
func codeHash(shareID int64, code string) string {
	return HashSecret(fmt.Sprintf("%d:%s", shareID, code))
}

// CodeWaitError refuses a new code asked for too soon, or one too many in
// a day.
type CodeWaitError struct {
	Wait    time.Duration // until a code may be sent
	PerDay  bool          // the day's codes are spent
	Sent    int           // codes sent in the last day
	Allowed int
}

func (e *CodeWaitError) Error() string {
	if e.PerDay {
		return fmt.Sprintf("%d codes were sent today, the most a day: ask again tomorrow, or call the clinic", e.Sent)
	}
	return fmt.Sprintf("a code was sent less than a minute ago: wait %d seconds", int(e.Wait.Round(time.Second)/time.Second))
}

// LinkState is what a share's link may do now.
type LinkState int

// The states of a link.
const (
	LinkOpen     LinkState = iota // it may be opened (or was, and stays valid)
	LinkReplaced                  // a resend made a new link
	LinkExpired                   // not opened within 24 hours
	LinkRevoked                   // the share was revoked
	LinkUnsent                    // the mail has not gone (or was not delivered)
)

// ShareLink is a share as its link finds it.
type ShareLink struct {
	Share model.Share
	State LinkState
}

// ShareByToken finds the share whose link holds the token hashed as
// tokenHash, and what the link may do at the clock's now. An unknown
// token is ErrNotFound.
func (s *Store) ShareByToken(ctx context.Context, tokenHash string) (ShareLink, error) {
	var l ShareLink
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		l, err = shareByToken(ctx, tx, tokenHash)
		return err
	})
	return l, err
}

func shareByToken(ctx context.Context, tx *sql.Tx, tokenHash string) (ShareLink, error) {
	var l ShareLink
	var id int64
	var stored string
	var replaced sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT share_id, token_hash, replaced_at FROM share_links WHERE token_hash = ?`,
		tokenHash).Scan(&id, &stored, &replaced)
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, err
	}
	// The row was found by the hash; compare in constant time all the same.
	if subtle.ConstantTimeCompare([]byte(stored), []byte(tokenHash)) != 1 {
		return l, ErrNotFound
	}
	if l.Share, err = getShare(ctx, tx, id); err != nil {
		return l, err
	}
	switch state := l.Share.StateAt(clockNow(ctx)); {
	case state == model.ShareRevoked:
		l.State = LinkRevoked
	case replaced.Valid:
		l.State = LinkReplaced
	case state == model.ShareExpired:
		l.State = LinkExpired
	case state == model.ShareSending && l.Share.Sent.IsZero(), state == model.ShareNotDelivered:
		l.State = LinkUnsent
	default:
		l.State = LinkOpen
	}
	return l, nil
}

// ErrLinkClosed refuses a step on a link that no longer opens.
var ErrLinkClosed = errors.New("this link no longer opens")

// StartShareSession is the contact pressing the button of a share's link:
// the browser is known from then on by its cookie (kept as cookieHash).
// At the link level the browser is verified and the share opened; at the
// SMS level it waits for the code. It reports whether the browser is
// verified.
func (s *Store) StartShareSession(ctx context.Context, tokenHash, cookieHash, address, agent string) (model.Share, bool, error) {
	var sh model.Share
	var verified bool
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		l, err := shareByToken(ctx, tx, tokenHash)
		if err != nil {
			return err
		}
		if l.State != LinkOpen {
			return ErrLinkClosed
		}
		sh = l.Share
		verified = sh.Level == model.LevelLink
		t := auditTime(ctx)
		var at any
		if verified {
			at = t
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO share_sessions (share_id, cookie_hash, address, agent, created_at,
			verified_at) VALUES (?, ?, ?, ?, ?, ?)`, sh.ID, cookieHash, address, model.Printable(agent), t, at); err != nil {
			return err
		}
		if err := audit(ctx, tx, "button pressed", "share", sh.ID, "from "+address); err != nil {
			return err
		}
		if verified {
			return opened(ctx, tx, sh.ID, address, agent)
		}
		return nil
	})
	return sh, verified, err
}

// opened records a browser that passed a share's steps; the first one
// opens the share.
func opened(ctx context.Context, tx *sql.Tx, id int64, address, agent string) error {
	t := auditTime(ctx)
	res, err := tx.ExecContext(ctx, `UPDATE shares SET state = 'opened', opened_at = ?, opened_address = ?, opened_agent = ?,
		updated_at = ? WHERE id = ? AND state IN ('sent', 'sending')`, t, address, model.Printable(agent), t, id)
	if err != nil {
		return err
	}
	detail := "again, from " + address
	if n, _ := res.RowsAffected(); n == 1 {
		detail = "from " + address
	}
	return audit(ctx, tx, "opened", "share", id, detail)
}

// ShareSession is a browser on a share.
type ShareSession struct {
	Share    model.Share
	Verified bool
}

// ShareBySession finds the share of the browser whose cookie is kept as
// cookieHash. An unknown cookie (or one ended by a resend or a revoke) is
// ErrNotFound.
func (s *Store) ShareBySession(ctx context.Context, cookieHash string) (ShareSession, error) {
	var ss ShareSession
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		ss, err = shareBySession(ctx, tx, cookieHash)
		return err
	})
	return ss, err
}

func shareBySession(ctx context.Context, tx *sql.Tx, cookieHash string) (ShareSession, error) {
	var ss ShareSession
	var id int64
	var stored string
	var verified sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT share_id, cookie_hash, verified_at FROM share_sessions WHERE cookie_hash = ?`,
		cookieHash).Scan(&id, &stored, &verified)
	if errors.Is(err, sql.ErrNoRows) {
		return ss, ErrNotFound
	}
	if err != nil {
		return ss, err
	}
	if subtle.ConstantTimeCompare([]byte(stored), []byte(cookieHash)) != 1 {
		return ss, ErrNotFound
	}
	ss.Verified = verified.Valid
	ss.Share, err = getShare(ctx, tx, id)
	return ss, err
}

// Visit is what one request on a share's link needs, read at once: the
// clinic (its name and fax, the fax as its region writes it), the link,
// and the browser's session on the link's share, if any.
type Visit struct {
	Clinic  model.FaxSettings
	Link    ShareLink
	Found   bool          // the token is a link's
	Session *ShareSession // nil: the browser has none on this share
}

// ShareVisit reads, in one transaction, the clinic, the link whose token
// is hashed as tokenHash ("" for none) and the session whose cookie is
// hashed as cookieHash ("" for none) if it is on that link's share.
func (s *Store) ShareVisit(ctx context.Context, tokenHash, cookieHash string) (Visit, error) {
	var v Visit
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if v.Clinic, err = faxSettings(ctx, tx); err != nil {
			return err
		}
		var region string
		if err := regionTx(ctx, tx, &region); err != nil {
			return err
		}
		if v.Clinic.ClinicFax != "" {
			v.Clinic.ClinicFax = model.FormatFax(v.Clinic.ClinicFax, region)
		}
		if tokenHash == "" {
			return nil
		}
		v.Link, err = shareByToken(ctx, tx, tokenHash)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		v.Found = true
		if cookieHash == "" {
			return nil
		}
		ss, err := shareBySession(ctx, tx, cookieHash)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err == nil && ss.Share.ID == v.Link.Share.ID {
			v.Session = &ss
		}
		return err
	})
	return v, err
}

// IssueShareCode records a code sent to the share's mobile, kept hashed,
// valid for CodeLife; asked for too soon or too often it is refused with a
// CodeWaitError, before anything is sent. The caller sends the code once
// it is recorded.
func (s *Store) IssueShareCode(ctx context.Context, shareID int64, code string) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		sh, err := getShare(ctx, tx, shareID)
		if err != nil {
			return err
		}
		now := clockNow(ctx)
		var n int
		var last string
		if err := tx.QueryRowContext(ctx, `SELECT count(*), IFNULL(max(created_at), '') FROM share_codes
			WHERE share_id = ? AND created_at > ?`, shareID, now.Add(-24*time.Hour).UTC().Format(time.RFC3339Nano)).
			Scan(&n, &last); err != nil {
			return err
		}
		if n >= model.CodesPerDay {
			return &CodeWaitError{PerDay: true, Sent: n, Allowed: model.CodesPerDay}
		}
		if wait := parseStamp(last).Add(model.CodeEvery).Sub(now); last != "" && wait > 0 {
			return &CodeWaitError{Wait: wait, Sent: n, Allowed: model.CodesPerDay}
		}
		t := now.UTC().Format(time.RFC3339Nano)
		if _, err := tx.ExecContext(ctx, `INSERT INTO share_codes (share_id, code_hash, sent_to, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, shareID, codeHash(shareID, code), sh.Mobile, t,
			now.Add(model.CodeLife).UTC().Format(time.RFC3339Nano)); err != nil {
			return err
		}
		return audit(ctx, tx, "code sent", "share", shareID, "to "+model.MaskMobile(sh.Mobile))
	})
}

// CodeResult is how a code typed went.
type CodeResult int

// The results of a code.
const (
	CodeRight   CodeResult = iota // the browser is verified, the share opened
	CodeWrong                     // tries remain on this code
	CodeDead                      // this code took its last wrong try: ask for a new one
	CodeExpired                   // the code is older than CodeLife
	CodeNone                      // no code was sent, or the last is used
)

// TryShareCode checks a code typed in the browser whose cookie is kept as
// cookieHash against the share's latest code. Wrong tries are counted on
// that code; the CodeTries-th kills it. It returns the tries left.
func (s *Store) TryShareCode(ctx context.Context, cookieHash, code, address string) (CodeResult, int, error) {
	result, left := CodeNone, 0
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		var sessionID, shareID int64
		err := tx.QueryRowContext(ctx, `SELECT id, share_id FROM share_sessions WHERE cookie_hash = ?`, cookieHash).
			Scan(&sessionID, &shareID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		sh, err := getShare(ctx, tx, shareID)
		if err != nil {
			return err
		}
		if state := sh.StateAt(clockNow(ctx)); state == model.ShareRevoked || state == model.ShareExpired {
			return ErrLinkClosed
		}
		var codeID int64
		var stored, expires string
		var failures int
		var used sql.NullString
		err = tx.QueryRowContext(ctx, `SELECT id, code_hash, expires_at, failures, used_at FROM share_codes
			WHERE share_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`, shareID).Scan(&codeID, &stored, &expires, &failures, &used)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return audit(ctx, tx, "code wrong", "share", shareID, "no code was sent; from "+address)
		case err != nil:
			return err
		case used.Valid:
			return audit(ctx, tx, "code wrong", "share", shareID, "its code was used already; from "+address)
		case failures >= model.CodeTries:
			result = CodeDead
			return audit(ctx, tx, "code wrong", "share", shareID, "its code is dead; from "+address)
		case !clockNow(ctx).Before(parseStamp(expires)):
			result = CodeExpired
			return audit(ctx, tx, "code wrong", "share", shareID, "its code expired; from "+address)
		}
		if subtle.ConstantTimeCompare([]byte(stored), []byte(codeHash(shareID, code))) != 1 {
			failures++
			if _, err := tx.ExecContext(ctx, `UPDATE share_codes SET failures = ? WHERE id = ?`, failures, codeID); err != nil {
				return err
			}
			result, left = CodeWrong, model.CodeTries-failures
			if left == 0 {
				result = CodeDead
			}
			return audit(ctx, tx, "code wrong", "share", shareID, fmt.Sprintf("%d of %d tries; from %s", failures, model.CodeTries, address))
		}
		t := auditTime(ctx)
		if _, err := tx.ExecContext(ctx, `UPDATE share_codes SET used_at = ? WHERE id = ?`, t, codeID); err != nil {
			return err
		}
		var agent string
		if err := tx.QueryRowContext(ctx, `UPDATE share_sessions SET verified_at = ? WHERE id = ? RETURNING agent`, t, sessionID).
			Scan(&agent); err != nil {
			return err
		}
		result = CodeRight
		if err := audit(ctx, tx, "code right", "share", shareID, "from "+address); err != nil {
			return err
		}
		return opened(ctx, tx, shareID, address, agent)
	})
	return result, left, err
}

// ShareDocumentPDF returns the shared document as a PDF, for a browser
// that passed the share's steps, and records it as how says ("viewed",
// "downloaded"; "" records nothing: a further part of a PDF being read).
func (s *Store) ShareDocumentPDF(ctx context.Context, shareID int64, how, address string) ([]byte, error) {
	var data []byte
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT doc.data FROM shares s JOIN patient_documents d ON d.id = s.patient_document_id
			JOIN documents doc ON doc.id = d.pdf_id WHERE s.id = ?`, shareID).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		return err
	})
	if err != nil || how == "" {
		return data, err
	}
	return data, s.WithTx(quietly(ctx), func(tx *sql.Tx) error {
		return audit(ctx, tx, how, "share", shareID, "from "+address)
	})
}

// ShareSeen records in the audit log a page of the share shown: it changes
// nothing of the share, and wakes no session.
func (s *Store) ShareSeen(ctx context.Context, shareID int64, what, address string) error {
	return s.WithTx(quietly(ctx), func(tx *sql.Tx) error {
		return audit(ctx, tx, what, "share", shareID, "from "+address)
	})
}
