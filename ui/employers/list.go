// Package employers is the Employers screen: the list, the employer page
// with its patients and preferred contacts, and the employer form.
package employers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/search"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

type rows struct {
	ix   *search.Index
	list []store.EmployerRow
}

// loadRows reads the employers, with the text the filter matches: the name,
// the phone and the fax in their spellings.
func loadRows(ctx context.Context, st *store.Store, region string) (*rows, error) {
	r := &rows{ix: search.NewIndex(0)}
	err := st.ListEmployers(ctx, func(e *store.EmployerRow) error {
		fax := model.FormatFax(e.Fax, region)
		text := strings.Join([]string{model.Fold(e.Name), e.Phone, model.Digits(e.Phone), fax, model.Digits(fax)}, string(model.SearchSep))
		r.ix.Add([]byte(text))
		r.list = append(r.list, *e)
		return nil
	})
	return r, err
}

// List is the Employers screen.
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

// NewList returns the Employers screen; Init loads it.
func NewList(env *screen.Env) *List {
	return &List{env: env, fl: components.NewFilterList(env.Styles, env.Keys, "name, phone or fax")}
}

// Init loads the employers.
func (l *List) Init() tea.Cmd {
	l.loading = true
	ctx, st, region := l.env.Ctx, l.env.Store, l.env.Region
	return func() tea.Msg {
		d, err := loadRows(ctx, st, region)
		return loadedMsg{d, err}
	}
}

// Title names the screen.
func (l *List) Title() string { return "Employers" }

// Busy reports a reload or a search under way.
func (l *List) Busy() bool { return l.loading || l.fl.Busy() }

// Capturing reports whether the filter or a question has the keys.
func (l *List) Capturing() bool { return l.fl.Filtering() || l.confirm != nil }

// SetSize sets the screen's size.
func (l *List) SetSize(w, h int) {
	l.width, l.height = w, h
	l.fl.SetRows(max(1, h-2))
}

func (l *List) selected() (store.EmployerRow, bool) {
	r, ok := l.fl.Selected()
	if !ok {
		return store.EmployerRow{}, false
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
			return l, tea.Batch(screen.Error(fmt.Errorf("loading employers: %w", msg.err)), retry)
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
	if key.Matches(msg, k.New) {
		l.env.Nav.Push(newForm(l.env, 0))
		return nil
	}
	sel, ok := l.selected()
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
		l.confirm = components.NewConfirm(env.Styles, env.Keys, fmt.Sprintf("Archive %s?", name), "archive",
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
	if l.confirm != nil {
		return l.confirm.ShortHelp()
	}
	if l.fl.Filtering() {
		return l.fl.HelpWhileTyping()
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
	if _, ok := l.selected(); !ok {
		none = "no employer selected"
	}
	return []screen.Action{
		{Name: "New employer", Key: k.New},
		{Name: "Open employer", Key: k.Open, Disabled: none},
		{Name: "Edit employer", Key: k.Edit, Disabled: none},
		{Name: "Archive employer", Key: k.Delete, Disabled: none},
		{Name: "Filter employers", Key: k.Filter},
	}
}

func (l *List) columns() []int {
	phone, fax, pats := 15, 15, 8
	return []int{max(8, l.width-phone-fax-pats-5), phone, fax, pats}
}

// View draws the list.
func (l *List) View() string {
	st := l.env.Styles
	if !l.loaded {
		msg := "Loading employers…"
		if l.err != nil {
			msg = "Could not load employers: " + l.err.Error()
		}
		return components.PlaceLines(st.Dim.Render(msg), l.height)
	}
	w := l.columns()
	header := components.TableHeader(st, []string{"Name", "Phone", "Fax", "Patients"}, w, l.width)
	var body string
	switch {
	case len(l.data.list) == 0:
		block := lipgloss.JoinVertical(lipgloss.Left, st.BoxTitle.Render("No employers yet."), "",
			st.HelpKey.Render("n  ")+st.HelpDesc.Render("add an employer"))
		body = lipgloss.Place(l.width, l.height-1, lipgloss.Center, lipgloss.Center, block)
	case l.fl.Len() == 0:
		body = components.PlaceLines(header+"\n\n"+st.Dim.Render(components.Truncate(
			fmt.Sprintf("No employer matches “%s”. esc clears the filter.", l.fl.Query()), l.width)), l.height-1)
	default:
		q := ""
		if l.fl.Filtered() {
			q = l.fl.Query()
		}
		lines := []string{header}
		for i := l.fl.Offset(); i < l.fl.Len() && i < l.fl.Offset()+max(1, l.height-2); i++ {
			e := l.data.list[l.fl.Record(i)]
			base, hl := st.Row, st.Match
			if i == l.fl.Cursor() {
				base, hl = st.SelectedRow, st.SelectedRow.Underline(true)
			}
			texts := []string{e.Name, e.Phone, model.FormatFax(e.Fax, l.env.Region), fmt.Sprint(e.Patients)}
			var hls [][]int
			if q != "" {
				hls = search.HighlightRow(texts, q)
			}
			lines = append(lines, components.TableRow(texts, w, hls, base, hl, l.width))
		}
		body = components.PlaceLines(strings.Join(lines, "\n"), l.height-1)
	}
	if l.confirm != nil {
		body = components.Overlay(body, l.confirm.View(l.width), l.width, l.height-1)
	}
	return body + "\n" + l.fl.Footer(l.width, "employer", "employers", len(l.data.list))
}
