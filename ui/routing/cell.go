package routing

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// cellEditor edits one cell's recipients: a adds users or groups from a
// fuzzy picker, x removes the one selected, ctrl+s keeps the list (saved
// for a provider; held in the All providers row until applied).
type cellEditor struct {
	env      *screen.Env
	matrix   *Matrix
	who      string // the provider's name, or "All providers"
	cat      model.Category
	provider int64 // 0: the All providers row
	route    []model.Recipient
	initial  []model.Recipient
	cursor   int
	picker   *components.Picker
	choices  []model.Recipient // the picker's items
	saving   bool
	discard  *components.Confirm // "discard your changes?", open after esc
	width    int
	height   int
}

var _ screen.Screen = (*cellEditor)(nil)

func newCellEditor(env *screen.Env, m *Matrix, who string, cat model.Category, provider int64, route []model.Recipient) *cellEditor {
	return &cellEditor{env: env, matrix: m, who: who, cat: cat, provider: provider,
		route: append([]model.Recipient(nil), route...), initial: route}
}

func (e *cellEditor) Init() tea.Cmd   { return nil }
func (e *cellEditor) Title() string   { return "Route" }
func (e *cellEditor) Busy() bool      { return e.saving }
func (e *cellEditor) Capturing() bool { return e.picker != nil || e.discard != nil }
func (e *cellEditor) SetSize(w, h int) {
	e.width, e.height = w, h
	if e.picker != nil {
		e.picker.SetSize(min(60, w-2), min(16, h))
	}
}

func (e *cellEditor) dirty() bool {
	if len(e.route) != len(e.initial) {
		return true
	}
	for i := range e.route {
		if e.route[i] != e.initial[i] {
			return true
		}
	}
	return false
}

// Unsaved keeps the tabs from closing the editor over changes.
func (e *cellEditor) Unsaved() bool { return e.dirty() }

var (
	addKey    = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add users or groups"))
	removeKey = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "remove"))
)

func (e *cellEditor) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		if m, ok := msg.(routeSetMsg); ok && m.owner == e {
			e.saving = false
			if m.err != nil {
				return e, screen.Error(m.err)
			}
			e.env.Nav.Pop()
			done := screen.Done(m.text, nil, 0)
			return e, func() tea.Msg { return done }
		}
		return e, nil
	}
	k := e.env.Keys
	if e.discard != nil {
		closed, cmd := e.discard.Update(km)
		if closed {
			e.discard = nil
		}
		return e, cmd
	}
	if e.picker != nil {
		_, closed, cmd := e.picker.Update(km)
		if closed {
			e.pick()
		}
		return e, cmd
	}
	switch {
	case key.Matches(km, k.Up):
		e.cursor = max(0, e.cursor-1)
	case key.Matches(km, k.Down):
		e.cursor = max(0, min(len(e.route)-1, e.cursor+1))
	case key.Matches(km, addKey):
		e.openPicker()
	case key.Matches(km, removeKey):
		if len(e.route) > 0 {
			e.route = append(e.route[:e.cursor], e.route[e.cursor+1:]...)
			e.cursor = max(0, min(e.cursor, len(e.route)-1))
		}
	case key.Matches(km, k.Save):
		return e, e.save()
	case key.Matches(km, k.Back):
		if e.dirty() {
			nav := e.env.Nav
			e.discard = components.NewConfirm(e.env.Styles, k, "Discard your changes?", "discard",
				func() tea.Cmd { nav.Pop(); return nil }, "The recipients of "+e.who+" · "+e.cat.Name+" stay as they were.")
			return e, nil
		}
		e.env.Nav.Pop()
	}
	return e, nil
}

// openPicker offers every group and active user, those in the cell ticked.
func (e *cellEditor) openPicker() {
	d := e.matrix.m.Dir
	var items []components.PickerItem
	e.choices = e.choices[:0]
	checked := map[int]bool{}
	in := map[model.Recipient]bool{}
	for _, r := range e.route {
		in[r] = true
	}
	for _, g := range d.SortedGroups() {
		r := model.Recipient{GroupID: g.ID}
		checked[len(items)] = in[r]
		items = append(items, components.PickerItem{Title: g.Name, Detail: fmt.Sprintf("group of %d", len(g.Members))})
		e.choices = append(e.choices, r)
	}
	for _, u := range d.SortedUsers() {
		r := model.Recipient{UserID: u.ID}
		if !u.Active && !in[r] {
			continue
		}
		detail := string(u.Kind)
		if !u.Active {
			detail = "inactive"
		}
		checked[len(items)] = in[r]
		items = append(items, components.PickerItem{Title: u.Name, Detail: detail, Search: u.Username})
		e.choices = append(e.choices, r)
	}
	e.picker = components.NewPicker(e.env.Styles, e.env.Keys, "Recipients: enter ticks, esc is done", items)
	e.picker.Checked = checked
	e.picker.SetSize(min(60, e.width-2), min(16, e.height))
}

