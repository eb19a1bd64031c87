// Package inbox is the Inbox screen: the acting user's messages from
// patients, unread first; a message's page, marking it done, passing it
// to someone else; and the form for a message taken by phone.
package inbox

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// List is the Inbox screen.
type List struct {
	env    *screen.Env
	items  []store.InboxItem
	loaded bool
	err    error
	gen    int
	cursor int
	offset int
	width  int
	height int
}

var _ screen.Screen = (*List)(nil)

type itemsMsg struct {
	owner *List
	gen   int
	items []store.InboxItem
	err   error
}

var (
	doneKey     = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "done"))
	unreadKey   = key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unread"))
	reassignKey = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reassign"))
)

// NewList returns the Inbox screen; Init reads the messages.
func NewList(env *screen.Env) *List { return &List{env: env} }

// Init reads the messages.
func (l *List) Init() tea.Cmd { return l.load() }

func (l *List) load() tea.Cmd {
	l.gen++
	owner, gen, ctx, st, uid := l, l.gen, l.env.Ctx, l.env.Store, l.env.User().ID
	return func() tea.Msg {
		if uid == 0 {
			return itemsMsg{owner: owner, gen: gen}
		}
		items, err := st.Inbox(ctx, uid)
		return itemsMsg{owner, gen, items, err}
	}
}

// Title names the screen.
func (l *List) Title() string { return "Inbox" }

// Busy reports the first read.
func (l *List) Busy() bool { return !l.loaded && l.err == nil }

// Capturing: no text field.
func (l *List) Capturing() bool { return false }

// SetSize sets the screen's size.
func (l *List) SetSize(w, h int) { l.width, l.height = w, h; l.scroll() }

func (l *List) rowsShown() int { return max(1, l.height-3) }

// Update handles a message.
func (l *List) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case itemsMsg:
		if msg.owner != l || msg.gen != l.gen {
			return l, nil
		}
		var sel int64
		if it, ok := l.selected(); ok {
			sel = it.ID
		}
		l.loaded, l.err, l.items = true, msg.err, msg.items
		for i, it := range l.items {
			if it.ID == sel {
				l.cursor = i
			}
		}
		l.cursor = max(0, min(l.cursor, len(l.items)-1))
		l.scroll()
	case screen.DataChangedMsg:
		return l, l.load()
	case tea.KeyMsg:
		return l, l.key(msg)
	}
	return l, nil
}

func (l *List) selected() (store.InboxItem, bool) {
	if l.cursor < 0 || l.cursor >= len(l.items) {
		return store.InboxItem{}, false
	}
	return l.items[l.cursor], true
}

func (l *List) scroll() {
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if n := l.rowsShown(); l.cursor >= l.offset+n {
		l.offset = l.cursor - n + 1
	}
}

func (l *List) key(msg tea.KeyMsg) tea.Cmd {
	k := l.env.Keys
	switch {
	case key.Matches(msg, k.Up):
		l.cursor = max(0, l.cursor-1)
	case key.Matches(msg, k.Down):
		l.cursor = max(0, min(len(l.items)-1, l.cursor+1))
	case key.Matches(msg, k.PageUp):
		l.cursor = max(0, l.cursor-l.rowsShown())
	case key.Matches(msg, k.PageDown):
		l.cursor = max(0, min(len(l.items)-1, l.cursor+l.rowsShown()))
	case key.Matches(msg, k.Top):
		l.cursor = 0
	case key.Matches(msg, k.Bottom):
		l.cursor = max(0, len(l.items)-1)
	case key.Matches(msg, k.New):
		l.env.Nav.Push(NewTake(l.env))
	case key.Matches(msg, k.Open):
		it, ok := l.selected()
		if !ok {
			return screen.Status("No message selected.")
		}
		l.env.Nav.Push(NewPage(l.env, it))
	case key.Matches(msg, doneKey), key.Matches(msg, unreadKey):
		it, ok := l.selected()
		if !ok {
			return screen.Status("No message selected.")
		}
		state := model.MessageDone
		if key.Matches(msg, unreadKey) {
			state = model.MessageUnread
		}
		return mark(l.env, it, state)
	case key.Matches(msg, reassignKey):
		it, ok := l.selected()
		if !ok {
			return screen.Status("No message selected.")
		}
		l.env.Nav.Push(newReassign(l.env, it))
	}
	l.scroll()
	return nil
}

// acting is what a command needs of the session to act for its user,
// copied out of the session's environment (which the app changes as it
// runs) before the command starts.
type acting struct {
	ctx context.Context
	st  *store.Store
	uid int64
}

func actingFor(env *screen.Env) acting { return acting{env.Ctx, env.Store, env.User().ID} }

