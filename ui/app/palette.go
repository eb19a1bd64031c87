package app

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/ui/audit"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
	"frontdesk/ui/settings"
	"frontdesk/ui/staff"
)

// globalActions are the palette's commands available on every screen.
func (m *Model) globalActions() []screen.Action {
	k := m.env.Keys
	quit := ""
	if len(m.stack) > 1 {
		quit = "esc back to the top screen first"
	}
	var actions []screen.Action
	for _, t := range m.tabs {
		name := "Go to " + t.name
		if t.about != "" {
			name += ": " + t.about
		}
		actions = append(actions, screen.Action{Name: name, Key: t.key})
	}
	return append(actions, []screen.Action{
		{Name: "Settings: faxes, sharing, the clinic's name and fax", Open: func() screen.Screen { return settings.New(m.env) },
			Disabled: notAllowed(m.env, model.PermSettings)},
		{Name: "Staff: users, groups and roles", Open: func() screen.Screen { return staff.New(m.env) },
			Disabled: notAllowed(m.env, model.PermStaff)},
		{Name: "Audit log: who changed what", Open: func() screen.Screen { return audit.NewList(m.env) },
			Disabled: takesRole(m.env, model.PermAudit)},
		{Name: "Help: keys of this screen", Key: k.Help},
		{Name: "Quit", Key: k.Quit, Disabled: quit},
	}...)
}

func (m *Model) openPalette() {
	m.paletteActions = append(m.top().Actions(), m.globalActions()...)
	items := make([]components.PickerItem, len(m.paletteActions))
	for i, a := range m.paletteActions {
		if a.Disabled == "" && !m.env.Can(a.Need) {
			a.Disabled = "not allowed: needs " + string(a.Need)
			m.paletteActions[i] = a
		}
		items[i] = components.PickerItem{Title: a.Name, Detail: a.Key.Help().Key, Disabled: a.Disabled}
	}
	m.palette = components.NewPicker(m.env.Styles, m.env.Keys, "Commands", items)
	m.palette.SetSize(m.paletteSize())
}

func (m *Model) paletteSize() (int, int) {
	return min(64, m.width-2), min(16, m.bodyHeight())
}

func (m *Model) paletteKey(msg tea.KeyMsg) tea.Cmd {
	chosen, closed, cmd := m.palette.Update(msg)
	if !closed {
		return cmd
	}
	m.palette = nil
	if chosen < 0 {
		return nil
	}
	a := m.paletteActions[chosen]
	if a.Disabled != "" {
		m.setStatus(a.Name+": "+a.Disabled+".", true)
		return nil
	}
	if a.Open != nil {
		m.env.Nav.Push(a.Open())
		return m.navigate()
	}
	k := m.env.Keys
	switch {
	case key.Matches(screen.KeyMsg(a.Key), k.Help):
		m.showHelp = true
		return nil
	case m.tabKey(screen.KeyMsg(a.Key)) >= 0:
		return m.goTab(m.tabKey(screen.KeyMsg(a.Key)))
	case key.Matches(screen.KeyMsg(a.Key), k.Quit) && len(m.stack) == 1:
		return tea.Quit
	}
	return tea.Batch(m.forward(screen.BlurMsg{}), m.forward(screen.KeyMsg(a.Key)))
}

// notAllowed is the palette's reason for an action the user may not run.
func notAllowed(env *screen.Env, p model.Permission) string {
	if env.Can(p) {
		return ""
	}
	return "not allowed: needs " + string(p)
}

// takesRole is the palette's reason for an action the user may not run,
// naming the role it takes.
func takesRole(env *screen.Env, p model.Permission) string {
	if env.Can(p) {
		return ""
	}
	return "that takes the role " + model.RolesFor(p)
}
