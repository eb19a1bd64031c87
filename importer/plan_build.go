package importer

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"frontdesk/model"
)

// NewPlan reads the file at path and works out what importing it with s
// would do, against the people already known (which it extends with the
// file's own). Nothing is written. A file that cannot be read as CSV at all
// returns a *FileError; a mapping that cannot work (no fax, no name) an
// error that says so. progress, when not nil, is called now and then with
// how far the reading has come, and once at the end.
func NewPlan(ctx context.Context, path string, s Settings, known *Known, progress func(Progress)) (*Plan, error) {
	return plan(ctx, path, s, known, progress, nil)
}

// singles, when planning with one, receives each single contact to import
// as soon as its row is settled, in row order, summarized in the region of
// the contact book.
type singles struct {
	region string
	send   func(summarized) error
}

// plan is NewPlan; with a non-nil out, it also hands out the single
// contacts as it goes (their rows are settled as they are read: only
// groups wait for the end of the file).
func plan(ctx context.Context, path string, s Settings, known *Known, progress func(Progress), out *singles) (*Plan, error) {
	cols, err := mapColumns(s.Mapping)
	if err != nil {
		return nil, err
	}
	if s.Region == "" {
		s.Region = model.DefaultRegion
	}
	p := &Plan{File: path, Mapping: s.Mapping, Settings: s, known: known, stamp: stampOf(s.Read.Files, path)}
	read := s.Read
	read.pos, read.keep = new(atomic.Int64), mapped(s.Mapping)
	report := func() {
		if progress != nil {
			progress(Progress{Rows: p.Rows, Read: read.pos.Load(), Size: p.stamp.size})
		}
	}
	byName := map[string]int32{}
	w := newWarnings()
	// What a row says is worked out on every core (cleaning a person and
	// reading a number cost microseconds); what it means for the plan, in
	// row order, here.
	work := func(row int, cells []string) rowFacts {
		if blank(cells) {
			return rowFacts{blank: true}
		}
		f := rowFacts{cells: len(cells)}
		e, problems := cols.person(cells, s.Region)
		if len(problems) > 0 {
			f.problem, f.kind = describeProblems(problems), problemKind(problems)
			return f
		}
		f.faxCell = cols.faxOf(cells)
		if f.faxCell != "" {
			fax, err := model.ParseFax(f.faxCell, s.Region)
			f.fax, f.faxErr = faxDigits(fax), err
		}
		f.name = known.hashName(model.Fold(e.DisplayName()))
		f.group = cols.groupOf(cells)
		if out != nil && f.group == "" && f.faxCell != "" && f.faxErr == nil {
			c := model.Contact{Kind: model.Single, Fax: faxString(f.fax), Entities: []model.Entity{e}}
			f.single = &summarized{c, c.Summarize(out.region)}
		}
		return f
	}
	pv, err := eachRow(ctx, path, read, work, func(row int, f rowFacts) error {
		if p.Rows%4096 == 0 {
			report()
		}
		p.Rows++
		for p.rows.len() < row-1 {
			p.rows.add(rowState{status: rowEmpty})
		}
		st := p.rows.at(row - 2)
		if f.blank {
			w.add("empty", row)
			return nil
		}
		st.status = rowImport
		if f.cells < len(s.Mapping) {
			w.add("short", row)
		} else if f.cells > len(s.Mapping) {
			w.add("long", row)
		}
		if f.problem != "" {
			p.reject(row, f.kind, f.problem)
			return nil
		}
		st.fax, st.name = f.fax, f.name
		if f.group != "" {
			gi, ok := byName[f.group]
			if !ok {
				// A copy: the cell shares its memory with the whole row.
				p.groups = append(p.groups, group{name: strings.Clone(f.group)})
				gi = int32(len(p.groups))
				byName[f.group] = gi
			}
			st.group = gi
			g := &p.groups[gi-1]
			g.rows++
			switch {
			case f.faxErr != nil:
				p.reject(row, KindBadFax, fmt.Sprintf("fax %q %v", f.faxCell, f.faxErr))
			case st.fax == 0:
			case g.fax == 0:
				g.fax = st.fax
			case g.fax != st.fax:
				g.conflict = true
			}
			return nil
		}
		switch {
		case f.faxCell == "":
			p.reject(row, KindNoFax, "no fax number (and no group to take one from)")
		case f.faxErr != nil:
			p.reject(row, KindBadFax, fmt.Sprintf("fax %q %v", f.faxCell, f.faxErr))
		case !s.ImportDuplicates && !known.add(st.fax, st.name):
			st.status = rowDuplicate
			p.Duplicates++
		default:
			if s.ImportDuplicates {
				known.add(st.fax, st.name)
			}
			p.Contacts++
			p.Entities++
			if out != nil {
				return out.send(*f.single)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	p.Header, p.Encoding, p.Delimiter = pv.Header, pv.Encoding, pv.Delimiter
	p.settleGroups(known)
	p.Warnings = append(slices.Clone(pv.Warnings), w.lines(len(p.Header))...)
	p.Warnings = append(p.Warnings, nearGroupWarnings(p.groups)...)
	p.Warnings = append(p.Warnings, p.existingGroupWarnings(known)...)
	sort.SliceStable(p.Rejected, func(i, j int) bool { return p.Rejected[i].Row < p.Rejected[j].Row })
	report()
	return p, nil
}

// rowFacts is what one row says, before the plan weighs it.
type rowFacts struct {
	blank   bool
	cells   int
	problem string // why the person cannot be imported
	kind    string // the problem's kind (problemKind)
	faxCell string
	fax     uint64
	faxErr  error
	name    uint64
	group   string
	single  *summarized // the contact, when the row is one to send on
}

func (p *Plan) state(row int) *rowState { return p.rows.at(row - 2) }

func (p *Plan) reject(row int, kind, reason string) {
	p.state(row).status = rowRejected
	p.Rejected = append(p.Rejected, Rejection{row, reason, kind})
}

// Duplicate rows, with the reason, up to limit of them (all when limit is
// 0), in row order.
func (p *Plan) DuplicateRows(limit int) []Rejection {
	var out []Rejection
	for i, st := range p.rows.all() {
		if st.status != rowDuplicate {
			continue
		}
		fax := st.fax
		if st.group != 0 {
			fax = p.groups[st.group-1].fax
		}
		out = append(out, Rejection{i + 2, fmt.Sprintf("already in the contact book (or earlier in the file): same name and fax %s",
			model.FormatFax(faxString(fax), p.Settings.Region)), KindDuplicate})
		if len(out) == limit {
			break
		}
	}
	return out
}

// settleGroups applies the group rules once every row is read: one fax
// number per group, or the whole group is refused; then the duplicate
// check of the rows that take the group's number.
func (p *Plan) settleGroups(known *Known) {
	// The rows of the refused groups, to name them all in the reasons.
	bad := map[int32][]int32{}
	for gi := range p.groups {
		if g := &p.groups[gi]; g.fax == 0 || g.conflict {
			bad[int32(gi+1)] = nil
		}
	}
	if len(bad) > 0 {
		for i, st := range p.rows.all() {
			if rows, ok := bad[st.group]; ok && st.group != 0 {
				bad[st.group] = append(rows, int32(i+2))
			}
		}
	}
	for gi := range p.groups {
		g := &p.groups[gi]
		rows, refused := bad[int32(gi+1)]
		if !refused {
			continue
		}
		kind, reason := KindGroupNoFax, fmt.Sprintf("group %q has no fax number in any of its rows (%s)", g.name, rowList(rows))
		if g.conflict {
			kind, reason = KindGroupConflict, fmt.Sprintf("group %q has different fax numbers: %s; the whole group is refused", g.name, p.faxesOf(rows))
		}
		for _, r := range rows {
			if st := p.state(int(r)); st.status == rowImport {
				p.reject(int(r), kind, reason)
			}
		}
	}
	for _, st := range p.rows.all() {
		if st.group == 0 || st.status != rowImport {
			continue
		}
		g := &p.groups[st.group-1]
		if !known.add(g.fax, st.name) && !p.Settings.ImportDuplicates {
			st.status = rowDuplicate
			p.Duplicates++
			continue
		}
		if g.ok == 0 {
			p.Contacts++
			p.Groups++
		}
		g.ok++
		p.Entities++
	}
}

// existingGroupWarnings names the groups of the file that the contact book
// already has, with the same fax: they are imported as contacts of their
// own, and the user should know before importing.
func (p *Plan) existingGroupWarnings(known *Known) []string {
	var out []string
	for i := range p.groups {
		g := &p.groups[i]
		if g.ok > 0 && known.groups[groupKey{g.fax, g.name}] {
			out = append(out, fmt.Sprintf("group %q with fax %s is already in the contact book: its %d new people become "+
				"a second contact of that name (to add them to the existing one instead, open it and press a)",
				g.name, model.FormatFax(faxString(g.fax), p.Settings.Region), g.ok))
		}
	}
	return out
}

// faxesOf lists the numbers of a group's rows, each with its rows.
func (p *Plan) faxesOf(rows []int32) string {
	byFax := map[uint64][]int32{}
	var order []uint64
	for _, r := range rows {
		f := p.state(int(r)).fax
		if f == 0 {
			continue
		}
		if byFax[f] == nil {
			order = append(order, f)
		}
		byFax[f] = append(byFax[f], r)
	}
	parts := make([]string, len(order))
	for i, f := range order {
		parts[i] = fmt.Sprintf("%s (%s)", model.FormatFax(faxString(f), p.Settings.Region), rowList(byFax[f]))
	}
	return strings.Join(parts, " and ")
}

// nearGroupWarnings names groups whose names differ only by case or
// spacing: they stay separate, as the rules say, but the user should know.
func nearGroupWarnings(groups []group) []string {
	similar := map[string][]*group{}
	var keys []string
	for i := range groups {
		g := &groups[i]
		k := strings.Join(strings.Fields(model.Fold(g.name)), " ")
		if similar[k] == nil {
			keys = append(keys, k)
		}
		similar[k] = append(similar[k], g)
	}
	var out []string
	for _, k := range keys {
		gs := similar[k]
		if len(gs) < 2 {
			continue
		}
		var parts []string
		for _, g := range gs {
			parts = append(parts, fmt.Sprintf("%q", g.name))
		}
		out = append(out, fmt.Sprintf("groups %s differ only by case or spacing; they are imported as separate contacts",
			strings.Join(parts, ", ")))
	}
	return out
}

// rowList names rows briefly: "rows 2, 5 and 9", "rows 2, 3, 4, 5, 6 and
// 12 more".
func rowList(rows []int32) string {
	const show = 5
	word := "rows "
	if len(rows) == 1 {
		word = "row "
	}
	var parts []string
	for i, r := range rows {
		if i == show {
			break
		}
		parts = append(parts, fmt.Sprint(r))
	}
	switch more := len(rows) - len(parts); {
	case more > 0:
		return word + strings.Join(parts, ", ") + fmt.Sprintf(" and %d more", more)
	case len(parts) > 1:
		return word + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return word + strings.Join(parts, "")
}

// warnings gathers rows with the same remark, to report them in one line.
type warnings struct{ rows map[string][]int32 }

func newWarnings() *warnings { return &warnings{rows: map[string][]int32{}} }

func (w *warnings) add(kind string, row int) { w.rows[kind] = append(w.rows[kind], int32(row)) }

func (w *warnings) lines(headerCells int) []string {
	var out []string
	if r := w.rows["short"]; len(r) > 0 {
		out = append(out, fmt.Sprintf("%s %s fewer cells than the header (%d); the missing cells are read as empty",
			rowList(r), has(len(r)), headerCells))
	}
	if r := w.rows["long"]; len(r) > 0 {
		out = append(out, fmt.Sprintf("%s %s more cells than the header (%d); the extra cells are ignored",
			rowList(r), has(len(r)), headerCells))
	}
	if r := w.rows["empty"]; len(r) > 0 {
		out = append(out, fmt.Sprintf("%s %s empty and skipped", rowList(r), be(len(r))))
	}
	return out
}

func has(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

func be(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// mapped is which columns a mapping reads: a reading of the file keeps
// only their cells.
func mapped(mapping []string) []bool {
	keep := make([]bool, len(mapping))
	for i, f := range mapping {
		keep[i] = f != ""
	}
	return keep
}
