package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"frontdesk/model"
)

// ImportBatch records one import: the file, who ran it, when, and its
// counts.
type ImportBatch struct {
	ID         int64
	Kind       string // "contacts"
	File       string
	Actor      string
	At         time.Time
	Contacts   int // contacts created
	Groups     int // of which multiple-entity
	Entities   int // people created
	Duplicates int // people skipped as already known
	Rejected   int // rows refused
	Mapping    string
	UndoneAt   time.Time // zero unless undone
	UndoneBy   string

	// Planned is how many contacts the import means to write, when the
	// caller knows: an import larger than the book drops some indexes at
	// once and builds them again at the end, rather than filling them one
	// by one (when it is not known, they go once the import has written
	// more contacts than the book had).
	Planned int
}

// Undone reports whether the batch was undone.
func (b ImportBatch) Undone() bool { return !b.UndoneAt.IsZero() }

// ErrUndo is why an import cannot be undone.
var ErrUndo = errors.New("cannot undo this import")

// ContactWriter adds the contacts of one import inside its transaction. The
// contacts must already be clean and valid: the import's plan checked them
// row by row, with the reasons the user sees.
//
// It writes many rows per INSERT, and puts the list lines in list order
// (a lineSorter) before they go into contact_list at the end: inserting a
// million lines at random places of the sorted table would touch a random
// page each time.
type ContactWriter struct {
	ctx    context.Context
	tx     *sql.Tx
	region string
	batch  int64
	now    string
	nextID int64
	count  ImportBatch

	contacts, entities rowBuffer
	lines              *lineSorter

	skipped bool     // Skipped was called
	have    int      // contacts in the book before the import
	rebuild []string // once the scattered indexes are dropped, what builds them again
}

// rowBuffer collects the values of rows for one multi-row INSERT.
type rowBuffer struct {
	table string // "contacts (kind, group_name, ...)"
	cols  int
	row   string // the VALUES of one row, when not plain placeholders
	rows  int
	args  []any
	full  *sql.Stmt // prepared for writerBatch rows
	check func(sql.Result) error
}

// writerBatch is how many rows go into one INSERT.
const writerBatch = 64

