package contacts

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// Detail shows one contact: its fax number and every person in it, with
// the selected person's fields. For a multiple-entity contact, line 0 is
// the group itself (its name and fax) and the people follow.
type Detail struct {
	env     *screen.Env
	id      int64
	c       model.Contact
	loaded  bool
	gone    bool  // deleted, here or elsewhere
	failed  error // the last load failed (and nothing was shown yet)
	cursor  int
	top     int // first line of the group shown
	confirm *components.Confirm
	link    *linkPicker
	linking bool

	width, height int
}

var _ screen.Screen = (*Detail)(nil)

type detailMsg struct {
	id  int64
	c   model.Contact
	err error
}

// NewDetail returns the detail screen of contact id; Init loads it.
func NewDetail(env *screen.Env, id int64) *Detail { return &Detail{env: env, id: id} }

// Init loads the contact.
func (d *Detail) Init() tea.Cmd { return d.load() }

func (d *Detail) load() tea.Cmd {
	ctx, st, id := d.env.Ctx, d.env.Store, d.id
	return func() tea.Msg {
		c, err := st.GetContact(ctx, id)
		return detailMsg{id, c, err}
	}
}

// Title names the screen.
func (d *Detail) Title() string {
	if !d.loaded {
		return "Contact"
	}
	return d.c.DisplayName()
}

// Busy reports that the contact is not loaded yet.
func (d *Detail) Busy() bool { return (!d.loaded && !d.gone && d.failed == nil) || d.linking }

// Capturing reports whether a question is open.
func (d *Detail) Capturing() bool { return d.confirm != nil || d.link != nil }

// SetSize sets the screen's size.
func (d *Detail) SetSize(w, h int) { d.width, d.height = w, h }

func (d *Detail) isGroup() bool { return d.c.Kind == model.Group }

// lines is how many selectable lines there are.
func (d *Detail) lines() int {
	if d.isGroup() {
		return len(d.c.Entities) + 1
	}
	return len(d.c.Entities)
}

// selectedPerson is the index of the selected person, or -1 for the group
// line.
func (d *Detail) selectedPerson() int {
	if d.isGroup() {
		return d.cursor - 1
	}
	return d.cursor
}

// Update handles a message.
func (d *Detail) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case detailMsg:
		if msg.id != d.id {
			return d, nil
		}
		if errors.Is(msg.err, store.ErrNotFound) {
			d.gone = true
			return d, nil
		}
		if msg.err != nil {
			// Keep what is shown; the next change of the database reloads.
			d.failed = msg.err
			return d, screen.Error(fmt.Errorf("reading the contact: %w", msg.err))
		}
		d.c, d.loaded, d.gone, d.failed = msg.c, true, false, nil
		d.cursor = max(0, min(d.cursor, d.lines()-1))
		return d, nil
	case screen.DataChangedMsg:
		return d, d.load()
	case linkChoicesMsg:
		if msg.owner == screen.Screen(d) {
			d.linking = false
			if msg.err != nil {
				return d, screen.Error(msg.err)
			}
			d.link = newLinkPicker(d.env, msg, d.width, d.height)
		}
		return d, nil
	case tea.KeyMsg:
		return d, d.key(msg)
	}
	return d, nil
}

func (d *Detail) ask(c *components.Confirm) { d.confirm = c }

