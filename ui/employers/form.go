package employers

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Form creates or edits an employer.
type Form struct {
	env    *screen.Env
	id     int64
	base   model.Employer
	form   *components.Form
	saving bool
	err    error

	width, height int
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
	f := &Form{env: env, id: id}
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
	f.form = components.NewForm(f.env.Styles, f.env.Keys, title, []components.FieldSpec{
		{Key: string(model.FieldName), Label: "Name", Value: e.Name, CharLimit: 200},
		{Key: string(model.FieldPhone), Label: "Phone", Value: e.Phone, CharLimit: 50},
		{Key: string(model.FieldFax), Label: "Fax", Value: model.FormatFax(e.Fax, f.env.Region), CharLimit: 40},
		{Key: string(model.FieldAddress), Label: "Address", Value: e.Address, CharLimit: 200},
		{Key: string(model.FieldNotes), Label: "Notes", Value: e.Notes, CharLimit: 2000},
	})
	f.form.Validate = func(v map[string]string) map[string]string {
		_, problems := f.employer(v)
		return problems
	}
	f.form.SetSize(f.width, f.height)
}

func (f *Form) employer(v map[string]string) (model.Employer, map[string]string) {
	e := f.base
	e.Name, e.Phone, e.Fax = v[string(model.FieldName)], v[string(model.FieldPhone)], v[string(model.FieldFax)]
	e.Address, e.Notes = v[string(model.FieldAddress)], v[string(model.FieldNotes)]
	e, ps := e.Clean(f.env.Region)
	problems := map[string]string{}
	for _, p := range ps {
		problems[string(p.Field)] = p.Message
	}
	return e, problems
}

// Init loads the employer edited.
func (f *Form) Init() tea.Cmd {
	if f.form != nil {
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
	if f.form == nil {
		return "Employer"
	}
	return f.form.Title
}

// Capturing is true: the fields take every key.
func (f *Form) Capturing() bool { return true }

// Busy reports loading or saving.
func (f *Form) Busy() bool { return (f.form == nil && f.err == nil) || f.saving }

// Unsaved reports typing not saved yet.
func (f *Form) Unsaved() bool { return f.form != nil && f.form.Dirty() }

// SetSize sets the form's size.
func (f *Form) SetSize(w, h int) {
	f.width, f.height = w, h
	if f.form != nil {
		f.form.SetSize(w, h)
	}
}

// Update handles a message.
func (f *Form) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case formLoadedMsg:
		if msg.owner == f {
			if f.err = msg.err; f.err == nil {
				f.build(msg.e)
			}
		}
	case formSavedMsg:
		if msg.owner == f {
			return f, f.saved(msg)
		}
	case tea.KeyMsg:
		if f.form == nil {
			if msg.Type == tea.KeyEsc {
				f.env.Nav.Pop()
			}
			return f, nil
		}
		switch res, cmd := f.form.Update(msg); res {
		case components.FormCancelled:
			f.env.Nav.Pop()
		case components.FormSubmitted:
			e, _ := f.employer(f.form.Values())
			f.saving = true
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
		default:
			return f, cmd
		}
	}
	return f, nil
}

func (f *Form) saved(msg formSavedMsg) tea.Cmd {
	f.saving = false
	switch {
	case msg.err == nil:
		f.env.Nav.Pop()
		verb := "Saved"
		if f.base.ID == 0 {
			verb = "Added"
		}
		done := screen.Done(fmt.Sprintf("%s %s.", verb, msg.e.Name), nil, msg.e.ID)
		return func() tea.Msg { return done }
	case errors.Is(msg.err, store.ErrConflict):
		f.form.Notice, f.form.NoticeErr = "Someone else saved this employer while you were editing; esc, open it again and redo your change.", true
	default:
		f.form.Notice, f.form.NoticeErr = screen.Sentence(msg.err.Error())+".", true
	}
	return nil
}

// View draws the form.
func (f *Form) View() string {
	switch {
	case f.err != nil:
		return components.PlaceLines(f.env.Styles.Error.Render("Could not read the employer: "+f.err.Error()+". esc goes back."), f.height)
	case f.form == nil:
		return components.PlaceLines(f.env.Styles.Dim.Render("Loading…"), f.height)
	}
	return f.form.View()
}

// ShortHelp is the help bar's content.
func (f *Form) ShortHelp() []key.Binding {
	k := f.env.Keys
	return []key.Binding{k.Save, k.NextField, k.PrevField, k.Back}
}

// FullHelp is the help screen's content.
func (f *Form) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// Actions are the form's commands for the palette.
func (f *Form) Actions() []screen.Action {
	k := f.env.Keys
	return []screen.Action{{Name: "Save", Key: k.Save}, {Name: "Cancel", Key: k.Back}}
}
