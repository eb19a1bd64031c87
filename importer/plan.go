// Package importer brings contacts in from a spreadsheet saved as CSV: it
// reads what real tools write, suggests how the columns map to fields,
// plans the import (what will be created, what is a duplicate, which rows
// are refused and why) without writing anything, and then writes the plan
// in one transaction. The terminal wizard and `frontdesk import` share it.
package importer

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"frontdesk/files"
	"frontdesk/model"
	"frontdesk/store"
)

// Settings are the user's choices for one import.
type Settings struct {
	Read Options
	// Mapping gives the field of each column ("" ignores the column).
	Mapping []string
	// Region reads fax and phone numbers written without a country code.
	Region string
	// ImportDuplicates imports people already in the contact book anyway.
	ImportDuplicates bool
	// DateOrder reads ambiguous dates such as 03/04/1984 (patients).
	DateOrder model.DateOrder
}

// Rejection is a row that will not be imported, and why.
type Rejection struct {
	Row    int    `json:"row"`
	Reason string `json:"reason"`
	// Kind is the reason in a few words, the same for every row rejected
	// for it (KindNoFax, KindBadFax, "email not valid", ...): the report
	// counts the rows by it.
	Kind string `json:"kind"`
}

// Plan is what an import will do, worked out before anything is written.
// It keeps a few bytes per row, not the rows: writing reads the file again.
type Plan struct {
	File      string
	Header    []string
	Mapping   []string
	Encoding  string
	Delimiter rune
	Settings  Settings

	Contacts   int // contacts to create
	Groups     int // of which multiple-entity
	Entities   int // people to create
	Duplicates int // people already in the contact book (or twice in the file)
	Rows       int // data rows read

	Rejected []Rejection // in row order
	Warnings []string

	rows   rowStates // by row number - 2
	groups []group
	known  *Known    // whose hash names the people in rows
	stamp  fileStamp // the file as it was read
}

// fileStamp tells whether a file changed since it was planned.
type fileStamp struct {
	size int64
	mod  time.Time
}

func stampOf(folder *files.Folder, path string) fileStamp {
	fi, err := folder.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{fi.Size(), fi.ModTime()}
}

// rowState is what the plan decided for one row.
type rowState struct {
	status uint8  // rowImport, rowRejected, rowDuplicate, rowEmpty
	group  int32  // index in Plan.groups + 1, or 0 for a single contact
	fax    uint64 // the row's fax number: its E.164 digits, 0 when none
	name   uint64 // the hash of the person's folded name
}

// rowStates holds the plan's rows in chunks: a million rows grow it without
// ever copying it, or holding it twice while it grows.
type rowStates struct {
	chunks [][]rowState
	n      int
}

const rowChunk = 1 << 16

func (r *rowStates) len() int { return r.n }

// at is row state i (the row numbered i + 2).
func (r *rowStates) at(i int) *rowState { return &r.chunks[i/rowChunk][i%rowChunk] }

func (r *rowStates) add(st rowState) {
	if r.n%rowChunk == 0 {
		r.chunks = append(r.chunks, make([]rowState, 0, rowChunk))
	}
	last := &r.chunks[len(r.chunks)-1]
	*last = append(*last, st)
	r.n++
}

// all yields each row state with its index.
func (r *rowStates) all() iter.Seq2[int, *rowState] {
	return func(yield func(int, *rowState) bool) {
		for i := range r.n {
			if !yield(i, r.at(i)) {
				return
			}
		}
	}
}

const (
	rowImport uint8 = iota
	rowRejected
	rowDuplicate
	rowEmpty
)

// group is what the plan knows of the rows that share a group name.
type group struct {
	name     string
	fax      uint64 // the first fax number seen in its rows
	conflict bool   // another number was seen too
	rows     int32  // rows of the group
	ok       int32  // rows to import, once settled
}

// Known is the set of people already in the contact book, by fax and name,
// that makes a row a duplicate: an open-addressing set of hashes, 8 bytes
// a person.
type Known struct {
	seed  maphash.Seed
	slots []uint64 // 0 is empty
	n     int
	// groups are the multiple-entity contacts of the book, by fax digits
	// and name: a group of the file that matches one is pointed out.
	groups map[groupKey]bool
}

