package components

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"frontdesk/ui/theme"
)

// TableHeader draws column titles in the widths of a table row; a column
// of width 0 is left out.
func TableHeader(st *theme.Styles, titles []string, widths []int, width int) string {
	plain := lipgloss.NewStyle()
	var parts []string
	for i, h := range titles {
		if widths[i] > 0 {
			parts = append(parts, Cell(h, widths[i], nil, plain, plain))
		}
	}
	lead := strings.Repeat(" ", theme.MarkerWidth)
	return st.Header.Render(Cell(lead+strings.Join(parts, " "), width, nil, plain, plain))
}

// TableRow draws one row of a table across width: the marker column, the
// texts in their widths (0 leaves a column out) separated by a space, the
// runes of hls drawn with the row's match style, everything else with its
// base (a selected row's style covers the whole line).
func TableRow(texts []string, widths []int, hls [][]int, row theme.ListRow, width int) string {
	gap := row.Base.Render(" ")
	line := row.Marker()
	first := true
	for c, t := range texts {
		if widths[c] == 0 {
			continue
		}
		if !first {
			line += gap
		}
		first = false
		var m []int
		if hls != nil {
			m = hls[c]
		}
		line += Cell(t, widths[c], m, row.Base, row.Match)
	}
	return fit(line, width, row.Base)
}

// MarkedLine draws text as one row of a list that is not a table: the
// marker column, then text cut or padded to the rest of width.
func MarkedLine(text string, row theme.ListRow, width int) string {
	return row.Marker() + Cell(text, max(0, width-theme.MarkerWidth), nil, row.Base, row.Base)
}

// fit pads a drawn line with base to width, or cuts it there.
func fit(line string, width int, base lipgloss.Style) string {
	w := lipgloss.Width(line)
	if w > width {
		return Truncate(line, width)
	}
	return line + base.Render(strings.Repeat(" ", width-w))
}

// Room is what width leaves for the texts of n columns once the marker
// column and the gaps between them are drawn.
func Room(width, n int) int {
	return max(0, width-theme.MarkerWidth-max(0, n-1))
}

// Column is one column of a table, as Layout shares the width out.
type Column struct {
	// Need is the width of its widest text, title included: all of it
	// shows when there is room.
	Need int
	// Min is the narrowest it may be; an Optional column that cannot have
	// it is left out (width 0), the last ones first.
	Min      int
	Optional bool
	// Fixed columns (dates, numbers) always get their Need; the others
	// share what is left.
	Fixed bool
}

// Layout returns the widths of cols across width: every column gets what it
// needs when the line has room, the room left over going to the columns
// that are not fixed. When it has not, the fixed columns keep their need
// and the others share the rest by need: a column narrower than its share
// is never cut, and the widest are cut to the same width. Optional columns
// are left out, the last first, while the others would go below their Min.
func Layout(width int, cols []Column) []int {
	shown := make([]bool, len(cols))
	for i := range cols {
		shown[i] = true
	}
	for {
		widths, ok := layout(width, cols, shown)
		if ok {
			return widths
		}
		last := -1
		for i, c := range cols {
			if shown[i] && c.Optional {
				last = i
			}
		}
		if last < 0 {
			return widths
		}
		shown[last] = false
	}
}

// layout shares width among the shown columns; ok is false when a column
// gets less than its Min.
func layout(width int, cols []Column, shown []bool) (widths []int, ok bool) {
	widths = make([]int, len(cols))
	n := 0
	for i := range cols {
		if shown[i] {
			n++
		}
	}
	room := Room(width, n)
	var flex []int
	need := 0
	for i, c := range cols {
		switch {
		case !shown[i]:
		case c.Fixed:
			widths[i] = c.Need
			room -= c.Need
		default:
			flex = append(flex, i)
			need += c.Need
		}
	}
	if len(flex) == 0 {
		return widths, room >= 0
	}
	if need <= room {
		// Everything fits: the room left over is shared by need, what
		// rounding leaves going to the first.
		extra := room - need
		given := 0
		for _, i := range flex {
			widths[i] = cols[i].Need + extra*cols[i].Need/max(1, need)
			given += widths[i]
		}
		widths[flex[0]] += room - given
		return widths, true
	}
	// Not enough: find the widest width every column can have (the
	// narrow ones keep their need), then hand out what rounding left.
	level := 0
	for lo, hi := 0, room; lo <= hi; {
		mid := (lo + hi) / 2
		sum := 0
		for _, i := range flex {
			sum += min(cols[i].Need, mid)
		}
		if sum <= room {
			level, lo = mid, mid+1
		} else {
			hi = mid - 1
		}
	}
	left := room
	for _, i := range flex {
		widths[i] = min(cols[i].Need, level)
		left -= widths[i]
	}
	for _, i := range flex {
		if left > 0 && widths[i] < cols[i].Need {
			widths[i]++
			left--
		}
	}
	ok = true
	for _, i := range flex {
		if widths[i] < min(cols[i].Min, cols[i].Need) {
			ok = false
		}
	}
	return widths, ok
}

// Widest returns the width of the widest of texts.
func Widest(texts ...string) int {
	w := 0
	for _, t := range texts {
		w = max(w, ansi.StringWidth(t))
	}
	return w
}
