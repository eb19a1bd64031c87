// Package audit is the Audit log screen, for admins: every change made to
// the clinic's records, newest first, narrowed by record, user and dates,
// and one change opened with its record before and after, field by field.
package audit

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// pageSize is how many entries are read at a time.
const pageSize = 200

// The filters, in the order tab moves through them.
const (
	fieldRecord = iota
	fieldUser
	fieldFrom
	fieldTo
	fieldCount
)

var fieldLabels = [fieldCount]string{"Record", "User", "From", "To"}

var fieldHints = [fieldCount]string{
	"contact 12, patient, #12, or text: a name, a number",
	"a login or a name",
	"a date, as 2026-11-01 or 1 Nov 2026",
	"a date, included",
}

// List is the Audit log screen.
type List struct {
	env *screen.Env

	inputs  [fieldCount]textinput.Model
	applied [fieldCount]string // the filters in force, as typed
	editing bool
	focus   int
	problem string // why the filters typed cannot be applied

	filter  store.AuditFilter
	rows    []store.AuditEntry
	more    bool // older entries remain to be read
	loading bool
	loaded  bool
	err     error
	gen     int // the load in flight; older results are dropped

	cursor, offset int
	width, height  int

	keys keys
}

type keys struct {
	Filters, Clear key.Binding
}

type pageMsg struct {
	owner *List
	gen   int
	after bool // a further page, appended
	limit int  // the entries asked for
	rows  []store.AuditEntry
	err   error
}

var _ screen.Screen = (*List)(nil)

// NewList returns the Audit log screen; Init reads the newest entries.
func NewList(env *screen.Env) *List {
	l := &List{env: env, keys: keys{
		Filters: key.NewBinding(key.WithKeys("f", "/"), key.WithHelp("f", "filters")),
		Clear:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "clear filters")),
	}}
	for i := range l.inputs {
		in := textinput.New()
		in.Prompt = ""
		in.CharLimit = 200
		in.Placeholder = "any"
		in.Cursor.SetMode(cursor.CursorStatic)
		in.Cursor.Style = env.Styles.Renderer.NewStyle().Reverse(true)
		in.PlaceholderStyle = env.Styles.Dim
		l.inputs[i] = in
	}
	return l
}

// Init reads the first page.
func (l *List) Init() tea.Cmd { return l.load(false) }

// load reads the first page again, or (after) the page older than the
// last row.
func (l *List) load(after bool) tea.Cmd {
	f := l.filter
	f.Limit = pageSize
	if after {
		f.BeforeID = l.rows[len(l.rows)-1].ID
	} else {
		l.gen++
		// A reload reads as many as are shown, for the selection to stay.
		f.Limit = max(pageSize, len(l.rows))
	}
	l.loading = true
	owner, gen, ctx, st := l, l.gen, l.env.Ctx, l.env.Store
	return func() tea.Msg {
		rows, err := st.AuditLog(ctx, f)
		return pageMsg{owner, gen, after, f.Limit, rows, err}
	}
}

// Title names the screen.
func (l *List) Title() string { return "Audit log" }

// Busy reports a load under way: enter opens what it brings.
func (l *List) Busy() bool { return l.loading }

// Capturing reports the filters being typed.
func (l *List) Capturing() bool { return l.editing }

// SetSize sets the screen's size.
func (l *List) SetSize(w, h int) {
	l.width, l.height = w, h
	l.scroll()
}

// rowsHeight is how many rows fit under the filters and the heading, above
// the footer.
func (l *List) rowsHeight() int { return max(1, l.height-4) }

