// Package faxes is the Faxes screen: the history of every fax in and out,
// newest first, read a page at a time, with filters removable one by one,
// and a fax's page with its status history and the retry of a failed one.
package faxes

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/sahilm/fuzzy"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// pageSize is how many faxes are read at a time.
const pageSize = 200

// searchRows is how many of the newest faxes (under the filters) a search
// reads through: older ones are found by narrowing the filters.
const searchRows = 10000

// Filter is what the history is narrowed to when it opens (h on a contact
// or on a patient's preferred contact).
type Filter struct {
	ContactID   int64
	ContactName string
	PatientID   int64
	PatientName string
}

// chip is one filter shown at the top, removable.
type chip struct {
	kind  string // contact, patient, direction, status
	label string
}

var statuses = []model.FaxStatus{"", model.StatusQueued, model.StatusSending, model.StatusSent, model.StatusFailed, model.StatusReceived}

// List is the Faxes screen.
type List struct {
	env    *screen.Env
	filter store.FaxFilter
	chips  []chip

	rows     []model.Fax
	texts    []string         // each row's columns as one line, for the search
	widest   []int            // the widest text of each column over those rows
	patients map[int64]string // chart numbers and names of the rows' patients
	more     bool             // older faxes remain to be read
	loading  bool
	loaded   bool
	// lookahead: the load under way reads on for a search, while the user
	// goes on typing (not busy: the keys typed into the search are not held
	// for it; those after it are, so that they act on every match).
	lookahead bool
	layout    string // the date layout the texts were written with
	err       error
	gen       int // the load in flight; older results are dropped

	typing  bool
	query   string
	dating  bool   // the date range is being typed
	dates   string // what is typed
	dateErr string
	shown   []int // indexes of rows shown (all, or the query's matches)
	cursor  int   // in shown
	offset  int
	width   int
	height  int
	keys    keys
	pending int64 // the fax to select once loaded

	unanswered int // faxes waiting for a gateway that has not answered

	// A contact or patient to filter by, chosen in a picker.
	choosing string // "contact" or "patient" while its choices load or show
	picker   *components.Picker
	choices  []choice
}

type keys struct {
	Status, Direction, Dates, Contact, Patient, Unfilter, Retry key.Binding
}

// choice is a contact or patient the history can be filtered by.
type choice struct {
	id    int64
	label string
}

type choicesMsg struct {
	owner *List
	kind  string
	items []components.PickerItem
	ids   []choice
	err   error
}

var _ screen.Screen = (*List)(nil)

type pageMsg struct {
	owner    *List
	gen      int
	after    bool // a further page, appended
	limit    int  // the rows asked for
	rows     []model.Fax
	patients map[int64]string
	err      error
	// unanswered counts the faxes waiting for a gateway that has not
	// answered (read with a first page), or -1 when not read.
	unanswered int
}

// NewList returns the Faxes screen narrowed to f; Init loads it.
func NewList(env *screen.Env, f Filter) *List {
	l := &List{env: env, patients: map[int64]string{}, keys: keys{
		Status:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "status filter")),
		Direction: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "in/out filter")),
		Dates:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "dates filter")),
		Contact:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "contact filter")),
		Patient:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "patient filter")),
		Unfilter:  key.NewBinding(key.WithKeys("backspace"), key.WithHelp("backspace", "remove last filter")),
		Retry:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),
	}}
	if f.ContactID != 0 {
		l.filter.ContactID = f.ContactID
		l.chips = append(l.chips, chip{"contact", "contact: " + f.ContactName})
	}
	if f.PatientID != 0 {
		l.filter.PatientID = f.PatientID
		l.chips = append(l.chips, chip{"patient", "patient: " + f.PatientName})
	}
	return l
}

// Init loads the first page.
func (l *List) Init() tea.Cmd { return l.load(false) }

// load reads the first page again, or (after) the page older than the
// last row.
func (l *List) load(after bool) tea.Cmd { return l.loadN(after, pageSize) }

