package contactindex

import (
	"bytes"
	"context"
	"errors"
	"sync"

	"github.com/mattn/go-runewidth"

	"frontdesk/model"
	"frontdesk/search"
	"frontdesk/store"
)

// Snapshot is the contact list as one load read it, in list order: what
// each line shows, packed in one arena, and the search index over the same
// records. Record i of the index is row i. Immutable once loaded, so every
// session, and their searches on other goroutines, read it at once.
type Snapshot struct {
	ix      *search.Index
	ids     []int64
	vers    []int64 // version of each contact when loaded
	people  []int32
	group   []bool
	text    []byte   // per row: name \x1f organization \x1f specialty \x1f fax (E.164)
	offs    []uint32 // row i is text[offs[i]:offs[i+1]]
	widest  Widths   // the widest texts, for the columns to share the width by need
	version int64    // the watcher's version when the load began
	changes int64    // the store's count of changes to the contacts the load saw
}

// Widths are the widest name, organization and specialty of a list (in
// terminal cells), its longest fax number (E.164) and its largest group.
type Widths struct {
	Name, Org, Spec int
	Fax             string
	People          int32
}

func (w *Widths) add(lr *store.ListRow) {
	w.Name = max(w.Name, textWidth(lr.Name))
	w.Org = max(w.Org, textWidth(lr.Organization))
	w.Spec = max(w.Spec, textWidth(lr.Specialty))
	if len(lr.Fax) > len(w.Fax) {
		w.Fax = string(lr.Fax)
	}
	w.People = max(w.People, int32(lr.People))
}

func (w *Widths) merge(o Widths) {
	w.Name, w.Org, w.Spec, w.People = max(w.Name, o.Name), max(w.Org, o.Org), max(w.Spec, o.Spec), max(w.People, o.People)
	if len(o.Fax) > len(w.Fax) {
		w.Fax = o.Fax
	}
}

// textWidth is the cells text takes, as the list's table measures them
// (components.TextWidth): ASCII without asking runewidth.
func textWidth(text []byte) int {
	for _, c := range text {
		if c >= 0x80 {
			return runewidth.StringWidth(string(text))
		}
	}
	return len(text)
}

// Row is one line of the list, unpacked for drawing.
type Row struct {
	ID           int64
	Version      int64
	Group        bool
	People       int
	Name         string
	Organization string
	Specialty    string
	Fax          string // E.164
}

// Len is the number of contacts; 0 for a nil Snapshot.
func (s *Snapshot) Len() int {
	if s == nil {
		return 0
	}
	return len(s.ids)
}

// Index is the search index over the rows.
func (s *Snapshot) Index() *search.Index { return s.ix }

// ID is row i's contact.
func (s *Snapshot) ID(i int) int64 { return s.ids[i] }

// Widest are the widest texts of the list; zero for a nil Snapshot.
func (s *Snapshot) Widest() Widths {
	if s == nil {
		return Widths{}
	}
	return s.widest
}

// Row unpacks row i.
func (s *Snapshot) Row(i int) Row {
	parts := bytes.SplitN(s.text[s.offs[i]:s.offs[i+1]], []byte{model.SearchSep}, 4)
	for len(parts) < 4 {
		parts = append(parts, nil)
	}
	return Row{ID: s.ids[i], Version: s.vers[i], Group: s.group[i], People: int(s.people[i]),
		Name: string(parts[0]), Organization: string(parts[1]), Specialty: string(parts[2]), Fax: string(parts[3])}
}

// IndexOf returns the row of contact id, or -1.
func (s *Snapshot) IndexOf(id int64) int {
	for i, v := range s.ids {
		if v == id {
			return i
		}
	}
	return -1
}

// splitKey divides the list in two parts of roughly equal size (surnames
// before and from "m"), loaded at once on two connections.
const splitKey = "m"

// Load reads the whole list from the store: its two halves at once, on
// two cores, from one committed state.
func Load(ctx context.Context, st *store.Store) (*Snapshot, error) {
	n, err := st.CountContacts(ctx)
	if err != nil {
		return nil, err
	}
	for attempt := 0; attempt < 3; attempt++ {
		var parts [2]*Snapshot
		var marks [2]int64
		var errs [2]error
		var wg sync.WaitGroup
		for i, rng := range [2][2]string{{"", splitKey}, {splitKey, ""}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// The first part has room for the second, appended to it.
				parts[i], marks[i], errs[i] = loadRange(ctx, st, rng[0], rng[1], n/(i+1))
			}()
		}
		wg.Wait()
		if err := errors.Join(errs[:]...); err != nil {
			return nil, err
		}
		if marks[0] == marks[1] {
			parts[0].append(parts[1])
			parts[0].changes = marks[0]
			return parts[0], nil
		}
		// A change to the contacts was committed between the two reads:
		// read again.
	}
	s, changes, err := loadRange(ctx, st, "", "", n)
	if s != nil {
		s.changes = changes
	}
	return s, err
}

// loadRange reads the part of the list between two sort keys.
func loadRange(ctx context.Context, st *store.Store, from, to string, sizeHint int) (*Snapshot, int64, error) {
	s := &Snapshot{
		ix:     search.NewIndex(sizeHint),
		ids:    make([]int64, 0, sizeHint),
		vers:   make([]int64, 0, sizeHint),
		people: make([]int32, 0, sizeHint),
		group:  make([]bool, 0, sizeHint),
		text:   make([]byte, 0, sizeHint*80),
		offs:   append(make([]uint32, 0, sizeHint+1), 0),
	}
	mark, err := st.ListContactsRange(ctx, from, to, func(lr *store.ListRow) error {
		s.ids = append(s.ids, lr.ID)
		s.vers = append(s.vers, lr.Version)
		s.people = append(s.people, int32(lr.People))
		s.group = append(s.group, lr.Kind == model.Group)
		s.text = append(s.text, lr.Name...)
		s.text = append(s.text, model.SearchSep)
		s.text = append(s.text, lr.Organization...)
		s.text = append(s.text, model.SearchSep)
		s.text = append(s.text, lr.Specialty...)
		s.text = append(s.text, model.SearchSep)
		s.text = append(s.text, lr.Fax...)
		s.offs = append(s.offs, uint32(len(s.text)))
		s.widest.add(lr)
		s.ix.Add(lr.Search)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return s, mark, nil
}

// append adds o's rows after s's.
func (s *Snapshot) append(o *Snapshot) {
	s.ix.Append(o.ix)
	s.ids = append(s.ids, o.ids...)
	s.vers = append(s.vers, o.vers...)
	s.people = append(s.people, o.people...)
	s.group = append(s.group, o.group...)
	s.widest.merge(o.widest)
	base := uint32(len(s.text))
	s.text = append(s.text, o.text...)
	for _, off := range o.offs[1:] {
		s.offs = append(s.offs, base+off)
	}
}
