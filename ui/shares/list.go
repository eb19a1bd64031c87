// Package shares is the Shares screen: every document shared with an
// outside contact through the portal, newest first, read a page at a time,
// with filters removable one by one, and a share's page with its audit
// trail; a share can be resent (a new link) or revoked from either.
package shares

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

// pageSize is how many shares are read at a time.
const pageSize = 200

// searchRows is how many of the newest shares (under the filters) a search
// reads through: older ones are found by narrowing the filters.
const searchRows = 10000

// chip is one filter shown at the top, removable.
type chip struct {
	kind  string // contact, patient, state
	label string
}

// states is the cycle of the state filter: all, then each state.
var states = append([]model.ShareState{""}, model.ShareStates...)

// List is the Shares screen.
type List struct {
	env    *screen.Env
	filter store.ShareFilter
	chips  []chip

	rows    []model.Share
	texts   []string // each row's columns as one line, for the search
	widest  []int    // the widest text of each column over those rows
	more    bool     // older shares remain to be read
	loading bool
	loaded  bool
	layout  string // the date layout the texts were written with
	err     error
	gen     int       // the load in flight; older results are dropped
	now     time.Time // what the states were read at

	typing bool
	query  string
	shown  []int // indexes of rows shown (all, or the query's matches)
	cursor int   // in shown
	offset int
	width  int
	height int
	keys   keys

	confirm *components.Confirm
	acting  bool // a resend or a revoke under way

	// A contact or patient to filter by, chosen in a picker.
	choosing string // "contact" or "patient" while its choices load or show
	picker   *components.Picker
	choices  []choice
}

type keys struct {
	State, Contact, Patient, Unfilter, Resend, Revoke key.Binding
}

func newKeys() keys {
	return keys{
		State:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "state filter")),
		Contact:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "contact filter")),
		Patient:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "patient filter")),
		Unfilter: key.NewBinding(key.WithKeys("backspace"), key.WithHelp("backspace", "remove last filter")),
		Resend:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "resend")),
		Revoke:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "revoke")),
	}
}

// choice is a contact or patient the list can be filtered by.
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

type pageMsg struct {
	owner *List
	gen   int
	after bool // a further page, appended
	limit int  // the rows asked for
	rows  []model.Share
	now   time.Time
	err   error
}

var _ screen.Screen = (*List)(nil)

// NewList returns the Shares screen; Init loads it.
func NewList(env *screen.Env) *List { return &List{env: env, keys: newKeys()} }

// Init loads the first page.
func (l *List) Init() tea.Cmd { return l.load(false) }

func (l *List) load(after bool) tea.Cmd { return l.loadN(after, pageSize) }

// reload reads again as many rows as are read, after a change: the
// selection and the search keep their place.
func (l *List) reload() tea.Cmd {
	return l.loadN(false, max(pageSize, min(len(l.rows), searchRows)))
}

func (l *List) loadN(after bool, limit int) tea.Cmd {
	if !l.env.Can(model.PermPatients) {
		return nil // the list names patients: View says why it is not shown
	}
	f := l.filter
	f.Limit = limit
	if after {
		last := l.rows[len(l.rows)-1]
		f.BeforeTime, f.BeforeID = last.Created, last.ID
	} else {
		l.gen++
	}
	l.loading = true
	owner, gen, ctx, st := l, l.gen, l.env.Ctx, l.env.Store
	return func() tea.Msg {
		now := store.ClockNow(ctx)
		f.Now = now
		rows, err := st.Shares(ctx, f)
		return pageMsg{owner, gen, after, limit, rows, now, err}
	}
}

// Title names the screen.
func (l *List) Title() string { return "Shares" }

// Busy reports a load, a resend or a revoke under way.
func (l *List) Busy() bool {
	return (l.loading && !l.typing) || l.acting || (l.choosing != "" && l.picker == nil)
}

// Capturing reports the search being typed, a picker or a question open.
func (l *List) Capturing() bool { return l.typing || l.picker != nil || l.confirm != nil }

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
		if msg.err != nil {
			return l, nil
		}
		var sel int64
		if sh, ok := l.selected(); ok {
			sel = sh.ID
		}
		if msg.after {
			l.rows = append(l.rows, msg.rows...)
		} else {
			l.rows, l.texts = msg.rows, l.texts[:0]
		}
		l.now = msg.now
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
		l.picker = components.NewPicker(l.env.Styles, l.env.Keys, "Shares with which "+msg.kind+"?", msg.items)
		l.picker.SetSize(l.width, l.height)
	case actedMsg:
		if msg.owner == l {
			l.acting = false
			return l, func() tea.Msg { return msg.done }
		}
	case screen.SessionMsg:
		if !l.loaded && !l.loading {
			return l, l.load(false) // allowed now, perhaps
		}
	case screen.DataChangedMsg:
		return l, l.reload()
	case tea.KeyMsg:
		if l.confirm != nil {
			closed, cmd := l.confirm.Update(msg)
			if closed {
				l.confirm = nil
			}
			return l, cmd
		}
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
	l.syncTexts()
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
	for _, sh := range l.rows[len(l.texts):] {
		cols := l.columns(sh)
		l.texts = append(l.texts, strings.Join(cols, " ")+" "+sh.Email+" "+sh.PatientChart)
		for c, t := range cols {
			if c == len(l.widest) {
				l.widest = append(l.widest, 0)
			}
			l.widest[c] = max(l.widest[c], components.TextWidth(t))
		}
	}
}

