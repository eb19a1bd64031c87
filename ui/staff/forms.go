package staff

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// userForm adds or edits a user: name, login, kind, roles, active.
type userForm struct {
	components.FormHost
	env  *screen.Env
	base model.User
}

type userSavedMsg struct {
	owner *userForm
	u     model.User
	err   error
}

const (
	fName     = "name"
	fUsername = "username"
	fKind     = "kind"
	fRoles    = "roles"
	fActive   = "active"
	fMembers  = "members"
)

func newUserForm(env *screen.Env, u model.User) *userForm {
	f := &userForm{FormHost: components.NewFormHost(env, "the user"), env: env, base: u}
	title := "New user"
	if u.ID != 0 {
		title = "Edit " + u.Name
	}
	active := "yes"
	if !u.Active {
		active = "no"
	}
	labels := make([]string, len(model.Roles))
	var chosen []int
	for i, r := range model.Roles {
		labels[i] = r.Label()
		if u.Is(r) {
			chosen = append(chosen, i)
		}
	}
	form := components.NewForm(env.Styles, env.Keys, title, []components.FieldSpec{
		{Key: fName, Label: "Name", Value: u.Name, CharLimit: 100},
		{Key: fUsername, Label: "Login", Value: u.Username, CharLimit: 40, Hint: "the OS (or SSH) login the user signs in with"},
		{Key: fKind, Label: "Kind", Value: string(u.Kind), CharLimit: 10, Hint: "provider (has patients) or staff; enter picks",
			Options: []string{string(model.KindProvider), string(model.KindStaff)}},
		{Key: fRoles, Label: "Roles", Choices: labels, Hint: "enter picks: admin, clinician, secretary, front desk"},
		{Key: fActive, Label: "Active", Value: active, CharLimit: 3, Options: []string{"yes", "no"},
			Hint: "no: gets no messages and cannot sign in; kept in the history"},
	})
	form.SetChoices(fRoles, labels, chosen)
	form.Validate = func(v map[string]string) map[string]string {
		_, p := f.user(v, form.Chosen(fRoles))
		return p
	}
	f.SetForm(form)
	return f
}

func (f *userForm) user(v map[string]string, roles []int) (model.User, map[string]string) {
	u := f.base
	u.Name, u.Username, u.Kind = v[fName], v[fUsername], model.UserKind(strings.ToLower(strings.TrimSpace(v[fKind])))
	u.Roles = nil
	for _, i := range roles {
		u.Roles = append(u.Roles, model.Roles[i])
	}
	p := map[string]string{}
	switch strings.ToLower(strings.TrimSpace(v[fActive])) {
	case "yes", "y":
		u.Active = true
	case "no", "n":
		u.Active = false
	default:
		p[fActive] = "yes or no"
	}
	u = u.Clean()
	for _, pr := range u.Validate() {
		p[string(pr.Field)] = pr.Message // the fields are named as the model's
	}
	return u, p
}

func (f *userForm) Init() tea.Cmd { return nil }
func (f *userForm) Title() string { return f.Form.Title }

func (f *userForm) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case userSavedMsg:
		if msg.owner == f {
			return f, f.Saved(msg.err, fmt.Sprintf("Saved %s (%s).", msg.u.Name, msg.u.Username), 0)
		}
	case tea.KeyMsg:
		submitted, cmd := f.Key(msg)
		if !submitted {
			return f, cmd
		}
		u, _ := f.user(f.Form.Values(), f.Form.Chosen(fRoles))
		f.Saving = true
		owner, env := f, f.env
		return f, func() tea.Msg {
			var err error
			if u.ID == 0 {
				u, err = env.Store.CreateUser(env.Ctx, u)
			} else {
				u, err = env.Store.UpdateUser(env.Ctx, u)
			}
			return userSavedMsg{owner, u, err}
		}
	}
	return f, nil
}

// groupForm adds or edits a staff group: its name and members.
type groupForm struct {
	components.FormHost
	env   *screen.Env
	base  model.StaffGroup
	users []model.User
}

type groupSavedMsg struct {
	owner *groupForm
	g     model.StaffGroup
	err   error
}

func newGroupForm(env *screen.Env, g model.StaffGroup, users []model.User) *groupForm {
	f := &groupForm{FormHost: components.NewFormHost(env, "the group"), env: env, base: g, users: users}
	title := "New staff group"
	if g.ID != 0 {
		title = "Edit " + g.Name
	}
	in := map[int64]bool{}
	for _, m := range g.Members {
		in[m] = true
	}
	names := make([]string, len(users))
	var chosen []int
	for i, u := range users {
		names[i] = u.Name + " (" + u.Username + ")"
		if in[u.ID] {
			chosen = append(chosen, i)
		}
	}
	form := components.NewForm(env.Styles, env.Keys, title, []components.FieldSpec{
		{Key: fName, Label: "Name", Value: g.Name, CharLimit: 60},
		{Key: fMembers, Label: "Members", Choices: names, Hint: "enter picks the members"},
	})
	form.SetChoices(fMembers, names, chosen)
	form.Validate = func(v map[string]string) map[string]string {
		if strings.TrimSpace(v[fName]) == "" {
			return map[string]string{fName: "a group needs a name"}
		}
		return nil
	}
	f.SetForm(form)
	return f
}

func (f *groupForm) Init() tea.Cmd { return nil }
func (f *groupForm) Title() string { return f.Form.Title }

func (f *groupForm) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case groupSavedMsg:
		if msg.owner == f {
			return f, f.Saved(msg.err, fmt.Sprintf("Saved the group %s: %d members.", msg.g.Name, len(msg.g.Members)), 0)
		}
	case tea.KeyMsg:
		submitted, cmd := f.Key(msg)
		if !submitted {
			return f, cmd
		}
		g := f.base
		g.Name = f.Form.Value(fName)
		g.Members = nil
		for _, i := range f.Form.Chosen(fMembers) {
			g.Members = append(g.Members, f.users[i].ID)
		}
		f.Saving = true
		owner, env := f, f.env
		return f, func() tea.Msg {
			g, err := env.Store.SaveGroup(env.Ctx, g)
			return groupSavedMsg{owner, g, err}
		}
	}
	return f, nil
}
