package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"frontdesk/model"
)

// Sharing's settings are rows of the settings table under their own keys
// (model.ShareKeys: sharing.*, mail.*, sms.*). With mail.same_as_fax on,
// the mail.* rows are kept as they were, for the day it is turned off.

// ShareSettings returns the clinic's sharing settings (defaults where
// unset: off, the link level, starttls). With mail.same_as_fax on, Mail
// is the fax gateway's (model.FaxSettings.ShareMail).
func (s *Store) ShareSettings(ctx context.Context) (model.ShareSettings, error) {
	var ss model.ShareSettings
	err := s.read(ctx, func(tx *sql.Tx) error {
		own, err := shareSettings(ctx, tx)
		if err != nil {
			return err
		}
		fax, err := faxSettings(ctx, tx)
		ss = own.WithFax(fax)
		return err
	})
	return ss, err
}

// shareSettings are the settings as their rows hold them, without the
// fax's mail.
func shareSettings(ctx context.Context, tx *sql.Tx) (model.ShareSettings, error) {
	ss, _ := model.ParseShareSettings(nil)
	rows, err := tx.QueryContext(ctx, `SELECT key, value FROM settings
		WHERE key LIKE 'sharing.%' OR key LIKE 'mail.%' OR key LIKE 'sms.%'`)
	if err != nil {
		return ss, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return ss, err
		}
		// Every row was checked when written; one that no longer reads
		// (a rule made stricter since) is left at its default.
		_ = ss.Set(k, v)
	}
	return ss, rows.Err()
}

// SetShareSetting changes one setting, by its key, to value as typed. It
// refuses an unknown key (model.ErrUnknownSetting), a value its field
// refuses, and a change that breaks a rule between the settings that
// held before it (a *model.SettingsError naming the keys).
func (s *Store) SetShareSetting(ctx context.Context, key, value string) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermSettings); err != nil {
			return err
		}
		before, err := shareSettings(ctx, tx)
		if err != nil {
			return err
		}
		fax, err := faxSettings(ctx, tx)
		if err != nil {
			return err
		}
		after := before
		if err := after.Set(key, value); err != nil {
			return err
		}
		// Only what this change makes wrong is refused: a problem that was
		// there before (the fax settings changed under same_as_fax) must
		// not stop the change that fixes another.
		was := before.WithFax(fax).Check()
		problems := map[string]string{}
		for k, p := range after.WithFax(fax).Check() {
			if was[k] != p {
				problems[k] = p
			}
		}
		if len(problems) > 0 {
			return &model.SettingsError{Problems: problems}
		}
		v := after.Value(key)
		if err := putSetting(ctx, tx, key, v); err != nil {
			return err
		}
		detail := "sharing setting " + key + "=" + v
		if model.Secret(key) {
			detail = "sharing setting " + key + " changed"
		}
		field := func(v string) model.Fields {
			var fs model.Fields
			fs.Add(key, model.ShareLabel(key), v)
			return fs
		}
		return auditChange(ctx, tx, "update", "setting", 0, detail, field(before.Value(key)), field(v))
	})
}

// SetShareSettings checks the settings and saves them all at once; it
// returns them as ShareSettings will. With Mail.SameAsFax, the mail
// fields given are not saved: the fax's are used.
func (s *Store) SetShareSettings(ctx context.Context, ss model.ShareSettings) (model.ShareSettings, error) {
	// Through Set, so that they are written as typed ones are.
	clean, problems := model.ParseShareSettings(nil)
	for _, k := range model.ShareKeys {
		var se *model.SettingsError
		if err := clean.Set(k, ss.Value(k)); errors.As(err, &se) {
			problems[k] = se.Problems[k]
		}
	}
	if len(problems) > 0 {
		return ss, &model.SettingsError{Problems: problems}
	}
	var saved model.ShareSettings
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermSettings); err != nil {
			return err
		}
		before, err := shareSettings(ctx, tx)
		if err != nil {
			return err
		}
		fax, err := faxSettings(ctx, tx)
		if err != nil {
			return err
		}
		if problems := clean.WithFax(fax).Check(); len(problems) > 0 {
			return &model.SettingsError{Problems: problems}
		}
		own := clean
		if clean.Mail.SameAsFax {
			own.Mail, own.Mail.SameAsFax = before.Mail, true
		}
		for _, k := range model.ShareKeys {
			if err := putSetting(ctx, tx, k, own.Value(k)); err != nil {
				return err
			}
		}
		saved = own.WithFax(fax)
		detail := []string{"sharing settings: sharing " + own.Value("sharing.enabled"), "level " + string(own.Level)}
		if own.Mail.SameAsFax {
			detail = append(detail, "mail as the fax's")
		}
		return auditChange(ctx, tx, "update", "setting", 0, strings.Join(detail, ", "), before.AuditFields(), own.AuditFields())
	})
	return saved, err
}

func putSetting(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