func (b *rowBuffer) sql(rows int) string {
	one := b.row
	if one == "" {
		one = "(" + strings.TrimSuffix(strings.Repeat("?, ", b.cols), ", ") + ")"
	}
	// OR FAIL: a failed row fails the whole import, whose transaction is
	// rolled back; SQLite then keeps no statement journal of the pages each
	// INSERT of many rows touches (it wrote one to a temporary file).
	return "INSERT OR FAIL INTO " + b.table + " VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

func (b *rowBuffer) add(ctx context.Context, tx *sql.Tx, vals ...any) error {
	b.args = append(b.args, vals...)
	b.rows++
	if b.rows < writerBatch {
		return nil
	}
	return b.flush(ctx, tx)
}

func (b *rowBuffer) flush(ctx context.Context, tx *sql.Tx) error {
	if b.rows == 0 {
		return nil
	}
	var err error
	var res sql.Result
	if b.rows == writerBatch {
		if b.full == nil {
			if b.full, err = tx.PrepareContext(ctx, b.sql(writerBatch)); err != nil {
				return err
			}
		}
		res, err = b.full.ExecContext(ctx, b.args...)
	} else {
		res, err = tx.ExecContext(ctx, b.sql(b.rows), b.args...)
	}
	b.args, b.rows = b.args[:0], 0
	if err == nil && b.check != nil {
		err = b.check(res)
	}
	return err
}

func (b *rowBuffer) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// Skipped records what the import left out, for a caller that learns it
// only as it writes: the people already known and the rows refused.
func (w *ContactWriter) Skipped(duplicates, rejected int) {
	w.skipped = true
	w.count.Duplicates, w.count.Rejected = duplicates, rejected
}

// Region is the region the contact book reads numbers in: the one to
// summarize the imported contacts with.
func (w *ContactWriter) Region() string { return w.region }

// Add writes one contact of the import. sum is c.Summarize(w.Region()),
// worked out by the caller, on whichever core is free.
func (w *ContactWriter) Add(c model.Contact, sum model.Summary) error {
	c.ID, c.Version = w.nextID, 1
	w.nextID++
	var group any // NULL for none: nothing to copy into the driver
	if c.GroupName != "" {
		group = c.GroupName
	}
	if err := w.contacts.add(w.ctx, w.tx, string(c.Kind), group, c.Fax); err != nil {
		return err
	}
	vals := make([]any, 0, len(model.EntityFields)+2)
	for i, e := range c.Entities {
		vals = append(vals[:0], c.ID, i)
		for _, f := range model.EntityFields {
			// Most fields are empty: a NULL binds without copying a
			// string into the driver, and the INSERT turns it back to ''.
			if v := f.Get(e); v != "" {
				vals = append(vals, v)
			} else {
				vals = append(vals, nil)
			}
		}
		if err := w.entities.add(w.ctx, w.tx, vals...); err != nil {
			return err
		}
	}
	if err := w.lines.add(sum.SortKey, c.ID, func(b []byte) []byte { return appendLine(b, c, sum) }); err != nil {
		return err
	}
	if w.count.Contacts++; w.count.Contacts > w.have && w.rebuild == nil {
		if err := w.dropScatteredIndexes(); err != nil {
			return err
		}
	}
	if c.Kind == model.Group {
		w.count.Groups++
	}
	w.count.Entities += len(c.Entities)
	return nil
}

// finish writes what is buffered and the list lines, in order.
func (w *ContactWriter) finish() error {
	for _, b := range []*rowBuffer{&w.contacts, &w.entities} {
		if err := b.flush(w.ctx, w.tx); err != nil {
			return err
		}
	}
	list := rowBuffer{table: "contact_list (sort_key, id, line)", cols: 3}
	defer list.close()
	err := w.lines.each(func(key string, id int64, line string) error {
		return list.add(w.ctx, w.tx, key, id, line)
	})
	if err != nil {
		return err
	}
	return list.flush(w.ctx, w.tx)
}

func (w *ContactWriter) close() {
	w.contacts.close()
	w.entities.close()
	w.lines.close()
}

// importing returns ctx whose write is the import of b, for those who
// wait for it.
func importing(ctx context.Context, b ImportBatch) context.Context {
	what := "an import to finish"
	if b.File != "" {
		what = "the import of " + filepath.Base(b.File) + " to finish"
	}
	return holding(ctx, what)
}

// Import records a batch and calls fn to write its contacts, all in one
// transaction: when fn fails, or the process dies half-way, the database is
// as it was. b's counts of duplicates and rejected rows are the caller's;
// the counts of what was written are the writer's.
func (s *Store) Import(ctx context.Context, b ImportBatch, fn func(*ContactWriter) error) (ImportBatch, error) {
	b.Actor, b.At = Actor(ctx), time.Now().UTC()
	if b.Kind == "" {
		b.Kind = "contacts"
	}
	err := s.withBulkTx(importing(ctx, b), func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermContacts); err != nil {
			return err
		}
		w := &ContactWriter{ctx: ctx, tx: tx, now: b.At.Format(time.RFC3339Nano),
			entities: rowBuffer{table: "entities (contact_id, position, " + entityColumns + ")", cols: len(model.EntityFields) + 2,
				row: "(?, ?" + strings.Repeat(", IFNULL(?, '')", len(model.EntityFields)) + ")"},
			lines: newLineSorter(defaultRunBytes),
		}
		defer w.close()
		if err := regionTx(ctx, tx, &w.region); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts`).Scan(&w.have); err != nil {
			return err
		}
		if b.Planned > w.have {
			if err := w.dropScatteredIndexes(); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO import_batches
			(kind, file, actor, at, contacts, groups, entities, duplicates, rejected, mapping)
			VALUES (?, ?, ?, ?, 0, 0, 0, ?, ?, ?)`, b.Kind, b.File, b.Actor, w.now, b.Duplicates, b.Rejected, b.Mapping)
		if err != nil {
			return err
		}
		if w.batch, err = res.LastInsertId(); err != nil {
			return err
		}
		// What every contact of the import shares is written in the
		// statement: each value bound is a copy into the driver.
		w.contacts = rowBuffer{table: "contacts (kind, group_name, fax, version, created_at, updated_at, batch_id)", cols: 3,
			row: fmt.Sprintf("(?, IFNULL(?, ''), ?, 1, %s, %s, %d)", sqlString(w.now), sqlString(w.now), w.batch)}
		// IDs are never reused: continue after the highest ever given.
		if err := tx.QueryRowContext(ctx, `SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'contacts'), 0),
			COALESCE((SELECT MAX(id) FROM contacts), 0)) + 1`).Scan(&w.nextID); err != nil {
			return err
		}
		// SQLite numbers the contacts, in order, after the highest number
		// ever given (AUTOINCREMENT): the numbers the writer gave their
		// people and list lines. An INSERT that names the IDs itself would
		// cost a statement journal of every page it touches.
		w.contacts.check = func(res sql.Result) error {
			last, err := res.LastInsertId()
			if err == nil && last != w.nextID-1 {
				err = fmt.Errorf("contact numbered %d, not %d as expected", last, w.nextID-1)
			}
			return err
		}
		if err := fn(w); err != nil {
			return err
		}
		if err := w.finish(); err != nil {
			return err
		}
		if err := buildIndexes(ctx, tx, w.rebuild); err != nil {
			return err
		}
		b.ID = w.batch
		b.Contacts, b.Groups, b.Entities = w.count.Contacts, w.count.Groups, w.count.Entities
		if w.skipped {
			b.Duplicates, b.Rejected = w.count.Duplicates, w.count.Rejected
		}
		if _, err := tx.ExecContext(ctx, `UPDATE import_batches SET contacts = ?, groups = ?, entities = ?, duplicates = ?, rejected = ?
			WHERE id = ?`, b.Contacts, b.Groups, b.Entities, b.Duplicates, b.Rejected, b.ID); err != nil {
			return err
		}
		return audit(ctx, tx, "import", "import", b.ID, fmt.Sprintf("%s: %d contacts (%d multiple-entity), %d people; %d duplicates skipped, %d rows rejected",
			b.File, b.Contacts, b.Groups, b.Entities, b.Duplicates, b.Rejected))
	})
	return b, err
}

