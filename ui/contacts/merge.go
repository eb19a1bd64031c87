package contacts

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// merger is the dialog of M on a contact's page: it picks the contact to
// merge with (those on the same number; for a single contact, also any
// group, whose fax it takes), asks for a group name when two single
// contacts become one group, and asks before merging.
type merger struct {
	env     *screen.Env
	owner   screen.Screen
	c       model.Contact
	choices []model.Contact
	picker  *components.Picker
	name    *textinput.Model // the group name, when two singles merge
	plan    mergePlan
	confirm *components.Confirm
	width   int
}

// mergePlan is a merge as the store does it: the people of from join into.
type mergePlan struct {
	into, from model.Contact
	name       string // the new group's name, when into is single
}

type mergeChoicesMsg struct {
	owner  screen.Screen
	c      model.Contact
	same   []model.Contact
	groups []model.Contact
	err    error
}

// mergedMsg tells the page of a contact merged away which contact it now
// belongs to.
type mergedMsg struct {
	owner screen.Screen
	from  int64
	c     model.Contact
}

// loadMergeChoices reads what contact c can merge with, for owner.
func loadMergeChoices(env *screen.Env, owner screen.Screen, c model.Contact) tea.Cmd {
	ctx, st := env.Ctx, env.Store
	return func() tea.Msg {
		same, err := st.SameFax(ctx, c.ID)
		if err != nil || c.Kind == model.Group {
			return mergeChoicesMsg{owner: owner, c: c, same: same, err: err}
		}
		groups, err := st.GroupContacts(ctx)
		return mergeChoicesMsg{owner, c, same, groups, err}
	}
}

func newMerger(env *screen.Env, msg mergeChoicesMsg, width, height int) *merger {
	m := &merger{env: env, owner: msg.owner, c: msg.c, width: width}
	var items []components.PickerItem
	for _, o := range msg.same {
		m.choices = append(m.choices, o)
		items = append(items, components.PickerItem{Title: o.DisplayName(), Detail: "same number · " + kindWords(o)})
	}
	for _, g := range msg.groups {
		if g.Fax == m.c.Fax || g.ID == m.c.ID {
			continue // listed above
		}
		m.choices = append(m.choices, g)
		items = append(items, components.PickerItem{Title: g.GroupName, Search: g.Fax,
			Detail: kindWords(g) + " · " + model.FormatFax(g.Fax, env.Region())})
	}
	title := fmt.Sprintf("Merge %s with which contact?", m.c.DisplayName())
	if m.c.Kind == model.Single {
		title = fmt.Sprintf("%s joins which group (or contact on its number)?", m.c.DisplayName())
	}
	m.picker = components.NewPicker(env.Styles, env.Keys, title, items)
	m.picker.SetSize(min(64, width-2), min(18, height))
	return m
}

// kindWords says what a contact is: "single", "group of 3".
func kindWords(c model.Contact) string {
	if c.Kind == model.Group {
		return fmt.Sprintf("group of %d", len(c.Entities))
	}
	return "single"
}

// update takes a key; closed reports that the dialog is done.
func (m *merger) update(msg tea.KeyMsg) (closed bool, cmd tea.Cmd) {
	switch {
	case m.confirm != nil:
		return m.confirm.Update(msg)
	case m.name != nil:
		switch msg.Type {
		case tea.KeyEsc:
			return true, nil
		case tea.KeyEnter:
			name := model.CleanText(m.name.Value())
			if name == "" {
				return false, screen.Status("The group needs a name.")
			}
			m.plan.name = name
			m.confirm = m.ask()
			return false, nil
		}
		in, cmd := m.name.Update(msg)
		m.name = &in
		return false, cmd
	}
	chosen, closed, cmd := m.picker.Update(msg)
	if !closed || chosen < 0 {
		return closed, cmd
	}
	o := m.choices[chosen]
	// A single contact joins a group; a group takes in the other contact.
	m.plan = mergePlan{into: m.c, from: o}
	if m.c.Kind == model.Single && o.Kind == model.Group {
		m.plan = mergePlan{into: o, from: m.c}
	}
	if m.plan.into.Kind == model.Single {
		in := textinput.New()
		in.Prompt = "Group name: "
		in.Cursor.SetMode(cursor.CursorStatic)
		in.SetValue(m.plan.into.DefaultGroupName())
		in.CursorEnd()
		in.Focus()
		m.name = &in
		return false, nil
	}
	m.confirm = m.ask()
	return false, nil
}