// reload reads again as many rows as are read, after another change to
// the history: the selection and the search keep their place.
func (l *List) reload() tea.Cmd {
	return l.loadN(false, max(pageSize, min(len(l.rows), searchRows)))
}

func (l *List) loadN(after bool, limit int) tea.Cmd {
	ff := l.filter
	ff.Limit = limit
	l.lookahead = false
	if after {
		last := l.rows[len(l.rows)-1]
		ff.BeforeTime, ff.BeforeID = last.Created, last.ID
	} else {
		l.gen++
	}
	l.loading = true
	owner, gen, ctx, st := l, l.gen, l.env.Ctx, l.env.Store
	known := make(map[int64]bool, len(l.patients)) // a copy: the screen's map changes meanwhile
	for id := range l.patients {
		known[id] = true
	}
	return func() tea.Msg {
		rows, err := st.ListFaxes(ctx, ff)
		patients := map[int64]string{}
		for _, f := range rows {
			if known[f.PatientID] || f.PatientID == 0 || patients[f.PatientID] != "" {
				continue
			}
			if p, err := st.GetPatient(ctx, f.PatientID); err == nil {
				patients[f.PatientID] = p.DisplayName() + " (" + p.Chart + ")"
			}
		}
		unanswered := -1
		if !after {
			unanswered, _ = st.Unanswered(ctx, UnansweredAfter)
		}
		return pageMsg{owner, gen, after, limit, rows, patients, err, unanswered}
	}
}

// Title names the screen.
func (l *List) Title() string { return "Faxes" }

// Busy reports a load under way, but for the rows a search reads on for
// while its text is typed.
func (l *List) Busy() bool {
	return (l.loading && !(l.lookahead && l.typing)) || (l.choosing != "" && l.picker == nil)
}

// Capturing reports the filter being typed or chosen.
func (l *List) Capturing() bool { return l.typing || l.dating || l.picker != nil }

// SetSize sets the screen's size.
func (l *List) SetSize(w, h int) {
	l.width, l.height = w, h
	if l.picker != nil {
		l.picker.SetSize(w, h)
	}
}

// rowsHeight is how many rows fit under the filters and the heading.
func (l *List) rowsHeight() int { return max(1, l.height-3) }

// Update handles a message.
func (l *List) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case pageMsg:
		if msg.owner != l || msg.gen != l.gen {
			return l, nil
		}
		l.loading, l.loaded, l.err = false, true, msg.err
		if msg.unanswered >= 0 {
			l.unanswered = msg.unanswered
		}
		if msg.err != nil {
			return l, nil
		}
		var sel int64
		if f, ok := l.selected(); ok {
			sel = f.ID // kept by identity: a search's order moves as rows arrive
		}
		if l.pending != 0 {
			sel, l.pending = l.pending, 0
		}
		if msg.after {
			l.rows = append(l.rows, msg.rows...)
		} else {
			l.rows, l.texts = msg.rows, l.texts[:0]
		}
		for id, p := range msg.patients {
			l.patients[id] = p
		}
		l.more = len(msg.rows) == msg.limit
		l.reshow(sel)
		return l, l.readForSearch()
	case choicesMsg:
		if msg.owner != l || msg.kind != l.choosing {
			return l, nil
		}
		if msg.err != nil {
			l.choosing = ""
			return l, screen.Status(screen.Sentence("the " + msg.kind + "s cannot be read: " + msg.err.Error()))
		}
		l.choices = msg.ids
		l.picker = components.NewPicker(l.env.Styles, l.env.Keys, "Faxes of which "+msg.kind+"?", msg.items)
		l.picker.SetSize(l.width, l.height)
	case screen.DataChangedMsg:
		return l, l.reload()
	case tea.KeyMsg:
		if l.picker != nil {
			return l, l.choose(msg)
		}
		return l, l.key(msg)
	}
	return l, nil
}

