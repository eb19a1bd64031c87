// Package screen is the contract between the root model and the screens:
// the Screen interface, the environment a screen is built with, and the
// messages screens send to navigate and to report.
package screen

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/contactindex"
	"frontdesk/files"
	"frontdesk/model"
	"frontdesk/sharing"
	"frontdesk/store"
	"frontdesk/ui/keymap"
	"frontdesk/ui/theme"
	"frontdesk/watch"
)

// Screen is one screen of the application. The root forwards messages only
// to the screen on top of its stack.
type Screen interface {
	Init() tea.Cmd
	Update(tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	// Title names the screen in the breadcrumb.
	Title() string
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// Capturing reports whether a text input has the focus: then every
	// printable key is text, and the root keeps none for itself.
	Capturing() bool
	// Actions are what the command palette offers on this screen.
	Actions() []Action
	// Busy reports that the screen waits for background work whose result
	// changes what a key would do (a reload after a save, a search). The
	// root holds keys back until it is done, so that "save, then enter"
	// typed ahead opens what was saved and not what was there before.
	Busy() bool
}

// Action is a command the palette can run. Running it sends Key to the
// screen, as if it had been pressed.
type Action struct {
	Name string
	Key  key.Binding
	// Disabled says why the action cannot run now; empty when it can.
	Disabled string
	// Open, when set, is what the action does instead of pressing Key: it
	// returns a screen to open (an action of the palette alone).
	Open func() Screen
	// Need is the permission the action needs: without it, the key is
	// refused with the reason, and the palette shows it disabled.
	Need model.Permission
}

// Env is what every screen of a session shares. It does not change once
// the session has started, so that a command running on its own goroutine
// may read it: the acting user and the clinic's settings, which can change
// meanwhile, are a snapshot behind User and Region, replaced whole by the
// root when a SessionMsg brings new ones.
type Env struct {
	Store  *store.Store
	Styles *theme.Styles
	Keys   keymap.KeyMap
	// Ctx carries the session's user for the audit log.
	Ctx context.Context
	// Nav opens and closes screens.
	Nav *Nav
	// WorkDir is where file fields start and what relative paths are read
	// against; empty means the process's working folder, shown in full.
	WorkDir string
	// Files is where file fields read and exports write: nil is the
	// local disk; over SSH, the user's own folder and nothing outside it.
	Files *files.Folder
	// Watch is the process's watcher, shared by every session: the
	// session hears of every change through it. nil: the session sees
	// only its own changes.
	Watch watch.Watcher
	// Contacts is the process's contact list, shared read-only by every
	// session. nil: the Contacts screen loads a list of its own.
	Contacts *contactindex.Index
	// Start is the acting user and the settings the session begins with.
	Start Session
	// Sharing resends and revokes shares. nil: a service on Store with
	// the mail and SMS senders of the clinic's settings.
	Sharing *sharing.Service

	current atomic.Pointer[Session] // nil until the first SessionMsg
}

// Session is what of a session can change while it runs: the acting user
// (an admin may change their roles) and the clinic's settings (another
// session may change them). A Session is never modified once made: a new
// one replaces it.
type Session struct {
	// User is the acting user. A zero User (a database without an admin
	// yet, where nothing is checked) may do everything.
	User model.User
	// Region is the clinic's default region for phone numbers.
	Region string
}

// SessionMsg brings the acting user and the settings as they are now. The
// root applies it to the Env, then every screen sees it.
type SessionMsg struct{ Session Session }

// Session returns the acting user and the settings as they are now.
func (e *Env) Session() Session {
	if s := e.current.Load(); s != nil {
		return *s
	}
	return e.Start
}

// User is the acting user, as they are now.
func (e *Env) User() model.User { return e.Session().User }

// Region is the clinic's default region for phone numbers, as it is now.
func (e *Env) Region() string { return e.Session().Region }

// Apply makes s the session's user and settings. Only the root calls it,
// from Update, when a SessionMsg arrives; the Session is not changed after.
func (e *Env) Apply(s Session) {
	s.User.Roles = slices.Clone(s.User.Roles)
	e.current.Store(&s)
}

// SharingService is the session's sharing service: Sharing, or one on
// Store.
func (e *Env) SharingService() *sharing.Service {
	if e.Sharing != nil {
		return e.Sharing
	}
	return &sharing.Service{Store: e.Store}
}

// Can reports whether the acting user may do what p allows.
func (e *Env) Can(p model.Permission) bool {
	u := e.User()
	return p == "" || u.ID == 0 || u.Can(p)
}

// Denied is why the acting user may not do what p allows, as a sentence
// for the status line; "" when they may.
func (e *Env) Denied(p model.Permission) string {
	if e.Can(p) {
		return ""
	}
	return "You may not " + string(p) + ": that takes the role " + model.RolesFor(p) + "."
}

// Nav is the stack of screens as a screen sees it. A push or pop asked for
// during Update takes effect as soon as Update returns, before the next key
// is read: a key typed right after enter goes to the screen enter opened.
type Nav struct{ ops []NavOp }

// NavOp is one change of the stack: Push a screen, or else Pop the top one,
// or all but the first when Home is set.
type NavOp struct {
	Push Screen
	Home bool
}

// Push opens s on top of the current screen.
func (n *Nav) Push(s Screen) { n.ops = append(n.ops, NavOp{Push: s}) }

// Pop closes the current screen.
func (n *Nav) Pop() { n.ops = append(n.ops, NavOp{}) }

// Home closes every screen above the first.
func (n *Nav) Home() { n.ops = append(n.ops, NavOp{Home: true}) }

// Take returns the changes asked for since the last call, and forgets them.
func (n *Nav) Take() []NavOp {
	ops := n.ops
	n.ops = nil
	return ops
}

// Navigation and reporting messages.
type (
	// StatusMsg shows a line of news in the status line.
	StatusMsg struct {
		Text string
		Err  bool
	}
	// BlurMsg comes before a command of the palette: a screen typing into
	// a field of its own (a filter) stops, so that the command's key acts.
	BlurMsg struct{}
	// DataChangedMsg tells every open screen that the database changed,
	// in this session or another: reload what is shown. Select, when not
	// zero, is the contact the list should select. Elsewhere says the
	// change was made by another session or process: the reload must not
	// hold back the keys typed meanwhile, which act on what is shown.
	DataChangedMsg struct {
		Select    int64
		Elsewhere bool
	}
	// DoneMsg reports a change this session made: the root shows Text (or
	// Err) in the status line and tells every screen to reload.
	DoneMsg struct {
		Text   string
		Err    error
		Select int64
	}
)

// Done returns the message of a finished change.
func Done(text string, err error, selectID int64) tea.Msg {
	return DoneMsg{Text: text, Err: err, Select: selectID}
}

// Status returns a command that shows text in the status line.
func Status(text string) tea.Cmd { return func() tea.Msg { return StatusMsg{Text: text} } }

// Error returns a command that shows err in the status line.
func Error(err error) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: Sentence(err.Error()), Err: true} }
}

