package faxes

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

// File files a received fax into a patient's chart: the patient (fuzzy,
// as the fax history's patient filter), then the document's kind and
// title. The fax stays in the history.
type File struct {
	components.FormHost
	env      *screen.Env
	fax      model.Fax
	patients []store.PatientRow
	picker   *components.Picker
	patient  store.PatientRow // chosen
	err      error
	w, h     int
}

var _ screen.Screen = (*File)(nil)

type (
	filePatientsMsg struct {
		owner *File
		rows  []store.PatientRow
		err   error
	}
	filedMsg struct {
		owner *File
		doc   model.PatientDocument
		err   error
	}
)

// NewFile returns the filing of the received fax f; Init reads the
// patients.
func NewFile(env *screen.Env, f model.Fax) *File {
	return &File{FormHost: components.NewFormHost(env, "the filing"), env: env, fax: f}
}

// Init reads the patients.
func (f *File) Init() tea.Cmd {
	owner, ctx, st := f, f.env.Ctx, f.env.Store
	return func() tea.Msg {
		var rows []store.PatientRow
		err := st.ListPatients(ctx, func(r *store.PatientRow) error {
			row := *r
			row.Search = nil
			rows = append(rows, row)
			return nil
		})
		return filePatientsMsg{owner, rows, err}
	}
}

// Title names the screen.
func (f *File) Title() string { return fmt.Sprintf("File fax %d", f.fax.ID) }

// Busy reports the patients loading, or the filing under way.
func (f *File) Busy() bool { return (f.picker == nil && f.Form == nil && f.err == nil) || f.Saving }

// SetSize sets the screen's size.
func (f *File) SetSize(w, h int) {
	f.w, f.h = w, h
	f.FormHost.SetSize(w, h)
	if f.picker != nil {
		f.picker.SetSize(min(64, w-2), min(18, h))
	}
}

// Update handles a message.
func (f *File) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case filePatientsMsg:
		if msg.owner != f {
			return f, nil
		}
		if f.err = msg.err; f.err != nil {
			return f, nil
		}
		f.patients = msg.rows
		items := make([]components.PickerItem, len(msg.rows))
		for i, p := range msg.rows {
			items[i] = components.PickerItem{Title: p.Name, Detail: p.Chart + "  " + p.BirthDate, Search: p.Chart + " " + p.BirthDate}
		}
		f.picker = components.NewPicker(f.env.Styles, f.env.Keys, fmt.Sprintf("File fax %d into whose chart?", f.fax.ID), items)
		f.SetSize(f.w, f.h)
	case filedMsg:
		if msg.owner == f {
			text := fmt.Sprintf("Filed fax %d in the chart of %s as the %s “%s”; it stays in the fax history.", f.fax.ID,
				f.patient.Name, strings.ToLower(msg.doc.Kind.Label()), model.Printable(msg.doc.Title))
			return f, f.Saved(msg.err, text, 0)
		}
	case tea.KeyMsg:
		if f.picker != nil {
			chosen, closed, cmd := f.picker.Update(msg)
			if !closed {
				return f, cmd
			}
			f.picker = nil
			if chosen < 0 {
				f.env.Nav.Pop()
				return f, nil
			}
			f.patient = f.patients[chosen]
			f.build()
			return f, nil
		}
		if f.Form == nil {
			if key.Matches(msg, f.env.Keys.Back) {
				f.env.Nav.Pop()
			}
			return f, nil
		}
		submitted, cmd := f.Key(msg)
		if !submitted {
			return f, cmd
		}
		return f, f.save()
	}
	return f, nil
}

func (f *File) build() {
	labels := make([]string, len(model.PatientDocKinds))
	for i, k := range model.PatientDocKinds {
		labels[i] = k.Label()
	}
	form := components.NewForm(f.env.Styles, f.env.Keys, fmt.Sprintf("File fax %d into the chart of %s", f.fax.ID, f.patient.Name),
		[]components.FieldSpec{
			{Key: string(model.FieldKind), Label: "Kind", Value: model.PDocDocument.Label(), Options: labels, CharLimit: 40,
				Hint: "enter picks: letter, prescription, document, lab result, invoice"},
			{Key: string(model.FieldTitle), Label: "Title", CharLimit: model.MaxTitle, Hint: "empty: “Fax from …”, its sender"},
		})
	form.Validate = func(v map[string]string) map[string]string {
		if _, err := model.ParsePatientDocKind(v[string(model.FieldKind)]); err != nil {
			return map[string]string{string(model.FieldKind): "is not a kind: letter, prescription, document, lab result or invoice"}
		}
		return nil
	}
	f.SetForm(form)
}

func (f *File) save() tea.Cmd {
	v := f.Form.Values()
	kind, _ := model.ParsePatientDocKind(v[string(model.FieldKind)])
	title := strings.TrimSpace(v[string(model.FieldTitle)])
	f.Saving = true
	owner, ctx, st, faxID, pid := f, f.env.Ctx, f.env.Store, f.fax.ID, f.patient.ID
	return func() tea.Msg {
		d, err := st.FileReceivedFax(ctx, faxID, pid, kind, title)
		return filedMsg{owner, d, err}
	}
}

// View draws the picker over an empty screen, then the form.
func (f *File) View() string {
	st := f.env.Styles
	w, h := f.w, f.h
	switch {
	case f.err != nil:
		return components.PlaceLines(st.Error.Render("Could not read the patients: "+f.err.Error()+". esc goes back."), h)
	case f.picker != nil:
		return components.Overlay("", f.picker.View(), w, h)
	case f.Form == nil:
		return components.PlaceLines(st.Dim.Render("Reading the patients…"), h)
	}
	return f.FormHost.View()
}

// ShortHelp is the help bar's content.
func (f *File) ShortHelp() []key.Binding {
	if f.Form == nil {
		return []key.Binding{f.env.Keys.Open, f.env.Keys.Back}
	}
	return f.FormHost.ShortHelp()
}
