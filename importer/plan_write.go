package importer

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	xencoding "golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"

	"frontdesk/files"
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
	if stampOf(p.Settings.Read.Files, p.File) != p.stamp {
		return store.ImportBatch{}, ErrFileChanged
	}
	batch := store.ImportBatch{
		File:       p.File,
		Duplicates: p.Duplicates,
		Rejected:   len(p.Rejected),
		Mapping:    FormatMap(p.Header, p.Mapping),
		Planned:    p.Contacts,
	}
	region, err := st.Region(ctx)
	if err != nil {
		return store.ImportBatch{}, err
	}
	b, err := writeStream(ctx, st, batch, region, func(ctx context.Context, send func(summarized) error) error {
		return p.build(ctx, cols, region, send, false)
	}, func(n int) {
		if progress != nil && n%2048 == 0 {
			progress(n, p.Contacts)
		}
	}, func(*store.ContactWriter) int { return p.Contacts })
	if err != nil {
		return b, err
	}
	if progress != nil {
		progress(p.Contacts, p.Contacts)
	}
	// The import is done whatever happens here: a mapping not remembered
	// is only offered again as a suggestion.
	st.RememberMapping(ctx, "contacts", p.Header, p.Mapping)
	return b, nil
}

// Import plans the file at path and writes it, in one transaction: what
// NewPlan and then Write would do, sooner. The single contacts go in while
// the rest of the file is still being read; the groups once all of it is
// (their rules need every one of their rows), read a second time. When
// anything fails, nothing is written; a file that cannot be read as CSV at
// all returns a *FileError. progress, when not nil, is called now and then
// with how far the reading has come. `frontdesk import` imports this way; the
// wizard shows the plan first.
func Import(ctx context.Context, st *store.Store, path string, s Settings, known *Known, progress func(Progress)) (*Plan, store.ImportBatch, error) {
	cols, err := mapColumns(s.Mapping)
	if err != nil {
		return nil, store.ImportBatch{}, err
	}
	// The header alone: the planning reads the rest, and anything wrong in
	// it undoes the whole import.
	pv, err := readHeader(path, s.Read)
	if err != nil {
		return nil, store.ImportBatch{}, err
	}
	region, err := st.Region(ctx)
	if err != nil {
		return nil, store.ImportBatch{}, err
	}
	var p *Plan
	batch := store.ImportBatch{File: path, Mapping: FormatMap(pv.Header, s.Mapping)}
	b, err := writeStream(ctx, st, batch, region, func(ctx context.Context, send func(summarized) error) error {
		var err error
		if p, err = plan(ctx, path, s, known, progress, &singles{region, send}); err == nil && p.Groups > 0 {
			err = p.build(ctx, cols, region, send, true)
		}
		return err
	}, nil, func(w *store.ContactWriter) int {
		w.Skipped(p.Duplicates, len(p.Rejected))
		return p.Contacts
	})
	if err != nil {
		return nil, b, err
	}
	st.RememberMapping(ctx, "contacts", p.Header, p.Mapping)
	return p, b, nil
}