// Update handles a message.
func (l *List) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case pageMsg:
		if msg.owner != l || msg.gen != l.gen {
			return l, nil
		}
		l.loading, l.loaded, l.err = false, true, msg.err
		if msg.err != nil {
			return l, nil
		}
		var sel int64
		if e, ok := l.selected(); ok && !msg.after {
			sel = e.ID
		}
		if msg.after {
			l.rows = append(l.rows, msg.rows...)
		} else {
			l.rows = msg.rows
			l.cursor = 0
			for i, e := range l.rows {
				if e.ID == sel {
					l.cursor = i
				}
			}
		}
		l.more = len(msg.rows) == msg.limit
		l.scroll()
	case screen.DataChangedMsg:
		return l, l.load(false)
	case screen.BlurMsg:
		l.stopEditing(false)
	case tea.KeyMsg:
		if l.editing {
			return l, l.editKey(msg)
		}
		return l, l.key(msg)
	}
	return l, nil
}

func (l *List) key(msg tea.KeyMsg) tea.Cmd {
	k := l.env.Keys
	move := func(to int) tea.Cmd {
		l.cursor = max(0, min(to, len(l.rows)-1))
		l.scroll()
		// Near the end of what is read: read the next page.
		if l.more && !l.loading && l.cursor >= len(l.rows)-l.rowsHeight() {
			return l.load(true)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		return move(l.cursor - 1)
	case key.Matches(msg, k.Down):
		return move(l.cursor + 1)
	case key.Matches(msg, k.PageUp):
		return move(l.cursor - l.rowsHeight())
	case key.Matches(msg, k.PageDown):
		return move(l.cursor + l.rowsHeight())
	case key.Matches(msg, k.Top):
		return move(0)
	case key.Matches(msg, k.Bottom):
		return move(len(l.rows) - 1)
	case key.Matches(msg, l.keys.Filters):
		return l.startEditing()
	case key.Matches(msg, l.keys.Clear):
		for i := range l.inputs {
			l.inputs[i].SetValue("")
		}
		return l.apply()
	case key.Matches(msg, k.Open):
		e, ok := l.selected()
		if !ok {
			return screen.Status("No entry selected.")
		}
		l.env.Nav.Push(NewEntry(l.env, e))
	case key.Matches(msg, k.Back):
		l.env.Nav.Pop()
	}
	return nil
}

func (l *List) startEditing() tea.Cmd {
	l.editing, l.problem = true, ""
	return l.focusOn(fieldRecord)
}

// stopEditing leaves the filters; unless keep, what was typed goes back to
// the filters in force.
func (l *List) stopEditing(keep bool) {
	l.editing = false
	for i := range l.inputs {
		l.inputs[i].Blur()
		if !keep {
			l.inputs[i].SetValue(l.applied[i])
		}
	}
	if !keep {
		l.problem = ""
	}
}

func (l *List) focusOn(i int) tea.Cmd {
	l.focus = (i + fieldCount) % fieldCount
	for j := range l.inputs {
		l.inputs[j].Blur()
	}
	l.inputs[l.focus].CursorEnd()
	return l.inputs[l.focus].Focus()
}

func (l *List) editKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		l.stopEditing(false)
		return nil
	case tea.KeyEnter:
		return l.apply()
	case tea.KeyTab, tea.KeyDown:
		return l.focusOn(l.focus + 1)
	case tea.KeyShiftTab, tea.KeyUp:
		return l.focusOn(l.focus - 1)
	}
	var cmd tea.Cmd
	l.inputs[l.focus], cmd = l.inputs[l.focus].Update(msg)
	l.problem = ""
	return cmd
}

// apply reads the filters typed and, when they make sense, reads the log
// under them; otherwise the field at fault keeps the focus, with the
// reason.
func (l *List) apply() tea.Cmd {
	f, bad, err := readFilters(l.values(), l.env.Region(), time.Now())
	if err != nil {
		l.problem = err.Error()
		if !l.editing {
			l.editing = true
		}
		return l.focusOn(bad)
	}
	l.problem = ""
	l.stopEditing(true)
	// The dates as they were read: 03/04/2026 is not left to guess.
	if !f.Since.IsZero() {
		l.inputs[fieldFrom].SetValue(f.Since.Format("2006-01-02"))
	}
	if !f.Until.IsZero() {
		l.inputs[fieldTo].SetValue(f.Until.AddDate(0, 0, -1).Format("2006-01-02"))
	}
	l.applied = l.values()
	l.filter = f
	l.rows, l.cursor, l.offset, l.loaded = nil, 0, 0, false
	return l.load(false)
}