// sqlString writes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// scatteredIndexes are the indexes an import fills in an order of their
// own (by fax number; by contact, as the list lines go in by name): every
// entry lands on a random page.
var scatteredIndexes = []string{"contacts_by_fax", "contact_list_by_id"}

// dropScatteredIndexes drops the scattered indexes, once the import
// brings more contacts than the book had (or is about to): building them
// again from scratch at the end, in one sort, is then faster than the
// scattered inserts (a million of them take seconds). It keeps the
// statements that build them again, as the schema defines them. All of
// this is inside the import's transaction: a failed import leaves them as
// they were.
func (w *ContactWriter) dropScatteredIndexes() error {
	for _, name := range scatteredIndexes {
		var create string
		if err := w.tx.QueryRowContext(w.ctx, `SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?`, name).Scan(&create); err != nil {
			return fmt.Errorf("index %s: %w", name, err)
		}
		if _, err := w.tx.ExecContext(w.ctx, `DROP INDEX `+name); err != nil {
			return err
		}
		w.rebuild = append(w.rebuild, create)
	}
	return nil
}

// buildIndexes runs the CREATE INDEX statements of dropScatteredIndexes,
// SQLite sorting with a second thread: the reading of the file is over by
// now, and its core free.
func buildIndexes(ctx context.Context, tx *sql.Tx, creates []string) error {
	if len(creates) == 0 {
		return nil
	}
	// Set back by withBulkTx.
	if _, err := tx.ExecContext(ctx, `PRAGMA threads = 2`); err != nil {
		return err
	}
	for _, q := range creates {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// ImportBatches lists the imports of kind, newest first.
func (s *Store) ImportBatches(ctx context.Context, kind string) ([]ImportBatch, error) {
	var out []ImportBatch
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, kind, file, actor, at, contacts, groups, entities, duplicates, rejected,
			mapping, COALESCE(undone_at, ''), COALESCE(undone_by, '') FROM import_batches WHERE kind = ? ORDER BY id DESC`, kind)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b ImportBatch
			var at, undone string
			if err := rows.Scan(&b.ID, &b.Kind, &b.File, &b.Actor, &at, &b.Contacts, &b.Groups, &b.Entities, &b.Duplicates,
				&b.Rejected, &b.Mapping, &undone, &b.UndoneBy); err != nil {
				return err
			}
			b.At, _ = time.Parse(time.RFC3339Nano, at)
			if undone != "" {
				b.UndoneAt, _ = time.Parse(time.RFC3339Nano, undone)
			}
			out = append(out, b)
		}
		return rows.Err()
	})
	return out, err
}

// InEffect reports whether the batch still has something in the book: it
// added something and was not undone. An import that added nothing (the
// same file again, every row a duplicate) is never in effect.
func (b ImportBatch) InEffect() bool {
	return !b.Undone() && (b.Contacts > 0 || b.Entities > 0 || b.Groups > 0)
}

// UndoBlocker returns the import that keeps batch id from being undone:
// the latest import of its kind after it that is still in effect. Imports
// are undone from the newest in effect backwards, so that undoing one
// never removes what a later one relied on; those that added nothing, or
// were undone, stand in no one's way. batches are the imports of one
// kind, in any order.
func UndoBlocker(batches []ImportBatch, id int64) (ImportBatch, bool) {
	var blocker ImportBatch
	for _, b := range batches {
		if b.ID > id && b.InEffect() && b.ID > blocker.ID {
			blocker = b
		}
	}
	return blocker, blocker.ID != 0
}

// UndoRefusal says why batch b cannot be undone, among the imports of its
// kind, before anything is asked: nil when it may be tried (what it
// brought may still have changed since, which only the undo finds out).
func UndoRefusal(batches []ImportBatch, b ImportBatch) error {
	if b.Undone() {
		return fmt.Errorf("%w: it was undone already", ErrUndo)
	}
	if after, ok := UndoBlocker(batches, b.ID); ok {
		return fmt.Errorf("%w: %s", ErrUndo, cameAfter(after))
	}
	return nil
}

// cameAfter names the import in the way: "the import of 3 Dec 11:02
// (clinic.csv) came after it and is still in effect; undo that one first".
func cameAfter(b ImportBatch) string {
	return fmt.Sprintf("the import of %s (%s) came after it and is still in effect; undo that one first",
		b.At.Local().Format("2 Jan 15:04"), filepath.Base(b.File))
}

// laterInEffect finds UndoBlocker's import inside a transaction.
func laterInEffect(ctx context.Context, tx *sql.Tx, kind string, id int64) (ImportBatch, bool, error) {
	var b ImportBatch
	var at string
	err := tx.QueryRowContext(ctx, `SELECT id, file, at FROM import_batches
		WHERE kind = ? AND id > ? AND undone_at IS NULL AND (contacts > 0 OR entities > 0 OR groups > 0)
		ORDER BY id DESC LIMIT 1`, kind, id).Scan(&b.ID, &b.File, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return b, false, nil
	}
	if err != nil {
		return b, false, err
	}
	b.At, _ = time.Parse(time.RFC3339Nano, at)
	return b, true, nil
}

// UndoImport deletes what import id brought (contacts, or patients and the
// employers and providers it created), provided no later import of its kind is still in
// effect (UndoBlocker) and none of it was changed or used since: undoing
// then loses nothing but what the import brought. It returns how many
// contacts or patients were removed.
func (s *Store) UndoImport(ctx context.Context, id int64) (int, error) {
	var n int
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		var kind, undone string
		err := tx.QueryRowContext(ctx, `SELECT kind, COALESCE(undone_at, '') FROM import_batches WHERE id = ?`, id).Scan(&kind, &undone)
		if err != nil {
			return fmt.Errorf("import %d: %w", id, mapErr(err))
		}
		need := model.PermContacts
		if kind == "patients" {
			need = model.PermPatients
		}
		if err := authorize(ctx, tx, need); err != nil {
			return err
		}
		if undone != "" {
			return fmt.Errorf("%w: it was undone already", ErrUndo)
		}
		if after, ok, err := laterInEffect(ctx, tx, kind, id); err != nil {
			return err
		} else if ok {
			return fmt.Errorf("%w: %s", ErrUndo, cameAfter(after))
		}
		if kind == "patients" {
			var err error
			if n, err = undoPatients(ctx, tx, id); err != nil {
				return err
			}
		} else {
			if why, err := batchInUse(ctx, tx, id); err != nil {
				return err
			} else if why != "" {
				return fmt.Errorf("%w: %s", ErrUndo, why)
			}
			res, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE batch_id = ?`, id)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n = int(k)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE id = ?`, now(), Actor(ctx), id); err != nil {
			return err
		}
		return audit(ctx, tx, "undo", "import", id, fmt.Sprintf("removed %d %s", n, kind))
	})
	return n, err
}

// batchInUse says why the contacts of a batch can no longer be removed
// wholesale, or "" when they can.
func batchInUse(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var changed int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts WHERE batch_id = ? AND version > 1`, id).Scan(&changed); err != nil {
		return "", err
	}
	if changed > 0 {
		if changed == 1 {
			return "one of its contacts was changed since; undoing would lose that change", nil
		}
		return fmt.Sprintf("%d of its contacts were changed since; undoing would lose those changes", changed), nil
	}
	var linked int
	if err := tx.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM patient_contacts WHERE contact_id IN (SELECT id FROM contacts WHERE batch_id = ?)) +
		(SELECT COUNT(*) FROM employer_contacts WHERE contact_id IN (SELECT id FROM contacts WHERE batch_id = ?))`,
		id, id).Scan(&linked); err != nil {
		return "", err
	}
	if linked > 0 {
		return fmt.Sprintf("its contacts are preferred contacts of patients or employers %d times since", linked), nil
	}
	var faxed int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM faxes WHERE contact_id IN (SELECT id FROM contacts WHERE batch_id = ?)`,
		id).Scan(&faxed); err != nil {
		return "", err
	}
	if faxed > 0 {
		return fmt.Sprintf("its contacts were used by %d faxes since", faxed), nil
	}
	return "", nil
}

