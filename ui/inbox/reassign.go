package inbox

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// reassign passes a message to another user or group, chosen in a
// picker, then asks for an optional note for them. It says beforehand
// when they already have the message.
type reassign struct {
	env     *screen.Env
	it      store.InboxItem
	picker  *components.Picker
	choices []model.Recipient
	d       model.Directory
	has     map[int64]model.MessageState // those who have the message already, and where it stands for them
	to      *model.Recipient             // chosen: the note is asked for
	note    textinput.Model
	err     error
	saving  bool
	width   int
	height  int
}

var _ screen.Screen = (*reassign)(nil)

type (
	directoryMsg struct {
		owner *reassign
		d     model.Directory
		to    []store.MessageRecipient
		err   error
	}
	reassignedMsg struct {
		owner  *reassign
		passed store.Passed
		err    error
	}
)

// noteKey passes the message on with the note typed.
var noteKey = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "pass it on"))

func newReassign(env *screen.Env, it store.InboxItem) *reassign { return &reassign{env: env, it: it} }

func (r *reassign) Init() tea.Cmd {
	owner, env, id := r, r.env, r.it.ID
	return func() tea.Msg {
		d, err := env.Store.Directory(env.Ctx)
		if err != nil {
			return directoryMsg{owner: owner, err: err}
		}
		to, err := env.Store.MessageRecipients(env.Ctx, id)
		return directoryMsg{owner, d, to, err}
	}
}

func (r *reassign) Title() string   { return "Reassign" }
func (r *reassign) Busy() bool      { return (r.picker == nil && r.to == nil && r.err == nil) || r.saving }
func (r *reassign) Capturing() bool { return r.picker != nil || r.to != nil }
func (r *reassign) SetSize(w, h int) {
	r.width, r.height = w, h
	if r.picker != nil {
		r.picker.SetSize(w, h)
	}
	r.note.Width = max(10, w-3)
}

func (r *reassign) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case directoryMsg:
		if msg.owner != r {
			break
		}
		if r.err = msg.err; r.err != nil {
			break
		}
		r.has = map[int64]model.MessageState{}
		for _, m := range msg.to {
			r.has[m.UserID] = m.State
		}
		r.open(msg.d)
	case reassignedMsg:
		if msg.owner != r {
			break
		}
		r.saving = false
		if msg.err != nil {
			r.err = msg.err
			return r, nil
		}
		r.env.Nav.Pop()
		done := screen.Done(passedText(r.it.ID, msg.passed), nil, 0)
		return r, func() tea.Msg { return done }
	case tea.KeyMsg:
		switch {
		case r.saving:
			return r, nil
		case r.to != nil:
			return r, r.noteKey(msg)
		case r.picker == nil:
			if key.Matches(msg, r.env.Keys.Back) {
				r.env.Nav.Pop()
			}
			return r, nil
		}
		chosen, closed, cmd := r.picker.Update(msg)
		if !closed {
			return r, cmd
		}
		if chosen < 0 {
			r.env.Nav.Pop()
			return r, nil
		}
		r.askNote(r.choices[chosen])
	}
	return r, nil
}

// passedText says who a message went to, and who of them had it already.
func passedText(id int64, p store.Passed) string {
	names := func(us []store.RoutedUser) string {
		var n []string
		for _, u := range us {
			n = append(n, model.Printable(u.Name))
		}
		return strings.Join(n, ", ")
	}
	s := fmt.Sprintf("Message %d passed to %s.", id, names(p.To))
	if len(p.Had) > 0 {
		s += " Already with " + names(p.Had) + ": it is unread for them now."
	}
	return s
}

// askNote asks for the optional note for the recipient chosen.
func (r *reassign) askNote(to model.Recipient) {
	r.picker, r.to = nil, &to
	r.note = textinput.New()
	r.note.Prompt = "" // "> " marks a list's selection
	r.note.Placeholder = "optional: what they should know or do"
	r.note.CharLimit = 300
	r.note.Width = max(10, r.width-3)
	r.note.Cursor.SetMode(cursor.CursorStatic)
	r.note.Cursor.Style = r.env.Styles.Renderer.NewStyle().Reverse(true)
	r.note.PlaceholderStyle = r.env.Styles.Dim
	r.note.Focus()
}

