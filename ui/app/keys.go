package app

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/ui/screen"
)

// release replays the held keys while the screen is not busy.
func (m *Model) release() tea.Cmd {
	var cmds []tea.Cmd
	for len(m.held) > 0 && !m.top().Busy() {
		k := m.held[0]
		m.held = m.held[1:]
		cmds = append(cmds, m.key(k))
	}
	return tea.Batch(cmds...)
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	// Keys typed quickly (or over a slow link) arrive as one message of
	// several runes. Shortcuts are single runes, so split them, handing the
	// rest over whole as soon as a text field has the focus: "nAnn" opens a
	// new contact and types Ann into it.
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
		var cmds []tea.Cmd
		runes := msg.Runes
		for len(runes) > 0 {
			if m.top().Busy() {
				// What a key does next depends on work under way: hold
				// the rest, ahead of anything typed after it.
				rest := tea.KeyMsg{Type: tea.KeyRunes, Runes: runes, Alt: msg.Alt}
				m.held = append([]tea.KeyMsg{rest}, m.held...)
				break
			}
			if m.palette == nil && !m.showHelp && m.top().Capturing() {
				cmds = append(cmds, m.key1(tea.KeyMsg{Type: tea.KeyRunes, Runes: runes, Alt: msg.Alt}))
				break
			}
			cmds = append(cmds, m.key1(tea.KeyMsg{Type: tea.KeyRunes, Runes: runes[:1], Alt: msg.Alt}))
			runes = runes[1:]
		}
		return tea.Batch(cmds...)
	}
	return m.key1(msg)
}

func (m *Model) key1(msg tea.KeyMsg) tea.Cmd {
	k := m.env.Keys
	if key.Matches(msg, k.ForceQuit) {
		return tea.Quit
	}
	m.status = ""
	if m.palette != nil {
		return m.paletteKey(msg)
	}
	if m.showHelp {
		if key.Matches(msg, k.Help, k.Back, k.Quit) {
			m.showHelp = false
		}
		return nil
	}
	capturing := m.top().Capturing()
	// Keys that type nothing work even while a text field has the focus.
	switch {
	case msg.String() == "ctrl+k":
		m.openPalette()
		return nil
	case strings.HasPrefix(msg.String(), "alt+"):
		for i, t := range m.tabs {
			if key.Matches(msg, t.key) {
				return m.goTab(i)
			}
		}
	}
	if capturing {
		return m.forward(msg)
	}
	switch {
	case key.Matches(msg, k.Help):
		m.showHelp = true
		return nil
	case key.Matches(msg, k.Palette):
		m.openPalette()
		return nil
	case m.tabKey(msg) >= 0:
		return m.goTab(m.tabKey(msg))
	case key.Matches(msg, k.Quit) && len(m.stack) == 1:
		return tea.Quit
	}
	if a, ok := m.deniedAction(msg); ok {
		m.setStatus(m.env.Denied(a.Need), true)
		return nil
	}
	return m.forward(msg)
}

// deniedAction returns the top screen's action that key would run and
// the acting user may not.
func (m *Model) deniedAction(msg tea.KeyMsg) (screen.Action, bool) {
	for _, a := range m.top().Actions() {
		if a.Need != "" && !m.env.Can(a.Need) && a.Open == nil && key.Matches(msg, a.Key) {
			return a, true
		}
	}
	return screen.Action{}, false
}

// deniedKeys are the top screen's keys the acting user may not use.
func (m *Model) deniedKeys() []screen.Action {
	var out []screen.Action
	for _, a := range m.top().Actions() {
		if a.Need != "" && !m.env.Can(a.Need) && a.Open == nil {
			out = append(out, a)
		}
	}
	return out
}

// deniedBinding reports whether b is the key of one of the denied actions.
func deniedBinding(b key.Binding, denied []screen.Action) bool {
	for _, a := range denied {
		if strings.Join(a.Key.Keys(), " ") == strings.Join(b.Keys(), " ") {
			return true
		}
	}
	return false
}
