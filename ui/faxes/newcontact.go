package faxes

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// NewContact saves the person a fax goes to, name first, then the number,
// by the rules of a shared number, saying before it saves what will
// happen; then the compose form opens for them.
type NewContact struct {
	components.FormHost
	env   *screen.Env
	chart string

	// The contact of the number last typed, read once per number and not
	// on every keystroke.
	owner      model.Contact
	ownerFax   string
	ownerFound bool
}

var _ screen.Screen = (*NewContact)(nil)

type savedRecipientMsg struct {
	owner *NewContact
	to    To
	err   error
}

// Fields of the new-contact form.
const (
	fieldFirst = "first_name"
	fieldLast  = "last_name"
	fieldGroup = "group"
)

// NewNewContact returns the form; chart is the patient the fax is about.
func NewNewContact(env *screen.Env, chart string) *NewContact {
	n := &NewContact{FormHost: components.NewFormHost(env, "the contact"), env: env, chart: chart}
	form := components.NewForm(env.Styles, env.Keys, "Save a new contact, then send", []components.FieldSpec{
		{Key: fieldFirst, Label: "First name", CharLimit: 100},
		{Key: fieldLast, Label: "Last name", CharLimit: 100},
		{Key: fieldNumber, Label: "Fax number", CharLimit: 40},
		{Key: fieldGroup, Label: "Group name", CharLimit: 200,
			Hint: "when the number is a single contact's, it becomes a group of this name (empty: its organization)"},
	})
	form.Validate = func(v map[string]string) map[string]string {
		p := map[string]string{}
		if model.CleanText(v[fieldFirst]) == "" && model.CleanText(v[fieldLast]) == "" {
			p[fieldFirst] = "a name is needed"
		}
		fax, err := model.ParseFax(v[fieldNumber], env.Region())
		if err != nil {
			p[fieldNumber] = err.Error()
			form.Notice = ""
			return p
		}
		form.Notice, form.NoticeErr = n.outcome(fax, v), false
		return p
	}
	n.SetForm(form)
	return n
}

// outcome says what saving will do with the number fax.
func (n *NewContact) outcome(fax string, v map[string]string) string {
	if fax != n.ownerFax {
		c, found, err := n.env.Store.ContactByFax(n.env.Ctx, fax)
		if err != nil {
			return ""
		}
		n.owner, n.ownerFax, n.ownerFound = c, fax, found
	}
	c, found := n.owner, n.ownerFound
	switch {
	case !found:
		return "A new single contact will be saved."
	case c.Kind == model.Group:
		return fmt.Sprintf("This number is %s's: the person joins that group.", c.GroupName)
	}
	group := model.CleanText(v[fieldGroup])
	if group == "" {
		group = c.DefaultGroupName()
	}
	return fmt.Sprintf("This number is %s's: it becomes the group %s, with both people.", c.DisplayName(), group)
}

// Init: the form is ready at once.
func (n *NewContact) Init() tea.Cmd { return nil }

// Title names the screen.
func (n *NewContact) Title() string { return "New contact" }

// Update handles a message.
func (n *NewContact) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case savedRecipientMsg:
		if msg.owner == n {
			if msg.err != nil {
				return n, n.Saved(msg.err, "", 0)
			}
			n.Saving = false
			n.env.Nav.Pop()
			n.env.Nav.Push(NewCompose(n.env, msg.to, n.chart))
			return n, screen.Status("Saved " + msg.to.Name + ".")
		}
	case tea.KeyMsg:
		if submitted, cmd := n.Key(msg); !submitted {
			return n, cmd
		}
		v := n.Form.Values()
		fax, err := model.ParseFax(v[fieldNumber], n.env.Region())
		if err != nil {
			return n, nil
		}
		person := model.Entity{FirstName: model.CleanText(v[fieldFirst]), LastName: model.CleanText(v[fieldLast])}
		n.Saving = true
		owner, ctx, st, group := n, n.env.Ctx, n.env.Store, model.CleanText(v[fieldGroup])
		return n, func() tea.Msg {
			c, ref, err := st.SaveRecipient(ctx, person, fax, group)
			return savedRecipientMsg{owner, To{ContactID: ref.ContactID, EntityID: ref.EntityID, Name: person.DisplayName(), Number: c.Fax}, err}
		}
	}
	return n, nil
}
