// Package patients is the Patients screen: the list with its fuzzy filter,
// the chart of a patient with the patient's preferred contacts, and the
// patient form.
package patients

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/search"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/importwiz"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// List is the Patients screen.
type List struct {
	env  *screen.Env
	recs *components.Records[store.PatientRow]

	width, height int
}

var _ screen.Screen = (*List)(nil)

// NewList returns the Patients screen; Init loads the list.
func NewList(env *screen.Env) *List {
	st := env.Store
	load := func(ctx context.Context) (*search.Index, []store.PatientRow, error) {
		ix := search.NewIndex(0)
		var rows []store.PatientRow
		err := st.ListPatients(ctx, func(p *store.PatientRow) error {
			ix.Add(p.Search)
			row := *p
			row.Search = nil // the index has it
			rows = append(rows, row)
			return nil
		})
		return ix, rows, err
	}
	recs := components.NewRecords(env.Styles, env.Keys, "name, chart number, date of birth or phone",
		"patient", "patients", load, func(p store.PatientRow) int64 { return p.ID })
	recs.SetColumns(columnTexts)
	return &List{env: env, recs: recs}
}

// columnTexts are what a patient's row shows.
func columnTexts(p store.PatientRow) []string {
	return []string{p.Name, p.BirthDate, p.Chart, p.Phone, p.Provider}
}

// Init loads the patients.
func (l *List) Init() tea.Cmd { return l.recs.Load() }

// Title names the screen.
func (l *List) Title() string { return "Patients" }

// Busy reports a load or a search under way.
func (l *List) Busy() bool { return l.recs.Busy() }

// Capturing reports whether the filter or a question has the keys.
func (l *List) Capturing() bool { return l.recs.Capturing() }

// SetSize sets the screen's size.
func (l *List) SetSize(w, h int) {
	l.width, l.height = w, h
	l.recs.Filter().SetRows(max(1, h-2))
}

// Update handles a message.
func (l *List) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	if handled, cmd := l.recs.Update(msg); handled {
		return l, cmd
	}
	if msg, ok := msg.(tea.KeyMsg); ok {
		return l, l.key(msg)
	}
	return l, nil
}

func (l *List) key(msg tea.KeyMsg) tea.Cmd {
	k := l.env.Keys
	switch {
	case key.Matches(msg, k.New):
		l.env.Nav.Push(newForm(l.env, 0))
		return nil
	case key.Matches(msg, k.Import):
		l.env.Nav.Push(importwiz.New(l.env, "patients"))
		return nil
	case key.Matches(msg, k.ImportHistory):
		l.env.Nav.Push(importwiz.NewHistory(l.env, "patients"))
		return nil
	}
	sel, ok := l.recs.Selected()
	if !ok {
		if key.Matches(msg, k.Open, k.Edit, k.Delete) {
			return screen.Status("No patient selected.")
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		l.env.Nav.Push(NewChart(l.env, sel.ID))
	case key.Matches(msg, k.Edit):
		l.env.Nav.Push(newForm(l.env, sel.ID))
	case key.Matches(msg, k.Delete):
		env, id, name := l.env, sel.ID, sel.Name
		l.recs.Confirm = components.NewConfirm(env.Styles, env.Keys, fmt.Sprintf("Archive %s?", name), "archive",
			func() tea.Cmd { return archive(env, id, name) },
			"The patient leaves the list; the chart and its history are kept.")
	}
	return nil
}

// archive takes a patient off the list, keeping the chart.
func archive(env *screen.Env, id int64, name string) tea.Cmd {
	ctx, st := env.Ctx, env.Store
	return func() tea.Msg {
		p, err := st.GetPatient(ctx, id)
		if err == nil {
			p.Archived = true
			_, err = st.UpdatePatient(ctx, p)
		}
		if err != nil {
			return screen.Done("", fmt.Errorf("%s was not archived: %w", name, err), 0)
		}
		return screen.Done(fmt.Sprintf("Archived %s.", name), nil, 0)
	}
}

// ShortHelp is the help bar's content.
func (l *List) ShortHelp() []key.Binding {
	if l.recs.Confirm != nil {
		return l.recs.Confirm.ShortHelp()
	}
	if l.recs.Filter().Filtering() {
		return l.recs.Filter().HelpWhileTyping()
	}
	k := l.env.Keys
	return []key.Binding{k.Open, k.Filter, newPatientKey(k.New), k.Edit, archiveKey(k.Delete)}
}

func newPatientKey(b key.Binding) key.Binding {
	b.SetHelp(b.Help().Key, "new patient")
	return b
}

func archiveKey(b key.Binding) key.Binding {
	b.SetHelp(b.Help().Key, "archive")
	return b
}

// FullHelp is the help screen's content.
func (l *List) FullHelp() [][]key.Binding {
	k := l.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.Open, k.Filter, newPatientKey(k.New), k.Edit, archiveKey(k.Delete)}, {k.Import, k.ImportHistory}}
}

// Actions are the list's commands for the palette.
func (l *List) Actions() []screen.Action {
	k := l.env.Keys
	none := ""
	if _, ok := l.recs.Selected(); !ok {
		none = "no patient selected"
	}
	return []screen.Action{
		{Name: "New patient", Key: k.New, Need: model.PermPatients},
		{Name: "Open patient chart", Key: k.Open, Disabled: none},
		{Name: "Edit patient", Key: k.Edit, Disabled: none, Need: model.PermPatients},
		{Name: "Archive patient", Key: k.Delete, Disabled: none, Need: model.PermPatients},
		{Name: "Filter patients", Key: k.Filter},
		{Name: "Import patients from a spreadsheet (CSV)", Key: k.Import, Need: model.PermPatients},
		{Name: "Imports of patients, and undo", Key: k.ImportHistory},
	}
}

// View draws the list.
func (l *List) View() string {
	st := l.env.Styles
	w := l.columns()
	empty := lipgloss.JoinVertical(lipgloss.Left, st.BoxTitle.Render("No patients yet."), "",
		st.HelpKey.Render("n  ")+st.HelpDesc.Render("add a patient"),
		st.HelpKey.Render("i  ")+st.HelpDesc.Render("import a spreadsheet (CSV) of patients"))
	header := components.TableHeader(st, []string{"Name", "Born", "Chart", "Phone", "Provider"}, w, l.width)
	return l.recs.View(l.width, l.height, header, empty, func(p store.PatientRow, look theme.ListRow, q string) string {
		return components.Row(columnTexts(p), w, look, q, l.width)
	})
}

// columns are the widths of name, date of birth, chart, phone and provider,
// shared by what the patients need; the provider is left out first on a
// narrow terminal.
func (l *List) columns() []int {
	titles := []string{"Name", "Born", "Chart", "Phone", "Provider"}
	need := make([]int, len(titles))
	for i, t := range titles {
		need[i] = len(t)
		if w := l.recs.Widest(); i < len(w) {
			need[i] = max(need[i], w[i])
		}
	}
	return components.Layout(l.width, []components.Column{
		{Need: need[0], Min: 14},
		{Need: need[1], Fixed: true},
		{Need: need[2], Fixed: true},
		{Need: need[3], Min: 10},
		{Need: need[4], Min: 12, Optional: true},
	})
}