// mark sets where a message stands for the acting user.
func mark(env *screen.Env, it store.InboxItem, state model.MessageState) tea.Cmd {
	a := actingFor(env)
	return func() tea.Msg {
		err := a.st.MarkMessage(a.ctx, it.ID, a.uid, state)
		return screen.Done(fmt.Sprintf("Message %d from %s is %s.", it.ID, model.Printable(it.Patient), state), err, 0)
	}
}

// View draws the messages, unread first.
func (l *List) View() string {
	st := l.env.Styles
	w, subject := []int{11, 20, 14, 0, l.stateWidth(22)}, 10
	if l.width < 72 {
		w, subject = []int{11, 16, 12, 0, l.stateWidth(14)}, 8
	}
	// A wide State ("Dr. Ana Ruiz has it") takes its room from the patient
	// and the category before the subject's.
	for over := w[0] + w[1] + w[2] + w[4] + 5 + subject - l.width; over > 0 && (w[1] > 12 || w[2] > 10); over-- {
		if w[1]-12 >= w[2]-10 {
			w[1]--
		} else {
			w[2]--
		}
	}
	w[3] = max(8, components.Room(l.width, 5)-w[0]-w[1]-w[2]-w[4])
	head := components.TableHeader(st, []string{"Received", "Patient", "Category", "Subject", "State"}, w, l.width)
	var body string
	switch {
	case l.env.User().ID == 0:
		body = st.Dim.Render("No staff yet: messages are routed to users once the database has them.")
	case l.err != nil:
		body = st.Error.Render(screen.Sentence("the inbox cannot be read: " + l.err.Error()))
	case !l.loaded:
		body = st.Dim.Render("Reading your messages…")
	case len(l.items) == 0:
		body = st.BoxTitle.Render("No messages for you.")
	default:
		var lines []string
		for i := l.offset; i < len(l.items) && i < l.offset+l.rowsShown(); i++ {
			it := l.items[i]
			look := st.ListRow(i == l.cursor)
			switch it.State {
			case model.MessageUnread:
				look = look.Own(st.Row.Bold(true))
			case model.MessageDone: // done, or handled by someone else
				look = look.Own(st.Dim)
			}
			subject := it.Subject
			if subject == "" {
				subject = it.Body
			}
			lines = append(lines, components.Row([]string{it.Received.Local().Format("01-02 15:04"), it.Patient + " " + it.Chart,
				it.Category, subject, handling(it).Short()}, w, look, "", l.width))
		}
		body = strings.Join(lines, "\n")
	}
	unread := 0
	for _, it := range l.items {
		if it.State == model.MessageUnread {
			unread++
		}
	}
	who := l.env.User().Name
	top := st.Dim.Render(components.Truncate(fmt.Sprintf("Messages for %s · %d unread · n takes one by phone", who, unread), l.width))
	foot := st.Count.Render(fmt.Sprintf("%d/%d", min(l.cursor+1, len(l.items)), len(l.items)))
	return top + "\n" + head + "\n" + components.PlaceLines(body, l.rowsShown()) + "\n" + foot
}

// handling is where a message stands for the acting user, the others
// named by name.
func handling(it store.InboxItem) model.Handling {
	return it.Handling(func(u store.RoutedUser) string { return model.Printable(u.Name) })
}

// stateWidth is the State column's width: as wide as the longest state
// shown ("Dr. Ana Ruiz has it"), up to most.
func (l *List) stateWidth(most int) int {
	w := len("State")
	for i := l.offset; i < len(l.items) && i < l.offset+l.rowsShown(); i++ {
		w = max(w, lipgloss.Width(handling(l.items[i]).Short()))
	}
	return min(w, most)
}

// ShortHelp is the help bar's content.
func (l *List) ShortHelp() []key.Binding {
	k := l.env.Keys
	newMsg := k.New
	newMsg.SetHelp(newMsg.Help().Key, "new message")
	return []key.Binding{k.Open, doneKey, reassignKey, newMsg, unreadKey}
}

// FullHelp is the help screen's content.
func (l *List) FullHelp() [][]key.Binding {
	k := l.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, l.ShortHelp()}
}

// Actions are the screen's commands for the palette.
func (l *List) Actions() []screen.Action {
	k := l.env.Keys
	none := ""
	if _, ok := l.selected(); !ok {
		none = "no message selected"
	}
	return []screen.Action{
		{Name: "Open the message", Key: k.Open, Disabled: none},
		{Name: "Mark the message done", Key: doneKey, Disabled: none},
		{Name: "Mark the message unread", Key: unreadKey, Disabled: none},
		{Name: "Reassign the message to another user or group", Key: reassignKey, Disabled: none},
		{Name: "Take a patient's message by phone", Key: k.New, Need: model.PermMessages},
	}
}