func (d *Detail) key(msg tea.KeyMsg) tea.Cmd {
	k := d.env.Keys
	if d.confirm != nil {
		closed, cmd := d.confirm.Update(msg)
		if closed {
			d.confirm = nil
		}
		return cmd
	}
	if d.link != nil {
		closed, cmd := d.link.update(msg)
		if closed {
			d.link = nil
		}
		return cmd
	}
	if key.Matches(msg, k.Back) {
		d.env.Nav.Pop()
		return nil
	}
	if !d.loaded || d.gone {
		return nil
	}
	c, env := d.c, d.env
	switch {
	case key.Matches(msg, k.Up):
		d.cursor = max(0, d.cursor-1)
	case key.Matches(msg, k.Down):
		d.cursor = min(d.lines()-1, d.cursor+1)
	case key.Matches(msg, k.Top):
		d.cursor = 0
	case key.Matches(msg, k.Bottom):
		d.cursor = d.lines() - 1
	case key.Matches(msg, k.Edit):
		switch p := d.selectedPerson(); {
		case !d.isGroup():
			env.Nav.Push(NewEdit(env, ModeSingle, c, 0))
		case p < 0:
			env.Nav.Push(NewEdit(env, ModeGroup, c, -1))
		default:
			env.Nav.Push(NewEdit(env, ModePerson, c, p))
		}
	case key.Matches(msg, k.AddPerson):
		if why := d.addDisabled(); why != "" {
			return screen.Status(screen.Sentence(why) + ".")
		}
		env.Nav.Push(NewEdit(env, ModeAddPerson, c, -1))
	case key.Matches(msg, k.Switch):
		return openSwitch(env, d.row(), d.ask)
	case key.Matches(msg, k.Delete):
		d.askDelete()
	case key.Matches(msg, k.Link):
		// The selected line: the whole contact, or one person of a group.
		ref, name := model.ContactRef{ContactID: c.ID}, c.DisplayName()
		if p := d.selectedPerson(); d.isGroup() && p >= 0 {
			ref.EntityID, name = c.Entities[p].ID, c.Entities[p].DisplayName()
		}
		d.linking = true
		return loadLinkChoices(env, d, ref, name)
	}
	return nil
}

func (d *Detail) addDisabled() string {
	if !d.isGroup() {
		return "a single contact has one person: press m to make it multiple-entity first"
	}
	return ""
}

func (d *Detail) askDelete() {
	c, env := d.c, d.env
	p := d.selectedPerson()
	r := d.row()
	if d.isGroup() && p >= 0 && len(c.Entities) > 1 {
		name := c.Entities[p].DisplayName()
		d.ask(components.NewConfirm(env.Styles, env.Keys, fmt.Sprintf("Remove %s from %s?", name, c.GroupName), "remove",
			func() tea.Cmd { return removePerson(env, c, p) },
			fmt.Sprintf("The other %d people keep the fax number.", len(c.Entities)-1)))
		return
	}
	detail := "Its fax number and its person are removed from the contact book."
	if d.isGroup() {
		detail = fmt.Sprintf("Its fax number and all %d people in it are removed from the contact book.", len(c.Entities))
	}
	d.ask(components.NewConfirm(env.Styles, env.Keys, fmt.Sprintf("Delete %s?", r.Name), "delete",
		func() tea.Cmd { env.Nav.Pop(); return deleteContact(env, r) }, detail))
}

// row is the contact as a line of the list.
func (d *Detail) row() row {
	c := d.c
	return row{ID: c.ID, Version: c.Version, Group: d.isGroup(), People: len(c.Entities), Name: c.DisplayName(), Fax: c.Fax}
}