// pick keeps the recipients ticked: those already there in their order,
// then those added.
func (e *cellEditor) pick() {
	ticked := map[model.Recipient]bool{}
	for i, r := range e.choices {
		if e.picker.Checked[i] {
			ticked[r] = true
		}
	}
	var route []model.Recipient
	for _, r := range e.route {
		if ticked[r] {
			route = append(route, r)
			delete(ticked, r)
		}
	}
	for _, r := range e.choices {
		if ticked[r] {
			route = append(route, r)
		}
	}
	e.route, e.picker = route, nil
	e.cursor = max(0, min(e.cursor, len(e.route)-1))
}

func (e *cellEditor) save() tea.Cmd {
	if e.provider == 0 {
		m, cat, route := e.matrix, e.cat.ID, e.route
		e.env.Nav.Pop()
		return func() tea.Msg { return cellSavedMsg{m, cat, route} }
	}
	owner, env, c, route, who, cat := e, e.env, model.Cell{ProviderID: e.provider, CategoryID: e.cat.ID}, e.route, e.who, e.cat.Name
	e.saving = true
	return func() tea.Msg {
		err := env.Store.SetRoute(env.Ctx, c, route)
		return routeSetMsg{owner, fmt.Sprintf("Saved the route of %s for %s.", who, cat), err}
	}
}

// routeSetMsg ends a cell's save.
type routeSetMsg struct {
	owner *cellEditor
	text  string
	err   error
}

func (e *cellEditor) View() string {
	st := e.env.Styles
	d := e.matrix.m.Dir
	lines := []string{st.BoxTitle.Render(components.Truncate(e.who+" · "+e.cat.Name, e.width)), ""}
	if e.provider == 0 {
		lines = append(lines, st.Dim.Render(components.Truncate("For every provider: ctrl+s keeps it in the row, A applies the row.", e.width)), "")
	}
	lines = append(lines, st.Label.Render(fmt.Sprintf("Recipients (%d)", len(e.route))))
	if len(e.route) == 0 {
		none := "None: messages go to the provider."
		if e.provider == 0 {
			none = "None: this category is left as it is for every provider."
		}
		lines = append(lines, st.Dim.Render("  "+none))
	}
	for i, r := range e.route {
		text := d.RecipientName(r)
		if r.GroupID != 0 {
			var names []string
			for _, m := range d.Groups[r.GroupID].Members {
				if u := d.Users[m]; u.Active {
					names = append(names, u.Name)
				}
			}
			text += " (group: " + orNone(strings.Join(names, ", "), "nobody active") + ")"
		} else if u := d.Users[r.UserID]; !u.Active {
			text += " (inactive: gets nothing)"
		}
		lines = append(lines, components.MarkedLine(text, st.ListRow(i == e.cursor), e.width))
	}
	if e.provider != 0 {
		var names []string
		for _, r := range d.Resolve(e.provider, e.route) {
			names = append(names, d.Users[r.UserID].Name)
		}
		lines = append(lines, "", st.Label.Render("Who gets it: ")+components.Truncate(orNone(strings.Join(names, ", "), "nobody active"), max(1, e.width-13)))
		if stamp, ok := e.matrix.m.Stamps[model.Cell{ProviderID: e.provider, CategoryID: e.cat.ID}]; ok {
			lines = append(lines, st.Dim.Render("Last changed "+day(stamp.At, time.Now())+" by "+stamp.By))
		}
	}
	view := components.PlaceLines(strings.Join(lines, "\n"), e.height)
	if e.discard != nil {
		view = components.Overlay(view, e.discard.View(e.width), e.width, e.height)
	}
	if e.picker != nil {
		view = components.Overlay(view, e.picker.View(), e.width, e.height)
	}
	return view
}

func (e *cellEditor) ShortHelp() []key.Binding {
	k := e.env.Keys
	if e.discard != nil {
		return e.discard.ShortHelp()
	}
	if e.picker != nil {
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "tick")), key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "done"))}
	}
	save := k.Save
	if e.provider == 0 {
		save.SetHelp("ctrl+s", "keep in the row")
	}
	return []key.Binding{addKey, removeKey, save, k.Back}
}

func (e *cellEditor) FullHelp() [][]key.Binding { return [][]key.Binding{e.ShortHelp()} }

func (e *cellEditor) Actions() []screen.Action {
	return []screen.Action{
		{Name: "Add users or groups to the cell", Key: addKey, Need: model.PermRouting},
		{Name: "Remove the recipient", Key: removeKey, Need: model.PermRouting},
		{Name: "Save the cell", Key: e.env.Keys.Save, Need: model.PermRouting},
	}
}
