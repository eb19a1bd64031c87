// Package store keeps frontdesk's data in one SQLite file (modernc.org/sqlite):
// migrations, transactions, and one file per aggregate.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"frontdesk/private"
)

// The store's own errors. Driver errors are mapped to these so that callers
// never depend on SQLite's codes.
var (
	ErrNotFound = errors.New("not found")
	// ErrConflict: the row changed (or vanished) since it was read, in
	// another session; reload and try again.
	ErrConflict  = errors.New("changed by someone else in the meantime")
	ErrBusy      = errors.New("the database is busy; try again")
	ErrDuplicate = errors.New("already exists")
	// ErrInUse: a row that others refer to cannot be removed (a foreign key).
	ErrInUse = errors.New("is still referred to")
	// ErrNoDatabase: OpenExisting was given a path where there is no
	// database.
	ErrNoDatabase = errors.New("no database")
)

// Store is an open frontdesk database: one writer connection and a pool of
// readers on the same file.
type Store struct {
	path string
	w    *sql.DB // exactly one connection: writes never wait on each other's locks
	r    *sql.DB // read-only transactions

	watchMu sync.Mutex
	watch   *sql.Conn // pinned: PRAGMA data_version is per connection

	writeWait atomic.Int64 // a time.Duration: how long a write waits for the lock
	holderMu  sync.Mutex
	holder    string // what holds the write connection, when it is known: "the import of clinic.csv to finish"
	hooksMu   sync.Mutex
	hooks     map[int]func() // called after each commit of this Store
	nextHook  int

	warning string
}

// DSN returns the connection string frontdesk uses for the database at path,
// in production and in tests alike. path is a file name, never a URI: its
// '%', '?' and '#' (and anything else a URI gives meaning to) are escaped.
func DSN(path string) string {
	return fileURI(path) + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate"
}

// fileURI is the SQLite URI of the file at path: every byte but the
// unreserved ones and '/' percent-encoded, which SQLite decodes back.
func fileURI(path string) string {
	const hex = "0123456789ABCDEF"
	b := []byte("file:")
	if len(path) > 1 && path[0] == '/' && path[1] == '/' {
		b = append(b, "//"...) // an empty authority, so that the path's "//" is not read as one
	}
	for i := 0; i < len(path); i++ {
		c := path[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '/' || c == '-' || c == '.' || c == '_' || c == '~' {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return string(b)
}

// DefaultPath is where the database lives when no --db is given:
// $XDG_DATA_HOME/frontdesk/frontdesk.db (XDG_DATA_HOME defaults to
// ~/.local/share).
func DefaultPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("finding the home folder: %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "frontdesk", "frontdesk.db"), nil
}

// Open opens (creating if needed) the database at path, with its folder, and
// brings its schema up to date. What it creates only its owner can read.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := private.MkdirAll(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("creating the database folder: %w", err)
	}
	if err := create(ctx, path); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, err // it names the path
		}
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	return open(ctx, path)
}

// OpenExisting opens the database at path as Open does, but never creates
// one: where there is none it returns ErrNoDatabase. For the commands that
// only read, for which a mistyped path must not pass for an empty database.
func OpenExisting(ctx context.Context, path string) (*Store, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) || err == nil && fi.Size() == 0 {
		return nil, fmt.Errorf("%w at %s", ErrNoDatabase, path)
	}
	if err != nil {
		return nil, err // names the path
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%w at %s (it is a folder)", ErrNoDatabase, path)
	}
	return open(ctx, path)
}

func open(ctx context.Context, path string) (*Store, error) {
	w, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	s := &Store{path: path, w: w, r: r}
	s.writeWait.Store(int64(writeWait))
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	s.warning = exposure(path)
	return s, nil
}

// Warning is what the user must hear of on start about the database's
// files (that others can read them, and how to fix it), or "".
func (s *Store) Warning() string { return s.warning }

