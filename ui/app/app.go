// Package app is the root of the terminal interface: the stack of screens,
// the title bar, the status line, the help bar, the full help, the command
// palette and the keys that work everywhere.
package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/faxes"
	"frontdesk/ui/screen"
	"frontdesk/watch"
)

// Model is the root model of one session.
type Model struct {
	env   *screen.Env
	stack []screen.Screen

	width, height int
	status        string
	statusErr     bool
	showHelp      bool
	help          help.Model

	palette        *components.Picker
	paletteActions []screen.Action

	changes *watch.Subscription // nil without a watcher
	version int64               // the watcher's version the screens show
	unread  int                 // the acting user's unread messages
	// faxes waiting for a gateway that has not answered
	unanswered int

	held []tea.KeyMsg // keys typed while the screen was busy, in order

	waits chan string // what a write of this session waits for; "" when it waits no more
	wait  string      // the status line saying so, while it shows

	tabs    []tab
	current int    // the tab shown
	opened  []bool // tabs whose root was started
}

// New returns the root model, opened on the Contacts screen.
func New(env *screen.Env) *Model {
	if env.Nav == nil {
		env.Nav = &screen.Nav{}
	}
	// Set before the session starts and before any screen copies it: a
	// write of this session that waits for the lock says so.
	waits := make(chan string, 16)
	if env.Ctx == nil {
		env.Ctx = context.Background()
	}
	env.Ctx = store.WithWaitNotice(env.Ctx, func(what string) {
		select {
		case waits <- what:
		default: // a burst of notices: the ones before say as much
		}
	})
	h := help.New()
	st := env.Styles
	h.Styles.ShortKey, h.Styles.FullKey = st.HelpKey, st.HelpKey
	h.Styles.ShortDesc, h.Styles.FullDesc = st.HelpDesc, st.HelpDesc
	h.Styles.ShortSeparator, h.Styles.FullSeparator = st.HelpSep, st.HelpSep
	h.Styles.Ellipsis = st.HelpSep
	tabs := newTabs(env)
	return &Model{env: env, tabs: tabs, stack: []screen.Screen{tabs[0].root}, help: h, width: 80, height: 24, waits: waits}
}

// Init loads the first screen and subscribes to the process's watcher,
// until the session's context ends.
func (m *Model) Init() tea.Cmd {
	if w := m.env.Watch; w != nil && m.changes == nil {
		m.version = w.Version()
		m.changes = w.Subscribe(m.env.Ctx)
	}
	return tea.Batch(m.top().Init(), m.awaitChange(), m.countUnread(), m.listenWaits(), m.takeOpened())
}

func (m *Model) top() screen.Screen { return m.stack[len(m.stack)-1] }

func (m *Model) bodyHeight() int { return max(1, m.height-3) }

