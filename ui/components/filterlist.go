package components

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/search"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// FilterList is what every list screen shares: the / filter, searched in
// the background one keystroke at a time over a search.Index, and the
// cursor over the rows shown (all records in list order, or the hits in rank
// order). The screen owns the records and draws them.
type FilterList struct {
	input     textinput.Model
	filtering bool           // the input has the focus
	result    *search.Result // nil: no filter
	seq       int            // number of the latest search; older results are dropped
	cancel    context.CancelFunc
	searching bool // a search is on its way

	ix     *search.Index
	n      int                    // records
	id     func(record int) int64 // a record's identity, to keep it selected
	cursor int
	offset int
	rows   int // rows on the screen

	styles *theme.Styles
	keys   keymap.KeyMap
}

type searchedMsg struct {
	owner *FilterList
	seq   int
	res   *search.Result
	err   error
}

// NewFilterList returns an empty list; placeholder says what the filter
// matches.
func NewFilterList(styles *theme.Styles, keys keymap.KeyMap, placeholder string) *FilterList {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = placeholder
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = styles.Renderer.NewStyle().Reverse(true)
	in.PlaceholderStyle = styles.Dim
	return &FilterList{input: in, styles: styles, keys: keys, rows: 1}
}

// SetRows sets how many rows the screen shows.
func (f *FilterList) SetRows(rows int) {
	f.rows = max(1, rows)
	f.clamp()
}

// Reset takes freshly loaded records: their index, their number and their
// identities. The record whose identity is keep (or else the one selected)
// stays selected, at the same place on the screen: another session's save
// must not scroll the list under the user's eyes. A filter in force is
// searched again, in place of any search still on its way.
func (f *FilterList) Reset(ix *search.Index, n int, id func(int) int64, keep int64) {
	if keep == 0 {
		if r, ok := f.Selected(); ok {
			keep = f.id(r)
		}
	}
	onScreen := f.cursor - f.offset
	f.ix, f.n, f.id = ix, n, id
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
	f.seq++
	f.searching, f.result = false, nil
	if q := f.Query(); q != "" {
		if res, err := ix.Search(context.Background(), q, nil); err == nil {
			f.result = res
		}
	}
	if i := f.find(keep); i >= 0 {
		f.cursor, f.offset = i, i-onScreen
	}
	f.clamp()
}

// find returns the row showing the record of identity id, or -1; among the
// hits of a filter it looks as far as a user scrolls.
func (f *FilterList) find(id int64) int {
	if id == 0 || f.id == nil {
		return -1
	}
	for i := 0; i < f.Len() && (f.result == nil || i < 5000); i++ {
		if f.id(f.Record(i)) == id {
			return i
		}
	}
	return -1
}

// Len is the number of rows: records, or hits of the filter.
func (f *FilterList) Len() int {
	if f.result != nil {
		return f.result.Len()
	}
	return f.n
}

// Record is the record shown on row i.
func (f *FilterList) Record(i int) int {
	if f.result != nil {
		return f.result.Hit(i)
	}
	return i
}

// Selected returns the selected record.
func (f *FilterList) Selected() (int, bool) {
	if f.Len() == 0 {
		return 0, false
	}
	return f.Record(f.cursor), true
}

// Cursor and Offset are the selected row and the first row shown.
func (f *FilterList) Cursor() int { return f.cursor }

// Offset is the first row shown.
func (f *FilterList) Offset() int { return f.offset }

// Query is the filter in force ("" for none).
func (f *FilterList) Query() string {
	if f.ix == nil {
		return ""
	}
	return strings.TrimSpace(f.input.Value())
}

// Filtering reports whether the filter input has the focus.
func (f *FilterList) Filtering() bool { return f.filtering }

// Busy reports a search on its way that the user no longer types into: the
// selection is about to change.
func (f *FilterList) Busy() bool { return f.searching && !f.filtering }

// Filtered reports whether a filter's hits are shown.
func (f *FilterList) Filtered() bool { return f.result != nil }

func (f *FilterList) clamp() {
	n := f.Len()
	f.cursor = max(0, min(f.cursor, n-1))
	if f.cursor < f.offset {
		f.offset = f.cursor
	}
	if f.cursor >= f.offset+f.rows {
		f.offset = f.cursor - f.rows + 1
	}
	f.offset = max(0, min(f.offset, n-f.rows))
}

// Update handles the filter's and the cursor's messages; handled is false
// for what the screen must handle itself.
func (f *FilterList) Update(msg tea.Msg) (handled bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case searchedMsg:
		if msg.owner != f {
			return false, nil
		}
		if msg.seq == f.seq && msg.err == nil { // else a newer keystroke superseded it
			f.searching = false
			f.result = msg.res
			f.cursor, f.offset = 0, 0
			f.clamp()
		}
		return true, nil
	case screen.BlurMsg:
		// A command from the palette: it acts on the list, not the filter.
		f.stopTyping()
		return false, nil
	case tea.KeyMsg:
		return f.key(msg)
	}
	return false, nil
}

