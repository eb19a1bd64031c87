package store

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"frontdesk/private"
)

// lineSorter puts the list lines of an import in list order (sort key,
// then ID) before they reach contact_list, whose rows are stored in that
// order: a million lines inserted as they come would each land on a random
// page. It sorts on another core while the import writes, in runs of
// runBytes kept in temporary files, and merges the runs at the end; memory
// stays at two runs whatever the size of the import.
type lineSorter struct {
	runBytes int
	cur      lineRun
	spare    lineRun      // the other run's memory, once it is on disk
	sorting  chan sortJob // to the goroutine that sorts and spills runs
	spilled  chan error   // one answer per job
	pending  int          // jobs not yet answered
	files    []*os.File   // the spilled runs
	err      error
}

// lineRun is lines in memory: their bytes in one slab, and where each is.
type lineRun struct {
	slab []byte
	refs []lineRef
}

type lineRef struct {
	id             int64
	key, line, end int32 // slab[key:line] is the sort key, slab[line:end] the line
}

type sortJob struct {
	run  lineRun
	file *os.File
}

func (r *lineRun) key(i int) string  { f := r.refs[i]; return string(r.slab[f.key:f.line]) }
func (r *lineRun) line(i int) string { f := r.refs[i]; return string(r.slab[f.line:f.end]) }

func (r *lineRun) sort() {
	slices.SortFunc(r.refs, func(a, b lineRef) int {
		if c := cmp.Compare(string(r.slab[a.key:a.line]), string(r.slab[b.key:b.line])); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
}

// defaultRunBytes is how much of the lines is sorted at once.
const defaultRunBytes = 4 << 20

func newLineSorter(runBytes int) *lineSorter {
	sorting, spilled := make(chan sortJob), make(chan error, 1)
	go func() {
		for job := range sorting {
			job.run.sort()
			spilled <- writeRun(job.file, &job.run)
		}
	}()
	return &lineSorter{runBytes: runBytes, sorting: sorting, spilled: spilled}
}

// add takes one line; appendLine appends its bytes to a slab.
func (s *lineSorter) add(key string, id int64, appendLine func([]byte) []byte) error {
	if s.err != nil {
		return s.err
	}
	r := &s.cur
	if r.slab == nil {
		// The run's memory at once: a slab grown by appending would end up
		// to twice as large.
		r.slab = make([]byte, 0, s.runBytes+4096)
	}
	k := len(r.slab)
	r.slab = append(r.slab, key...)
	l := len(r.slab)
	r.slab = appendLine(r.slab)
	r.refs = append(r.refs, lineRef{id: id, key: int32(k), line: int32(l), end: int32(len(r.slab))})
	if len(r.slab) >= s.runBytes {
		s.spill()
	}
	return s.err
}

// spill hands the lines in memory to the sorting goroutine, once the run
// before is on disk.
func (s *lineSorter) spill() {
	if s.err = s.wait(); s.err != nil {
		return
	}
	f, err := private.CreateTemp("", "frontdesk-import-*.run")
	if err != nil {
		s.err = fmt.Errorf("sorting the contact list: %w", err)
		return
	}
	// Unlinked at once where the system allows it (the open file lives on,
	// and nothing is left behind by a crash); else when the sorter ends.
	os.Remove(f.Name())
	s.files = append(s.files, f)
	// The next lines go into the other run's memory, which the goroutine
	// has written out; this run's is the spare once it has.
	run := s.cur
	s.cur = lineRun{slab: s.spare.slab[:0], refs: s.spare.refs[:0]}
	s.spare = run
	s.sorting <- sortJob{run, f}
	s.pending++
}

func (s *lineSorter) wait() error {
	for ; s.pending > 0; s.pending-- {
		if err := <-s.spilled; err != nil && s.err == nil {
			s.err = fmt.Errorf("sorting the contact list: %w", err)
		}
	}
	return s.err
}

// each calls fn with every line in order, and ends the sorter.
func (s *lineSorter) each(fn func(key string, id int64, line string) error) error {
	defer s.close()
	if len(s.files) == 0 {
		// Everything fits in one run: no files.
		s.cur.sort()
		for i, f := range s.cur.refs {
			if err := fn(s.cur.key(i), f.id, s.cur.line(i)); err != nil {
				return err
			}
		}
		return nil
	}
	if len(s.cur.refs) > 0 {
		s.spill()
	}
	if err := s.wait(); err != nil {
		return err
	}
	s.cur, s.spare = lineRun{}, lineRun{} // on disk now
	var m runMerge
	for _, f := range s.files {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		r := &runReader{r: bufio.NewReaderSize(f, 64<<10)}
		if ok, err := r.next(); err != nil {
			return err
		} else if ok {
			m = append(m, r)
		}
	}
	heap.Init(&m)
	for len(m) > 0 {
		r := m[0]
		if err := fn(r.key, r.id, r.line); err != nil {
			return err
		}
		ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&m, 0)
		} else {
			heap.Pop(&m)
		}
	}
	return nil
}

// close ends the goroutine and lets the files go.
func (s *lineSorter) close() {
	if s.sorting == nil {
		return
	}
	s.wait()
	close(s.sorting)
	s.sorting = nil
	for _, f := range s.files {
		f.Close()
		os.Remove(f.Name())
	}
	s.files, s.cur, s.spare = nil, lineRun{}, lineRun{}
}

// A run on disk is its lines in order, each as the lengths of its key and
// line (uvarint), its ID (varint), then the bytes of both.
func writeRun(f *os.File, r *lineRun) error {
	w := bufio.NewWriterSize(f, 64<<10)
	var n [3 * binary.MaxVarintLen64]byte
	for _, ref := range r.refs {
		b := binary.AppendUvarint(n[:0], uint64(ref.line-ref.key))
		b = binary.AppendUvarint(b, uint64(ref.end-ref.line))
		b = binary.AppendVarint(b, ref.id)
		w.Write(b)
		w.Write(r.slab[ref.key:ref.end])
	}
	return w.Flush()
}

type runReader struct {
	r    *bufio.Reader
	buf  []byte
	key  string
	line string
	id   int64
}

// next reads the run's next line; false at its end.
func (r *runReader) next() (bool, error) {
	kl, err := binary.ReadUvarint(r.r)
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	ll, err := binary.ReadUvarint(r.r)
	if err != nil {
		return false, noEOF(err)
	}
	if r.id, err = binary.ReadVarint(r.r); err != nil {
		return false, noEOF(err)
	}
	r.buf = slices.Grow(r.buf[:0], int(kl+ll))[:kl+ll]
	if _, err := io.ReadFull(r.r, r.buf); err != nil {
		return false, noEOF(err)
	}
	r.key, r.line = string(r.buf[:kl]), string(r.buf[kl:])
	return true, nil
}

func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// runMerge is a heap of runs by their current line.
type runMerge []*runReader

func (m runMerge) Len() int { return len(m) }
func (m runMerge) Less(i, j int) bool {
	if m[i].key != m[j].key {
		return m[i].key < m[j].key
	}
	return m[i].id < m[j].id
}
func (m runMerge) Swap(i, j int) { m[i], m[j] = m[j], m[i] }
func (m *runMerge) Push(x any)   { *m = append(*m, x.(*runReader)) }
func (m *runMerge) Pop() any {
	old := *m
	x := old[len(old)-1]
	*m = old[:len(old)-1]
	return x
}
