package importer

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"frontdesk/model"
)

// NewPlan reads the file at path and works out what importing it with s
// would do, against the people already known. Nothing is written. A file
// that cannot be read as CSV at all returns a *FileError; a mapping that
// cannot work (no fax, no name) an error that says so. progress, when not
// nil, is called now and then with the number of rows read.
func NewPlan(ctx context.Context, path string, s Settings, known *Known, progress func(rows int)) (*Plan, error) {
	cols, err := mapColumns(s.Mapping)
	if err != nil {
		return nil, err
	}
	if s.Region == "" {
		s.Region = model.DefaultRegion
	}
	p := &Plan{File: path, Mapping: s.Mapping, Settings: s}
	byName := map[string]*group{}
	w := newWarnings()
	pv, err := Read(path, s.Read, func(row int, cells []string) error {
		if p.Rows%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil {
				progress(p.Rows)
			}
		}
		p.Rows++
		for len(p.rows) < row-1 {
			p.rows = append(p.rows, rowState{status: rowEmpty})
		}
		st := &p.rows[row-2]
		if blank(cells) {
			w.add("empty", row)
			return nil
		}
		st.status = rowImport
		if n := len(cells); n < len(s.Mapping) {
			w.add("short", row)
		} else if n > len(s.Mapping) {
			w.add("long", row)
		}
		e, problems := cols.person(cells, s.Region)
		if len(problems) > 0 {
			p.reject(row, describeProblems(problems))
			return nil
		}
		faxCell := strings.TrimSpace(cell(cells, cols.fax))
		var fax string
		var faxErr error
		if faxCell != "" {
			fax, faxErr = model.ParseFax(faxCell, s.Region)
		}
		name := model.Fold(e.DisplayName())
		if gname := model.CleanText(cell(cells, cols.group)); gname != "" {
			g := byName[gname]
			if g == nil {
				g = &group{name: gname, faxes: map[string][]int{}, names: map[int32]string{}}
				byName[gname] = g
				p.groups = append(p.groups, g)
				g.index = int32(len(p.groups))
			}
			st.group = g.index
			g.rows = append(g.rows, int32(row))
			if faxErr != nil {
				p.reject(row, fmt.Sprintf("fax %q %v", faxCell, faxErr))
				return nil
			}
			if fax != "" {
				g.faxes[fax] = append(g.faxes[fax], row)
			}
			g.names[int32(row)] = name
			return nil
		}
		switch {
		case faxCell == "":
			p.reject(row, "no fax number (and no group to take one from)")
		case faxErr != nil:
			p.reject(row, fmt.Sprintf("fax %q %v", faxCell, faxErr))
		case !s.ImportDuplicates && known.has(fax, name):
			p.duplicate(row, e.DisplayName(), fax)
		default:
			known.add(fax, name) // a second identical row is a duplicate too
			st.fax = faxDigits(fax)
			p.Contacts++
			p.Entities++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	p.Header, p.Encoding, p.Delimiter = pv.Header, pv.Encoding, pv.Delimiter
	p.settleGroups(known)
	p.Warnings = append(w.lines(len(p.Header)), nearGroupWarnings(p.groups)...)
	sort.Slice(p.Rejected, func(i, j int) bool { return p.Rejected[i].Row < p.Rejected[j].Row })
	sort.Slice(p.DuplicateRows, func(i, j int) bool { return p.DuplicateRows[i].Row < p.DuplicateRows[j].Row })
	if progress != nil {
		progress(p.Rows)
	}
	return p, nil
}

func (p *Plan) state(row int) *rowState { return &p.rows[row-2] }

func (p *Plan) reject(row int, reason string) {
	p.state(row).status = rowRejected
	p.Rejected = append(p.Rejected, Rejection{row, reason})
}

func (p *Plan) duplicate(row int, name, fax string) {
	p.state(row).status = rowDuplicate
	p.Duplicates++
	p.DuplicateRows = append(p.DuplicateRows, Rejection{row,
		fmt.Sprintf("%s at %s is already in the contact book", name, model.FormatFax(fax, p.Settings.Region))})
}

// settleGroups applies the group rules once every row is read: one fax
// number per group, or the whole group is refused.
func (p *Plan) settleGroups(known *Known) {
	for _, g := range p.groups {
		switch len(g.faxes) {
		case 0:
			for _, r := range g.rows {
				if p.state(int(r)).status == rowImport {
					p.reject(int(r), fmt.Sprintf("group %q has no fax number in any of its rows (%s)", g.name, rowList(g.rows)))
				}
			}
			continue
		case 1:
			for f := range g.faxes {
				g.fax = f
			}
		default:
			var parts []string
			for f, rows := range g.faxes {
				parts = append(parts, fmt.Sprintf("%s (%s)", model.FormatFax(f, p.Settings.Region), rowList(toInt32(rows))))
			}
			sort.Strings(parts)
			reason := fmt.Sprintf("group %q has different fax numbers: %s; the whole group is refused", g.name, strings.Join(parts, " and "))
			for _, r := range g.rows {
				if st := p.state(int(r)); st.status == rowImport {
					p.reject(int(r), reason)
				}
			}
			continue
		}
		for _, r := range g.rows {
			st := p.state(int(r))
			if st.status != rowImport {
				continue
			}
			name := g.names[r]
			if !p.Settings.ImportDuplicates && known.has(g.fax, name) {
				p.duplicate(int(r), name, g.fax)
				continue
			}
			known.add(g.fax, name)
			g.ok++
		}
		g.names = nil
		if g.ok > 0 {
			p.Contacts++
			p.Groups++
			p.Entities += g.ok
		}
	}
}

// nearGroupWarnings names groups whose names differ only by case or
// spacing: they stay separate, as the rules say, but the user should know.
func nearGroupWarnings(groups []*group) []string {
	similar := map[string][]*group{}
	var keys []string
	for _, g := range groups {
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
			parts = append(parts, fmt.Sprintf("%q (%s)", g.name, rowList(g.rows)))
		}
		out = append(out, fmt.Sprintf("groups %s differ only by case or spacing; they are imported as separate contacts",
			strings.Join(parts, ", ")))
	}
	return out
}

func toInt32(rows []int) []int32 {
	r := make([]int32, len(rows))
	for i, v := range rows {
		r[i] = int32(v)
	}
	return r
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
