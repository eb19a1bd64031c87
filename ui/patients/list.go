// Package patients is the Patients screen: the list with its fuzzy filter,
// the chart of a patient with the patient's preferred contacts, and the
// patient form.
package patients

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/search"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/importwiz"
	"frontdesk/ui/screen"
)

// rows is the patient list in memory, in list order, with its search index.
type rows struct {
	ix   *search.Index
	list []store.PatientRow // Search is not kept: the index has it
}

func loadRows(ctx context.Context, st *store.Store) (*rows, error) {
	r := &rows{ix: search.NewIndex(0)}
	err := st.ListPatients(ctx, func(p *store.PatientRow) error {
		r.ix.Add(p.Search)
		row := *p
		row.Search = nil
		r.list = append(r.list, row)
		return nil
	})
	return r, err
}

// List is the Patients screen.
type List struct {
	env      *screen.Env
	data     *rows
	loaded   bool
	loading  bool
	err      error
	fl       *components.FilterList
	selectID int64
	confirm  *components.Confirm

	width, height int
}

var _ screen.Screen = (*List)(nil)

type loadedMsg struct {
	data *rows
	err  error
}

// NewList returns the Patients screen; Init loads the list.
func NewList(env *screen.Env) *List {
	return &List{env: env, fl: components.NewFilterList(env.Styles, env.Keys, "name, chart number, date of birth or phone")}
}

// Init loads the patients.
func (l *List) Init() tea.Cmd {
	l.loading = true
	ctx, st := l.env.Ctx, l.env.Store
	return func() tea.Msg {
		d, err := loadRows(ctx, st)
		return loadedMsg{d, err}
	}
}

// Title names the screen.
func (l *List) Title() string { return "Patients" }

// Busy reports a reload or a search under way.
func (l *List) Busy() bool { return l.loading || l.fl.Busy() }

// Capturing reports whether the filter or a question has the keys.
func (l *List) Capturing() bool { return l.fl.Filtering() || l.confirm != nil }

// SetSize sets the screen's size.
func (l *List) SetSize(w, h int) {
	l.width, l.height = w, h
	l.fl.SetRows(max(1, h-2))
}

func (l *List) selected() (store.PatientRow, bool) {
	r, ok := l.fl.Selected()
	if !ok {
		return store.PatientRow{}, false
	}
	return l.data.list[r], true
}

// Update handles a message.
func (l *List) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		l.loading = false
		if msg.err != nil {
			l.err = msg.err
			retry := tea.Tick(time.Second, func(time.Time) tea.Msg { return screen.DataChangedMsg{} })
			return l, tea.Batch(screen.Error(fmt.Errorf("loading patients: %w", msg.err)), retry)
		}
		d := msg.data
		l.data, l.loaded, l.err = d, true, nil
		l.fl.Reset(d.ix, len(d.list), func(r int) int64 { return d.list[r].ID }, l.selectID)
		l.selectID = 0
		return l, nil
	case screen.DataChangedMsg:
		if msg.Select != 0 {
			l.selectID = msg.Select
		}
		return l, l.Init()
	case tea.KeyMsg:
		return l, l.key(msg)
	}
	_, cmd := l.fl.Update(msg)
	return l, cmd
}

func (l *List) key(msg tea.KeyMsg) tea.Cmd {
	k := l.env.Keys
	if l.confirm != nil {
		closed, cmd := l.confirm.Update(msg)
		if closed {
			l.confirm = nil
		}
		return cmd
	}
	if !l.loaded {
		return nil
	}
	if handled, cmd := l.fl.Update(msg); handled {
		return cmd
	}
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
	sel, ok := l.selected()
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
		l.confirm = components.NewConfirm(env.Styles, env.Keys, fmt.Sprintf("Archive %s?", name), "archive",
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
	if l.confirm != nil {
		return l.confirm.ShortHelp()
	}
	if l.fl.Filtering() {
		return l.fl.HelpWhileTyping()
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
	if _, ok := l.selected(); !ok {
		none = "no patient selected"
	}
	return []screen.Action{
		{Name: "New patient", Key: k.New},
		{Name: "Open patient chart", Key: k.Open, Disabled: none},
		{Name: "Edit patient", Key: k.Edit, Disabled: none},
		{Name: "Archive patient", Key: k.Delete, Disabled: none},
		{Name: "Filter patients", Key: k.Filter},
		{Name: "Import patients from a spreadsheet (CSV)", Key: k.Import},
		{Name: "Imports of patients, and undo", Key: k.ImportHistory},
	}
}

// View draws the list.
func (l *List) View() string {
	st := l.env.Styles
	if !l.loaded {
		msg := "Loading patients…"
		if l.err != nil {
			msg = "Could not load patients: " + l.err.Error()
		}
		return components.PlaceLines(st.Dim.Render(msg), l.height)
	}
	var body string
	switch {
	case len(l.data.list) == 0:
		block := lipgloss.JoinVertical(lipgloss.Left, st.BoxTitle.Render("No patients yet."), "",
			st.HelpKey.Render("n  ")+st.HelpDesc.Render("add a patient"),
			st.HelpKey.Render("i  ")+st.HelpDesc.Render("import a spreadsheet (CSV) of patients"))
		body = lipgloss.Place(l.width, l.height-1, lipgloss.Center, lipgloss.Center, block)
	case l.fl.Len() == 0:
		body = components.PlaceLines(l.header()+"\n\n"+st.Dim.Render(components.Truncate(
			fmt.Sprintf("No patient matches “%s”. esc clears the filter.", l.fl.Query()), l.width)), l.height-1)
	default:
		body = components.PlaceLines(l.header()+"\n"+l.rowsView(), l.height-1)
	}
	if l.confirm != nil {
		body = components.Overlay(body, l.confirm.View(l.width), l.width, l.height-1)
	}
	return body + "\n" + l.fl.Footer(l.width, "patient", "patients", len(l.data.list))
}

// columns are the widths of name, date of birth, chart, phone and provider
// (provider dropped on narrow terminals).
func (l *List) columns() []int {
	born, chart, phone := 10, 10, 14
	if l.width < 72 {
		return []int{max(8, l.width-born-chart-phone-4), born, chart, phone, 0}
	}
	rest := l.width - born - chart - phone - 5
	return []int{rest * 55 / 100, born, chart, phone, rest - rest*55/100}
}

func (l *List) header() string {
	return components.TableHeader(l.env.Styles, []string{"Name", "Born", "Chart", "Phone", "Provider"}, l.columns(), l.width)
}

func (l *List) rowsView() string {
	st := l.env.Styles
	w := l.columns()
	q := ""
	if l.fl.Filtered() {
		q = l.fl.Query()
	}
	var lines []string
	first := l.fl.Offset()
	for i := first; i < l.fl.Len() && i < first+max(1, l.height-2); i++ {
		p := l.data.list[l.fl.Record(i)]
		base, hl := st.Row, st.Match
		if i == l.fl.Cursor() {
			base, hl = st.SelectedRow, st.SelectedRow.Underline(true)
		}
		texts := []string{p.Name, p.BirthDate, p.Chart, p.Phone, p.Provider}
		var hls [][]int
		if q != "" {
			hls = search.HighlightRow(texts, q)
		}
		line := components.TableRow(texts, w, hls, base, hl, l.width)
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