func (r *reassign) noteKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case msg.Type == tea.KeyEsc:
		// Back to the choice of recipient, the note dropped.
		r.to = nil
		r.open(r.d)
		return nil
	case msg.Type == tea.KeyEnter:
		to, note := *r.to, r.note.Value()
		r.saving = true
		owner, a, id := r, actingFor(r.env), r.it.ID
		return func() tea.Msg {
			got, err := a.st.Reassign(a.ctx, id, a.uid, to, note)
			return reassignedMsg{owner, got, err}
		}
	}
	var cmd tea.Cmd
	r.note, cmd = r.note.Update(msg)
	return cmd
}

// open offers the groups, then every other active user, saying who has
// the message already.
func (r *reassign) open(d model.Directory) {
	r.d = d
	r.choices = nil
	var items []components.PickerItem
	for _, g := range d.SortedGroups() {
		items = append(items, components.PickerItem{Title: g.Name, Detail: fmt.Sprintf("group of %d", len(g.Members))})
		r.choices = append(r.choices, model.Recipient{GroupID: g.ID})
	}
	for _, u := range d.SortedUsers() {
		if !u.Active || u.ID == r.env.User().ID {
			continue
		}
		detail := string(u.Kind)
		if _, ok := r.has[u.ID]; ok {
			detail += " · has it already"
		}
		items = append(items, components.PickerItem{Title: u.Name, Detail: detail, Search: u.Username})
		r.choices = append(r.choices, model.Recipient{UserID: u.ID})
	}
	r.picker = components.NewPicker(r.env.Styles, r.env.Keys, fmt.Sprintf("Pass message %d (%s) to whom?", r.it.ID, model.Printable(r.it.Patient)), items)
	r.picker.SetSize(r.width, r.height)
}

// already lists those of the chosen recipients who have the message, and
// where it stands for them ("Amy Ng (read)").
func (r *reassign) already(to model.Recipient) []string {
	ids := []int64{to.UserID}
	if to.UserID == 0 {
		ids = r.d.Groups[to.GroupID].Members
	}
	var out []string
	for _, id := range ids {
		u := r.d.Users[id]
		if st, ok := r.has[id]; ok && u.Active && id != r.env.User().ID {
			out = append(out, fmt.Sprintf("%s (%s)", model.Printable(u.Name), st))
		}
	}
	return out
}

func (r *reassign) View() string {
	st := r.env.Styles
	switch {
	case r.err != nil:
		return st.Error.Render(components.Truncate(screen.Sentence(r.err.Error())+". esc goes back.", r.width))
	case r.to != nil:
		name := model.Printable(r.d.RecipientName(*r.to))
		lines := []string{st.BoxTitle.Render(components.Truncate(fmt.Sprintf("Pass message %d (%s) to %s", r.it.ID,
			model.Printable(r.it.Patient), name), r.width)), ""}
		if had := r.already(*r.to); len(had) > 0 {
			lines = append(lines, st.Hint.Render(components.Truncate("Already has this message: "+strings.Join(had, ", ")+".", r.width)),
				st.Dim.Render(components.Truncate("It will be unread for them.", r.width)), "")
		}
		field := st.Dim.Render("[") + r.note.View() + strings.Repeat(" ", max(0, r.note.Width-lipgloss.Width(r.note.View()))) + st.Dim.Render("]")
		lines = append(lines, st.Label.Render(components.Truncate("A note for "+name+" (optional):", r.width)), field, "",
			st.Dim.Render(components.Truncate("The others it is open for will see that "+name+" has it.", r.width)))
		if r.saving {
			lines = append(lines, st.Dim.Render("Passing it on…"))
		}
		return strings.Join(lines, "\n")
	case r.picker == nil:
		return st.Dim.Render("Reading the staff…")
	}
	return r.picker.View()
}

func (r *reassign) ShortHelp() []key.Binding {
	if r.to != nil {
		back := r.env.Keys.Back
		back.SetHelp(back.Help().Key, "choose again")
		return []key.Binding{noteKey, back}
	}
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")), r.env.Keys.Back}
}
func (r *reassign) FullHelp() [][]key.Binding { return [][]key.Binding{r.ShortHelp()} }
func (r *reassign) Actions() []screen.Action  { return nil }
