package components

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/search"
	"frontdesk/ui/keymap"
	"frontdesk/ui/theme"
)

// PickerItem is one choice of a Picker.
type PickerItem struct {
	Title string
	// Detail is shown on the right, such as the action's key.
	Detail string
	// Disabled says why the item cannot be chosen now.
	Disabled string
	// Search is more the search matches (a chart number, a fax number),
	// beside the title.
	Search string
}

// Picker is a filtered list of choices: type to narrow, arrows to
// move, enter to choose, esc to close.
type Picker struct {
	Title string
	// Checked, when not nil, makes the picker a multi-picker: enter ticks
	// or unticks an item, esc closes, and Checked holds the ticked items.
	Checked map[int]bool
	items   []PickerItem
	ix      *search.Index // the items' folded titles
	shown   []shownItem
	cursor  int
	input   textinput.Model
	width   int
	height  int
	styles  *theme.Styles
	keys    keymap.KeyMap
}

// NewPicker returns a picker over items with an empty query.
func NewPicker(styles *theme.Styles, keys keymap.KeyMap, title string, items []PickerItem) *Picker {
	in := textinput.New()
	in.Prompt = "/ " // as a list's filter; "> " marks the selected item
	in.Placeholder = "type to search"
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = styles.Renderer.NewStyle().Reverse(true)
	in.PlaceholderStyle = styles.Dim
	in.Focus()
	p := &Picker{Title: title, items: items, input: in, styles: styles, keys: keys, ix: search.NewIndex(len(items))}
	for _, it := range items {
		text := model.Fold(it.Title)
		if it.Search != "" {
			text += string(model.SearchSep) + model.Fold(it.Search)
		}
		p.ix.Add([]byte(text))
	}
	p.refilter()
	return p
}

// shownItem is an item the query matches, with the runes to highlight.
type shownItem struct {
	index   int
	matches []int
}

// pickerShown caps the items drawn: a picker shows a screenful, and
// ranking more costs time on every keystroke.
const pickerShown = 200

// SetSize sets the outer size of the picker's box.
func (p *Picker) SetSize(w, h int) {
	p.width, p.height = w, h
	p.input.Width = max(1, w-8)
}

// refilter ranks the items for the query as the lists do (words that start
// with what is typed first), and keeps the first screenfuls.
func (p *Picker) refilter() {
	p.shown, p.cursor = p.shown[:0], 0
	q := strings.TrimSpace(p.input.Value())
	res, err := p.ix.Search(context.Background(), q, nil)
	if err != nil {
		return
	}
	for i := 0; i < res.Len() && i < pickerShown; i++ {
		n := res.Hit(i)
		var m []int
		if q != "" {
			m = search.Highlight(p.items[n].Title, q)
		}
		p.shown = append(p.shown, shownItem{n, m})
	}
}

// Update handles a key. It returns the chosen item's index once enter is
// pressed on an enabled item, and closed once the picker should go away.
func (p *Picker) Update(msg tea.Msg) (chosen int, closed bool, cmd tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return -1, false, nil
	}
	switch {
	case km.Type == tea.KeyEsc:
		return -1, true, nil
	case km.Type == tea.KeyEnter:
		if len(p.shown) == 0 {
			return -1, false, nil
		}
		if p.Checked != nil {
			i := p.shown[p.cursor].index
			p.Checked[i] = !p.Checked[i]
			return -1, false, nil
		}
		return p.shown[p.cursor].index, true, nil
	case km.Type == tea.KeyUp || km.Type == tea.KeyCtrlP || km.Type == tea.KeyShiftTab:
		if p.cursor > 0 {
			p.cursor--
		}
		return -1, false, nil
	case km.Type == tea.KeyDown || km.Type == tea.KeyCtrlN || km.Type == tea.KeyTab:
		if p.cursor < len(p.shown)-1 {
			p.cursor++
		}
		return -1, false, nil
	case key.Matches(km, p.keys.ForceQuit):
		return -1, true, nil
	}
	before := p.input.Value()
	p.input, cmd = p.input.Update(km)
	if p.input.Value() != before {
		p.refilter()
	}
	return -1, false, cmd
}

// View draws the picker as a box of its size.
func (p *Picker) View() string {
	st := p.styles
	inner := max(10, p.width-4)
	rows := max(1, p.height-5)
	lines := []string{st.BoxTitle.Render(Truncate(p.Title, inner)), p.input.View()}
	start := 0
	if p.cursor >= rows {
		start = p.cursor - rows + 1
	}
	why := "" // the selected item's detail, when its line cut it
	for i := start; i < len(p.shown) && i < start+rows; i++ {
		m := p.shown[i]
		it := p.items[m.index]
		look := st.ListRow(i == p.cursor)
		if it.Disabled != "" {
			look.Base = look.Base.Inherit(st.Dim) // dimmed, selected or not
		}
		detail := it.Detail
		if it.Disabled != "" {
			detail = it.Disabled
		}
		line := look.Marker()
		room := inner - theme.MarkerWidth
		if p.Checked != nil {
			mark := "[ ] "
			if p.Checked[m.index] {
				mark = "[x] "
			}
			line += look.Base.Render(mark)
			room -= len(mark)
		}
		// The title reads in full; the detail takes what is left, and the
		// selected item's reads in full on the title's line when it was cut.
		detailW := min(TextWidth(detail), max(0, room-1-TextWidth(it.Title)))
		if detailW < min(TextWidth(detail), 6) {
			detailW = 0
		}
		if detailW < TextWidth(detail) && i == p.cursor {
			why = detail
		}
		titleW := room - detailW - 1
		if detailW == 0 {
			titleW = room
		}
		line += Cell(it.Title, titleW, m.matches, look.Base, look.Match)
		if detailW > 0 {
			line += look.Base.Render(" ") + look.Base.Render(Cell(detail, detailW, nil, st.Dim, st.Dim))
		}
		lines = append(lines, line)
	}
	if len(p.shown) == 0 {
		lines = append(lines, st.Dim.Render("nothing matches"))
	}
	for len(lines) < rows+2 {
		lines = append(lines, "")
	}
	if why != "" { // on the title's line, on the right
		title := Truncate(p.Title, max(0, inner-TextWidth(why)-2))
		lines[0] = st.BoxTitle.Render(title) + strings.Repeat(" ", max(2, inner-TextWidth(title)-TextWidth(why))) +
			st.Dim.Render(Truncate(why, inner-TextWidth(title)-2))
	}
	return st.Box.Width(inner + 2).Render(strings.Join(lines, "\n"))
}