// ask is the question before the merge: what becomes of whom, and of the
// fax number.
func (m *merger) ask() *components.Confirm {
	p, env := m.plan, m.env
	into, from := p.into, p.from
	fax := model.FormatFax(into.Fax, env.Region())
	var q string
	var details []string
	switch {
	case into.Kind == model.Single:
		q = fmt.Sprintf("Make one group of %s and %s?", into.DisplayName(), from.DisplayName())
		details = append(details, fmt.Sprintf("“%s” becomes a multiple-entity contact with both people, at %s.", p.name, fax))
	case from.Kind == model.Single:
		q = fmt.Sprintf("Add %s to %s?", from.DisplayName(), into.GroupName)
		details = append(details, fmt.Sprintf("%s becomes one of the %d people of the group.", from.DisplayName(), len(into.Entities)+1))
	default:
		q = fmt.Sprintf("Merge %s into %s?", from.GroupName, into.GroupName)
		details = append(details, fmt.Sprintf("The %s of %s join %s, which then has %d; %s is no longer a contact of its own.",
			people(len(from.Entities)), from.GroupName, into.GroupName, len(into.Entities)+len(from.Entities), from.GroupName))
	}
	if from.Fax != into.Fax {
		details = append(details, fmt.Sprintf("The fax number of %s changes to the group's:", from.DisplayName()),
			fmt.Sprintf("  %s → %s", model.FormatFax(from.Fax, env.Region()), fax))
	}
	details = append(details, "Charts and employers that prefer either keep the same person, now in the group; "+
		"the faxes of both stay in the group's history.")
	return components.NewConfirm(env.Styles, env.Keys, q, "merge", func() tea.Cmd { return merge(env, m.owner, p) }, details...)
}

// merge runs plan p.
func merge(env *screen.Env, owner screen.Screen, p mergePlan) tea.Cmd {
	ctx, st := env.Ctx, env.Store
	return func() tea.Msg {
		c, err := st.MergeContacts(ctx, store.Merge{Into: p.into.ID, IntoVersion: p.into.Version,
			From: p.from.ID, FromVersion: p.from.Version, GroupName: p.name})
		if err != nil {
			return screen.Done("", explain(err, p.into.DisplayName()+" or "+p.from.DisplayName()), 0)
		}
		return mergedMsg{owner, p.from.ID, c}
	}
}

// mergedText reports a merge on the status line.
func mergedText(c model.Contact) string {
	return fmt.Sprintf("%s now has %s.", c.DisplayName(), people(len(c.Entities)))
}

// view draws the dialog's current step.
func (m *merger) view() string {
	switch {
	case m.confirm != nil:
		return m.confirm.View(m.width)
	case m.name != nil:
		st := m.env.Styles
		lines := []string{
			st.BoxTitle.Render(fmt.Sprintf("%s and %s become one group", m.plan.into.DisplayName(), m.plan.from.DisplayName())),
			"Its name (the people keep theirs):",
			m.name.View(),
			"",
			st.HelpKey.Render("enter") + " " + st.HelpDesc.Render("next") + "   " + st.HelpKey.Render("esc") + " " + st.HelpDesc.Render("cancel"),
		}
		return st.Box.Width(max(20, min(60, m.width-4))).Render(strings.Join(lines, "\n"))
	}
	return m.picker.View()
}
