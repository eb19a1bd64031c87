package components

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

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
