package inbox

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// reassign passes a message to another user or group, chosen in a picker.
type reassign struct {
	env     *screen.Env
	it      store.InboxItem
	picker  *components.Picker
	choices []model.Recipient
	names   []string
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
		err   error
	}
	reassignedMsg struct {
		owner *reassign
		to    []store.RoutedUser
		err   error
	}
)

func newReassign(env *screen.Env, it store.InboxItem) *reassign { return &reassign{env: env, it: it} }

func (r *reassign) Init() tea.Cmd {
	owner, env := r, r.env
	return func() tea.Msg {
		d, err := env.Store.Directory(env.Ctx)
		return directoryMsg{owner, d, err}
	}
}

func (r *reassign) Title() string   { return "Reassign" }
func (r *reassign) Busy() bool      { return (r.picker == nil && r.err == nil) || r.saving }
func (r *reassign) Capturing() bool { return r.picker != nil }
func (r *reassign) SetSize(w, h int) {
	r.width, r.height = w, h
	if r.picker != nil {
		r.picker.SetSize(w, h)
	}
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
		var names []string
		for _, u := range msg.to {
			names = append(names, u.Name)
		}
		r.env.Nav.Pop()
		done := screen.Done(fmt.Sprintf("Message %d passed to %s.", r.it.ID, strings.Join(names, ", ")), nil, 0)
		return r, func() tea.Msg { return done }
	case tea.KeyMsg:
		if r.picker == nil {
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
		to := r.choices[chosen]
		r.picker, r.saving = nil, true
		owner, env, id := r, r.env, r.it.ID
		return r, func() tea.Msg {
			got, err := env.Store.Reassign(env.Ctx, id, env.User.ID, to)
			return reassignedMsg{owner, got, err}
		}
	}
	return r, nil
}

// open offers the groups, then every other active user.
func (r *reassign) open(d model.Directory) {
	var items []components.PickerItem
	for _, g := range d.SortedGroups() {
		items = append(items, components.PickerItem{Title: g.Name, Detail: fmt.Sprintf("group of %d", len(g.Members))})
		r.choices = append(r.choices, model.Recipient{GroupID: g.ID})
	}
	for _, u := range d.SortedUsers() {
		if !u.Active || u.ID == r.env.User.ID {
			continue
		}
		items = append(items, components.PickerItem{Title: u.Name, Detail: string(u.Kind), Search: u.Username})
		r.choices = append(r.choices, model.Recipient{UserID: u.ID})
	}
	r.picker = components.NewPicker(r.env.Styles, r.env.Keys, fmt.Sprintf("Pass message %d (%s) to whom?", r.it.ID, r.it.Patient), items)
	r.picker.SetSize(r.width, r.height)
}

func (r *reassign) View() string {
	switch {
	case r.err != nil:
		return r.env.Styles.Error.Render(screen.Sentence(r.err.Error()) + ". esc goes back.")
	case r.picker == nil:
		return r.env.Styles.Dim.Render("Reading the staff…")
	}
	return r.picker.View()
}

func (r *reassign) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "pass it on")), r.env.Keys.Back}
}
func (r *reassign) FullHelp() [][]key.Binding { return [][]key.Binding{r.ShortHelp()} }
func (r *reassign) Actions() []screen.Action  { return nil }
