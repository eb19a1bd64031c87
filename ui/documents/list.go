// Package documents is a patient's documents in the terminal: the list a
// chart opens, a document's page, adding one from a file, writing a
// letter, and sharing one with a contact through the portal.
package documents

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Patient is whose documents a screen shows, as its lines name them.
type Patient struct {
	ID   int64
	Name string // "Zoë Ouellet"
}

// keys are the bindings of the documents' screens; those of the keymap
// (enter, esc, moves) come from the session's.
type keys struct {
	add, letter, rename, kind, archive, archived, share key.Binding
}

func newKeys() keys {
	b := func(k, help string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, help)) }
	return keys{
		add:      b("a", "add file"),
		letter:   b("w", "write letter"),
		rename:   b("r", "rename"),
		kind:     b("c", "change kind"),
		archive:  b("x", "archive"),
		archived: b("v", "show archived"),
		share:    b("s", "share"),
	}
}

// List is the documents of one patient's chart, the newest first.
type List struct {
	env      *screen.Env
	patient  Patient
	keys     keys
	docs     []model.PatientDocument
	archived bool // archived ones shown too
	loaded   bool
	loading  bool
	failed   error
	cursor   int
	top      int
	ops      ops // rename, kind, archive and share, shared with the page

	width, height int
}

var _ screen.Screen = (*List)(nil)

type listMsg struct {
	owner *List
	docs  []model.PatientDocument
	err   error
}

// NewList returns the documents of patient p; Init loads them.
func NewList(env *screen.Env, p Patient) *List {
	l := &List{env: env, patient: p, keys: newKeys()}
	l.ops = ops{env: env, patient: p, keys: &l.keys}
	return l
}

// Init loads the documents.
func (l *List) Init() tea.Cmd {
	l.loading = true
	owner, ctx, st, id, archived := l, l.env.Ctx, l.env.Store, l.patient.ID, l.archived
	return func() tea.Msg {
		docs, err := st.PatientDocuments(ctx, id, archived)
		return listMsg{owner, docs, err}
	}
}

// Title names the screen.
func (l *List) Title() string { return "Documents" }

// Busy reports the list loading, or a share's contacts being read.
func (l *List) Busy() bool { return l.loading || l.ops.busy() }

// Capturing reports a picker or a question open.
func (l *List) Capturing() bool { return l.ops.open() }

// SetSize sets the screen's size.
func (l *List) SetSize(w, h int) {
	l.width, l.height = w, h
	l.ops.setSize(w, h)
}

func (l *List) selected() (model.PatientDocument, bool) {
	if l.cursor < 0 || l.cursor >= len(l.docs) {
		return model.PatientDocument{}, false
	}
	return l.docs[l.cursor], true
}

// Update handles a message.
func (l *List) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case listMsg:
		if msg.owner != l {
			return l, nil
		}
		l.loading = false
		if msg.err != nil {
			l.failed = msg.err
			return l, nil
		}
		l.docs, l.loaded, l.failed = msg.docs, true, nil
		l.cursor = max(0, min(l.cursor, len(l.docs)-1))
		return l, nil
	case screen.DataChangedMsg:
		return l, l.Init()
	case tea.KeyMsg:
		return l, l.key(msg)
	}
	return l, l.ops.update(msg)
}

func (l *List) key(msg tea.KeyMsg) tea.Cmd {
	if l.ops.open() {
		return l.ops.update(msg)
	}
	k := l.env.Keys
	switch {
	case key.Matches(msg, k.Back):
		l.env.Nav.Pop()
		return nil
	case key.Matches(msg, l.keys.add):
		l.env.Nav.Push(NewAdd(l.env, l.patient))
		return nil
	case key.Matches(msg, l.keys.letter):
		l.env.Nav.Push(NewLetter(l.env, l.patient))
		return nil
	case key.Matches(msg, l.keys.archived):
		l.archived = !l.archived
		return l.Init()
	}
	if !l.loaded {
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		l.cursor = max(0, l.cursor-1)
	case key.Matches(msg, k.Down):
		l.cursor = min(len(l.docs)-1, l.cursor+1)
	case key.Matches(msg, k.Top):
		l.cursor = 0
	case key.Matches(msg, k.Bottom):
		l.cursor = len(l.docs) - 1
	case key.Matches(msg, k.Open):
		if d, ok := l.selected(); ok {
			l.env.Nav.Push(NewPage(l.env, l.patient, d.ID))
		}
	default:
		d, ok := l.selected()
		if !ok {
			if l.ops.handles(msg) {
				return screen.Status("No document selected: a adds one from a file, w writes a letter.")
			}
			return nil
		}
		return l.ops.key(msg, d)
	}
	return nil
}