type groupKey struct {
	fax  uint64
	name string
}

// NewKnown returns an empty set: every row is new.
func NewKnown() *Known {
	return &Known{seed: maphash.MakeSeed(), slots: make([]uint64, 1024), groups: map[groupKey]bool{}}
}

// LoadKnown reads the people of the contact book.
func LoadKnown(ctx context.Context, st *store.Store) (*Known, error) {
	k := NewKnown()
	err := st.EachEntityKey(ctx, func(fax, name string) error {
		k.add(faxDigits(fax), k.hashName(name))
		return nil
	})
	if err != nil {
		return k, err
	}
	err = st.EachGroup(ctx, func(fax, name string) error {
		k.groups[groupKey{faxDigits(fax), name}] = true
		return nil
	})
	return k, err
}

func (k *Known) hashName(folded string) uint64 { return maphash.String(k.seed, folded) }

func (k *Known) key(fax, name uint64) uint64 {
	h := (fax*0x9E3779B97F4A7C15 ^ name) * 0xBF58476D1CE4E5B9
	h ^= h >> 31
	if h == 0 {
		h = 1
	}
	return h
}

// add records a person; it reports whether the person was new.
func (k *Known) add(fax, name uint64) bool {
	if 2*(k.n+1) > len(k.slots) {
		old := k.slots
		k.slots, k.n = make([]uint64, 2*len(old)), 0
		for _, h := range old {
			if h != 0 {
				k.insert(h)
			}
		}
	}
	return k.insert(k.key(fax, name))
}