func (f *FilterList) stopTyping() {
	f.filtering = false
	f.input.Blur()
}

func (f *FilterList) key(msg tea.KeyMsg) (bool, tea.Cmd) {
	k := f.keys
	if f.filtering {
		switch msg.Type {
		case tea.KeyEsc:
			f.stopTyping()
			return true, f.clear()
		case tea.KeyEnter:
			f.settle()
			f.stopTyping()
			return true, nil
		case tea.KeyUp, tea.KeyDown, tea.KeyPgUp, tea.KeyPgDown:
			f.settle()
			f.move(msg)
			return true, nil
		}
		before := f.input.Value()
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		if f.input.Value() != before {
			return true, tea.Batch(cmd, f.search())
		}
		return true, cmd
	}
	switch {
	case f.move(msg):
		return true, nil
	case key.Matches(msg, k.Filter):
		f.filtering = true
		return true, f.input.Focus()
	case key.Matches(msg, k.Back) && f.input.Value() != "":
		return true, f.clear()
	}
	return false, nil
}

// clear drops the filter, keeping the selected record selected.
func (f *FilterList) clear() tea.Cmd {
	r, ok := f.Selected()
	f.input.SetValue("")
	cmd := f.search()
	if ok {
		f.cursor, f.offset = r, r-f.rows/2
		f.clamp()
	}
	return cmd
}

// move handles the movement keys; it reports whether msg was one.
func (f *FilterList) move(msg tea.KeyMsg) bool {
	k := f.keys
	switch {
	case key.Matches(msg, k.Up):
		f.cursor--
	case key.Matches(msg, k.Down):
		f.cursor++
	case key.Matches(msg, k.PageUp):
		f.cursor -= f.rows
	case key.Matches(msg, k.PageDown):
		f.cursor += f.rows
	case key.Matches(msg, k.Top):
		f.cursor = 0
	case key.Matches(msg, k.Bottom):
		f.cursor = f.Len() - 1
	default:
		return false
	}
	f.clamp()
	return true
}

// search starts the search of the input in the background, cancelling the
// search of the previous keystroke; the previous result narrows the next
// search when the query extends its query.
func (f *FilterList) search() tea.Cmd {
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
	f.seq++
	q := strings.TrimSpace(f.input.Value())
	if q == "" || f.ix == nil {
		f.result, f.searching = nil, false
		f.cursor, f.offset = 0, 0
		return nil
	}
	f.searching = true
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	owner, seq, ix, prev := f, f.seq, f.ix, f.result
	return func() tea.Msg {
		res, err := ix.Search(ctx, q, prev)
		return searchedMsg{owner, seq, res, err}
	}
}

// settle finishes at once the search of what is typed, when it is still
// on its way: a key typed ahead (enter, a move) acts on the hits of the
// text typed before it, not on the rows of a shorter text, which the
// search's result would then replace under it.
func (f *FilterList) settle() {
	if !f.searching {
		return
	}
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
	f.seq++ // the search on its way is dropped when it comes
	f.searching = false
	if res, err := f.ix.Search(context.Background(), strings.TrimSpace(f.input.Value()), f.result); err == nil {
		f.result = res
	}
	f.cursor, f.offset = 0, 0
	f.clamp()
}

// HelpWhileTyping is the help bar while the filter has the focus.
func (f *FilterList) HelpWhileTyping() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "move")),
	}
}

// Footer is the list's last line: the filter (being typed, or in force)
// and the count of noun (plural nouns) out of total. The count always
// shows; the query gives way when the line is short.
func (f *FilterList) Footer(width int, one, many string, total int) string {
	st := f.styles
	count := fmt.Sprintf("%d %s", total, many)
	switch {
	case f.result != nil:
		count = fmt.Sprintf("%d of %d %s", f.Len(), total, many)
	case total == 1:
		count = "1 " + one
	}
	if f.filtering {
		right := st.Count.Render(" " + count)
		f.input.Width = max(1, width-lipgloss.Width(right)-4)
		left := Truncate(f.input.View(), max(0, width-lipgloss.Width(right)))
		pad := max(0, width-lipgloss.Width(left)-lipgloss.Width(right))
		return left + strings.Repeat(" ", pad) + right
	}
	right := count
	if f.Len() > 0 {
		right = fmt.Sprintf("%d/%d · %s", f.cursor+1, f.Len(), count)
	}
	right = st.Count.Render(right)
	left := ""
	if q := f.Query(); q != "" {
		room := max(0, width-lipgloss.Width(right)-1)
		left = Truncate(st.Match.Render("/"+q)+st.Dim.Render(" (esc clears)"), room)
	}
	pad := max(1, width-lipgloss.Width(left)-lipgloss.Width(right))
	return Truncate(left+strings.Repeat(" ", pad)+right, width)
}
