// Package contacts is the Contacts screen: the list with its fuzzy filter,
// the detail of a contact, and the forms that create and change contacts.
package contacts

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/contactindex"
	"frontdesk/model"
	"frontdesk/search"
	"frontdesk/ui/components"
	"frontdesk/ui/faxes"
	"frontdesk/ui/importwiz"
	"frontdesk/ui/screen"
)

// List is the Contacts screen: every contact, filtered as the user types.
type List struct {
	env     *screen.Env
	index   *contactindex.Index // the process's, or the list's own
	data    *contactindex.Snapshot
	loaded  bool
	err     error
	loading bool // a reload the keys wait for is on its way
	fl      *components.FilterList

	selectID int64 // contact to select once the next load arrives
	confirm  *components.Confirm
	link     *linkPicker
	linking  bool // the link picker's choices are loading
	asking   bool // what the delete question names is loading

	width, height int
}

var _ screen.Screen = (*List)(nil)

type loadedMsg struct {
	data *contactindex.Snapshot
	err  error
	wait bool // the keys wait for it
}

// NewList returns the Contacts screen; Init loads the list. The list is
// the process's (env.Contacts), shared with every other session; without
// one the screen keeps a list of its own.
func NewList(env *screen.Env) *List {
	ix := env.Contacts
	if ix == nil {
		ix = contactindex.New(env.Store, nil)
	}
	return &List{env: env, index: ix, fl: components.NewFilterList(env.Styles, env.Keys, "name, organization, specialty or fax")}
}

// Init loads the contacts.
func (l *List) Init() tea.Cmd { return l.load() }

// load gets the list as it is now; the keys typed meanwhile wait for it.
func (l *List) load() tea.Cmd {
	l.loading = true
	return l.fetch(true)
}

// fetch gets the list as it is now from the shared index, which reads it
// again only when something changed since it last did, and only once for
// every session asking. wait says the keys wait for it; otherwise they go
// on acting on the list shown, which stays as it is until the new one is
// there.
func (l *List) fetch(wait bool) tea.Cmd {
	ctx, ix := l.env.Ctx, l.index
	return func() tea.Msg {
		d, err := ix.Get(ctx)
		return loadedMsg{d, err, wait}
	}
}

// Title names the screen.
func (l *List) Title() string { return "Contacts" }

// Busy reports a reload, or a search the user no longer types into, on its
// way: the selection is about to change.
func (l *List) Busy() bool { return l.loading || l.fl.Busy() || l.linking || l.asking }

// Capturing reports whether the filter input has the focus.
func (l *List) Capturing() bool { return l.fl.Filtering() || l.confirm != nil || l.link != nil }

// SetSize sets the screen's size.
func (l *List) SetSize(w, h int) {
	l.width, l.height = w, h
	l.fl.SetRows(l.visibleRows())
}

// Selected returns the selected contact's row, if any.
func (l *List) Selected() (row, bool) {
	r, ok := l.fl.Selected()
	if !ok {
		return row{}, false
	}
	return l.data.Row(r), true
}

func (l *List) visibleRows() int { return max(1, l.height-2) }

// Update handles a message.
func (l *List) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.wait {
			l.loading = false
		}
		return l, l.applyLoad(msg)
	case screen.DataChangedMsg:
		if msg.Select != 0 {
			l.selectID = msg.Select
		}
		if msg.Elsewhere {
			return l, l.fetch(false)
		}
		return l, l.load()
	case linkChoicesMsg:
		if msg.owner == screen.Screen(l) {
			l.linking = false
			if msg.err != nil {
				return l, screen.Error(msg.err)
			}
			l.link = newLinkPicker(l.env, msg, l.width, l.height)
		}
		return l, nil
	case dependentsMsg:
		if msg.owner == screen.Screen(l) {
			l.asking = false
			if msg.err != nil {
				return l, screen.Error(fmt.Errorf("reading what prefers %s: %w", msg.row.Name, msg.err))
			}
			l.confirm = deleteConfirm(l.env, msg.row, msg.deps, nil)
		}
		return l, nil
	case tea.KeyMsg:
		return l, l.key(msg)
	}
	_, cmd := l.fl.Update(msg)
	return l, cmd
}

func (l *List) applyLoad(msg loadedMsg) tea.Cmd {
	if msg.err != nil {
		l.err = msg.err
		// Try again in a moment: a busy database passes.
		retry := tea.Tick(time.Second, func(time.Time) tea.Msg { return screen.DataChangedMsg{} })
		return tea.Batch(screen.Error(fmt.Errorf("loading contacts: %w", msg.err)), retry)
	}
	d := msg.data
	if l.loaded && d.Version() < l.data.Version() {
		return nil // a slower fetch of an older list: the newer one stays
	}
	l.data, l.loaded, l.err = d, true, nil
	l.fl.Reset(d.Index(), d.Len(), d.ID, l.selectID)
	l.selectID = 0
	return nil
}

