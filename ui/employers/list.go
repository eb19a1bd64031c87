// Package employers is the Employers screen: the list, the employer page
// with its patients and preferred contacts, and the employer form.
package employers

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/search"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// List is the Employers screen.
type List struct {
	env  *screen.Env
	recs *components.Records[store.EmployerRow]

	width, height int
}

var _ screen.Screen = (*List)(nil)

// NewList returns the Employers screen; Init loads it.
func NewList(env *screen.Env) *List {
	st, region := env.Store, env.Region()
	load := func(ctx context.Context) (*search.Index, []store.EmployerRow, error) {
		ix := search.NewIndex(0)
		var rows []store.EmployerRow
		err := st.ListEmployers(ctx, func(e *store.EmployerRow) error {
			// The filter matches the name, the phone and the fax in their
			// spellings.
			fax := model.FormatFax(e.Fax, region)
			ix.Add([]byte(strings.Join([]string{model.Fold(e.Name), e.Phone, model.Digits(e.Phone), fax, model.Digits(fax)},
				string(model.SearchSep))))
			rows = append(rows, *e)
			return nil
		})
		return ix, rows, err
	}
	recs := components.NewRecords(env.Styles, env.Keys, "name, phone or fax", "employer", "employers",
		load, func(e store.EmployerRow) int64 { return e.ID })
	recs.SetColumns(columnTexts(region))
	return &List{env: env, recs: recs}
}

// columnTexts returns what an employer's row shows, its fax written for
// region.
func columnTexts(region string) func(store.EmployerRow) []string {
	return func(e store.EmployerRow) []string {
		return []string{e.Name, e.Phone, model.FormatFax(e.Fax, region), fmt.Sprint(e.Patients)}
	}
}

// columns share the line among name, phone, fax and patients by need.
func (l *List) columns() []int {
	titles := []string{"Name", "Phone", "Fax", "Patients"}
	cols := make([]components.Column, len(titles))
	for i, t := range titles {
		cols[i] = components.Column{Need: len(t), Fixed: i > 0}
		if w := l.recs.Widest(); i < len(w) {
			cols[i].Need = max(cols[i].Need, w[i])
		}
	}
	cols[0].Min = 12
	return components.Layout(l.width, cols)
}

// Init loads the employers.
func (l *List) Init() tea.Cmd { return l.recs.Load() }

// Title names the screen.
func (l *List) Title() string { return "Employers" }

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
	if key.Matches(msg, k.New) {
		l.env.Nav.Push(newForm(l.env, 0))
		return nil
	}
	sel, ok := l.recs.Selected()
	if !ok {
		if key.Matches(msg, k.Open, k.Edit, k.Delete) {
			return screen.Status("No employer selected.")
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		l.env.Nav.Push(NewPage(l.env, sel.ID))
	case key.Matches(msg, k.Edit):
		l.env.Nav.Push(newForm(l.env, sel.ID))
	case key.Matches(msg, k.Delete):
		env, id, name := l.env, sel.ID, sel.Name
		l.recs.Confirm = components.NewConfirm(env.Styles, env.Keys, fmt.Sprintf("Archive %s?", name), "archive",
			func() tea.Cmd { return archive(env, id, name) },
			"The employer leaves the list; its patients and contacts keep their links.")
	}
	return nil
}

func archive(env *screen.Env, id int64, name string) tea.Cmd {
	ctx, st := env.Ctx, env.Store
	return func() tea.Msg {
		e, err := st.GetEmployer(ctx, id)
		if err == nil {
			e.Archived = true
			_, err = st.UpdateEmployer(ctx, e)
		}
		if err != nil {
			return screen.Done("", fmt.Errorf("%s was not archived: %w", name, err), 0)
		}
		return screen.Done(fmt.Sprintf("Archived %s.", name), nil, 0)
	}
}

func relabel(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
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
	return []key.Binding{k.Open, k.Filter, relabel(k.New, "new employer"), k.Edit, relabel(k.Delete, "archive")}
}

// FullHelp is the help screen's content.
func (l *List) FullHelp() [][]key.Binding {
	k := l.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, l.ShortHelp()}
}

// Actions are the list's commands for the palette.
func (l *List) Actions() []screen.Action {
	k := l.env.Keys
	none := ""
	if _, ok := l.recs.Selected(); !ok {
		none = "no employer selected"
	}
	return []screen.Action{
		{Name: "New employer", Key: k.New, Need: model.PermPatients},
		{Name: "Open employer", Key: k.Open, Disabled: none},
		{Name: "Edit employer", Key: k.Edit, Disabled: none, Need: model.PermPatients},
		{Name: "Archive employer", Key: k.Delete, Disabled: none, Need: model.PermPatients},
		{Name: "Filter employers", Key: k.Filter},
	}
}

// View draws the list.
func (l *List) View() string {
	st := l.env.Styles
	w := l.columns()
	empty := lipgloss.JoinVertical(lipgloss.Left, st.BoxTitle.Render("No employers yet."), "",
		st.HelpKey.Render("n  ")+st.HelpDesc.Render("add an employer"))
	return l.recs.View(l.width, l.height, components.TableHeader(st, []string{"Name", "Phone", "Fax", "Patients"}, w, l.width), empty,
		func(e store.EmployerRow, look theme.ListRow, q string) string {
			return components.Row(columnTexts(l.env.Region())(e), w, look, q, l.width)
		})
}