const mappingSep = "\x1f"

// RememberMapping keeps the mapping used for a file with these headers.
func (s *Store) RememberMapping(ctx context.Context, kind string, headers, mapping []string) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO import_mappings (kind, headers, mapping, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (kind, headers) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
			kind, strings.Join(headers, mappingSep), strings.Join(mapping, mappingSep), now())
		if err != nil {
			return err
		}
		return audit(ctx, tx, "update", "import mapping", 0, strings.Join(headers, ", "))
	})
}

// Mapping returns the mapping remembered for a file with these headers.
func (s *Store) Mapping(ctx context.Context, kind string, headers []string) (mapping []string, at time.Time, ok bool, err error) {
	err = s.read(ctx, func(tx *sql.Tx) error {
		var m, when string
		err := tx.QueryRowContext(ctx, `SELECT mapping, updated_at FROM import_mappings WHERE kind = ? AND headers = ?`,
			kind, strings.Join(headers, mappingSep)).Scan(&m, &when)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		mapping, ok = strings.Split(m, mappingSep), true
		at, _ = time.Parse(time.RFC3339Nano, when)
		return nil
	})
	if ok && len(mapping) != len(headers) {
		return nil, time.Time{}, false, err
	}
	return mapping, at, ok, err
}

// EachEntityKey calls fn with the fax (E.164) and the folded display name of
// every person in the contact book: what tells a duplicate.
func (s *Store) EachEntityKey(ctx context.Context, fn func(fax, name string) error) error {
	return s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT c.fax, e.first_name, e.last_name, e.name FROM entities e JOIN contacts c ON c.id = e.contact_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var e model.Entity
		var fax string
		for rows.Next() {
			if err := rows.Scan(&fax, &e.FirstName, &e.LastName, &e.Name); err != nil {
				return err
			}
			if err := fn(fax, model.Fold(e.DisplayName())); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// EachGroup calls fn with the fax (E.164) and the name of every
// multiple-entity contact.
func (s *Store) EachGroup(ctx context.Context, fn func(fax, name string) error) error {
	return s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT fax, group_name FROM contacts WHERE kind = 'group'`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var fax, name string
		for rows.Next() {
			if err := rows.Scan(&fax, &name); err != nil {
				return err
			}
			if err := fn(fax, name); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}
