package patients

import (
	"fmt"
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Form creates or edits a patient.
type Form struct {
	components.FormHost
	env       *screen.Env
	id        int64         // 0 for a new patient
	base      model.Patient // as read; its Version guards the save
	employers []store.EmployerRow
	providers []string // the provider users' names
}

var _ screen.Screen = (*Form)(nil)

type formLoadedMsg struct {
	owner     *Form
	p         model.Patient
	employers []store.EmployerRow
	providers []string
	err       error
}

type formSavedMsg struct {
	owner *Form
	p     model.Patient
	err   error
}

func newForm(env *screen.Env, id int64) *Form {
	return &Form{FormHost: components.NewFormHost(env, "the patient"), env: env, id: id}
}

// employerName is the name of the patient's employer, or "".
func (f *Form) employerName(id int64) string {
	for _, e := range f.employers {
		if e.ID == id {
			return e.Name
		}
	}
	return ""
}

func (f *Form) employerNames() []string {
	out := make([]string, len(f.employers))
	for i, e := range f.employers {
		out[i] = e.Name
	}
	return out
}

// dateText writes a date the way the form reads it back without doubt.
func dateText(d model.Date) string { return d.String() }

func (f *Form) build(p model.Patient) {
	f.base = p
	title := "New patient"
	if p.ID != 0 {
		title = "Edit " + p.DisplayName()
	}
	specs := []components.FieldSpec{
		{Key: string(model.FieldFirstName), Label: "First name", Value: p.FirstName, CharLimit: 100},
		{Key: string(model.FieldLastName), Label: "Last name", Value: p.LastName, CharLimit: 100},
		{Key: string(model.FieldBirthDate), Label: "Date of birth", Value: dateText(p.BirthDate), CharLimit: 40,
			Hint: "1984-03-07, 7 Mar 1984 or 07/03/1984 when it cannot be read two ways"},
		{Key: string(model.FieldChart), Label: "Chart number", Value: p.Chart, CharLimit: 100},
		{Key: string(model.FieldPhone), Label: "Phone", Value: p.Phone, CharLimit: 50},
		{Key: string(model.FieldEmail), Label: "Email", Value: p.Email, CharLimit: 254},
		{Key: string(model.FieldProvider), Label: "Primary provider", Value: p.Provider, CharLimit: 100, Options: f.providers,
			Hint: "enter picks one of the providers"},
		{Key: string(model.FieldEmployer), Label: "Employer", Value: f.employerName(p.EmployerID), CharLimit: 200,
			Options: f.employerNames(), Hint: "enter picks one of the Employers screen's (3); empty for none"},
	}
	form := components.NewForm(f.env.Styles, f.env.Keys, title, specs)
	form.Validate = f.validate
	f.SetForm(form)
}

// patient reads the form into a patient; the problems are by field key.
func (f *Form) patient(v map[string]string) (model.Patient, map[string]string) {
	p := f.base
	problems := map[string]string{}
	p.FirstName, p.LastName = v[string(model.FieldFirstName)], v[string(model.FieldLastName)]
	p.Chart, p.Phone = v[string(model.FieldChart)], v[string(model.FieldPhone)]
	p.Email, p.Provider = v[string(model.FieldEmail)], v[string(model.FieldProvider)]
	born := v[string(model.FieldBirthDate)]
	d, err := model.ParseDate(born, model.DayFirst, time.Now())
	switch {
	case err != nil:
		problems[string(model.FieldBirthDate)] = err.Error()
	case model.Ambiguous(born):
		other, _ := model.ParseDate(born, model.MonthFirst, time.Now())
		problems[string(model.FieldBirthDate)] = fmt.Sprintf("is ambiguous: write %s or %s", d, other)
	default:
		p.BirthDate = d
	}
	p.EmployerID = 0
	if name := model.CleanText(v[string(model.FieldEmployer)]); name != "" {
		for _, e := range f.employers {
			if model.Fold(e.Name) == model.Fold(name) {
				p.EmployerID = e.ID
			}
		}
		if p.EmployerID == 0 {
			problems[string(model.FieldEmployer)] = "is no employer of the Employers screen (3)"
		}
	}
	p, ps := p.Clean(f.env.Region(), time.Now())
	for _, pr := range ps {
		if problems[string(pr.Field)] == "" && !(pr.Field == model.FieldBirthDate && err != nil) {
			problems[string(pr.Field)] = pr.Message
		}
	}
	return p, problems
}

func (f *Form) validate(v map[string]string) map[string]string {
	_, problems := f.patient(v)
	return problems
}

// Init loads the patient edited, and the employers to choose from.
func (f *Form) Init() tea.Cmd {
	owner, ctx, st, id := f, f.env.Ctx, f.env.Store, f.id
	return func() tea.Msg {
		var emps []store.EmployerRow
		err := st.ListEmployers(ctx, func(e *store.EmployerRow) error { emps = append(emps, *e); return nil })
		if err != nil {
			return formLoadedMsg{owner: owner, err: err}
		}
		users, err := st.Users(ctx)
		if err != nil {
			return formLoadedMsg{owner: owner, err: err}
		}
		var providers []string
		for _, u := range users {
			if u.Kind == model.KindProvider && u.Active {
				providers = append(providers, u.Name)
			}
		}
		var p model.Patient
		if id != 0 {
			p, err = st.GetPatient(ctx, id)
		}
		// The patient's employer is offered even when archived: saving must
		// not drop it.
		if err == nil && p.EmployerID != 0 && !slices.ContainsFunc(emps, func(e store.EmployerRow) bool { return e.ID == p.EmployerID }) {
			if e, gerr := st.GetEmployer(ctx, p.EmployerID); gerr == nil {
				emps = append(emps, store.EmployerRow{ID: e.ID, Name: e.Name})
			}
		}
		return formLoadedMsg{owner, p, emps, providers, err}
	}
}

// Title names the screen.
func (f *Form) Title() string {
	if f.Form == nil {
		return "Patient"
	}
	return f.Form.Title
}

// Update handles a message.
func (f *Form) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case formLoadedMsg:
		if msg.owner == f {
			if f.Failed = msg.err; f.Failed == nil {
				f.employers, f.providers = msg.employers, msg.providers
				f.build(msg.p)
			}
		}
	case formSavedMsg:
		if msg.owner == f {
			verb := "Saved"
			if f.base.ID == 0 {
				verb = "Added"
			}
			return f, f.Saved(msg.err, fmt.Sprintf("%s %s.", verb, msg.p.DisplayName()), msg.p.ID)
		}
	case tea.KeyMsg:
		submitted, cmd := f.Key(msg)
		if !submitted {
			return f, cmd
		}
		p, _ := f.patient(f.Form.Values())
		f.Saving = true
		owner, ctx, st := f, f.env.Ctx, f.env.Store
		return f, func() tea.Msg {
			var err error
			if p.ID == 0 {
				p, err = st.CreatePatient(ctx, p)
			} else {
				p, err = st.UpdatePatient(ctx, p)
			}
			return formSavedMsg{owner, p, err}
		}
	}
	return f, nil
}
