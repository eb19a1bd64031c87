package importer

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"frontdesk/model"
	"frontdesk/store"
)

// ErrFileChanged means the file is not what the plan was made from.
var ErrFileChanged = errors.New("the file changed since it was checked; check it again")

// Write imports the plan into st in one transaction, reading the file a
// second time as it writes, and remembers the mapping for the next file
// with the same headers. progress, when not nil, is called now and then
// with the contacts written so far and the total.
func (p *Plan) Write(ctx context.Context, st *store.Store, progress func(done, total int)) (store.ImportBatch, error) {
	cols, err := mapColumns(p.Mapping)
	if err != nil {
		return store.ImportBatch{}, err
	}
	batch := store.ImportBatch{
		File:       p.File,
		Duplicates: p.Duplicates,
		Rejected:   len(p.Rejected),
		Mapping:    FormatMap(p.Header, p.Mapping),
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Other goroutines read and build contacts while the transaction writes
	// them: parsing overlaps with SQLite's work.
	region, err := st.Region(ctx)
	if err != nil {
		return store.ImportBatch{}, err
	}
	out := make(chan summarized, 4096)
	readDone := make(chan error, 1)
	go func() {
		defer close(out)
		readDone <- p.build(ctx, cols, region, out)
	}()
	b, err := st.Import(ctx, batch, func(w *store.ContactWriter) error {
		if w.Region() != region {
			return errors.New("the clinic's region changed meanwhile; check the import again")
		}
		n := 0
		for sc := range out {
			c := sc.c
			if err := w.Add(c, sc.sum); err != nil {
				return fmt.Errorf("writing %s: %w", c.DisplayName(), err)
			}
			if n++; progress != nil && n%2048 == 0 {
				progress(n, p.Contacts)
			}
		}
		if err := <-readDone; err != nil {
			return err
		}
		if n != p.Contacts {
			return ErrFileChanged
		}
		return nil
	})
	if err != nil {
		cancel()
		for range out { // let the reader finish
		}
		return b, err
	}
	if progress != nil {
		progress(p.Contacts, p.Contacts)
	}
	if err := st.RememberMapping(ctx, "contacts", p.Header, p.Mapping); err != nil {
		return b, fmt.Errorf("the import is done, but its mapping could not be remembered: %w", err)
	}
	return b, nil
}

// summarized is a contact ready to write, with its list summary.
type summarized struct {
	c   model.Contact
	sum model.Summary
}

// built is what the cores make of one row on the second reading.
type built struct {
	e      model.Entity
	single *summarized
	ok     bool
}

// build reads the file again and sends the contacts of the plan to out:
// single contacts as their row is read, a group once its last row to
// import is read.
func (p *Plan) build(ctx context.Context, cols columns, region string, out chan<- summarized) error {
	pending := map[int32][]model.Entity{}
	send := func(c summarized) error {
		select {
		case out <- c:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	work := func(row int, cells []string) built {
		if row-2 >= len(p.rows) || p.rows[row-2].status != rowImport {
			return built{}
		}
		st := p.rows[row-2]
		e, problems := cols.person(cells, p.Settings.Region)
		if len(problems) > 0 {
			return built{} // not ok: the file changed
		}
		b := built{e: e, ok: true}
		if st.group == 0 {
			c := model.Contact{Kind: model.Single, Fax: faxString(st.fax), Entities: []model.Entity{e}}
			b.single = &summarized{c, c.Summarize(region)}
		}
		return b
	}
	_, err := eachRow(ctx, p.File, p.Settings.Read, work, func(row int, b built) error {
		if row-2 >= len(p.rows) {
			return ErrFileChanged
		}
		st := p.rows[row-2]
		if st.status != rowImport {
			return nil
		}
		if !b.ok {
			return ErrFileChanged
		}
		if b.single != nil {
			return send(*b.single)
		}
		g := &p.groups[st.group-1]
		es := append(pending[st.group], b.e)
		if len(es) < int(g.ok) {
			pending[st.group] = es
			return nil
		}
		delete(pending, st.group)
		c := model.Contact{Kind: model.Group, GroupName: g.name, Fax: faxString(g.fax), Entities: es}
		return send(summarized{c, c.Summarize(region)})
	})
	if err == nil && len(pending) > 0 {
		err = ErrFileChanged
	}
	return err
}

// RejectedPath is where SaveRejected writes by default: next to the source,
// with "-rejected" added to its name.
func (p *Plan) RejectedPath() string {
	ext := filepath.Ext(p.File)
	return strings.TrimSuffix(p.File, ext) + "-rejected.csv"
}

// SaveRejected writes the rejected rows, as they are in the file, to a CSV
// at path with two more columns: the row number and the reason. The user can
// mend them and import that file.
func (p *Plan) SaveRejected(path string) error {
	reasons := map[int]string{}
	for _, r := range p.Rejected {
		if reasons[r.Row] == "" {
			reasons[r.Row] = r.Reason
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(append(append([]string(nil), p.Header...), "Row", "Reason"))
	_, err = Read(p.File, p.Settings.Read, func(row int, cells []string) error {
		reason, ok := reasons[row]
		if !ok {
			return nil
		}
		rec := make([]string, len(p.Header))
		copy(rec, cells)
		return w.Write(append(rec, fmt.Sprint(row), reason))
	})
	w.Flush()
	if werr := w.Error(); err == nil {
		err = werr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
