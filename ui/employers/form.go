package employers

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Form creates or edits an employer.
type Form struct {
	components.FormHost
	env  *screen.Env
	id   int64
	base model.Employer
}

var _ screen.Screen = (*Form)(nil)

type (
	formLoadedMsg struct {
		owner *Form
		e     model.Employer
		err   error
	}
	formSavedMsg struct {
		owner *Form
		e     model.Employer
		err   error
	}
)

func newForm(env *screen.Env, id int64) *Form {
	f := &Form{FormHost: components.NewFormHost(env, "the employer"), env: env, id: id}
	if id == 0 {
		f.build(model.Employer{})
	}
	return f
}

func (f *Form) build(e model.Employer) {
	f.base = e
	title := "New employer"
	if e.ID != 0 {
		title = "Edit " + e.Name
	}
	form := components.NewForm(f.env.Styles, f.env.Keys, title, []components.FieldSpec{
		{Key: string(model.FieldName), Label: "Name", Value: e.Name, CharLimit: 200},
		{Key: string(model.FieldPhone), Label: "Phone", Value: e.Phone, CharLimit: 50},
		{Key: string(model.FieldFax), Label: "Fax", Value: model.FormatFax(e.Fax, f.env.Region()), CharLimit: 40},
		{Key: string(model.FieldAddress), Label: "Address", Value: e.Address, CharLimit: 200},
		{Key: string(model.FieldNotes), Label: "Notes", Value: e.Notes, CharLimit: 2000},
	})
	form.Validate = func(v map[string]string) map[string]string {
		_, problems := f.employer(v)
		return problems
	}
	f.SetForm(form)
}

func (f *Form) employer(v map[string]string) (model.Employer, map[string]string) {
	e := f.base
	e.Name, e.Phone, e.Fax = v[string(model.FieldName)], v[string(model.FieldPhone)], v[string(model.FieldFax)]
	e.Address, e.Notes = v[string(model.FieldAddress)], v[string(model.FieldNotes)]
	e, ps := e.Clean(f.env.Region())
	problems := map[string]string{}
	for _, p := range ps {
		problems[string(p.Field)] = p.Message
	}
	return e, problems
}

// Init loads the employer edited.
func (f *Form) Init() tea.Cmd {
	if f.Form != nil {
		return nil
	}
	owner, ctx, st, id := f, f.env.Ctx, f.env.Store, f.id
	return func() tea.Msg {
		e, err := st.GetEmployer(ctx, id)
		return formLoadedMsg{owner, e, err}
	}
}

// Title names the screen.
func (f *Form) Title() string {
	if f.Form == nil {
		return "Employer"
	}
	return f.Form.Title
}

// Update handles a message.
func (f *Form) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case formLoadedMsg:
		if msg.owner == f {
			if f.Failed = msg.err; f.Failed == nil {
				f.build(msg.e)
			}
		}
	case formSavedMsg:
		if msg.owner == f {
			verb := "Saved"
			if f.base.ID == 0 {
				verb = "Added"
			}
			return f, f.Saved(msg.err, fmt.Sprintf("%s %s.", verb, msg.e.Name), msg.e.ID)
		}
	case tea.KeyMsg:
		submitted, cmd := f.Key(msg)
		if !submitted {
			return f, cmd
		}
		e, _ := f.employer(f.Form.Values())
		f.Saving = true
		owner, ctx, st := f, f.env.Ctx, f.env.Store
		return f, func() tea.Msg {
			var err error
			if e.ID == 0 {
				e, err = st.CreateEmployer(ctx, e)
			} else {
				e, err = st.UpdateEmployer(ctx, e)
			}
			return formSavedMsg{owner, e, err}
		}
	}
	return f, nil
}
