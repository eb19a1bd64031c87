package contacts

import (
	"bytes"
	"context"

	"frontdesk/model"
	"frontdesk/search"
	"frontdesk/store"
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

// loadRows reads the whole list from the store in one ordered scan.
func loadRows(ctx context.Context, st *store.Store) (*rows, error) {
	n, err := st.CountContacts(ctx)
	if err != nil {
		return nil, err
	}
	r := &rows{
		ix:     search.NewIndex(n),
		ids:    make([]int64, 0, n),
		vers:   make([]int64, 0, n),
		people: make([]int32, 0, n),
		group:  make([]bool, 0, n),
		text:   make([]byte, 0, n*48),
		offs:   append(make([]uint32, 0, n+1), 0),
	}
	err = st.ListContacts(ctx, func(lr *store.ListRow) error {
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
		r.ix.Add(lr.Search)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
