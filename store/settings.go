package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"frontdesk/model"
)

const keyRegion = "default_region"

// Region returns the clinic's default region for phone numbers ("US" unless
// set).
func (s *Store) Region(ctx context.Context) (string, error) {
	var v string
	err := s.read(ctx, func(tx *sql.Tx) error { return regionTx(ctx, tx, &v) })
	return v, err
}

func regionTx(ctx context.Context, tx *sql.Tx, v *string) error {
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, keyRegion).Scan(v)
	if errors.Is(err, sql.ErrNoRows) {
		*v = model.DefaultRegion
		return nil
	}
	return err
}

// SetRegion changes the default region and rewrites every contact's list
// summary, whose fax numbers are written as that region reads them.
func (s *Store) SetRegion(ctx context.Context, region string) error {
	region = strings.ToUpper(strings.TrimSpace(region))
	if !model.ValidRegion(region) {
		return fmt.Errorf("%q is not a region code such as US, CA or FR", region)
	}
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermSettings); err != nil {
			return err
		}
		var before string
		if err := regionTx(ctx, tx, &before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, keyRegion, region); err != nil {
			return err
		}
		if err := resummarizeAll(ctx, tx, region); err != nil {
			return err
		}
		field := func(v string) model.Fields { return model.Fields{{Key: keyRegion, Label: "Default region", Value: v}} }
		return auditChange(ctx, tx, "update", "setting", 0, keyRegion+"="+region, field(before), field(region))
	})
}
