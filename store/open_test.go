package store_test

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"frontdesk/store"
)

// Under umask 022 the database, its -wal and -shm and its folder are still
// the owner's only.
func TestOpenCreatesPrivateFiles(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "clinic")
	path := filepath.Join(dir, "frontdesk.db")
	s := open(t, path)
	if _, err := s.CreateContact(ctx(t), single("Ann", "Lee", "+15145550100")); err != nil {
		t.Fatal(err)
	}
	if s.Warning() != "" {
		t.Errorf("warning on a private database: %s", s.Warning())
	}
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", filepath.Base(p), got, want)
		}
	}
}

func TestOpenWarnsOfAReadableDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "frontdesk.db")
	open(t, path).Close()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	s := open(t, path)
	if w := s.Warning(); !strings.Contains(w, "chmod 600 "+path+"*") {
		t.Errorf("warning = %q, want it to say how to fix it", w)
	}
}

// A --db path is a file name: '#', '%' and '?' in it are not a URI's.
func TestOpenPathIsNeverAURI(t *testing.T) {
	for _, name := range []string{"Clinic #2", "100% sure", "who?", "a?mode=ro", "x%3Fy", "sp ace&_pragma=x"} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, name)
			path := filepath.Join(dir, "frontdesk.db")
			s := open(t, path)
			if _, err := s.CreateContact(ctx(t), single("Ann", "Lee", "+15145550100")); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
				t.Fatalf("the named file was not written: %v", err)
			}
			entries, _ := os.ReadDir(root)
			if len(entries) != 1 || entries[0].Name() != name {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Fatalf("files beside it: %q", names)
			}
			s = open(t, path)
			if n, err := s.CountContacts(ctx(t)); err != nil || n != 1 {
				t.Fatalf("reopened: %d contacts, %v", n, err)
			}
		})
	}
}

func TestOpenExistingNeverCreates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo.db")
	_, err := store.OpenExisting(t.Context(), path)
	if !errors.Is(err, store.ErrNoDatabase) || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want no database at the path", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file was created: %v", err)
	}
	open(t, path).Close()
	s, err := store.OpenExisting(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

// Opening a database that is up to date and reading it never waits for
// another session's write transaction.
func TestOpenAndReadBesideALongWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "frontdesk.db")
	open(t, path).Close()
	db, err := sql.Open("sqlite", store.DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(t.Context(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(t.Context(), "ROLLBACK")
	if _, err := conn.ExecContext(t.Context(), "INSERT INTO settings (key, value) VALUES ('held', 'yes')"); err != nil {
		t.Fatal(err)
	}
	// The write stays open until the read is done: waiting for it would
	// end only in ErrBusy.
	s, err := store.OpenExisting(t.Context(), path)
	if err != nil {
		t.Fatalf("opening beside a write: %v", err)
	}
	defer s.Close()
	if _, err := s.CountContacts(t.Context()); err != nil {
		t.Fatalf("reading beside a write: %v", err)
	}
}

// A database a newer frontdesk migrated is refused rather than used with
// a schema this one does not know.
func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newer.db")
	s, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_later.sql', '')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := store.Open(t.Context(), path); err == nil || !strings.Contains(err.Error(), "newer frontdesk (schema 999") {
		t.Errorf("opened a newer database: %v", err)
	}
}