// Sentence capitalises the first letter of s ("émilie…" -> "Émilie…").
func Sentence(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// KeyMsg returns the key press that triggers b (its first key).
func KeyMsg(b key.Binding) tea.KeyMsg {
	keys := b.Keys()
	if len(keys) == 0 {
		return tea.KeyMsg{}
	}
	k := keys[0]
	for t, name := range keyNames {
		if name == k {
			return tea.KeyMsg{Type: t}
		}
	}
	alt := false
	if rest, ok := strings.CutPrefix(k, "alt+"); ok {
		alt, k = true, rest
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k), Alt: alt}
}

var keyNames = map[tea.KeyType]string{
	tea.KeyEnter: "enter", tea.KeyEsc: "esc", tea.KeyTab: "tab", tea.KeyShiftTab: "shift+tab",
	tea.KeyUp: "up", tea.KeyDown: "down", tea.KeyPgUp: "pgup", tea.KeyPgDown: "pgdown",
	tea.KeyHome: "home", tea.KeyEnd: "end", tea.KeyCtrlS: "ctrl+s", tea.KeyCtrlK: "ctrl+k",
	tea.KeyCtrlC: "ctrl+c", tea.KeyCtrlU: "ctrl+u", tea.KeyCtrlD: "ctrl+d", tea.KeyCtrlN: "ctrl+n",
	tea.KeyCtrlP: "ctrl+p", tea.KeyDelete: "delete", tea.KeyBackspace: "backspace",
	tea.KeyCtrlT: "ctrl+t", tea.KeyCtrlG: "ctrl+g",
}