// readForSearch reads the next page while a search is typed and older
// shares remain, up to the searchRows newest.
func (l *List) readForSearch() tea.Cmd {
	if l.query == "" || !l.more || l.loading || len(l.rows) >= searchRows {
		return nil
	}
	return l.load(true)
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

func (l *List) selected() (model.Share, bool) {
	if l.cursor < 0 || l.cursor >= len(l.shown) {
		return model.Share{}, false
	}
	return l.rows[l.shown[l.cursor]], true
}

func (l *List) key(msg tea.KeyMsg) tea.Cmd {
	k := l.env.Keys
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
		if sh, ok := l.selected(); ok {
			sel = sh.ID
		}
		l.reshow(sel)
		return l.readForSearch()
	}
	if why := l.env.Denied(model.PermPatients); why != "" {
		if key.Matches(msg, k.Back) {
			l.env.Nav.Pop()
			return nil
		}
		return screen.Status(why)
	}
	move := func(to int) tea.Cmd {
		l.cursor = max(0, min(to, len(l.shown)-1))
		l.scroll()
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
		l.env.Nav.Pop()
	case key.Matches(msg, l.keys.State):
		next := states[0]
		for i, s := range states {
			if s == l.filter.State {
				next = states[(i+1)%len(states)]
			}
		}
		l.setChip("state", next.Label())
		l.filter.State = next
		return l.load(false)
	case key.Matches(msg, l.keys.Contact):
		return l.readChoices("contact")
	case key.Matches(msg, l.keys.Patient):
		return l.readChoices("patient")
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
		case "state":
			l.filter.State = ""
		}
		return l.load(false)
	case key.Matches(msg, k.Open):
		sh, ok := l.selected()
		if !ok {
			return screen.Status("No share selected.")
		}
		l.env.Nav.Push(NewDetail(l.env, sh.ID))
	case key.Matches(msg, l.keys.Resend):
		sh, ok := l.selected()
		if !ok {
			return screen.Status("No share selected.")
		}
		if cmd := denied(l.env); cmd != nil {
			return cmd
		}
		if why := resendRefusal(l.env, sh, l.now); why != "" {
			return screen.Status(screen.Sentence(why) + ".")
		}
		l.acting = true
		return resend(l.env, l, sh)
	case key.Matches(msg, l.keys.Revoke):
		sh, ok := l.selected()
		if !ok {
			return screen.Status("No share selected.")
		}
		if cmd := denied(l.env); cmd != nil {
			return cmd
		}
		if why := revokeRefusal(l.env, sh); why != "" {
			return screen.Status(screen.Sentence(why) + ".")
		}
		l.confirm = revokeConfirm(l.env, sh, func() tea.Cmd { l.acting = true; return revoke(l.env, l, sh) })
	}
	return nil
}