// Update handles a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, isKey := msg.(tea.KeyMsg)
	next, cmd := m.update(msg)
	if !isKey && len(m.held) > 0 {
		cmd = tea.Batch(cmd, m.release())
	}
	return next, cmd
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		for _, s := range m.stack {
			s.SetSize(m.width, m.bodyHeight())
		}
		m.help.Width = m.width
		if m.palette != nil {
			m.palette.SetSize(m.paletteSize())
		}
		return m, nil
	case tea.KeyMsg:
		if key.Matches(msg, m.env.Keys.ForceQuit) {
			return m, tea.Quit
		}
		if len(m.held) > 0 || m.top().Busy() {
			m.held = append(m.held, msg)
			return m, nil
		}
		return m, m.key(msg)
	case watch.Changed:
		next := m.awaitChange()
		if msg.Version <= m.version {
			return m, next // this session's own change, reloaded already
		}
		m.version = msg.Version
		return m, tea.Batch(next, m.broadcast(screen.DataChangedMsg{Elsewhere: true}), m.countUnread(), m.takeOpened())
	case unreadMsg:
		m.unread, m.unanswered = msg.n, msg.unanswered
		return m, m.applySession(msg.session)
	case screen.SessionMsg:
		return m, m.applySession(msg.Session)
	case waitMsg:
		switch {
		case msg != "":
			m.wait = "Waiting for " + string(msg) + "…"
			m.setStatus(m.wait, false)
		case m.status == m.wait:
			m.setStatus("", false) // waited: the result says the rest
		}
		return m, m.listenWaits()
	case screen.DoneMsg:
		if msg.Err != nil {
			m.setStatus(screen.Sentence(msg.Err.Error()), true)
		} else {
			m.setStatus(msg.Text, false)
		}
		// The watcher counted this session's commit before the change
		// reported back: its Changed, coming now or already come, is
		// not reloaded for again.
		if m.env.Watch != nil {
			m.version = max(m.version, m.env.Watch.Version())
		}
		return m, tea.Batch(m.broadcast(screen.DataChangedMsg{Select: msg.Select}), m.countUnread(), m.takeOpened())
	case screen.StatusMsg:
		m.setStatus(msg.Text, msg.Err)
		return m, nil
	case openedMsg:
		m.setStatus(m.openedNote(msg), false)
		return m, nil
	}
	// Everything else is background work reporting back: every screen sees
	// it, and each takes only what it owns.
	return m, m.broadcast(msg)
}

func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i, s := range m.stack {
		next, cmd := s.Update(msg)
		m.stack[i] = next
		cmds = append(cmds, cmd)
	}
	return tea.Batch(append(cmds, m.navigate())...)
}

// navigate applies the pushes and pops the screens asked for.
func (m *Model) navigate() tea.Cmd {
	var cmds []tea.Cmd
	for _, op := range m.env.Nav.Take() {
		if op.Push == nil {
			switch {
			case op.Home:
				m.drop(1)
			case len(m.stack) > 1:
				m.drop(len(m.stack) - 1)
			}
			continue
		}
		op.Push.SetSize(m.width, m.bodyHeight())
		m.stack = append(m.stack, op.Push)
		cmds = append(cmds, op.Push.Init())
	}
	return tea.Batch(cmds...)
}

func (m *Model) setStatus(text string, isErr bool) { m.status, m.statusErr = text, isErr }

func (m *Model) forward(msg tea.Msg) tea.Cmd {
	next, cmd := m.top().Update(msg)
	m.stack[len(m.stack)-1] = next
	return tea.Batch(cmd, m.navigate())
}

// View draws the whole screen: title bar, body, status line, help bar.
func (m *Model) View() string {
	body := m.top().View()
	if m.showHelp {
		body = m.fullHelp()
	}
	body = components.PlaceLines(body, m.bodyHeight())
	if m.palette != nil {
		body = components.Overlay(body, m.palette.View(), m.width, m.bodyHeight())
	}
	return m.titleBar() + "\n" + fit(body, m.width) + "\n" + m.statusLine() + "\n" + m.helpBar()
}

// statusLine is the last message on the left and, on the right, what
// waits elsewhere, naming the tab to read it in. A message that would not
// fit beside that note takes its room while it shows: the next key clears it.
func (m *Model) statusLine() string {
	st := m.env.Styles
	var notes []string // the longest first
	if m.unread > 0 {
		what := "messages"
		if m.unread == 1 {
			what = "message"
		}
		inbox := m.tabOf(isInbox)
		notes = append(notes, fmt.Sprintf("%d unread %s (%s)", m.unread, what, inbox), fmt.Sprintf("%d unread (%s)", m.unread, inbox))
	}
	if n := faxes.UnansweredNote(m.unanswered); n != "" {
		fax := " (" + m.tabOf(isFaxes) + ")"
		if len(notes) == 0 {
			notes = []string{n + fax}
		} else {
			notes = []string{notes[0] + " · " + n + fax, notes[1] + " · " + n + fax, notes[0], notes[1]}
		}
	}
	note := ""
	for _, n := range notes {
		note = n
		if m.status == "" || ansi.StringWidth(m.status)+2+ansi.StringWidth(n) <= m.width {
			break
		}
		note = ""
	}
	if m.status == "" && note == "" {
		return ""
	}
	status := ""
	if m.status != "" {
		s := st.StatusOK
		if m.statusErr {
			s = st.StatusErr
		}
		room := m.width
		if note != "" {
			room = max(0, m.width-ansi.StringWidth(note)-2)
		}
		status = s.Render(components.Truncate(m.status, room))
	}
	if note == "" {
		return status
	}
	gap := max(1, m.width-ansi.StringWidth(status)-ansi.StringWidth(note))
	return status + strings.Repeat(" ", gap) + st.Count.Render(components.Truncate(note, m.width-1))
}