func (l *List) values() [fieldCount]string {
	var v [fieldCount]string
	for i, in := range l.inputs {
		v[i] = strings.TrimSpace(in.Value())
	}
	return v
}

// readFilters turns the filters typed into the store's filter. The dates
// are days of the clinic's calendar: From from its first moment, To to its
// last. bad is the field at fault.
func readFilters(v [fieldCount]string, region string, now time.Time) (f store.AuditFilter, bad int, err error) {
	f.Record, f.User = v[fieldRecord], v[fieldUser]
	day := func(i int) (time.Time, error) {
		if v[i] == "" {
			return time.Time{}, nil
		}
		t, err := model.DayStart(v[i], model.RegionDateOrder(region), now, time.Local)
		if err != nil {
			return t, fmt.Errorf("%s: “%s” %w", fieldLabels[i], v[i], err)
		}
		return t, nil
	}
	if f.Since, err = day(fieldFrom); err != nil {
		return f, fieldFrom, err
	}
	to, err := day(fieldTo)
	if err != nil {
		return f, fieldTo, err
	}
	if !to.IsZero() {
		if !f.Since.IsZero() && to.Before(f.Since) {
			return f, fieldTo, fmt.Errorf("To: %s comes before From, %s", to.Format("2006-01-02"), f.Since.Format("2006-01-02"))
		}
		f.Until = to.AddDate(0, 0, 1)
	}
	return f, 0, nil
}

func (l *List) scroll() {
	h := l.rowsHeight()
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+h {
		l.offset = l.cursor - h + 1
	}
	l.offset = max(0, min(l.offset, len(l.rows)-h))
}

func (l *List) selected() (store.AuditEntry, bool) {
	if l.cursor < 0 || l.cursor >= len(l.rows) {
		return store.AuditEntry{}, false
	}
	return l.rows[l.cursor], true
}

// dateLayout writes the time without its year on narrow terminals, for
// the details' sake.
func (l *List) dateLayout() string {
	if l.width < 72 {
		return "01-02 15:04"
	}
	return "2006-01-02 15:04"
}

// View draws the filters, the heading, the entries and the footer.
func (l *List) View() string {
	st := l.env.Styles
	w := l.widths()
	head := components.TableHeader(st, []string{"When", "Who", "Action", "Record", "Detail"}, w, l.width)
	var body string
	switch {
	case l.err != nil:
		body = st.Error.Render(components.Truncate(screen.Sentence("the audit log cannot be read: "+l.err.Error()), l.width))
	case !l.loaded:
		body = st.Dim.Render("Reading the audit log…")
	case len(l.rows) == 0 && l.filter != (store.AuditFilter{}):
		body = st.Dim.Render(components.Truncate("No change matches these filters. x clears them.", l.width))
	case len(l.rows) == 0:
		body = st.BoxTitle.Render("No change recorded yet.")
	default:
		var lines []string
		for i := l.offset; i < len(l.rows) && i < l.offset+l.rowsHeight(); i++ {
			cells := l.cells(l.rows[i])
			lines = append(lines, components.TableRow(cells, w, nil, st.ListRow(i == l.cursor), l.width))
		}
		body = strings.Join(lines, "\n")
	}
	return l.filtersView() + "\n" + head + "\n" + components.PlaceLines(body, l.rowsHeight()) + "\n" + l.footer()
}

// cells are an entry's columns, printable.
func (l *List) cells(e store.AuditEntry) []string {
	cells := []string{e.At.Local().Format(l.dateLayout()), e.Actor, e.Action, e.Record(), e.Detail}
	for j := range cells {
		cells[j] = model.Printable(cells[j])
	}
	return cells
}