// readChoices reads the contacts or the patients to filter by.
func (l *List) readChoices(kind string) tea.Cmd {
	if l.choosing != "" {
		return nil
	}
	l.choosing = kind
	owner, ctx, st := l, l.env.Ctx, l.env.Store
	return func() tea.Msg {
		msg := choicesMsg{owner: owner, kind: kind}
		if kind == "contact" {
			all, err := st.ContactChoices(ctx)
			for _, c := range all {
				if c.Ref.EntityID != 0 {
					continue // shares are filtered by contact
				}
				name := strings.TrimSuffix(c.Title, " (everyone)")
				msg.items = append(msg.items, components.PickerItem{Title: name})
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

// columns are a share's cells: date sent, document, patient, contact, who
// shared it, state.
func (l *List) columns(sh model.Share) []string {
	when := sh.Sent
	if when.IsZero() {
		when = sh.Created
	}
	return []string{when.Local().Format(l.dateLayout()), docLabel(sh), sh.PatientName + " (" + sh.PatientChart + ")",
		sh.Name, sh.SharedBy, sh.StateAt(l.now).Label()}
}

// docLabel is a share's document as the list names it: "Lab result: CBC
// results".
func docLabel(sh model.Share) string {
	return model.Printable(sh.DocumentKind.Label() + ": " + sh.DocumentTitle)
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
		{Need: need[1], Min: 12},
		{Need: need[2], Min: 10},
		{Need: need[3], Min: 10},
		{Need: need[4], Min: 6, Optional: true},
		{Need: need[5], Fixed: true}, // "not delivered" whole: the state is what the screen is for
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
	st := l.env.Styles
	if why := l.env.Denied(model.PermPatients); why != "" {
		return st.Error.Render(components.Truncate("The shares name patients. "+why, l.width))
	}
	if l.picker != nil {
		return l.picker.View()
	}
	var top string
	if len(l.chips) == 0 {
		keys := "c contact · p patient · s state"
		if all := "All shares · " + keys; components.TextWidth(all) <= l.width {
			keys = all
		}
		top = st.Dim.Render(components.Truncate(keys, l.width))
	} else {
		parts := make([]string, len(l.chips))
		for i, c := range l.chips {
			parts[i] = "[" + model.Printable(c.label) + "]"
		}
		top = st.Label.Render("Filters: ") + strings.Join(parts, " ") + st.Dim.Render(" · backspace removes the last")
	}
	top = components.Truncate(top, l.width)
	titles := []string{"Sent", "Document", "Patient", "Contact", "By", "State"}
	w := l.widths(titles)
	head := components.TableHeader(st, titles, w, l.width)
	var body string
	switch {
	case l.err != nil:
		body = st.Error.Render(screen.Sentence("the shares cannot be read: " + l.err.Error()))
	case !l.loaded:
		body = st.Dim.Render("Reading the shares…")
	case len(l.shown) == 0 && l.query != "":
		body = st.Dim.Render("No share shown matches " + l.query + ".")
	case len(l.shown) == 0 && len(l.chips) > 0:
		body = st.BoxTitle.Render("No share matches the filters.")
	case len(l.shown) == 0:
		body = st.BoxTitle.Render("Nothing shared yet: share a document from a patient's chart.")
	default:
		var lines []string
		for i := l.offset; i < len(l.shown) && i < l.offset+l.rowsHeight(); i++ {
			cols := l.columns(l.rows[l.shown[i]])
			for c := range cols {
				cols[c] = model.Printable(cols[c])
			}
			lines = append(lines, components.Row(cols, w, st.ListRow(i == l.cursor), l.query, l.width))
		}
		body = strings.Join(lines, "\n")
	}
	body = components.PlaceLines(body, l.rowsHeight())
	view := top + "\n" + head + "\n" + body
	if l.confirm != nil {
		view = components.Overlay(components.PlaceLines(view, l.height-1), l.confirm.View(l.width), l.width, l.height-1)
	}
	return view + "\n" + l.footer()
}

func (l *List) footer() string {
	st := l.env.Styles
	n := fmt.Sprintf("%d", len(l.rows))
	if l.more {
		n += "+"
	}
	text := fmt.Sprintf("%d/%d · %s shares", min(l.cursor+1, len(l.shown)), len(l.shown), n)
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
	switch {
	case l.confirm != nil:
		return l.confirm.ShortHelp()
	case l.picker != nil:
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "filter by it")), k.Back}
	case l.typing:
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear"))}
	case !l.env.Can(model.PermPatients):
		return nil
	}
	return []key.Binding{k.Open, l.keys.Resend, l.keys.Revoke, k.Filter, l.keys.State, l.keys.Contact, l.keys.Patient, l.keys.Unfilter}
}

// FullHelp is the help screen's content.
func (l *List) FullHelp() [][]key.Binding {
	k := l.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, l.ShortHelp()}
}

// Actions are the screen's commands for the palette.
func (l *List) Actions() []screen.Action {
	k := l.env.Keys
	if !l.env.Can(model.PermPatients) {
		return nil
	}
	sh, ok := l.selected()
	none, resendWhy, revokeWhy := "", "", ""
	if !ok {
		none, resendWhy, revokeWhy = "no share selected", "no share selected", "no share selected"
	} else {
		resendWhy, revokeWhy = resendRefusal(l.env, sh, l.now), revokeRefusal(l.env, sh)
	}
	return []screen.Action{
		{Name: "Open share", Key: k.Open, Disabled: none},
		{Name: "Resend share: a new link", Key: l.keys.Resend, Disabled: resendWhy, Need: model.PermShare},
		{Name: "Revoke share", Key: l.keys.Revoke, Disabled: revokeWhy, Need: model.PermShare},
		{Name: "Filter shares by state", Key: l.keys.State},
		{Name: "Filter shares by contact", Key: l.keys.Contact},
		{Name: "Filter shares by patient", Key: l.keys.Patient},
		{Name: "Remove the last share filter", Key: l.keys.Unfilter},
		{Name: "Search the shares shown", Key: k.Filter},
	}
}