func (k *Known) insert(h uint64) bool {
	mask := uint64(len(k.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch k.slots[i] {
		case h:
			return false
		case 0:
			k.slots[i] = h
			k.n++
			return true
		}
	}
}

func (k *Known) has(fax, name uint64) bool {
	h := k.key(fax, name)
	mask := uint64(len(k.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch k.slots[i] {
		case h:
			return true
		case 0:
			return false
		}
	}
}

// columns locates the mapped fields in a row.
type columns struct {
	group, fax source
	entity     []fieldCol // the mapped fields of the person
	members    []member   // the members of families, read by their types
	// blockBacked says whether the address fields have columns to fall
	// back on: they do so together (see person).
	blockBacked bool
}

// source is where a field comes from: a column, and the columns that back
// it where it is empty, in column order.
type source struct {
	col    int // -1 when no column is mapped to the field
	others []int
}

// value is the source's cell in a row: the first that is not blank.
func (s source) value(cells []string) string {
	v := cell(cells, s.col)
	for _, o := range s.others {
		if strings.TrimSpace(v) != "" {
			break
		}
		v = cell(cells, o)
	}
	return v
}

type fieldCol struct {
	field model.EntityField
	src   source
}

// CheckMapping says what makes a mapping unusable (a field mapped twice,
// no fax, no name), or nil.
func CheckMapping(mapping []string) error {
	_, err := mapColumns(mapping)
	return err
}

// IsFallback reads a mapping entry that backs a field ("else fax"): the
// field it backs.
func IsFallback(entry string) (field string, ok bool) {
	return strings.CutPrefix(entry, elsePrefix)
}

func mapColumns(mapping []string) (columns, error) {
	c := columns{group: source{col: -1}, fax: source{col: -1}}
	seen := map[string]bool{}
	backs := map[string][]int{} // field -> the columns that back it
	roles := map[int]Role{}
	var order []string // fields in column order
	for col, f := range mapping {
		if f == "" || f == ignoreField {
			continue
		}
		if r, ok := ParseRole(f); ok {
			roles[col] = r
			continue
		}
		if b, ok := IsFallback(f); ok {
			if !knownField(b) {
				return c, fmt.Errorf("unknown field %q in %q", b, f)
			}
			backs[b] = append(backs[b], col)
			continue
		}
		if seen[f] {
			return c, fmt.Errorf("field %s is mapped to two columns", f)
		}
		if !knownField(f) {
			return c, fmt.Errorf("unknown field %q", f)
		}
		seen[f] = true
		order = append(order, f)
	}
	for b := range backs {
		if !seen[b] {
			return c, fmt.Errorf("a column backs %s (%s%s), but no column is mapped to %s", b, elsePrefix, b, b)
		}
	}
	for col, f := range mapping {
		if !seen[f] {
			continue
		}
		src := source{col: col, others: backs[f]}
		switch model.Field(f) {
		case model.FieldGroup:
			c.group = src
		case model.FieldFax:
			c.fax = src
		default:
			ef, _ := model.LookupEntityField(model.Field(f))
			c.entity = append(c.entity, fieldCol{ef, src})
			if len(src.others) > 0 && slices.Contains(addressFields, ef.Key) {
				c.blockBacked = true
			}
		}
	}
	members, err := checkMembers(roles, len(mapping))
	if err != nil {
		return c, err
	}
	c.members = members
	phones := slices.ContainsFunc(members, func(m member) bool { return m.kind == "phone" })
	if c.fax.col < 0 && c.group.col < 0 && !phones {
		return c, errors.New("no column is mapped to fax: every contact needs a fax number")
	}
	if !seen[string(model.FieldFirstName)] && !seen[string(model.FieldLastName)] && !seen[string(model.FieldName)] {
		return c, errors.New("no column is mapped to a name: map first_name, last_name or name")
	}
	return c, nil
}

func knownField(f string) bool {
	if model.Field(f) == model.FieldGroup || model.Field(f) == model.FieldFax {
		return true
	}
	_, ok := model.LookupEntityField(model.Field(f))
	return ok
}

func cell(cells []string, col int) string {
	if col < 0 || col >= len(cells) {
		return ""
	}
	return cells[col]
}

// faxOf is the fax number a row gives: its fax column's, else that of a
// column backing it, else the phone whose type names a fax.
func (c columns) faxOf(cells []string) string {
	v := strings.TrimSpace(c.fax.value(cells))
	if v == "" && len(c.members) > 0 {
		v = typed(c.members, cells)[model.FieldFax]
	}
	return v
}

// groupOf is the group name a row gives, cleaned.
func (c columns) groupOf(cells []string) string { return model.CleanText(c.group.value(cells)) }

// person builds the person of a row, cleaned, with the problems found.
// A field empty in its column is read from the columns that back it; the
// parts of an address fall back together, when all of them are empty, so
// that a street never goes with the city of another address. Then the
// families fill what is still empty.
func (c columns) person(cells []string, region string) (model.Entity, model.Problems) {
	var e model.Entity
	addressBlank := c.blockBacked
	if c.blockBacked {
		for _, fc := range c.entity {
			if slices.Contains(addressFields, fc.field.Key) && strings.TrimSpace(cell(cells, fc.src.col)) != "" {
				addressBlank = false
			}
		}
	}
	for _, fc := range c.entity {
		v := cell(cells, fc.src.col)
		if slices.Contains(addressFields, fc.field.Key) {
			if addressBlank {
				v = source{col: -1, others: fc.src.others}.value(cells)
			}
		} else {
			v = fc.src.value(cells)
		}
		fc.field.Set(&e, v)
	}
	if len(c.members) > 0 {
		t := typed(c.members, cells)
		hasAddress := false
		for _, f := range addressFields {
			ef, _ := model.LookupEntityField(f)
			hasAddress = hasAddress || strings.TrimSpace(ef.Get(e)) != ""
		}
		for f, v := range t {
			ef, ok := model.LookupEntityField(f)
			if !ok || strings.TrimSpace(ef.Get(e)) != "" || hasAddress && slices.Contains(addressFields, f) {
				continue
			}
			ef.Set(&e, v)
		}
	}
	if strings.TrimSpace(e.FirstName+e.LastName+e.Name) == "" {
		// A row that names no one but an organization is the
		// organization's own contact, as a registry's organizations are.
		e.Name = e.Organization
	}
	return e.Clean(region, 0)
}

func blank(cells []string) bool {
	for _, s := range cells {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// describeProblems words a row's problems for the report.
func describeProblems(ps model.Problems) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = string(p.Field) + " " + p.Message
	}
	return strings.Join(parts, "; ")
}

// faxDigits packs an E.164 number in an integer, to keep a million of them
// in little memory.
func faxDigits(e164 string) uint64 {
	n, _ := strconv.ParseUint(strings.TrimPrefix(e164, "+"), 10, 64)
	return n
}

func faxString(d uint64) string { return "+" + strconv.FormatUint(d, 10) }
