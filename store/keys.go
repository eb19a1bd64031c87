package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"frontdesk/model"
)

// ParseKey reads one public key as authorized_keys and ssh-keygen write
// it ("ssh-ed25519 AAAA… comment", options allowed before it) and returns
// it with its fingerprint. It checks nothing in the database.
func ParseKey(line string) (model.UserKey, error) {
	line = strings.TrimSpace(line)
	if line == "" {
		return model.UserKey{}, errors.New("no key given: paste a line of an authorized_keys or .pub file")
	}
	pk, comment, _, rest, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return model.UserKey{}, fmt.Errorf("not an SSH public key (a line of an authorized_keys or .pub file, such as \"ssh-ed25519 AAAA… name@host\"): %v", err)
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return model.UserKey{}, errors.New("more than one key given: add one key at a time")
	}
	return model.UserKey{
		Fingerprint: ssh.FingerprintSHA256(pk),
		Type:        pk.Type(),
		Key:         strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))),
		Comment:     model.Printable(strings.TrimSpace(comment)),
	}, nil
}

// KeyTakenError is a key that is already some user's.
type KeyTakenError struct {
	Fingerprint string
	Username    string
}

func (e *KeyTakenError) Error() string {
	return fmt.Sprintf("the key %s is already %s's: a key signs in as one user only", e.Fingerprint, e.Username)
}

// AddUserKey gives the user with id the key in line (see ParseKey). It
// needs the staff permission.
func (s *Store) AddUserKey(ctx context.Context, userID int64, line string) (model.UserKey, error) {
	k, err := ParseKey(line)
	if err != nil {
		return k, err
	}
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermStaff); err != nil {
			return err
		}
		var owner string
		err := tx.QueryRowContext(ctx, `SELECT u.username FROM user_keys k JOIN users u ON u.id = k.user_id
			WHERE k.fingerprint = ?`, k.Fingerprint).Scan(&owner)
		if err == nil {
			return &KeyTakenError{k.Fingerprint, owner}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT username FROM users WHERE id = ?`, userID).Scan(&k.Username); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		// Stamped as the audit log is, so that a fixed clock (the screens'
		// golden files) gives a fixed date.
		added := auditTime(ctx)
		k.UserID, k.AddedBy = userID, Actor(ctx)
		k.AddedAt, _ = time.Parse(time.RFC3339Nano, added)
		res, err := tx.ExecContext(ctx, `INSERT INTO user_keys (user_id, fingerprint, key, comment, added_by, added_at)
			VALUES (?, ?, ?, ?, ?, ?)`, userID, k.Fingerprint, k.Key, k.Comment, k.AddedBy, added)
		if err != nil {
			return err
		}
		if k.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return audit(ctx, tx, "add key", "user", userID, k.Fingerprint+" "+k.Comment)
	})
	return k, err
}

// RemoveUserKey takes the key with fingerprint away from its user. It
// needs the staff permission.
func (s *Store) RemoveUserKey(ctx context.Context, fingerprint string) (model.UserKey, error) {
	var k model.UserKey
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermStaff); err != nil {
			return err
		}
		var err error
		if k, err = scanKey(tx.QueryRowContext(ctx, keySelect+` WHERE k.fingerprint = ?`, fingerprint)); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("no user has the key %s (frontdesk user key list shows the keys)", fingerprint)
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_keys WHERE id = ?`, k.ID); err != nil {
			return err
		}
		return audit(ctx, tx, "remove key", "user", k.UserID, k.Fingerprint+" "+k.Comment)
	})
	return k, err
}

// UserKeys lists the keys of the user with id, or of every user when id
// is 0, by user and then as they were added.
func (s *Store) UserKeys(ctx context.Context, userID int64) ([]model.UserKey, error) {
	var out []model.UserKey
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, keySelect+` WHERE ? = 0 OR k.user_id = ? ORDER BY u.username, k.id`, userID, userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			k, err := scanKey(rows)
			if err != nil {
				return err
			}
			out = append(out, k)
		}
		return rows.Err()
	})
	return out, err
}

// UserByKey returns the active user whose key has fingerprint, or
// ErrNotFound: a key no active user holds signs nobody in.
func (s *Store) UserByKey(ctx context.Context, fingerprint string) (model.User, error) {
	var u model.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		var username string
		err := tx.QueryRowContext(ctx, `SELECT u.username FROM user_keys k JOIN users u ON u.id = k.user_id
			WHERE k.fingerprint = ? AND u.active = 1`, fingerprint).Scan(&username)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		u, err = userByUsername(ctx, tx, username)
		return err
	})
	return u, err
}

// SignIn records that the key with fingerprint signed its user in from
// addr: the key's last use and an entry in the audit log. ctx acts for
// that user.
func (s *Store) SignIn(ctx context.Context, fingerprint, addr string) error {
	return s.signInOut(ctx, "sign in", fingerprint, addr)
}

// SignOut records the end of a session SignIn began.
func (s *Store) SignOut(ctx context.Context, fingerprint, addr string) error {
	return s.signInOut(ctx, "sign out", fingerprint, addr)
}

func (s *Store) signInOut(ctx context.Context, action, fingerprint, addr string) error {
	return s.WithTx(quietly(ctx), func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT user_id FROM user_keys WHERE fingerprint = ?`, fingerprint).Scan(&id)
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		if action == "sign in" {
			if _, err := tx.ExecContext(ctx, `UPDATE user_keys SET last_used = ? WHERE fingerprint = ?`, now(), fingerprint); err != nil {
				return err
			}
		}
		return audit(ctx, tx, action, "user", id, fingerprint+" from "+addr)
	})
}

// RecordCopy puts in the audit log a file copied over SSH into the
// folder of the user with id, or out of it (action "upload" or
// "download"; detail names the file, its size and the address). Like a
// sign-in, it wakes no open session.
func (s *Store) RecordCopy(ctx context.Context, userID int64, action, detail string) error {
	return s.WithTx(quietly(ctx), func(tx *sql.Tx) error {
		return audit(ctx, tx, action, "user", userID, detail)
	})
}

const keySelect = `SELECT k.id, k.user_id, u.username, k.fingerprint, k.key, k.comment, k.added_by, k.added_at, k.last_used
	FROM user_keys k JOIN users u ON u.id = k.user_id`

func scanKey(sc interface{ Scan(...any) error }) (model.UserKey, error) {
	var k model.UserKey
	var added, used string
	err := sc.Scan(&k.ID, &k.UserID, &k.Username, &k.Fingerprint, &k.Key, &k.Comment, &k.AddedBy, &added, &used)
	if err != nil {
		return k, err
	}
	k.Type, _, _ = strings.Cut(k.Key, " ")
	k.AddedAt, _ = time.Parse(time.RFC3339Nano, added)
	if used != "" {
		k.LastUsed, _ = time.Parse(time.RFC3339Nano, used)
	}
	return k, nil
}