// writeStream writes, in one import transaction, the contacts that produce
// sends while they are written: produce runs on goroutines of its own, so
// that reading the file overlaps with SQLite's work. added, when not nil,
// is called with the count after each contact; done, once produce has
// ended well, says how many there had to be (fewer or more: the file
// changed meanwhile).
func writeStream(ctx context.Context, st *store.Store, batch store.ImportBatch, region string,
	produce func(ctx context.Context, send func(summarized) error) error,
	added func(n int), done func(*store.ContactWriter) (want int)) (store.ImportBatch, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make(chan summarized, 256)
	send := func(c summarized) error {
		select {
		case out <- c:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	produced := make(chan error, 1)
	go func() {
		defer close(out)
		produced <- produce(ctx, send)
	}()
	b, err := st.Import(ctx, batch, func(w *store.ContactWriter) error {
		if w.Region() != region {
			return errors.New("the clinic's region changed meanwhile; check the import again")
		}
		n := 0
		for sc := range out {
			if err := w.Add(sc.c, sc.sum); err != nil {
				return fmt.Errorf("writing %s: %w", sc.c.DisplayName(), err)
			}
			if n++; added != nil {
				added(n)
			}
		}
		if err := <-produced; err != nil {
			return err
		}
		if done(w) != n {
			return ErrFileChanged
		}
		return nil
	})
	if err != nil {
		cancel()
		for range out { // let produce finish
		}
	}
	return b, err
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

// build reads the file again and sends the contacts of the plan on:
// single contacts as their row is read (unless groupsOnly: they went in
// as the plan was made), a group once its last row to import is read.
func (p *Plan) build(ctx context.Context, cols columns, region string, send func(summarized) error, groupsOnly bool) error {
	pending := map[int32][]model.Entity{}
	work := func(row int, cells []string) built {
		if row-2 >= p.rows.len() || p.rows.at(row-2).status != rowImport {
			return built{}
		}
		st := *p.rows.at(row - 2)
		if groupsOnly && st.group == 0 {
			return built{}
		}
		e, problems := cols.person(cells, p.Settings.Region)
		if len(problems) > 0 || !p.same(st, cols, cells, e) {
			return built{} // not ok: the file changed
		}
		b := built{e: e, ok: true}
		if st.group == 0 {
			c := model.Contact{Kind: model.Single, Fax: faxString(st.fax), Entities: []model.Entity{e}}
			b.single = &summarized{c, c.Summarize(region)}
		}
		return b
	}
	read := p.Settings.Read
	read.keep = mapped(p.Mapping)
	_, err := eachRow(ctx, p.File, read, work, func(row int, b built) error {
		if row-2 >= p.rows.len() {
			return ErrFileChanged
		}
		st := *p.rows.at(row - 2)
		if st.status != rowImport || groupsOnly && st.group == 0 {
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

// same reports whether a row still says what the plan read in it: the
// same person, fax and group. Any edit of the file between the plan and the
// import (a sort in a spreadsheet, say) would otherwise give people the fax
// numbers of others.
func (p *Plan) same(st rowState, cols columns, cells []string, e model.Entity) bool {
	if p.known.hashName(model.Fold(e.DisplayName())) != st.name {
		return false
	}
	var fax uint64
	if c := cols.faxOf(cells); c != "" {
		f, err := model.ParseFax(c, p.Settings.Region)
		if err != nil {
			return false
		}
		fax = faxDigits(f)
	}
	if fax != st.fax {
		return false
	}
	g := cols.groupOf(cells)
	if st.group == 0 {
		return g == ""
	}
	return g == p.groups[st.group-1].name
}

// RejectedPath is where SaveRejected writes by default: next to the source,
// with "-rejected" added to its name, and a number when that file exists
// (a list being mended is never overwritten).
func (p *Plan) RejectedPath() string { return rejectedPath(p.Settings.Read.Files, p.File) }

// SaveRejected writes the rejected rows, as they are in the file, to a CSV
// at path with two more columns: the row number and the reason. The user can
// mend them and import that file.
func (p *Plan) SaveRejected(path string) error {
	return saveRejected(p.File, p.Header, p.Settings.Read, p.Rejected, path)
}

// RejectedPath is where SaveRejected writes by default (see Plan's).
func (p *PatientPlan) RejectedPath() string { return rejectedPath(p.Settings.Read.Files, p.File) }

// SaveRejected writes the rejected rows with their reasons (see Plan's).
func (p *PatientPlan) SaveRejected(path string) error {
	return saveRejected(p.File, p.Header, p.Settings.Read, p.Rejected, path)
}

func rejectedPath(folder *files.Folder, file string) string {
	base := strings.TrimSuffix(file, filepath.Ext(file)) + "-rejected"
	path := base + ".csv"
	for n := 2; ; n++ {
		// Not only a name free: one that cannot be asked about (out of a
		// user's folder) is taken too, to be refused where it is written.
		if _, err := folder.Stat(path); err != nil {
			return path
		}
		path = fmt.Sprintf("%s-%d.csv", base, n)
	}
}

func saveRejected(file string, header []string, opts Options, rejected []Rejection, path string) error {
	reasons := map[int]string{}
	for _, r := range rejected {
		if reasons[r.Row] == "" {
			reasons[r.Row] = r.Reason
		}
	}
	// Written as the source is (its encoding, byte-order mark or none,
	// delimiter, line ends): the program that made it, French Excel with
	// Windows-1252 and ';' say, opens the list of rows to mend as it
	// opened the source.
	src, err := Sniff(file, opts, 0)
	if err != nil {
		return err
	}
	f, err := opts.Files.Create(path)
	if err != nil {
		return err
	}
	out, err := encodeLike(f, src)
	if err != nil {
		f.Close()
		return err
	}
	w := csv.NewWriter(out)
	w.Comma, w.UseCRLF = src.Delimiter, src.CRLF
	w.Write(append(append([]string(nil), header...), "Row", "Reason"))
	_, err = Read(file, opts, func(row int, cells []string) error {
		reason, ok := reasons[row]
		if !ok {
			return nil
		}
		rec := make([]string, len(header))
		copy(rec, cells)
		return w.Write(append(rec, fmt.Sprint(row), reason))
	})
	w.Flush()
	if werr := w.Error(); err == nil {
		err = werr
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// encodeLike returns a writer of text into f in the encoding of the file
// src describes, having written its byte-order mark and "sep=" line if it
// had them. Text Windows-1252 cannot spell (none of the source's own;
// perhaps a reason's) is written "?". Close flushes it.
func encodeLike(f io.Writer, src *Preview) (io.WriteCloser, error) {
	var bom []byte
	var enc xencoding.Encoding
	switch src.Encoding {
	case encUTF8BOM:
		bom = bomUTF8
	case encUTF16LE:
		bom, enc = bomUTF16LE, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case encUTF16BE:
		bom, enc = bomUTF16BE, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	case enc1252:
		enc = charmap.Windows1252
	}
	if src.BOM {
		if _, err := f.Write(bom); err != nil {
			return nil, err
		}
	}
	var out io.WriteCloser = nopCloser{f}
	switch {
	case enc == charmap.Windows1252:
		spellable := runes.Map(func(r rune) rune {
			if _, ok := charmap.Windows1252.EncodeRune(r); !ok {
				return '?'
			}
			return r
		})
		out = transform.NewWriter(f, transform.Chain(spellable, enc.NewEncoder()))
	case enc != nil:
		out = transform.NewWriter(f, enc.NewEncoder())
	}
	if src.SepLine {
		end := "\n"
		if src.CRLF {
			end = "\r\n"
		}
		if _, err := io.WriteString(out, "sep="+string(src.Delimiter)+end); err != nil {
			return nil, err
		}
	}
	return out, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