// reshow recomputes the rows shown for the query, keeping sel selected if
// it is still there.
func (l *List) reshow(sel int64) {
	l.shown = l.shown[:0]
	l.syncTexts() // the columns' widths need them too
	if l.query == "" {
		for i := range l.rows {
			l.shown = append(l.shown, i)
		}
	} else {
		for _, m := range fuzzy.Find(l.query, l.texts) {
			l.shown = append(l.shown, m.Index)
		}
	}
	if sel != 0 {
		for i, r := range l.shown {
			if l.rows[r].ID == sel {
				l.cursor = i
			}
		}
	}
	l.cursor = max(0, min(l.cursor, len(l.shown)-1))
	l.scroll()
}

// syncTexts writes the search's line of each row not written yet, and of
// every row again when the date's layout changed with the width.
func (l *List) syncTexts() {
	if layout := l.dateLayout(); layout != l.layout || len(l.texts) == 0 {
		l.layout, l.texts, l.widest = layout, l.texts[:0], nil
	}
	for _, f := range l.rows[len(l.texts):] {
		cols := l.columns(f)
		l.texts = append(l.texts, strings.Join(cols, " "))
		for c, t := range cols {
			if c == len(l.widest) {
				l.widest = append(l.widest, 0)
			}
			l.widest[c] = max(l.widest[c], components.TextWidth(t))
		}
	}
}

// readForSearch reads the next page while a search is typed and older
// faxes remain, up to the searchRows newest.
func (l *List) readForSearch() tea.Cmd {
	if l.query == "" || !l.more || l.loading || len(l.rows) >= searchRows {
		return nil
	}
	cmd := l.load(true)
	l.lookahead = true
	return cmd
}

func (l *List) scroll() {
	h := l.rowsHeight()
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+h {
		l.offset = l.cursor - h + 1
	}
}

func (l *List) selected() (model.Fax, bool) {
	if l.cursor < 0 || l.cursor >= len(l.shown) {
		return model.Fax{}, false
	}
	return l.rows[l.shown[l.cursor]], true
}