func (l *List) key(msg tea.KeyMsg) tea.Cmd {
	k := l.env.Keys
	if l.confirm != nil {
		closed, cmd := l.confirm.Update(msg)
		if closed {
			l.confirm = nil
		}
		return cmd
	}
	if l.link != nil {
		closed, cmd := l.link.update(msg)
		if closed {
			l.link = nil
		}
		return cmd
	}
	if !l.loaded {
		return nil
	}
	if handled, cmd := l.fl.Update(msg); handled {
		return cmd
	}
	switch {
	case key.Matches(msg, k.New):
		l.env.Nav.Push(newContactForm(l.env))
		return nil
	case key.Matches(msg, k.Demo):
		if l.data.Len() > 0 {
			return screen.Status("Demo data goes only into an empty database.")
		}
		return loadDemo(l.env)
	case key.Matches(msg, k.Export):
		l.env.Nav.Push(newExportForm(l.env, l.data.Len()))
		return nil
	case key.Matches(msg, k.Import):
		l.env.Nav.Push(importwiz.New(l.env, "contacts"))
		return nil
	case key.Matches(msg, k.ImportHistory):
		l.env.Nav.Push(importwiz.NewHistory(l.env, "contacts"))
		return nil
	case key.Matches(msg, k.Deleted):
		l.env.Nav.Push(NewDeleted(l.env))
		return nil
	}
	sel, ok := l.Selected()
	if !ok {
		for _, b := range []key.Binding{k.Open, k.Edit, k.Delete, k.Switch} {
			if key.Matches(msg, b) {
				return screen.Status("No contact selected.")
			}
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		l.env.Nav.Push(NewDetail(l.env, sel.ID))
	case key.Matches(msg, k.Edit):
		mode := ModeSingle
		if sel.Group {
			mode = ModeGroup
		}
		l.env.Nav.Push(editByID(l.env, mode, sel.ID))
	case key.Matches(msg, k.Delete):
		l.asking = true
		return loadDependents(l.env, l, sel)
	case key.Matches(msg, k.Switch):
		return openSwitch(l.env, sel, l.ask)
	case key.Matches(msg, k.Fax):
		l.env.Nav.Push(faxes.NewStartFor(l.env, faxes.To{ContactID: sel.ID, Name: sel.Name, Number: sel.Fax}))
	case key.Matches(msg, k.History):
		l.env.Nav.Push(faxes.NewList(l.env, faxes.Filter{ContactID: sel.ID, ContactName: sel.Name}))
	case key.Matches(msg, k.Link):
		l.linking = true
		return loadLinkChoices(l.env, l, model.ContactRef{ContactID: sel.ID}, sel.Name)
	}
	return nil
}

func (l *List) ask(c *components.Confirm) { l.confirm = c }

// ShortHelp is the help bar's content.
func (l *List) ShortHelp() []key.Binding {
	if l.confirm != nil {
		return l.confirm.ShortHelp()
	}
	k := l.env.Keys
	if l.fl.Filtering() {
		return l.fl.HelpWhileTyping()
	}
	if l.data.Len() == 0 {
		return []key.Binding{k.New, k.Import, k.Demo}
	}
	return []key.Binding{k.Open, k.Filter, k.New, k.Edit, k.Delete, k.Switch}
}

// FullHelp is the help screen's content.
func (l *List) FullHelp() [][]key.Binding {
	k := l.env.Keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.Open, k.Filter, k.New, k.Edit, k.Delete, k.Switch, k.Link, k.Fax, k.History},
		{k.Import, k.ImportHistory, k.Export, k.Demo, k.Deleted},
	}
}

// Actions are the list's commands for the palette.
func (l *List) Actions() []screen.Action {
	k := l.env.Keys
	none := ""
	if _, ok := l.Selected(); !ok {
		none = "no contact selected"
	}
	demo := ""
	if l.data.Len() > 0 {
		demo = "only into an empty database"
	}
	return []screen.Action{
		{Name: "New contact", Key: k.New, Need: model.PermContacts},
		{Name: "Open contact", Key: k.Open, Disabled: none},
		{Name: "Edit contact", Key: k.Edit, Disabled: none, Need: model.PermContacts},
		{Name: "Delete contact", Key: k.Delete, Disabled: none, Need: model.PermContacts},
		{Name: "Make group / make single (split)", Key: k.Switch, Disabled: none, Need: model.PermContacts},
		{Name: "Link the contact to a patient or an employer", Key: k.Link, Disabled: none, Need: model.PermPatients},
		{Name: "Send a fax or a referral to the contact", Key: k.Fax, Disabled: none, Need: model.PermFaxes},
		{Name: "Fax history of the contact", Key: k.History, Disabled: none},
		{Name: "Filter contacts", Key: k.Filter},
		{Name: "Import contacts from a spreadsheet (CSV)", Key: k.Import, Need: model.PermContacts},
		{Name: "Import history and undo", Key: k.ImportHistory},
		{Name: "Export contacts to a file", Key: k.Export},
		{Name: "Load demo data", Key: k.Demo, Disabled: demo, Need: model.PermStaff},
		{Name: "Deleted contacts: see and restore them", Key: k.Deleted},
	}
}

