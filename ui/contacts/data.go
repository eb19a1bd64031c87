package contacts

import (
	"bytes"
	"context"
	"errors"
	"sync"

	"frontdesk/model"
	"frontdesk/search"
	"frontdesk/store"
	"frontdesk/ui/components"
)

// rows is the contact list in memory, in list order: what each line shows,
// packed in one arena, and the search index over the same records. Record i
// of the index is row i. Immutable once loaded, so searches may read it from
// other goroutines.
type rows struct {
	ix     *search.Index
	ids    []int64
	vers   []int64 // version of each contact when loaded
	people []int32
	group  []bool
	text   []byte   // per row: name \x1f organization \x1f specialty \x1f fax (E.164)
	offs   []uint32 // row i is text[offs[i]:offs[i+1]]
	widest widths   // the widest texts, for the columns to share the width by need
}

// widths are the widest name, organization and specialty of a list, its
// longest fax number (E.164) and its largest group.
type widths struct {
	name, org, spec int
	fax             string
	people          int32
}

func (w *widths) add(lr *store.ListRow) {
	w.name = max(w.name, components.TextWidth(lr.Name))
	w.org = max(w.org, components.TextWidth(lr.Organization))
	w.spec = max(w.spec, components.TextWidth(lr.Specialty))
	if len(lr.Fax) > len(w.fax) {
		w.fax = string(lr.Fax)
	}
	w.people = max(w.people, int32(lr.People))
}

func (w *widths) merge(o widths) {
	w.name, w.org, w.spec, w.people = max(w.name, o.name), max(w.org, o.org), max(w.spec, o.spec), max(w.people, o.people)
	if len(o.fax) > len(w.fax) {
		w.fax = o.fax
	}
}

// row is one line of the list, unpacked for drawing.
type row struct {
	ID           int64
	Version      int64
	Group        bool
	People       int
	Name         string
	Organization string
	Specialty    string
	Fax          string // E.164
}

func (r *rows) Len() int {
	if r == nil {
		return 0
	}
	return len(r.ids)
}

func (r *rows) row(i int) row {
	parts := bytes.SplitN(r.text[r.offs[i]:r.offs[i+1]], []byte{model.SearchSep}, 4)
	for len(parts) < 4 {
		parts = append(parts, nil)
	}
	return row{ID: r.ids[i], Version: r.vers[i], Group: r.group[i], People: int(r.people[i]),
		Name: string(parts[0]), Organization: string(parts[1]), Specialty: string(parts[2]), Fax: string(parts[3])}
}

// indexOf returns the row of contact id, or -1.
func (r *rows) indexOf(id int64) int {
	for i, v := range r.ids {
		if v == id {
			return i
		}
	}
	return -1
}

// splitKey divides the list in two parts of roughly equal size (surnames
// before and from "m"), loaded at once on two connections.
const splitKey = "m"

// loadRows reads the whole list from the store: its two halves at once, on
// two cores, from one committed state.
func loadRows(ctx context.Context, st *store.Store) (*rows, error) {
	n, err := st.CountContacts(ctx)
	if err != nil {
		return nil, err
	}
	for attempt := 0; attempt < 3; attempt++ {
		var parts [2]*rows
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
			return parts[0], nil
		}
		// A change was committed between the two reads: read again.
	}
	r, _, err := loadRange(ctx, st, "", "", n)
	return r, err
}

// loadRange reads the part of the list between two sort keys.
func loadRange(ctx context.Context, st *store.Store, from, to string, sizeHint int) (*rows, int64, error) {
	r := &rows{
		ix:     search.NewIndex(sizeHint),
		ids:    make([]int64, 0, sizeHint),
		vers:   make([]int64, 0, sizeHint),
		people: make([]int32, 0, sizeHint),
		group:  make([]bool, 0, sizeHint),
		text:   make([]byte, 0, sizeHint*80),
		offs:   append(make([]uint32, 0, sizeHint+1), 0),
	}
	mark, err := st.ListContactsRange(ctx, from, to, func(lr *store.ListRow) error {
		r.ids = append(r.ids, lr.ID)
		r.vers = append(r.vers, lr.Version)
		r.people = append(r.people, int32(lr.People))
		r.group = append(r.group, lr.Kind == model.Group)
		r.text = append(r.text, lr.Name...)
		r.text = append(r.text, model.SearchSep)
		r.text = append(r.text, lr.Organization...)
		r.text = append(r.text, model.SearchSep)
		r.text = append(r.text, lr.Specialty...)
		r.text = append(r.text, model.SearchSep)
		r.text = append(r.text, lr.Fax...)
		r.offs = append(r.offs, uint32(len(r.text)))
		r.widest.add(lr)
		r.ix.Add(lr.Search)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return r, mark, nil
}

// append adds o's rows after r's.
func (r *rows) append(o *rows) {
	r.ix.Append(o.ix)
	r.ids = append(r.ids, o.ids...)
	r.vers = append(r.vers, o.vers...)
	r.people = append(r.people, o.people...)
	r.group = append(r.group, o.group...)
	r.widest.merge(o.widest)
	base := uint32(len(r.text))
	r.text = append(r.text, o.text...)
	for _, off := range o.offs[1:] {
		r.offs = append(r.offs, base+off)
	}
}
