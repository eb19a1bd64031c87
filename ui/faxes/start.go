package faxes

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
	"frontdesk/ui/settings"
)

// NoClinic is what a fax started before the clinic's name and fax are set
// is told, on the Settings screen.
const NoClinic = "The cover page needs the clinic's name and fax: fill them in (ctrl+s saves), then start the fax again."

// clinicMissing reports whether the clinic's name or fax, which every
// cover page needs, is not set. Every way of starting a fax asks it.
func clinicMissing(ctx context.Context, st *store.Store) (bool, error) {
	fs, err := st.FaxSettings(ctx)
	if err != nil {
		return false, err
	}
	return fs.ClinicName == "" || fs.ClinicFax == "", nil
}

// askClinic puts Settings in place of the fax being started, saying why:
// the first fax of a clinic, whose cover page would have no sender.
func askClinic(env *screen.Env) tea.Cmd {
	env.Nav.Pop()
	env.Nav.Push(settings.New(env))
	return screen.Status(NoClinic)
}

// Start begins a new fax from the Faxes screen: about which patient (or
// none), then to whom — the patient's preferred contacts, the suggestions
// from the patient's employer, a number only, then every saved contact —
// and hands over to the compose form.
type Start struct {
	env    *screen.Env
	picker *components.Picker
	err    error
	w, h   int

	patients []store.PatientRow
	chart    string // the patient chosen, or ""
	fixed    *To    // the recipient, when it was chosen before (f on a contact)
	to       []To   // the recipient picker's items; a zero To is "a number only"
	newAt    int    // the item "Save a new contact"
}

var _ screen.Screen = (*Start)(nil)

type (
	patientsMsg struct {
		owner *Start
		rows  []store.PatientRow
		err   error
		// noClinic: the clinic's name or fax, which the cover page
		// needs, is not set
		noClinic bool
	}
	recipientsMsg struct {
		owner       *Start
		suggestions []store.Preferred
		all         []store.ContactChoice
		err         error
	}
)

// NewStart returns the screen; Init reads the patients.
func NewStart(env *screen.Env) *Start { return &Start{env: env} }

// NewStartFor begins a fax to a recipient already chosen (f on a contact):
// about which patient, then the compose form.
func NewStartFor(env *screen.Env, to To) *Start { return &Start{env: env, fixed: &to} }

// Init reads the patients.
func (s *Start) Init() tea.Cmd {
	owner, ctx, st := s, s.env.Ctx, s.env.Store
	return func() tea.Msg {
		if missing, err := clinicMissing(ctx, st); err != nil || missing {
			return patientsMsg{owner: owner, err: err, noClinic: missing}
		}
		var rows []store.PatientRow
		err := st.ListPatients(ctx, func(r *store.PatientRow) error {
			row := *r
			row.Search = nil
			rows = append(rows, row)
			return nil
		})
		return patientsMsg{owner: owner, rows: rows, err: err}
	}
}

// Title names the screen.
func (s *Start) Title() string { return "New fax" }

// Busy reports a list being read.
func (s *Start) Busy() bool { return s.picker == nil && s.err == nil }

// Capturing: the picker's search has the keys.
func (s *Start) Capturing() bool { return s.picker != nil }

// SetSize sets the screen's size.
func (s *Start) SetSize(w, h int) {
	s.w, s.h = w, h
	if s.picker != nil {
		s.picker.SetSize(w, h)
	}
}

func (s *Start) open(title string, items []components.PickerItem) {
	s.picker = components.NewPicker(s.env.Styles, s.env.Keys, title, items)
	s.picker.SetSize(s.w, s.h)
}

