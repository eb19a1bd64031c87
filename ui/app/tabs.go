package app

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"frontdesk/ui/components"
	"frontdesk/ui/contacts"
	"frontdesk/ui/employers"
	"frontdesk/ui/faxes"
	"frontdesk/ui/inbox"
	"frontdesk/ui/patients"
	"frontdesk/ui/routing"
	"frontdesk/ui/screen"
	"frontdesk/ui/shares"
)

// tab is a top-level screen, reached by its number.
type tab struct {
	name  string
	short string // the name when the title bar is short of room
	about string // what the palette's "Go to" says of it, after its name
	key   key.Binding
	root  screen.Screen
}

// newTabs are the top-level screens, in the order of their numbers: the
// one list of them, for the title bar, the keys and the palette alike.
func newTabs(env *screen.Env) []tab {
	k := env.Keys
	return []tab{
		{"Contacts", "Cont", "", k.Contacts, contacts.NewList(env)},
		{"Patients", "Pat", "", k.Patients, patients.NewList(env)},
		{"Employers", "Empl", "", k.Employers, employers.NewList(env)},
		{"Faxes", "Fax", "", k.Faxes, faxes.NewList(env, faxes.Filter{})},
		{"Routing", "Route", "", k.Routing, routing.New(env)},
		{"Inbox", "Inbox", "", k.Inbox, inbox.NewList(env)},
		{"Shares", "Shr", "documents shared with contacts", k.Shares, shares.NewList(env)},
	}
}

// tabKey returns the tab a key goes to, or -1.
func (m *Model) tabKey(msg tea.KeyMsg) int {
	for i, t := range m.tabs {
		if key.Matches(msg, t.key) {
			return i
		}
	}
	return -1
}

// goTab shows tab i, closing what is open above the current top screen,
// unless one of those screens holds something not saved yet. A tab shown
// again reloads, for what changed while it was hidden.
func (m *Model) goTab(i int) tea.Cmd {
	for _, s := range m.stack[1:] {
		if u, ok := s.(interface{ Unsaved() bool }); ok && u.Unsaved() {
			m.setStatus("Something is not saved yet: ctrl+s saves it, esc leaves it.", true)
			return nil
		}
	}
	m.drop(1)
	if i == m.current {
		return nil
	}
	m.current = i
	root := m.tabs[i].root
	root.SetSize(m.width, m.bodyHeight())
	m.stack[0] = root
	if m.opened == nil {
		m.opened = make([]bool, len(m.tabs))
		m.opened[0] = true
	}
	if !m.opened[i] {
		m.opened[i] = true
		return root.Init()
	}
	next, cmd := root.Update(screen.DataChangedMsg{})
	m.stack[0] = next
	return cmd
}

// drop closes the screens above the first n: those with work under way
// (reading a file, say) stop it.
func (m *Model) drop(n int) {
	for _, s := range m.stack[n:] {
		if c, ok := s.(interface{ Close() }); ok {
			c.Close()
		}
	}
	m.stack = m.stack[:n]
}

func isInbox(s screen.Screen) bool { _, ok := s.(*inbox.List); return ok }

func isFaxes(s screen.Screen) bool { _, ok := s.(*faxes.List); return ok }

// tabOf names the tab whose screen is, such as "6 Inbox": where the status
// line's notes are read in full.
func (m *Model) tabOf(is func(screen.Screen) bool) string {
	for _, t := range m.tabs {
		if is(t.root) {
			return t.key.Help().Key + " " + t.name
		}
	}
	return ""
}

func (m *Model) titleBar() string {
	st := m.env.Styles
	sep := " › "
	if st.ASCII {
		sep = " > "
	}
	var crumbs []string
	for _, s := range m.stack[1:] {
		crumbs = append(crumbs, s.Title())
	}
	// The tabs as room allows: all named after the app's name; all named;
	// the current one named and the others by their short names; all by
	// their short names. Only when the screen shown would not fit beside
	// them do the others come down to their numbers.
	type label int
	const (
		number label = iota
		short
		full
	)
	tabs := func(current, others label) string {
		var parts []string
		for i, t := range m.tabs {
			l := others
			if i == m.current {
				l = current
			}
			text := t.key.Help().Key
			switch l {
			case full:
				text += " " + t.name
			case short:
				text += " " + t.short
			}
			if i == m.current {
				parts = append(parts, st.ActiveTab.Render(text))
			} else {
				parts = append(parts, st.Tab.Render(text))
			}
		}
		return strings.Join(parts, "  ")
	}
	trail := ""
	if len(crumbs) > 0 {
		trail = sep + crumbs[len(crumbs)-1]
	}
	left := st.AppTitle.Render("frontdesk") + "  " + tabs(full, full)
	for _, next := range [][2]label{{full, full}, {full, short}, {short, short}, {short, number}} {
		if ansi.StringWidth(left+trail) <= m.width {
			break
		}
		left = tabs(next[0], next[1])
	}
	// The deepest screens matter most: the first crumbs give way to "…".
	for i := 0; i < len(crumbs); i++ {
		trail := crumbs[i:]
		if i > 0 {
			trail = append([]string{"…"}, trail...)
		}
		line := left + st.Crumb.Render(sep+strings.Join(trail, sep))
		if ansi.StringWidth(line) <= m.width || i == len(crumbs)-1 {
			return components.Truncate(line, m.width)
		}
	}
	return components.Truncate(left, m.width)
}