func (l *List) key(msg tea.KeyMsg) tea.Cmd {
	k := l.env.Keys
	if l.dating {
		return l.dateKey(msg)
	}
	if l.typing {
		switch msg.Type {
		case tea.KeyEsc:
			l.typing, l.query = false, ""
		case tea.KeyEnter:
			l.typing = false
		case tea.KeyBackspace:
			if r := []rune(l.query); len(r) > 0 {
				l.query = string(r[:len(r)-1])
			}
		case tea.KeyRunes, tea.KeySpace:
			l.query += string(msg.Runes)
		default:
			return nil
		}
		sel := int64(0)
		if f, ok := l.selected(); ok {
			sel = f.ID
		}
		l.reshow(sel)
		return l.readForSearch()
	}
	move := func(to int) tea.Cmd {
		l.cursor = max(0, min(to, len(l.shown)-1))
		l.scroll()
		// Near the end of what is read: read the next page.
		if l.more && !l.loading && l.query == "" && l.cursor >= len(l.shown)-l.rowsHeight() {
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
		return move(len(l.shown) - 1)
	case key.Matches(msg, k.Filter):
		l.typing = true
	case key.Matches(msg, k.Back) && l.query != "":
		l.query = ""
		l.reshow(0)
	case key.Matches(msg, k.Back):
		l.env.Nav.Pop() // opened from a contact: back to it

	case key.Matches(msg, l.keys.Status):
		next := statuses[0]
		for i, s := range statuses {
			if s == l.filter.Status {
				next = statuses[(i+1)%len(statuses)]
			}
		}
		l.setChip("status", string(next))
		l.filter.Status = next
		return l.load(false)
	case key.Matches(msg, l.keys.Direction):
		next := map[model.Direction]model.Direction{"": model.Outgoing, model.Outgoing: model.Incoming, model.Incoming: ""}[l.filter.Direction]
		label := map[model.Direction]string{model.Outgoing: "out", model.Incoming: "in"}[next]
		l.setChip("direction", label)
		l.filter.Direction = next
		return l.load(false)
	case key.Matches(msg, k.New):
		l.env.Nav.Push(NewStart(l.env))
	case key.Matches(msg, l.keys.Contact):
		return l.readChoices("contact")
	case key.Matches(msg, l.keys.Patient):
		return l.readChoices("patient")
	case key.Matches(msg, l.keys.Dates):
		l.dating, l.dates, l.dateErr = true, "", ""
	case key.Matches(msg, l.keys.Unfilter):
		if len(l.chips) == 0 {
			return screen.Status("No filter to remove.")
		}
		last := l.chips[len(l.chips)-1]
		l.chips = l.chips[:len(l.chips)-1]
		switch last.kind {
		case "contact":
			l.filter.ContactID = 0
		case "patient":
			l.filter.PatientID = 0
		case "direction":
			l.filter.Direction = ""
		case "status":
			l.filter.Status = ""
		case "dates":
			l.filter.From, l.filter.To = time.Time{}, time.Time{}
		}
		return l.load(false)
	case key.Matches(msg, k.Open):
		f, ok := l.selected()
		if !ok {
			return screen.Status("No fax selected.")
		}
		l.env.Nav.Push(NewDetail(l.env, f.ID))
	}
	return nil
}

// readChoices reads the contacts or the patients to filter by.
func (l *List) readChoices(kind string) tea.Cmd {
	if l.choosing != "" {
		return nil
	}
	l.choosing = kind
	owner, ctx, st, region := l, l.env.Ctx, l.env.Store, l.env.Region()
	return func() tea.Msg {
		msg := choicesMsg{owner: owner, kind: kind}
		if kind == "contact" {
			all, err := st.ContactChoices(ctx)
			for _, c := range all {
				if c.Ref.EntityID != 0 {
					continue // the history is kept by contact
				}
				fax := model.FormatFax(c.Fax, region)
				name := strings.TrimSuffix(c.Title, " (everyone)")
				msg.items = append(msg.items, components.PickerItem{Title: name, Detail: fax, Search: fax + " " + model.Digits(fax)})
				msg.ids = append(msg.ids, choice{c.Ref.ContactID, name})
			}
			msg.err = err
			return msg
		}
		msg.err = st.ListPatients(ctx, func(p *store.PatientRow) error {
			msg.items = append(msg.items, components.PickerItem{Title: p.Name, Detail: p.Chart + "  " + p.BirthDate,
				Search: p.Chart + " " + p.BirthDate})
			msg.ids = append(msg.ids, choice{p.ID, p.Name})
			return nil
		})
		return msg
	}
}

// choose passes a key to the open picker; the contact or patient chosen
// becomes a filter.
func (l *List) choose(msg tea.KeyMsg) tea.Cmd {
	chosen, closed, cmd := l.picker.Update(msg)
	if !closed {
		return cmd
	}
	kind := l.choosing
	l.picker, l.choosing = nil, ""
	if chosen < 0 {
		return nil
	}
	c := l.choices[chosen]
	l.choices = nil
	if kind == "contact" {
		l.filter.ContactID = c.id
	} else {
		l.filter.PatientID = c.id
	}
	l.setChip(kind, c.label)
	return l.load(false)
}

// dateKey edits the date range being typed: one day, or two dates with
// "to" or ".." between them.
func (l *List) dateKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		l.dating = false
	case tea.KeyBackspace:
		if r := []rune(l.dates); len(r) > 0 {
			l.dates = string(r[:len(r)-1])
		}
	case tea.KeyRunes, tea.KeySpace:
		l.dates += string(msg.Runes)
	case tea.KeyEnter:
		from, to, err := parseRange(l.dates, time.Now())
		if err != nil {
			l.dateErr = err.Error()
			return nil
		}
		l.dating = false
		l.filter.From, l.filter.To = from, to.AddDate(0, 0, 1)
		label := from.Format("2006-01-02")
		if !to.Equal(from) {
			label += " to " + to.Format("2006-01-02")
		}
		l.setChip("dates", label)
		return l.load(false)
	}
	l.dateErr = ""
	return nil
}

