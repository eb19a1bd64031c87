package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"frontdesk/model"
)

// BenchmarkFaxHistory opens the history of a million faxes and changes its
// filter: each op is one page (100 faxes) read through an index.
func BenchmarkFaxHistory(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), "frontdesk-bench-faxes.db")
	if _, err := os.Stat(path); err != nil {
		st, err := Open(ctx, path+".part")
		if err != nil {
			b.Fatal(err)
		}
		base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		err = st.WithTx(ctx, func(tx *sql.Tx) error {
			for c := range 1000 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO contacts (id, kind, fax, created_at, updated_at) VALUES (?, 'single', ?, '', '')`,
					c+1, fmt.Sprintf("+1416555%04d", c)); err != nil {
					return err
				}
			}
			stmt, err := tx.PrepareContext(ctx, `INSERT INTO faxes (direction, kind, status, number, contact_id, pages, created_at, updated_at)
				VALUES (?, 'fax', ?, '+14165550101', ?, 1, ?, ?)`)
			if err != nil {
				return err
			}
			defer stmt.Close()
			statuses := []string{"sent", "sent", "sent", "failed", "received"}
			for i := range 1_000_000 {
				t := base.Add(time.Duration(i) * time.Minute).Format(time.RFC3339Nano)
				dir := "out"
				if i%5 == 4 {
					dir = "in"
				}
				if _, err := stmt.ExecContext(ctx, dir, statuses[i%5], i%1000+1, t, t); err != nil {
					return err
				}
			}
			return nil
		})
		st.Close()
		if err != nil {
			b.Fatal(err)
		}
		os.Rename(path+".part", path)
		os.Remove(path + ".part-wal")
		os.Remove(path + ".part-shm")
	}
	st, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	filters := map[string]FaxFilter{
		"open":      {},
		"contact":   {ContactID: 42},
		"failed":    {Status: model.StatusFailed},
		"incoming":  {Direction: model.Incoming},
		"one-month": {From: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2021, 4, 1, 0, 0, 0, 0, time.UTC)},
	}
	for name, ff := range filters {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				fs, err := st.ListFaxes(ctx, ff)
				if err != nil || len(fs) == 0 {
					b.Fatal(len(fs), err)
				}
			}
		})
	}
}
