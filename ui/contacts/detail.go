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
	"frontdesk/ui/faxes"
	"frontdesk/ui/screen"
)

// Detail shows one contact: its fax number and every person in it, with
// the selected person's fields. For a multiple-entity contact, line 0 is
// the group itself (its name and fax) and the people follow.
type Detail struct {
	env     *screen.Env
	id      int64
	c       model.Contact
	recent  []model.Fax // its latest faxes, newest first (one more than shown)
	loaded  bool
	gone    bool  // deleted, here or elsewhere
	failed  error // the last load failed (and nothing was shown yet)
	cursor  int
	top     int // first line of the group shown
	confirm *components.Confirm
	link    *linkPicker
	linking bool
	asking  bool            // what the delete question names is loading
	same    []model.Contact // the other contacts on its number
	merge   *merger
	merging bool // the merge dialog's choices are loading

	width, height int
}

var _ screen.Screen = (*Detail)(nil)

type detailMsg struct {
	id     int64
	c      model.Contact
	recent []model.Fax
	same   []model.Contact
	err    error
	faxErr error // the history could not be read; the contact is shown all the same
}

// NewDetail returns the detail screen of contact id; Init loads it.
func NewDetail(env *screen.Env, id int64) *Detail { return &Detail{env: env, id: id} }

// Init loads the contact.
func (d *Detail) Init() tea.Cmd { return d.load() }