// parseRange reads "DATE" or "DATE to DATE" (or "DATE..DATE") as local
// midnights, the second no earlier than the first.
func parseRange(s string, now time.Time) (from, to time.Time, err error) {
	parts := strings.SplitN(strings.ReplaceAll(s, "..", " to "), " to ", 2)
	day := func(text, which string) (time.Time, error) {
		d, err := model.ParseDate(text, model.DayFirst, now)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s %q %w", which, strings.TrimSpace(text), err)
		}
		return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.Local), nil
	}
	if from, err = day(parts[0], "the date"); err != nil {
		return
	}
	to = from
	if len(parts) == 2 {
		if from, err = day(parts[0], "the first date"); err != nil {
			return
		}
		if to, err = day(parts[1], "the last date"); err != nil {
			return
		}
		if to.Before(from) {
			return from, to, fmt.Errorf("the last date comes before the first")
		}
	}
	return from, to, nil
}

// setChip sets the filter chip of kind to label (or removes it when label
// is empty), keeping its place.
func (l *List) setChip(kind, label string) {
	for i, c := range l.chips {
		if c.kind == kind {
			if label == "" {
				l.chips = append(l.chips[:i], l.chips[i+1:]...)
			} else {
				l.chips[i].label = kind + ": " + label
			}
			return
		}
	}
	if label != "" {
		l.chips = append(l.chips, chip{kind, kind + ": " + label})
	}
}

// columns are a fax's cells: date, direction, contact or number, patient,
// kind, pages, status.
func (l *List) columns(f model.Fax) []string {
	who := f.Who(l.env.Region())
	dir := "out"
	if f.Direction == model.Incoming {
		dir = "in"
	}
	return []string{f.Created.Local().Format(l.dateLayout()), dir, who, l.patients[f.PatientID], string(f.Kind),
		fmt.Sprint(f.Pages), string(f.Status)}
}

// widths shares the line among the columns by what the rows shown need.
func (l *List) widths(titles []string) []int {
	need := make([]int, len(titles))
	for i, t := range titles {
		need[i] = len(t)
		if i < len(l.widest) {
			need[i] = max(need[i], l.widest[i])
		}
	}
	need[0] = len(l.dateLayout())
	return components.Layout(l.width, []components.Column{
		{Need: need[0], Fixed: true},
		{Need: need[1], Fixed: true},
		{Need: need[2], Min: 12},
		{Need: need[3], Min: 10, Optional: true},
		{Need: need[4], Fixed: true},
		{Need: need[5], Fixed: true},
		{Need: need[6], Min: 8},
	})
}

// dateLayout writes the date without its year on narrow terminals, for
// the names' sake.
func (l *List) dateLayout() string {
	if l.width < 72 {
		return "01-02 15:04"
	}
	return "2006-01-02 15:04"
}