// widths share the row by need: the time in its layout; who, the action
// and the record as wide as the widest shown (within bounds); the detail
// takes the rest.
func (l *List) widths() []int {
	w := []int{len(l.dateLayout()), 3, 6, 6, 0}
	limits := []int{0, 12, 12, 16}
	for i := l.offset; i < len(l.rows) && i < l.offset+l.rowsHeight(); i++ {
		for c, text := range l.cells(l.rows[i])[1:4] {
			w[c+1] = max(w[c+1], min(limits[c+1], lipgloss.Width(text)))
		}
	}
	w[4] = max(8, components.Room(l.width, 5)-w[0]-w[1]-w[2]-w[3])
	return w
}

// filtersView draws the four filters on two lines, or, while they are
// typed, the field at fault with its reason (or the focused one's hint)
// in place of the second line's end.
func (l *List) filtersView() string {
	st := l.env.Styles
	half := l.width / 2
	field := func(i int) string {
		label := fmt.Sprintf("%-7s", fieldLabels[i])
		ls := st.Label
		if l.editing && i == l.focus {
			ls = st.FocusedLabel
		}
		room := max(4, half-lipgloss.Width(label)-2)
		var value string
		if l.editing {
			in := l.inputs[i]
			in.Width = room - 1
			value = in.View()
		} else if v := l.applied[i]; v != "" {
			value = st.Value.Render(components.Truncate(model.Printable(v), room))
		} else {
			value = st.Dim.Render("any")
		}
		return lipgloss.NewStyle().Width(half).MaxWidth(half).Render(ls.Render(label) + value)
	}
	first := field(fieldRecord) + field(fieldUser)
	second := field(fieldFrom) + field(fieldTo)
	if l.editing {
		note := st.Hint.Render(fieldLabels[l.focus] + ": " + fieldHints[l.focus])
		if l.problem != "" {
			note = st.Error.Render(l.problem)
		}
		// The reason must be read whole: it takes the second line when
		// the filters' values leave it no room.
		if l.problem != "" || l.width < 70 {
			second = components.Truncate(note, l.width)
		} else {
			second = components.Truncate(second, l.width)
		}
	}
	return components.Truncate(first, l.width) + "\n" + components.Truncate(second, l.width)
}

func (l *List) footer() string {
	st := l.env.Styles
	n := fmt.Sprintf("%d", len(l.rows))
	if l.more {
		n += "+"
	}
	text := fmt.Sprintf("%d/%s changes", min(l.cursor+1, len(l.rows)), n)
	if l.editing {
		text = "enter applies · tab next filter · esc leaves"
	}
	return lipgloss.PlaceHorizontal(l.width, lipgloss.Right, st.Count.Render(components.Truncate(text, l.width)))
}

// ShortHelp is the help bar's content.
func (l *List) ShortHelp() []key.Binding {
	k := l.env.Keys
	if l.editing {
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
			key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next filter")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave")),
		}
	}
	open := k.Open
	open.SetHelp(open.Help().Key, "before/after")
	return []key.Binding{open, l.keys.Filters, l.keys.Clear, k.Back}
}

// FullHelp is the help screen's content.
func (l *List) FullHelp() [][]key.Binding {
	k := l.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, l.ShortHelp()}
}

// Actions are the screen's commands for the palette.
func (l *List) Actions() []screen.Action {
	k := l.env.Keys
	none := ""
	if _, ok := l.selected(); !ok {
		none = "no entry selected"
	}
	return []screen.Action{
		{Name: "Open the change: before and after", Key: k.Open, Disabled: none},
		{Name: "Filter the audit log by record, user or dates", Key: l.keys.Filters},
		{Name: "Clear the audit log's filters", Key: l.keys.Clear},
	}
}
