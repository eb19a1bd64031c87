package components

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/search"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// Records is the machinery of a simple list screen over records of type R
// (patients, employers): loading them in the background (again whenever
// the database changes, keeping the selection), the filter and the cursor,
// a question that takes the keys, and drawing the visible rows. The screen
// keeps its own keys and columns.
type Records[R any] struct {
	// Confirm is the open question, if any.
	Confirm *Confirm

	fl       *FilterList
	rows     []R
	loaded   bool
	loading  bool
	err      error
	selectID int64
	noun     [2]string // one, many
	columns  func(R) []string
	widest   []int // of each column's texts, over all the records
	load     func(context.Context) (*search.Index, []R, error)
	id       func(R) int64
	styles   *theme.Styles
}

type recordsMsg[R any] struct {
	owner  *Records[R]
	ix     *search.Index
	rows   []R
	widest []int
	err    error
}

// NewRecords returns an empty list that load fills; id names a record, to
// keep it selected across reloads; one and many name the records.
func NewRecords[R any](styles *theme.Styles, keys keymap.KeyMap, placeholder, one, many string,
	load func(context.Context) (*search.Index, []R, error), id func(R) int64) *Records[R] {
	return &Records[R]{fl: NewFilterList(styles, keys, placeholder), noun: [2]string{one, many}, load: load, id: id, styles: styles}
}

// SetColumns says what the columns of a record show, for Widest.
func (r *Records[R]) SetColumns(texts func(R) []string) { r.columns = texts }

// Widest returns the width of each column's widest text over all the
// records (nil before they load, or without SetColumns): what the columns
// need.
func (r *Records[R]) Widest() []int { return r.widest }

// Load reads the records in the background, and measures their columns.
func (r *Records[R]) Load() tea.Cmd {
	r.loading = true
	owner, load, columns := r, r.load, r.columns
	return func() tea.Msg {
		ix, rows, err := load(context.Background())
		var widest []int
		for i := 0; columns != nil && i < len(rows); i++ {
			for c, t := range columns(rows[i]) {
				if c == len(widest) {
					widest = append(widest, 0)
				}
				widest[c] = max(widest[c], TextWidth(t))
			}
		}
		return recordsMsg[R]{owner, ix, rows, widest, err}
	}
}

// Loaded reports whether the records are there to act on.
func (r *Records[R]) Loaded() bool { return r.loaded }

// Busy reports a load or a search under way.
func (r *Records[R]) Busy() bool { return r.loading || r.fl.Busy() }

// Capturing reports whether the filter or a question has the keys.
func (r *Records[R]) Capturing() bool { return r.fl.Filtering() || r.Confirm != nil }

// Filter is the list's filter and cursor.
func (r *Records[R]) Filter() *FilterList { return r.fl }

// Len is the number of records loaded.
func (r *Records[R]) Len() int { return len(r.rows) }

// Selected returns the selected record.
func (r *Records[R]) Selected() (R, bool) {
	i, ok := r.fl.Selected()
	if !ok {
		var zero R
		return zero, false
	}
	return r.rows[i], true
}

// Update takes the list's own messages and keys: its records arriving, the
// database changing, the filter's searches, the open question. handled is
// false for the keys the screen must handle itself.
func (r *Records[R]) Update(msg tea.Msg) (handled bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case recordsMsg[R]:
		if msg.owner != r {
			return false, nil
		}
		r.loading = false
		if msg.err != nil {
			r.err = msg.err
			// Try again in a moment: a busy database passes.
			retry := tea.Tick(time.Second, func(time.Time) tea.Msg { return screen.DataChangedMsg{} })
			return true, tea.Batch(screen.Error(fmt.Errorf("loading %s: %w", r.noun[1], msg.err)), retry)
		}
		r.rows, r.widest, r.loaded, r.err = msg.rows, msg.widest, true, nil
		rows, id := msg.rows, r.id
		r.fl.Reset(msg.ix, len(rows), func(i int) int64 { return id(rows[i]) }, r.selectID)
		r.selectID = 0
		return true, nil
	case screen.DataChangedMsg:
		if msg.Select != 0 {
			r.selectID = msg.Select
		}
		return true, r.Load()
	case tea.KeyMsg:
		if r.Confirm != nil {
			closed, cmd := r.Confirm.Update(msg)
			if closed {
				r.Confirm = nil
			}
			return true, cmd
		}
		if !r.loaded {
			return true, nil
		}
	}
	return r.fl.Update(msg)
}

// View draws the list in width x height: the header, the visible rows drawn
// by row (with the look of a selected row when selected, and the runes of
// the filter to highlight through search.HighlightRow), or what to do when
// there are none; the open question; the footer.
func (r *Records[R]) View(width, height int, header, empty string, row func(rec R, look theme.ListRow, query string) string) string {
	st := r.styles
	if !r.loaded {
		msg := "Loading " + r.noun[1] + "…"
		if r.err != nil {
			msg = "Could not load " + r.noun[1] + ": " + r.err.Error()
		}
		return PlaceLines(st.Dim.Render(msg), height)
	}
	var body string
	switch {
	case len(r.rows) == 0:
		body = lipgloss.Place(width, height-1, lipgloss.Center, lipgloss.Center, empty)
	case r.fl.Len() == 0:
		body = PlaceLines(header+"\n\n"+st.Dim.Render(Truncate(
			fmt.Sprintf("No %s matches “%s”. esc clears the filter.", r.noun[0], r.fl.Query()), width)), height-1)
	default:
		q := ""
		if r.fl.Filtered() {
			q = r.fl.Query()
		}
		lines := []string{header}
		for i := r.fl.Offset(); i < r.fl.Len() && i < r.fl.Offset()+max(1, height-2); i++ {
			lines = append(lines, row(r.rows[r.fl.Record(i)], st.ListRow(i == r.fl.Cursor()), q))
		}
		body = PlaceLines(strings.Join(lines, "\n"), height-1)
	}
	if r.Confirm != nil {
		body = Overlay(body, r.Confirm.View(width), width, height-1)
	}
	return body + "\n" + r.fl.Footer(width, r.noun[0], r.noun[1], len(r.rows))
}

// Row draws one record's columns as a table row, highlighting what the
// filter matched.
func Row(texts []string, widths []int, look theme.ListRow, query string, width int) string {
	var hls [][]int
	if query != "" {
		hls = search.HighlightRow(texts, query)
	}
	return TableRow(texts, widths, hls, look, width)
}