// View draws the filters, the heading and the rows.
func (l *List) View() string {
	if l.picker != nil {
		return l.picker.View()
	}
	st := l.env.Styles
	var top string
	if l.dating {
		top = st.Label.Render("Dates: ") + l.dates + "█"
		if l.dateErr != "" {
			top += " " + st.Error.Render(l.dateErr)
		} else {
			top += st.Dim.Render("  2026-11-01, or 2026-11-01 to 2026-11-20")
		}
		top = components.Truncate(top, l.width)
	} else if len(l.chips) == 0 {
		keys := "c contact · p patient · s status · o in/out · t dates"
		if all := "All faxes · " + keys; components.TextWidth(all) <= l.width {
			keys = all
		}
		top = st.Dim.Render(components.Truncate(keys, l.width))
	} else {
		parts := make([]string, len(l.chips))
		for i, c := range l.chips {
			parts[i] = "[" + c.label + "]"
		}
		top = st.Label.Render("Filters: ") + strings.Join(parts, " ") + st.Dim.Render(" · backspace removes the last")
	}
	if n := UnansweredNote(l.unanswered); n != "" && !l.dating {
		top = st.Error.Render(n+": is a fax gateway watching the spool folder?") + " " + top
	}
	top = components.Truncate(top, l.width)
	titles := []string{"Date", "Dir", "Contact or number", "Patient", "Kind", "Pages", "Status"}
	w := l.widths(titles)
	head := components.TableHeader(st, titles, w, l.width)
	var body string
	switch {
	case l.err != nil:
		body = st.Error.Render(screen.Sentence("the history cannot be read: " + l.err.Error()))
	case !l.loaded:
		body = st.Dim.Render("Reading the history…")
	case len(l.shown) == 0 && l.query != "":
		body = st.Dim.Render("No fax shown matches " + l.query + ".")
	case len(l.shown) == 0:
		body = st.BoxTitle.Render("No faxes here yet.")
	default:
		var lines []string
		for i := l.offset; i < len(l.shown) && i < l.offset+l.rowsHeight(); i++ {
			lines = append(lines, components.Row(l.columns(l.rows[l.shown[i]]), w, st.ListRow(i == l.cursor), l.query, l.width))
		}
		body = strings.Join(lines, "\n")
	}
	body = components.PlaceLines(body, l.rowsHeight())
	return top + "\n" + head + "\n" + body + "\n" + l.footer()
}

func (l *List) footer() string {
	st := l.env.Styles
	n := fmt.Sprintf("%d", len(l.rows))
	if l.more {
		n += "+"
	}
	text := fmt.Sprintf("%d/%d · %s faxes", min(l.cursor+1, len(l.shown)), len(l.shown), n)
	if l.query != "" || l.typing {
		text = "/" + l.query + " · " + text
		if l.query != "" && l.more && !l.loading {
			text += fmt.Sprintf(" · searched the %d newest", len(l.rows))
		}
	}
	return lipgloss.PlaceHorizontal(l.width, lipgloss.Right, st.Count.Render(text))
}

// ShortHelp is the help bar's content.
func (l *List) ShortHelp() []key.Binding {
	k := l.env.Keys
	if l.picker != nil {
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "filter by it")), k.Back}
	}
	if l.typing || l.dating {
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear"))}
	}
	newFax := k.New
	newFax.SetHelp(newFax.Help().Key, "new fax")
	return []key.Binding{k.Open, newFax, k.Filter, l.keys.Status, l.keys.Direction, l.keys.Dates, l.keys.Unfilter}
}

// FullHelp is the help screen's content.
func (l *List) FullHelp() [][]key.Binding {
	k := l.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, l.ShortHelp(), {l.keys.Contact, l.keys.Patient}}
}

// Actions are the screen's commands for the palette.
func (l *List) Actions() []screen.Action {
	k := l.env.Keys
	none := ""
	if _, ok := l.selected(); !ok {
		none = "no fax selected"
	}
	return []screen.Action{
		{Name: "New fax or referral", Key: k.New, Need: model.PermFaxes},
		{Name: "Open fax", Key: k.Open, Disabled: none},
		{Name: "Filter faxes by status", Key: l.keys.Status},
		{Name: "Filter faxes in or out", Key: l.keys.Direction},
		{Name: "Filter faxes by dates", Key: l.keys.Dates},
		{Name: "Filter faxes by contact", Key: l.keys.Contact},
		{Name: "Filter faxes by patient", Key: l.keys.Patient},
		{Name: "Remove the last fax filter", Key: l.keys.Unfilter},
		{Name: "Search the faxes shown", Key: k.Filter},
	}
}
