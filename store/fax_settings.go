package store

import (
	"context"
	"database/sql"
	"fmt"

	"frontdesk/model"
)

// Fax settings are rows of the settings table, each key prefixed.
const faxSettingPrefix = "fax."

// FaxSettings returns the clinic's fax settings (empty fields unset).
func (s *Store) FaxSettings(ctx context.Context) (model.FaxSettings, error) {
	var fs model.FaxSettings
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		fs, err = faxSettings(ctx, tx)
		return err
	})
	return fs, err
}

func faxSettings(ctx context.Context, tx *sql.Tx) (model.FaxSettings, error) {
	var fs model.FaxSettings
	rows, err := tx.QueryContext(ctx, `SELECT key, value FROM settings WHERE key LIKE 'fax.%'`)
	if err != nil {
		return fs, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return fs, err
		}
		if p := fs.Field(k[len(faxSettingPrefix):]); p != nil {
			*p = v
		}
	}
	if fs.Transport == "" {
		fs.Transport = model.TransportSpool
	}
	return fs, rows.Err()
}

// SetFaxSettings checks the settings and saves them all at once.
func (s *Store) SetFaxSettings(ctx context.Context, fs model.FaxSettings) (model.FaxSettings, error) {
	region, err := s.Region(ctx)
	if err != nil {
		return fs, err
	}
	fs, problems := fs.Clean(region)
	for _, k := range model.SettingKeys {
		if msg, ok := problems[k]; ok {
			return fs, fmt.Errorf("%s: %s", k, msg)
		}
	}
	return fs, s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermSettings); err != nil {
			return err
		}
		before, err := faxSettings(ctx, tx)
		if err != nil {
			return err
		}
		for _, k := range model.SettingKeys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, faxSettingPrefix+k, *fs.Field(k)); err != nil {
				return err
			}
		}
		return auditChange(ctx, tx, "update", "setting", 0, "fax settings: transport "+fs.Transport,
			before.AuditFields(), fs.AuditFields())
	})
}