// exposure says which of the database's files others can read, if any.
func exposure(path string) string {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if fi, err := os.Stat(p); err == nil && private.Exposed(fi) {
			return fmt.Sprintf("other users of this computer can read %s (mode %o); to keep it private: chmod 600 %s*",
				p, fi.Mode().Perm(), shellQuote(path))
		}
	}
	return ""
}

// shellQuote quotes path for a shell when it needs it.
func shellQuote(path string) string {
	for _, c := range path {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '/' || c == '-' || c == '.' || c == '_') {
			return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
		}
	}
	return path
}

// pageSize is the page size of new databases: four times SQLite's default,
// for a quarter of the pages to read, split and log on the long rows of the
// contact list and on large imports.
const pageSize = 16384

// create makes a new database file with frontdesk's page size. The page
// size is fixed once the file is in WAL mode, which every connection of the
// DSN asks for at once: so the file is made first, without it.
//
// The file is made 0600 before SQLite opens it: SQLite gives the -wal and
// -shm files the database file's mode.
func create(ctx context.Context, path string) error {
	fi, err := os.Stat(path)
	if err == nil && fi.IsDir() {
		return errors.New("it is a folder")
	}
	if err == nil && fi.Size() > 0 || err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	f, err := private.OpenFile(path, os.O_WRONLY)
	if err != nil {
		return err
	}
	f.Close()
	db, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range []string{fmt.Sprintf("PRAGMA page_size = %d", pageSize), "PRAGMA journal_mode = WAL",
		"CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	s.watchMu.Lock()
	if s.watch != nil {
		s.watch.Close()
		s.watch = nil
	}
	s.watchMu.Unlock()
	return errors.Join(s.r.Close(), s.w.Close())
}

// WithTx runs fn in a write transaction: committed when fn returns nil,
// rolled back otherwise. The transaction takes the write lock at once
// (_txlock=immediate), so a read-then-write never fails half-way for a
// concurrent writer.
func (s *Store) WithTx(ctx context.Context, fn func(*sql.Tx) error) error {
	waited := s.noticeWaiting(ctx)
	defer waited()
	conn, release, err := s.writer(ctx)
	if err != nil {
		return err
	}
	defer release()
	tx, err := beginWaiting(ctx, s.waitLimit(), conn.BeginTx)
	waited()
	if err != nil {
		return s.gaveUp(ctx, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return mapErr(err)
	}
	return s.committed(ctx, tx.Commit())
}

// withBulkTx runs fn in a write transaction on a connection whose
// foreign keys are not enforced: for a bulk load whose rows refer only to
// rows the same transaction writes, correct by construction. Enforcing
// them would look up each row's parent, and make SQLite keep a statement
// journal of every page each INSERT of many rows touches. fn may also set
// PRAGMA threads; the connection goes back to the pool as it was, or not
// at all.
func (s *Store) withBulkTx(ctx context.Context, fn func(*sql.Tx) error) error {
	waited := s.noticeWaiting(ctx)
	defer waited()
	conn, release, err := s.writer(ctx)
	if err != nil {
		return err
	}
	defer release()
	// Set back whatever happens, even when setting it fails: a cancel may
	// interrupt the statement after its work is done.
	defer restoreBulkConn(conn)
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return mapErr(err)
	}
	// The transaction ignores ctx (its statements do not): cancelled, it
	// ends here, by the deferred rollback, and not a moment later on
	// database/sql's own goroutine, after the pragmas above were set back
	// inside it (where SQLite ignores them).
	tx, err := beginWaiting(ctx, s.waitLimit(), func(_ context.Context, o *sql.TxOptions) (*sql.Tx, error) {
		return conn.BeginTx(context.WithoutCancel(ctx), o)
	})
	waited()
	if err != nil {
		return s.gaveUp(ctx, err)
	}
	defer tx.Rollback() // a no-op once committed; a panic must not hold the connection
	if err := fn(tx); err != nil {
		return mapErr(err)
	}
	return s.committed(ctx, tx.Commit())
}

// OnCommit calls fn after every transaction of this Store that commits,
// on the goroutine that committed, before the change's caller hears it is
// done: a watcher learns of the process's own writes at once, instead of
// at its next poll. remove stops the calls.
func (s *Store) OnCommit(fn func()) (remove func()) {
	s.hooksMu.Lock()
	defer s.hooksMu.Unlock()
	if s.hooks == nil {
		s.hooks = map[int]func(){}
	}
	id := s.nextHook
	s.nextHook++
	s.hooks[id] = fn
	return func() {
		s.hooksMu.Lock()
		defer s.hooksMu.Unlock()
		delete(s.hooks, id)
	}
}

type quietKey struct{}

// quietly marks writes that change nothing a session shows as it is
// open (a key's last use, a sign-in in the audit log): their commit runs
// no hooks, so the watcher does not wake every session for each one; its
// next poll still sees them. With many staff signing in at once, each
// sign-in woke every open session to read its user and messages again.
func quietly(ctx context.Context) context.Context { return context.WithValue(ctx, quietKey{}, true) }

// committed maps a commit's error and, when it succeeded, runs the
// commit hooks, unless ctx asks for quiet.
func (s *Store) committed(ctx context.Context, err error) error {
	if err != nil {
		return mapErr(err)
	}
	if ctx.Value(quietKey{}) == true {
		return nil
	}
	s.hooksMu.Lock()
	hooks := make([]func(), 0, len(s.hooks))
	for _, fn := range s.hooks {
		hooks = append(hooks, fn)
	}
	s.hooksMu.Unlock()
	for _, fn := range hooks {
		fn()
	}
	return nil
}

// restoreBulkConn sets a connection's foreign keys and threads back, and
// checks that they are: otherwise the pool drops the connection.
func restoreBulkConn(conn *sql.Conn) {
	ctx := context.Background()
	var fk, threads int
	_, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
	if err == nil {
		_, err = conn.ExecContext(ctx, `PRAGMA threads = 0`)
	}
	if err == nil {
		err = conn.QueryRowContext(ctx, `SELECT (SELECT foreign_keys FROM pragma_foreign_keys), (SELECT threads FROM pragma_threads)`).Scan(&fk, &threads)
	}
	if err != nil || fk != 1 || threads != 0 {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// writeWait is how long a write waits for the lock that another session
// holds (a large import takes seconds) before it gives up, unless told
// otherwise (SetWriteWait), and noticeAfter how long before the one
// waiting hears of it.
const (
	writeWait   = time.Minute
	noticeAfter = time.Second
)

// SetWriteWait sets how long a write waits for the write lock before it
// gives up with ErrBusy (a minute unless set).
func (s *Store) SetWriteWait(d time.Duration) { s.writeWait.Store(int64(d)) }

func (s *Store) waitLimit() time.Duration { return time.Duration(s.writeWait.Load()) }

// WithWaitNotice returns ctx whose writes call notice when they have
// waited noticeAfter for the write lock, with what they wait for ("the
// import of clinic.csv to finish", "another user's change"), and again
// with "" once they have it or gave up. notice must not block.
func WithWaitNotice(ctx context.Context, notice func(what string)) context.Context {
	return context.WithValue(ctx, waitNoticeKey{}, notice)
}

type waitNoticeKey struct{}

// holding returns ctx whose write transaction, while it runs, is what
// others wait for: "the import of clinic.csv to finish".
func holding(ctx context.Context, what string) context.Context {
	return context.WithValue(ctx, holdingKey{}, what)
}

type holdingKey struct{}

// writer takes the write connection, waiting at most writeWait for
// another write of this process to end; release gives it back.
func (s *Store) writer(ctx context.Context) (*sql.Conn, func(), error) {
	wctx, cancel := context.WithTimeout(ctx, s.waitLimit())
	defer cancel()
	conn, err := s.w.Conn(wctx)
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			err = ErrBusy
		}
		return nil, nil, s.gaveUp(ctx, mapErr(err))
	}
	what, _ := ctx.Value(holdingKey{}).(string)
	s.holderMu.Lock()
	s.holder = what
	s.holderMu.Unlock()
	return conn, func() {
		s.holderMu.Lock()
		s.holder = ""
		s.holderMu.Unlock()
		conn.Close()
	}, nil
}

// waitingFor names what a write waits for now.
func (s *Store) waitingFor() string {
	s.holderMu.Lock()
	defer s.holderMu.Unlock()
	if s.holder != "" {
		return s.holder
	}
	return "another user's change"
}

// noticeWaiting tells ctx's notice, after noticeAfter, what its write
// waits for; stop ends the wait (and says so when it was told).
func (s *Store) noticeWaiting(ctx context.Context) (stop func()) {
	notice, _ := ctx.Value(waitNoticeKey{}).(func(string))
	if notice == nil {
		return func() {}
	}
	var mu sync.Mutex
	told, stopped := false, false
	t := time.AfterFunc(noticeAfter, func() {
		mu.Lock()
		defer mu.Unlock()
		if !stopped {
			told = true
			notice(s.waitingFor())
		}
	})
	return func() {
		t.Stop()
		mu.Lock()
		defer mu.Unlock()
		if told && !stopped {
			notice("")
		}
		stopped = true
	}
}

// gaveUp says, of a write that waited for the lock until writeWait, what
// it waited for.
func (s *Store) gaveUp(ctx context.Context, err error) error {
	if errors.Is(err, ErrBusy) && ctx.Err() == nil {
		return &WaitError{Waited: s.waitLimit(), For: s.waitingFor()}
	}
	return err
}

// WaitError is a write that gave up waiting for the write lock: it is
// ErrBusy, and says how long it waited and for what.
type WaitError struct {
	Waited time.Duration
	For    string // "the import of clinic.csv to finish"
}

func (e *WaitError) Error() string { return "waited " + howLong(e.Waited) + " for " + e.For }

// Is makes a WaitError ErrBusy.
func (e *WaitError) Is(target error) bool { return target == ErrBusy }

// howLong writes a wait in words: "1 minute", "30 seconds".
func howLong(d time.Duration) string {
	n, unit := int(d.Round(time.Second)/time.Second), "second"
	if d >= time.Minute {
		n, unit = int(d.Round(time.Minute)/time.Minute), "minute"
	}
	if n != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", n, unit)
}

// beginWaiting starts a write transaction with start, waiting for the
// write lock: the driver's busy timeout, then again until wait has passed.
func beginWaiting(ctx context.Context, wait time.Duration, start func(context.Context, *sql.TxOptions) (*sql.Tx, error)) (*sql.Tx, error) {
	deadline := time.Now().Add(wait)
	for {
		tx, err := start(ctx, nil)
		err = mapErr(err)
		if !errors.Is(err, ErrBusy) || time.Now().After(deadline) || ctx.Err() != nil {
			return tx, err
		}
	}
}

// read runs fn in a read-only transaction: one consistent snapshot.
func (s *Store) read(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return mapErr(err)
	}
	defer tx.Rollback()
	return mapErr(fn(tx))
}

// DataVersion returns a number that changes whenever any connection, in this
// process or another, commits a change to the database. Polling it is how a
// screen learns that another session changed something.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	s.watchMu.Lock()
	defer s.watchMu.Unlock()
	if s.watch == nil {
		c, err := s.r.Conn(ctx)
		if err != nil {
			return 0, mapErr(err)
		}
		s.watch = c
	}
	var v int64
	if err := s.watch.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		s.watch.Close()
		s.watch = nil
		return 0, mapErr(err)
	}
	return v, nil
}

// mapErr turns SQLite's errors into the store's own.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED,
		sqlite3.SQLITE_BUSY_SNAPSHOT, sqlite3.SQLITE_BUSY_RECOVERY, sqlite3.SQLITE_LOCKED_SHAREDCACHE:
		return fmt.Errorf("%w (%v)", ErrBusy, se)
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return fmt.Errorf("%w (%v)", ErrDuplicate, se)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return fmt.Errorf("%w (%v)", ErrInUse, se)
	}
	return err
}

func isDuplicate(err error) bool { return errors.Is(err, ErrDuplicate) }