func (d *Detail) load() tea.Cmd {
	ctx, st, id := d.env.Ctx, d.env.Store, d.id
	return func() tea.Msg {
		c, err := st.GetContact(ctx, id)
		if err != nil {
			return detailMsg{id: id, err: err}
		}
		// One more than shown, to know whether there are more.
		recent, err := st.ListFaxes(ctx, store.FaxFilter{ContactID: id, Limit: recentFaxes + 1})
		same, serr := st.SameFax(ctx, id)
		return detailMsg{id: id, c: c, recent: recent, same: same, faxErr: errors.Join(err, serr)}
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
func (d *Detail) Busy() bool {
	return (!d.loaded && !d.gone && d.failed == nil) || d.linking || d.asking || d.merging
}

// Capturing reports whether a question is open.
func (d *Detail) Capturing() bool { return d.confirm != nil || d.link != nil || d.merge != nil }

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
		d.c, d.recent, d.same, d.loaded, d.gone, d.failed = msg.c, msg.recent, msg.same, true, false, nil
		d.cursor = max(0, min(d.cursor, d.lines()-1))
		if msg.faxErr != nil {
			return d, screen.Error(fmt.Errorf("reading the faxes and the number of %s: %w", msg.c.DisplayName(), msg.faxErr))
		}
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
	case dependentsMsg:
		if msg.owner == screen.Screen(d) {
			d.asking = false
			if msg.err != nil {
				return d, screen.Error(fmt.Errorf("reading what prefers %s: %w", msg.row.Name, msg.err))
			}
			if msg.person >= 0 {
				if msg.row.Version != d.c.Version || msg.person >= len(d.c.Entities) {
					return d, screen.Status(msg.row.Name + " changed in the meantime; look again and press d again.")
				}
				d.confirm = d.removeConfirm(d.c, msg.person, msg.deps)
				return d, nil
			}
			d.confirm = deleteConfirm(d.env, msg.row, msg.deps, d.env.Nav.Pop)
		}
		return d, nil
	case mergeChoicesMsg:
		if msg.owner == screen.Screen(d) {
			d.merging = false
			switch {
			case msg.err != nil:
				return d, screen.Error(fmt.Errorf("reading what %s can merge with: %w", msg.c.DisplayName(), msg.err))
			case len(msg.same) == 0 && msg.c.Kind == model.Group:
				return d, screen.Status("No other contact has this fax number.")
			case len(msg.same) == 0 && len(msg.groups) == 0:
				return d, screen.Status("No other contact has this fax number, and there is no group to join.")
			}
			d.merge = newMerger(d.env, msg, d.width, d.height)
		}
		return d, nil
	case mergedMsg:
		if msg.owner != screen.Screen(d) {
			return d, nil
		}
		if msg.from == d.id {
			d.id = msg.c.ID // this contact is now part of that one
		}
		text, id := mergedText(msg.c), msg.c.ID
		return d, func() tea.Msg { return screen.Done(text, nil, id) }
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
	if d.merge != nil {
		closed, cmd := d.merge.update(msg)
		if closed {
			d.merge = nil
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
		return d.askDelete()
	case key.Matches(msg, k.Link):
		ref, name := d.selectedRef()
		d.linking = true
		return loadLinkChoices(env, d, ref, name)
	case key.Matches(msg, k.Fax):
		ref, name := d.selectedRef()
		env.Nav.Push(faxes.NewStartFor(env, faxes.To{ContactID: ref.ContactID, EntityID: ref.EntityID, Name: name, Number: c.Fax}))
	case key.Matches(msg, k.History):
		env.Nav.Push(faxes.NewList(env, faxes.Filter{ContactID: c.ID, ContactName: c.DisplayName()}))
	case key.Matches(msg, k.Merge):
		d.merging = true
		return loadMergeChoices(env, d, c)
	}
	return nil
}

// selectedRef is what the selected line stands for: the whole contact, or
// one person of a group.
func (d *Detail) selectedRef() (model.ContactRef, string) {
	c := d.c
	if p := d.selectedPerson(); d.isGroup() && p >= 0 {
		return model.ContactRef{ContactID: c.ID, EntityID: c.Entities[p].ID}, c.Entities[p].DisplayName()
	}
	return model.ContactRef{ContactID: c.ID}, c.DisplayName()
}

func (d *Detail) addDisabled() string {
	if !d.isGroup() {
		return "a single contact has one person: press m to make it multiple-entity first"
	}
	return ""
}

func (d *Detail) askDelete() tea.Cmd {
	c, env := d.c, d.env
	p := d.selectedPerson()
	r := d.row()
	d.asking = true
	if d.isGroup() && p >= 0 && len(c.Entities) > 1 {
		return loadPersonDependents(env, d, c, p, r)
	}
	return loadDependents(env, d, r)
}

// removeConfirm asks before person p leaves group c, saying which charts
// and employers lose the person.
func (d *Detail) removeConfirm(c model.Contact, p int, deps store.Dependents) *components.Confirm {
	env := d.env
	name := c.Entities[p].DisplayName()
	details := append([]string{fmt.Sprintf("The other %d people keep the fax number.", len(c.Entities)-1)},
		losers(deps, name)...)
	return components.NewConfirm(env.Styles, env.Keys, fmt.Sprintf("Remove %s from %s?", name, c.GroupName), "remove",
		func() tea.Cmd { return removePerson(env, c, p) }, details...)
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
		components.Truncate(st.Label.Render("Fax  ")+model.FormatFax(c.Fax, d.env.Region())+d.noFaxes(), d.width),
	}
	if len(d.same) > 0 {
		// The key first, so that it shows however many names follow.
		out = append(out, components.Truncate(st.Error.Render("Also on this number")+
			st.Dim.Render(fmt.Sprintf(" (%s merges): ", d.env.Keys.Merge.Help().Key))+sameNames(d.same), d.width))
	}
	out = append(out, d.recentView()...)
	out = append(out, st.HRule(d.width))
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
	case d.merge != nil:
		body = components.Overlay(body, d.merge.view(), d.width, d.height)
	}
	return body
}

// ShortHelp is the help bar's content.
func (d *Detail) ShortHelp() []key.Binding {
	if d.confirm != nil {
		return d.confirm.ShortHelp()
	}
	if d.merge != nil && d.merge.confirm != nil {
		return d.merge.confirm.ShortHelp()
	}
	k := d.env.Keys
	if d.isGroup() {
		return []key.Binding{k.Edit, k.Fax, k.History, k.AddPerson, k.Delete, k.Switch, k.Link, k.Back}
	}
	return []key.Binding{k.Edit, k.Fax, k.History, k.Delete, k.Switch, k.Link, k.Back}
}

// FullHelp is the help screen's content.
func (d *Detail) FullHelp() [][]key.Binding {
	k := d.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Edit, k.AddPerson, k.Delete, k.Switch, k.Link, k.Back},
		{k.Fax, k.History, k.Merge}}
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
		{Name: "Send a fax or a referral to the contact", Key: k.Fax, Need: model.PermFaxes},
		{Name: "Fax history of the contact", Key: k.History},
		{Name: "Merge with a contact on its number, or join a group", Key: k.Merge, Need: model.PermContacts},
	}
}

// people counts people in words: "1 person", "3 people".
func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return fmt.Sprintf("%d people", n)
}