// Update handles a message.
func (s *Start) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case patientsMsg:
		if msg.owner != s {
			break
		}
		if s.err = msg.err; s.err != nil {
			break
		}
		if msg.noClinic {
			return s, askClinic(s.env)
		}
		s.patients = msg.rows
		items := []components.PickerItem{{Title: "No patient", Detail: "a fax about no one"}}
		for _, p := range msg.rows {
			items = append(items, components.PickerItem{Title: p.Name, Detail: p.Chart + "  " + p.BirthDate,
				Search: p.Chart + " " + p.BirthDate})
		}
		title := "About which patient?"
		if s.fixed != nil {
			title = "Fax to " + s.fixed.Name + ": about which patient?"
		}
		s.open(title, items)
	case recipientsMsg:
		if msg.owner != s {
			break
		}
		if s.err = msg.err; s.err != nil {
			break
		}
		var items []components.PickerItem
		s.to = s.to[:0]
		for _, p := range msg.suggestions {
			how := "preferred"
			if p.FromEmployer {
				how = "via EMPLOYER"
			}
			items = append(items, components.PickerItem{Title: p.Name, Detail: how + "  " + model.FormatFax(p.Fax, s.env.Region())})
			s.to = append(s.to, To{ContactID: p.Ref.ContactID, EntityID: p.Ref.EntityID, Name: p.Name, Number: p.Fax})
		}
		s.newAt = len(items)
		items = append(items, components.PickerItem{Title: "Save a new contact", Detail: "name, then fax number"})
		s.to = append(s.to, To{})
		items = append(items, components.PickerItem{Title: "Fax number only", Detail: "type a number, save nothing"})
		s.to = append(s.to, To{})
		for _, c := range msg.all {
			fax := model.FormatFax(c.Fax, s.env.Region())
			items = append(items, components.PickerItem{Title: c.Title, Detail: fax, Search: fax + " " + model.Digits(fax)})
			s.to = append(s.to, To{ContactID: c.Ref.ContactID, EntityID: c.Ref.EntityID, Name: c.Title, Number: c.Fax})
		}
		title := "To whom?"
		if s.chart != "" {
			title = "To whom? (about chart " + s.chart + ")"
		}
		s.open(title, items)
	case tea.KeyMsg:
		if s.picker == nil {
			if key.Matches(msg, s.env.Keys.Back) {
				s.env.Nav.Pop()
			}
			return s, nil
		}
		chosen, closed, cmd := s.picker.Update(msg)
		if !closed {
			return s, cmd
		}
		if chosen < 0 {
			s.env.Nav.Pop()
			return s, nil
		}
		if s.to == nil { // the patient was chosen
			var id int64
			if chosen > 0 {
				p := s.patients[chosen-1]
				id, s.chart = p.ID, p.Chart
			}
			if s.fixed != nil {
				s.env.Nav.Pop()
				s.env.Nav.Push(NewCompose(s.env, *s.fixed, s.chart))
				return s, nil
			}
			s.picker, s.to = nil, []To{}
			return s, s.recipients(id)
		}
		s.env.Nav.Pop()
		if chosen == s.newAt {
			s.env.Nav.Push(NewNewContact(s.env, s.chart))
			return s, nil
		}
		s.env.Nav.Push(NewCompose(s.env, s.to[chosen], s.chart))
	}
	return s, nil
}

// recipients reads the patient's suggestions (none without a patient) and
// every saved contact.
func (s *Start) recipients(patientID int64) tea.Cmd {
	owner, ctx, st := s, s.env.Ctx, s.env.Store
	return func() tea.Msg {
		var sugg []store.Preferred
		var err error
		if patientID != 0 {
			if sugg, err = st.Suggestions(ctx, patientID); err != nil {
				return recipientsMsg{owner, nil, nil, err}
			}
		}
		all, err := st.ContactChoices(ctx)
		return recipientsMsg{owner, sugg, all, err}
	}
}

// View draws the picker.
func (s *Start) View() string {
	switch {
	case s.err != nil:
		return s.env.Styles.Error.Render(screen.Sentence(fmt.Sprintf("the list cannot be read: %v. esc goes back.", s.err)))
	case s.picker == nil:
		return s.env.Styles.Dim.Render("Reading…")
	}
	return s.picker.View()
}

// ShortHelp is the help bar's content.
func (s *Start) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")), s.env.Keys.Back}
}

// FullHelp is the help screen's content.
func (s *Start) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Actions: none beyond choosing.
func (s *Start) Actions() []screen.Action { return nil }