// fit cuts every line of s to width cells: a line wider than the terminal
// would wrap and push the title bar off the screen.
func fit(s string, width int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "")
		}
	}
	return strings.Join(lines, "\n")
}

// helpBar shows the screen's main keys, then the global ones; when the
// line is too narrow for all, the screen's last keys give way first, so
// that "? help" always shows.
func (m *Model) helpBar() string {
	k := m.env.Keys
	if m.showHelp {
		return m.help.ShortHelpView([]key.Binding{key.NewBinding(key.WithKeys("?"), key.WithHelp("?/esc", "close help"))})
	}
	var own []key.Binding
	denied := m.deniedKeys()
	for _, b := range m.top().ShortHelp() {
		if !deniedBinding(b, denied) {
			own = append(own, b) // a key the user may not use is not offered
		}
	}
	var global []key.Binding
	if !m.top().Capturing() {
		global = []key.Binding{k.Help, k.Palette}
		if len(m.stack) == 1 {
			global = append(global, k.Quit)
		}
	}
	for {
		bar := m.help.ShortHelpView(append(append([]key.Binding(nil), own...), global...))
		fits := !strings.HasSuffix(ansi.Strip(bar), "…") && ansi.StringWidth(bar) <= m.width
		if fits || len(own) == 0 {
			return ansi.Truncate(bar, m.width, "")
		}
		own = own[:len(own)-1]
	}
}

func (m *Model) fullHelp() string {
	k := m.env.Keys
	st := m.env.Styles
	denied := m.deniedKeys()
	var groups [][]key.Binding
	for _, g := range m.top().FullHelp() {
		var kept []key.Binding
		for _, b := range g {
			if !deniedBinding(b, denied) {
				kept = append(kept, b)
			}
		}
		groups = append(groups, kept)
	}
	everywhere := []key.Binding{k.Help, k.Palette, k.Back, k.Filter}
	for _, t := range m.tabs {
		everywhere = append(everywhere, t.key)
	}
	groups = append(groups, append(everywhere, k.Quit, k.ForceQuit))
	if len(denied) > 0 {
		// The keys this user may not use, each with the permission missing.
		var no []key.Binding
		for _, a := range denied {
			no = append(no, key.NewBinding(key.WithKeys(a.Key.Keys()...), key.WithHelp(a.Key.Help().Key, "not allowed: needs "+string(a.Need))))
		}
		groups = append(groups, no)
	}
	// Columns side by side while they fit the width, then on below.
	var blocks []string
	row := ""
	for _, g := range groups {
		col := m.help.FullHelpView([][]key.Binding{g})
		next := col
		if row != "" {
			next = lipgloss.JoinHorizontal(lipgloss.Top, row, "   ", col)
		}
		if row != "" && lipgloss.Width(next) > m.width {
			blocks = append(blocks, row)
			next = col
		}
		row = next
	}
	blocks = append(blocks, row)
	return st.BoxTitle.Render("Keys: "+m.top().Title()) + "\n\n" + strings.Join(blocks, "\n\n")
}
