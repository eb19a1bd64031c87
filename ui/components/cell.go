// Package components holds the widgets the screens share: table cells, the
// form, the confirm dialog and the fuzzy picker.
package components

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"

	"frontdesk/model"
)

// Cell renders text in exactly width cells: cut with "…" when too long,
// padded with spaces when short. The runes whose indexes are in matches
// (increasing) are drawn with hl over base; the rest with base.
func Cell(text string, width int, matches []int, base, hl lipgloss.Style) string {
	if width <= 0 {
		return ""
	}
	runes := []rune(text)
	total := 0
	for _, r := range runes {
		total += runewidth.RuneWidth(r)
	}
	limit := width
	cut := total > width
	if cut {
		limit = width - 1 // room for the ellipsis
	}
	var b strings.Builder
	var seg strings.Builder
	segHL := false
	flush := func() {
		if seg.Len() == 0 {
			return
		}
		if segHL {
			b.WriteString(hl.Render(seg.String()))
		} else {
			b.WriteString(base.Render(seg.String()))
		}
		seg.Reset()
	}
	used, mi := 0, 0
	for i, r := range runes {
		r = model.PrintableRune(r) // outside text: never a terminal's control sequence
		w := runewidth.RuneWidth(r)
		if used+w > limit {
			break
		}
		for mi < len(matches) && matches[mi] < i {
			mi++
		}
		isHL := mi < len(matches) && matches[mi] == i
		if isHL != segHL {
			flush()
			segHL = isHL
		}
		seg.WriteRune(r)
		used += w
	}
	if cut {
		flush()
		segHL = false
		seg.WriteString("…")
		used++
	}
	if used < width {
		if segHL {
			flush()
			segHL = false
		}
		seg.WriteString(strings.Repeat(" ", width-used))
	}
	flush()
	return b.String()
}

// Truncate cuts s, which may hold styles, to width cells with "…", without
// padding.
func Truncate(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// PlaceLines pads or cuts a block of text to exactly height lines.
func PlaceLines(s string, height int) string {
	if height <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// Overlay draws box centred over body, a block of width x height cells.
// The lines the box covers show the box alone, which keeps styles of the
// covered text from bleeding into it.
func Overlay(body, box string, width, height int) string {
	lines := strings.Split(PlaceLines(body, height), "\n")
	boxLines := strings.Split(box, "\n")
	top := max(0, (height-len(boxLines))/2)
	left := max(0, (width-lipgloss.Width(box))/2)
	for i, bl := range boxLines {
		if top+i >= len(lines) {
			break
		}
		lines[top+i] = strings.Repeat(" ", left) + bl
	}
	return strings.Join(lines, "\n")
}

// TextWidth is the number of cells text takes, quickly for ASCII.
func TextWidth[T string | []byte](text T) int {
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			return runewidth.StringWidth(string(text))
		}
	}
	return len(text)
}