// View draws the contact.
func (d *Detail) View() string {
	st := d.env.Styles
	if d.gone {
		return components.PlaceLines(st.Dim.Render("This contact no longer exists (deleted, here or in another session). esc goes back."), d.height)
	}
	if !d.loaded {
		msg := "Loading…"
		if d.failed != nil {
			msg = "Could not read the contact: " + d.failed.Error() + ". esc goes back."
		}
		return components.PlaceLines(st.Dim.Render(msg), d.height)
	}
	c := d.c
	kind := "single contact"
	if d.isGroup() {
		kind = "multiple-entity contact · " + people(len(c.Entities))
	}
	out := []string{
		st.BoxTitle.Render(components.Truncate(c.DisplayName(), d.width)),
		st.Dim.Render(components.Truncate(kind, d.width)),
		st.Label.Render("Fax  ") + model.FormatFax(c.Fax, d.env.Region),
		st.HRule(d.width),
	}
	var card []string
	if p := d.selectedPerson(); p >= 0 && p < len(c.Entities) {
		card = d.card(c.Entities[p])
	}
	if d.isGroup() {
		// The lines of the group scroll with the cursor, leaving the card
		// of the selected person room below.
		room := max(3, d.height-len(out)-1-min(len(card), 8))
		d.top = max(0, min(d.top, d.cursor))
		if d.cursor >= d.top+room {
			d.top = d.cursor - room + 1
		}
		for i := d.top; i < d.lines() && i < d.top+room; i++ {
			if i == 0 {
				out = append(out, d.line(0, "Group name and fax", ""))
				continue
			}
			e := c.Entities[i-1]
			out = append(out, d.line(i, e.DisplayName(), personSummary(e)))
		}
		rule := st.HRule(d.width)
		if d.lines() > room {
			rule = st.Dim.Render(components.Truncate(fmt.Sprintf("── %d–%d of %d lines ", d.top+1, min(d.lines(), d.top+room), d.lines()), d.width)) +
				st.HRule(max(0, d.width-24))
		}
		out = append(out, components.Truncate(rule, d.width))
	}
	if card != nil {
		out = append(out, card...)
	} else {
		out = append(out, st.Dim.Render(components.Truncate("e renames the group or changes its fax number; every person keeps it.", d.width)))
	}
	body := components.PlaceLines(strings.Join(out, "\n"), d.height)
	switch {
	case d.confirm != nil:
		body = components.Overlay(body, d.confirm.View(d.width), d.width, d.height)
	case d.link != nil:
		body = components.Overlay(body, d.link.picker.View(), d.width, d.height)
	}
	return body
}

func (d *Detail) line(i int, name, rest string) string {
	st := d.env.Styles
	look := st.ListRow(i == d.cursor)
	nameW := min(30, d.width/2) - theme.MarkerWidth
	return look.Marker() + components.Cell(name, nameW, nil, look.Base, look.Base) +
		components.Cell(" "+rest, d.width-nameW-theme.MarkerWidth, nil, look.Base, look.Base)
}

func personSummary(e model.Entity) string {
	var parts []string
	for _, v := range []string{e.Title, e.Specialty, e.Phone, e.Email} {
		if v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " · ")
}

// card lists every filled field of a person, one per line, in two columns
// when the terminal is wide enough.
func (d *Detail) card(e model.Entity) []string {
	st := d.env.Styles
	var items []string
	for _, f := range model.EntityFields {
		v := f.Get(e)
		if v == "" {
			continue
		}
		items = append(items, st.Label.Render(fmt.Sprintf("%-19s", f.Label))+strings.ReplaceAll(v, "\n", " "))
	}
	if len(items) == 0 {
		return []string{st.Dim.Render("No details.")}
	}
	for i := range items {
		items[i] = components.Truncate(items[i], d.width)
	}
	return items
}

// ShortHelp is the help bar's content.
func (d *Detail) ShortHelp() []key.Binding {
	if d.confirm != nil {
		return d.confirm.ShortHelp()
	}
	k := d.env.Keys
	if d.isGroup() {
		return []key.Binding{k.Edit, k.AddPerson, k.Delete, k.Switch, k.Link, k.Back}
	}
	return []key.Binding{k.Edit, k.Delete, k.Switch, k.Link, k.Back}
}

// FullHelp is the help screen's content.
func (d *Detail) FullHelp() [][]key.Binding {
	k := d.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Edit, k.AddPerson, k.Delete, k.Switch, k.Back}}
}

// Actions are the detail's commands for the palette.
func (d *Detail) Actions() []screen.Action {
	k := d.env.Keys
	del := "Delete contact"
	if d.isGroup() && d.selectedPerson() >= 0 {
		del = "Remove person from group"
	}
	return []screen.Action{
		{Name: "Edit", Key: k.Edit, Need: model.PermContacts},
		{Name: "Add person", Key: k.AddPerson, Disabled: d.addDisabled(), Need: model.PermContacts},
		{Name: del, Key: k.Delete, Need: model.PermContacts},
		{Name: "Make group / make single (split)", Key: k.Switch, Need: model.PermContacts},
		{Name: "Link to a patient or an employer", Key: k.Link, Need: model.PermPatients},
	}
}

// people counts people in words: "1 person", "3 people".
func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return fmt.Sprintf("%d people", n)
}
