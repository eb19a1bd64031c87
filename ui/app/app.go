// Package app is the root of the terminal interface: the stack of screens,
// the title bar, the status line, the help bar, the full help, the command
// palette and the keys that work everywhere.
package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/audit"
	"frontdesk/ui/components"
	"frontdesk/ui/contacts"
	"frontdesk/ui/employers"
	"frontdesk/ui/faxes"
	"frontdesk/ui/inbox"
	"frontdesk/ui/patients"
	"frontdesk/ui/routing"
	"frontdesk/ui/screen"
	"frontdesk/ui/settings"
	"frontdesk/ui/shares"
	"frontdesk/ui/staff"
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

// tab is a top-level screen, reached by its number.
type tab struct {
	name  string
	short string // the name when the title bar is short of room
	key   key.Binding
	root  screen.Screen
}

type (
	unreadMsg struct {
		n          int
		session    screen.Session // the acting user (roles, active) and settings as saved now
		unanswered int            // faxes waiting for a gateway that has not answered
	}
)

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
	tabs := []tab{
		{"Contacts", "Cont", env.Keys.Contacts, contacts.NewList(env)},
		{"Patients", "Pat", env.Keys.Patients, patients.NewList(env)},
		{"Employers", "Empl", env.Keys.Employers, employers.NewList(env)},
		{"Faxes", "Fax", env.Keys.Faxes, faxes.NewList(env, faxes.Filter{})},
		{"Routing", "Route", env.Keys.Routing, routing.New(env)},
		{"Inbox", "Inbox", env.Keys.Inbox, inbox.NewList(env)},
		{"Shares", "Shr", env.Keys.Shares, shares.NewList(env)},
	}
	return &Model{env: env, tabs: tabs, stack: []screen.Screen{tabs[0].root}, help: h, width: 80, height: 24, waits: waits}
}

// waitMsg is what a write of this session waits for, "" when it is over.
type waitMsg string

// listenWaits waits for the next notice of a write waiting for the lock.
func (m *Model) listenWaits() tea.Cmd {
	ctx, waits := m.env.Ctx, m.waits
	return func() tea.Msg {
		select {
		case w := <-waits:
			return waitMsg(w)
		case <-ctx.Done():
			return nil
		}
	}
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

// awaitChange waits for the watcher's next change; nothing comes once the
// subscription is closed.
func (m *Model) awaitChange() tea.Cmd {
	if m.changes == nil {
		return nil
	}
	c := m.changes.C()
	return func() tea.Msg {
		if ch, ok := <-c; ok {
			return ch
		}
		return nil
	}
}

// countUnread reads how many messages the acting user has not read, and
// the user and the settings again: an admin may have changed their roles,
// another session the clinic's region.
func (m *Model) countUnread() tea.Cmd {
	ctx, st, now := m.env.Ctx, m.env.Store, m.env.Session()
	return func() tea.Msg {
		region, err := st.Region(ctx)
		if err != nil {
			return nil // a busy moment: the next change reads again
		}
		now.Region = region
		if now.User.ID == 0 {
			return screen.SessionMsg{Session: now}
		}
		u, err := st.User(ctx, now.User.ID)
		if err != nil {
			return nil
		}
		now.User = u
		n, err := st.UnreadCount(ctx, u.ID)
		if err != nil {
			return nil
		}
		waiting, _ := st.Unanswered(ctx, faxes.UnansweredAfter)
		return unreadMsg{n, now, waiting}
	}
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

// applySession makes s the session's user and settings, and tells every
// screen when they changed. Commands already running keep what they copied.
func (m *Model) applySession(s screen.Session) tea.Cmd {
	if sameSession(s, m.env.Session()) {
		return nil
	}
	m.env.Apply(s)
	return m.broadcast(screen.SessionMsg{Session: s})
}

func sameSession(a, b screen.Session) bool {
	return a.Region == b.Region && a.User.ID == b.User.ID && a.User.Name == b.User.Name &&
		a.User.Username == b.User.Username && a.User.Kind == b.User.Kind && a.User.Active == b.User.Active &&
		slices.Equal(a.User.Roles, b.User.Roles)
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

// globalActions are the palette's commands available on every screen.
func (m *Model) globalActions() []screen.Action {
	k := m.env.Keys
	quit := ""
	if len(m.stack) > 1 {
		quit = "esc back to the top screen first"
	}
	return []screen.Action{
		{Name: "Go to Contacts", Key: k.Contacts},
		{Name: "Go to Patients", Key: k.Patients},
		{Name: "Go to Employers", Key: k.Employers},
		{Name: "Go to Faxes", Key: k.Faxes},
		{Name: "Go to Routing", Key: k.Routing},
		{Name: "Go to Inbox", Key: k.Inbox},
		{Name: "Go to Shares: documents shared with contacts", Key: k.Shares},
		{Name: "Settings: faxes, sharing, the clinic's name and fax", Open: func() screen.Screen { return settings.New(m.env) },
			Disabled: notAllowed(m.env, model.PermSettings)},
		{Name: "Staff: users, groups and roles", Open: func() screen.Screen { return staff.New(m.env) },
			Disabled: notAllowed(m.env, model.PermStaff)},
		{Name: "Audit log: who changed what", Open: func() screen.Screen { return audit.NewList(m.env) },
			Disabled: takesRole(m.env, model.PermAudit)},
		{Name: "Help: keys of this screen", Key: k.Help},
		{Name: "Quit", Key: k.Quit, Disabled: quit},
	}
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

// deniedBinding reports whether b is the key of one of the denied actions.
func deniedBinding(b key.Binding, denied []screen.Action) bool {
	for _, a := range denied {
		if strings.Join(a.Key.Keys(), " ") == strings.Join(b.Keys(), " ") {
			return true
		}
	}
	return false
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
	groups = append(groups, []key.Binding{k.Help, k.Palette, k.Back, k.Filter, k.Contacts, k.Patients, k.Employers, k.Faxes,
		k.Routing, k.Inbox, k.Shares, k.Quit, k.ForceQuit})
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
