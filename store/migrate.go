package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationSteps are what a migration does beyond its SQL, in the same
// transaction, by its number.
var migrationSteps = map[int]func(context.Context, *sql.Tx) error{
	8: linkProviders,
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number and '_'", base)
		}
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{v, base, string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies the migrations the database lacks, all in one
// transaction, and records each in schema_migrations. Any migration not
// recorded is due, not only those above the highest recorded: one made
// beside another may be numbered below it and land after it. The
// versions are read first, without the write lock: a database already up
// to date is opened without waiting for another session's write.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var have map[int]bool
	err = s.read(ctx, func(tx *sql.Tx) error {
		var err error
		have, err = appliedVersions(ctx, tx)
		return err
	})
	if err == nil {
		if err := checkKnown(ms, have); err != nil {
			return err
		}
		if len(due(ms, have)) == 0 {
			return nil
		}
	}
	// No schema_migrations yet, or migrations due: the write transaction
	// decides, seeing the versions as they are once the lock is held.
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
			return err
		}
		have, err := appliedVersions(ctx, tx)
		if err != nil {
			return err
		}
		if err := checkKnown(ms, have); err != nil {
			return err
		}
		for _, m := range due(ms, have) {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if step := migrationSteps[m.version]; step != nil {
				if err := step(ctx, tx); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
				return err
			}
		}
		return nil
	})
}

// appliedVersions are the migrations the database records.
func appliedVersions(ctx context.Context, tx *sql.Tx) (map[int]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		have[v] = true
	}
	return have, rows.Err()
}

// checkKnown refuses a database that a newer frontdesk migrated.
func checkKnown(ms []migration, have map[int]bool) error {
	known := map[int]bool{}
	for _, m := range ms {
		known[m.version] = true
	}
	newest := 0
	for v := range have {
		if !known[v] {
			newest = max(newest, v)
		}
	}
	if newest > 0 {
		return fmt.Errorf("the database is from a newer frontdesk (schema %d, this one knows %d)", newest, ms[len(ms)-1].version)
	}
	return nil
}

// due are the migrations not applied yet, in order.
func due(ms []migration, have map[int]bool) []migration {
	var out []migration
	for _, m := range ms {
		if !have[m.version] {
			out = append(out, m)
		}
	}
	return out
}