// View draws the list.
func (l *List) View() string {
	st := l.env.Styles
	if !l.loaded {
		msg := "Loading contacts…"
		if l.err != nil {
			msg = "Could not load contacts: " + l.err.Error()
		}
		return components.PlaceLines(st.Dim.Render(msg), l.height)
	}
	var body string
	switch {
	case l.data.Len() == 0:
		body = l.emptyView()
	case l.fl.Len() == 0:
		body = components.PlaceLines(l.header()+"\n\n"+st.Dim.Render(components.Truncate(
			fmt.Sprintf("No contact matches “%s”. esc clears the filter.", l.fl.Query()), l.width)), l.height-1)
	default:
		body = l.header() + "\n" + l.rowsView()
		body = components.PlaceLines(body, l.height-1)
	}
	switch {
	case l.confirm != nil:
		body = components.Overlay(body, l.confirm.View(l.width), l.width, l.height-1)
	case l.link != nil:
		body = components.Overlay(body, l.link.picker.View(), l.width, l.height-1)
	}
	return body + "\n" + l.footer()
}

func (l *List) emptyView() string {
	st := l.env.Styles
	k := l.env.Keys
	lines := []string{
		st.BoxTitle.Render("No contacts yet."),
		"",
		st.HelpKey.Render(fmt.Sprintf("%-3s", k.New.Help().Key)) + st.HelpDesc.Render("add a contact"),
		st.HelpKey.Render(fmt.Sprintf("%-3s", k.Import.Help().Key)) + st.HelpDesc.Render("import a spreadsheet (CSV) of contacts"),
		st.HelpKey.Render(fmt.Sprintf("%-3s", k.Demo.Help().Key)) + st.HelpDesc.Render("load demo data: contacts, patients, staff, messages"),
	}
	block := lipgloss.JoinVertical(lipgloss.Left, lines...)
	return lipgloss.Place(l.width, l.height-1, lipgloss.Center, lipgloss.Center, block)
}

// columns returns the widths of name, organization, specialty, fax and
// kind, shared by what the contacts need: the specialty is left out first
// when the line is short.
func (l *List) columns() (name, org, spec, fax, kind int) {
	w := l.data.Widest()
	faxW := max(14, components.TextWidth(model.FormatFax(w.Fax, l.env.Region())))
	kindW := len(kindLabel(row{Group: w.People > 1, People: int(w.People)}))
	cols := components.Layout(l.width, []components.Column{
		{Need: max(len("Name"), w.Name), Min: 14},
		{Need: max(len("Organization"), w.Org), Min: 10},
		{Need: max(len("Specialty"), w.Spec), Min: 12, Optional: true},
		{Need: faxW, Fixed: true},
		{Need: max(len("Type"), kindW, len("single")), Fixed: true},
	})
	return cols[0], cols[1], cols[2], cols[3], cols[4]
}

func (l *List) header() string {
	name, org, spec, fax, kind := l.columns()
	return components.TableHeader(l.env.Styles, []string{"Name", "Organization", "Specialty", "Fax", "Type"},
		[]int{name, org, spec, fax, kind}, l.width)
}

func (l *List) rowsView() string {
	st := l.env.Styles
	name, org, spec, fax, kind := l.columns()
	widths := []int{name, org, spec, fax, kind}
	q := ""
	if l.fl.Filtered() {
		q = l.fl.Query()
	}
	var b strings.Builder
	first := l.fl.Offset()
	end := min(l.fl.Len(), first+l.visibleRows())
	for i := first; i < end; i++ {
		r := l.data.Row(l.fl.Record(i))
		texts := []string{r.Name, r.Organization, r.Specialty, model.FormatFax(r.Fax, l.env.Region()), kindLabel(r)}
		var hls [][]int
		if q != "" {
			// Only the columns shown take part in the highlighting, and
			// never the kind, which the filter does not search.
			shown := texts[:4]
			if spec == 0 {
				shown = []string{r.Name, r.Organization, "", shown[3]}
			}
			hls = append(search.HighlightRow(shown, q), nil)
		}
		if i > first {
			b.WriteByte('\n')
		}
		b.WriteString(components.TableRow(texts, widths, hls, st.ListRow(i == l.fl.Cursor()), l.width))
	}
	return b.String()
}

func kindLabel(r row) string {
	if r.Group {
		return fmt.Sprintf("multi %d", r.People)
	}
	return "single"
}

func (l *List) footer() string {
	return l.fl.Footer(l.width, "contact", "contacts", l.data.Len())
}
