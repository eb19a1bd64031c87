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
	return st.Header.Render(Cell(" "+strings.Join(parts, " "), width, nil, plain, plain))
}

// TableRow draws one row of a table across width: a leading space, the
// texts in their widths (0 leaves a column out) separated by a space, the
// runes of hls drawn with hl, everything else with base (a selected row's
// style covers the whole line).
func TableRow(texts []string, widths []int, hls [][]int, base, hl lipgloss.Style, width int) string {
	gap := base.Render(" ")
	line := gap
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
		line += Cell(t, widths[c], m, base, hl)
	}
	if w := lipgloss.Width(line); w < width {
		line += base.Render(strings.Repeat(" ", width-w))
	}
	return line
}
