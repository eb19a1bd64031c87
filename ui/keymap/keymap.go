// Package keymap defines every key binding of frontdesk, in one place, so
// that help, the command palette and the screens agree.
package keymap

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the set of bindings of one session. Build it with Default; each
// session owns its copy.
type KeyMap struct {
	// Global keys.
	Help      key.Binding
	Quit      key.Binding
	ForceQuit key.Binding
	Back      key.Binding
	Filter    key.Binding
	Palette   key.Binding
	Contacts  key.Binding
	Patients  key.Binding
	Employers key.Binding
	Faxes     key.Binding
	Routing   key.Binding
	Inbox     key.Binding
	Shares    key.Binding

	// Moving in lists.
	Up       key.Binding
	Down     key.Binding
	Top      key.Binding
	Bottom   key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Open     key.Binding

	// Contacts.
	New           key.Binding
	Edit          key.Binding
	Delete        key.Binding
	Switch        key.Binding
	Export        key.Binding
	Import        key.Binding
	ImportHistory key.Binding
	Demo          key.Binding
	AddPerson     key.Binding
	Link          key.Binding
	History       key.Binding
	Fax           key.Binding
	Deleted       key.Binding
	Restore       key.Binding
	Merge         key.Binding

	// Staff: a user's SSH keys.
	AddKey    key.Binding
	RemoveKey key.Binding

	// Settings: try the sharing's mail and SMS settings as typed.
	TestMail key.Binding
	TestSMS  key.Binding

	// Forms and dialogs.
	NextField key.Binding
	PrevField key.Binding
	Save      key.Binding
	Cancel    key.Binding // esc in a form: leave it without saving
	Yes       key.Binding
	No        key.Binding
}

// Default returns frontdesk's bindings (the README's "Keys": those that
// work everywhere, then each screen's).
func Default() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Help:      b("?", "help", "?"),
		Quit:      b("q", "quit", "q"),
		ForceQuit: b("ctrl+c", "quit now", "ctrl+c"),
		Back:      b("esc", "back", "esc"),
		Filter:    b("/", "filter", "/"),
		Palette:   b(":", "commands", ":", "ctrl+k"),
		Contacts:  b("1", "contacts", "1", "alt+1"),
		Patients:  b("2", "patients", "2", "alt+2"),
		Employers: b("3", "employers", "3", "alt+3"),
		Faxes:     b("4", "faxes", "4", "alt+4"),
		Routing:   b("5", "routing", "5", "alt+5"),
		Inbox:     b("6", "inbox", "6", "alt+6"),
		Shares:    b("7", "shares", "7", "alt+7"),

		Up:       b("↑/k", "up", "up", "k", "ctrl+p"),
		Down:     b("↓/j", "down", "down", "j", "ctrl+n"),
		Top:      b("g", "first", "g", "home"),
		Bottom:   b("G", "last", "G", "end"),
		PageUp:   b("pgup", "page up", "pgup", "ctrl+u"),
		PageDown: b("pgdn", "page down", "pgdown", "ctrl+d"),
		Open:     b("enter", "open", "enter"),

		New:           b("n", "new contact", "n"),
		Edit:          b("e", "edit", "e"),
		Delete:        b("d", "delete", "d"),
		Switch:        b("m", "group/single", "m"),
		Export:        b("x", "export", "x"),
		Import:        b("i", "import CSV", "i"),
		ImportHistory: b("I", "import history", "I"),
		Demo:          b("D", "load demo data", "D"),
		AddPerson:     b("a", "add person", "a"),
		Link:          b("p", "link to patient/employer", "p"),
		History:       b("h", "fax history", "h"),
		Fax:           b("f", "send fax", "f"),
		Deleted:       b("R", "deleted contacts", "R"),
		Restore:       b("r", "restore", "r"),
		Merge:         b("M", "merge/join group", "M"),

		AddKey:    b("n", "add key", "n"),
		RemoveKey: b("d", "remove key", "d"),

		TestMail: b("ctrl+t", "test mail", "ctrl+t"),
		TestSMS:  b("ctrl+g", "test SMS", "ctrl+g"),

		NextField: b("tab/↓", "next field", "tab", "down"),
		PrevField: b("shift+tab/↑", "previous field", "shift+tab", "up"),
		Save:      b("ctrl+s", "save", "ctrl+s"),
		Cancel:    b("esc", "cancel", "esc"),
		Yes:       b("y", "yes", "y", "Y"),
		No:        b("n/esc", "no", "n", "N", "esc"),
	}
}