// View draws the list.
func (l *List) View() string {
	st := l.env.Styles
	switch {
	case errors.Is(l.failed, store.ErrNotFound):
		return components.PlaceLines(st.Dim.Render("This patient no longer exists. esc goes back."), l.height)
	case l.failed != nil:
		return components.PlaceLines(st.Error.Render("Could not read the documents: "+l.failed.Error()+". esc goes back."), l.height)
	case !l.loaded:
		return components.PlaceLines(st.Dim.Render("Reading the documents…"), l.height)
	}
	what := plural(len(l.docs), "document")
	if l.archived {
		what += ", archived ones too"
	}
	out := []string{
		st.BoxTitle.Render(components.Truncate(fmt.Sprintf("%s · %d %s", l.patient.Name, len(l.docs), what), l.width)),
	}
	widths := columns(l.width)
	out = append(out, components.TableHeader(st, []string{"Kind", "Title", "Date", "Pages", "Added by", "Shares"}, widths, l.width))
	if len(l.docs) == 0 {
		out = append(out, st.Dim.Render(components.Truncate("No documents yet: a adds one from a file, w writes a letter; a received fax is filed from its page.", l.width)))
	}
	room := max(1, l.height-len(out))
	l.top = max(0, min(l.top, l.cursor))
	if l.cursor >= l.top+room {
		l.top = l.cursor - room + 1
	}
	for i := l.top; i < len(l.docs) && i < l.top+room; i++ {
		d := l.docs[i]
		look := st.ListRow(i == l.cursor)
		if d.Archived {
			look = look.Own(st.Dim)
		}
		out = append(out, components.TableRow(rowTexts(d), widths, nil, look, l.width))
	}
	body := components.PlaceLines(strings.Join(out, "\n"), l.height)
	return l.ops.overlay(body)
}

// columns shares width among kind, title, date, pages, added by, shares;
// the last two go first on a narrow screen.
func columns(width int) []int {
	return components.Layout(width, []components.Column{
		{Need: 12, Min: 8, Fixed: true}, {Need: 40, Min: 12}, {Need: 10, Fixed: true}, {Need: 5, Fixed: true},
		{Need: 12, Min: 8, Optional: true}, {Need: 6, Fixed: true, Optional: true},
	})
}

func rowTexts(d model.PatientDocument) []string {
	title := model.Printable(d.Title)
	if d.Archived {
		title += " (archived)"
	}
	shares := ""
	if d.Shares > 0 {
		shares = fmt.Sprint(d.Shares)
	}
	return []string{d.Kind.Label(), title, d.Date.String(), fmt.Sprint(d.Pages), model.Printable(d.AddedBy), shares}
}

// ShortHelp is the help bar's content.
func (l *List) ShortHelp() []key.Binding {
	if h := l.ops.shortHelp(); h != nil {
		return h
	}
	k := l.env.Keys
	return []key.Binding{k.Open, l.keys.add, l.keys.letter, l.keys.share, l.archivedKey(), k.Back}
}

func (l *List) archivedKey() key.Binding {
	b := l.keys.archived
	if l.archived {
		b.SetHelp(b.Help().Key, "hide archived")
	}
	return b
}

// FullHelp is the help screen's content.
func (l *List) FullHelp() [][]key.Binding {
	k := l.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Open, k.Back},
		{l.keys.add, l.keys.letter, l.archivedKey()},
		{l.keys.rename, l.keys.kind, l.keys.archive, l.keys.share}}
}

// Actions are the list's commands for the palette.
func (l *List) Actions() []screen.Action {
	d, ok := l.selected()
	out := []screen.Action{
		{Name: "Add a document from a file", Key: l.keys.add, Need: model.PermPatients},
		{Name: "Write a letter", Key: l.keys.letter, Need: model.PermLetters},
		{Name: "Show or hide archived documents", Key: l.keys.archived},
	}
	return append(out, l.ops.actions(d, ok)...)
}
