package inbox

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/screen"
)

// Take is the form for a patient's message taken by phone, routed as a
// portal's message is. First the patient, looked up by name, chart
// number or date of birth in a list that follows the typing; then the
// category, the subject and the message (several lines), with the patient
// chosen shown above them until the message is saved.
type Take struct {
	env    *screen.Env
	cats   []string
	found  *patients // nil while loading
	failed error

	// Choosing the patient.
	choosing bool
	query    textinput.Model
	hits     []int // into found.rows
	reading  string
	cursor   int
	offset   int
	chosen   int // into found.rows; -1 before one is chosen

	// The message.
	focus     int // takeCategory, takeSubject, takeBody
	category  textinput.Model
	subject   textinput.Model
	body      textarea.Model
	problems  map[int]string
	tried     bool
	notice    string
	noticeErr bool
	asking    bool // "discard the message?"
	saving    bool

	width, height int
}

var _ screen.Screen = (*Take)(nil)

// The fields of the message, in tab order.
const (
	takeCategory = iota
	takeSubject
	takeBody
	takeFields
)

type (
	takeLoadedMsg struct {
		owner *Take
		cats  []model.Category
		rows  []store.PatientRow
		err   error
	}
	takenMsg struct {
		owner *Take
		d     store.Delivered
		err   error
	}
)

// NewTake returns the form; Init reads the categories and the patients.
func NewTake(env *screen.Env) *Take {
	t := &Take{env: env, choosing: true, chosen: -1, width: 80, height: 20}
	t.query = t.newInput("name, chart number or date of birth", 80)
	t.query.Focus()
	t.category = t.newInput("type its start: app, test…", 60)
	t.subject = t.newInput("", 200)
	t.body = t.newBody()
	return t
}

func (t *Take) newInput(placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = t.env.Styles.Renderer.NewStyle().Reverse(true)
	in.PlaceholderStyle = t.env.Styles.Dim
	in.TextStyle = t.env.Styles.Value
	return in
}

// newBody is the message's text area, styled by the session's renderer
// (the widget's own styles would use the process's).
func (t *Take) newBody() textarea.Model {
	st := t.env.Styles
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Placeholder = "what the patient said; enter starts a new line"
	ta.CharLimit = 4000
	ta.Prompt = "│ "
	if st.ASCII {
		ta.Prompt = "| "
	}
	r := st.Renderer
	style := textarea.Style{Base: r.NewStyle(), CursorLine: r.NewStyle(), CursorLineNumber: r.NewStyle(),
		EndOfBuffer: r.NewStyle(), LineNumber: r.NewStyle(), Placeholder: st.Dim, Prompt: st.Dim, Text: st.Value}
	ta.FocusedStyle, ta.BlurredStyle = style, style
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.Cursor.Style = r.NewStyle().Reverse(true)
	ta.Blur()
	return ta
}

// Init reads the categories offered and the patients.
func (t *Take) Init() tea.Cmd {
	owner, ctx, st := t, t.env.Ctx, t.env.Store
	return func() tea.Msg {
		cs, err := st.Categories(ctx, false)
		if err != nil {
			return takeLoadedMsg{owner: owner, err: err}
		}
		var rows []store.PatientRow
		err = st.ListPatients(ctx, func(r *store.PatientRow) error {
			row := *r
			row.Search = append([]byte(nil), r.Search...) // valid during the call only
			rows = append(rows, row)
			return nil
		})
		return takeLoadedMsg{owner, cs, rows, err}
	}
}

// Title names the screen.
func (t *Take) Title() string { return "Message by phone" }

// Busy reports the first read and the save.
func (t *Take) Busy() bool { return (t.found == nil && t.failed == nil) || t.saving }

// Capturing: the fields take every key.
func (t *Take) Capturing() bool { return true }

// Unsaved reports a message typed and not saved yet.
func (t *Take) Unsaved() bool {
	return strings.TrimSpace(t.subject.Value()) != "" || strings.TrimSpace(t.body.Value()) != "" ||
		strings.TrimSpace(t.category.Value()) != ""
}

// SetSize sets the screen's size.
func (t *Take) SetSize(w, h int) {
	t.width, t.height = w, h
	in := max(10, w-takeLabel-3)
	t.query.Width, t.category.Width, t.subject.Width = in, in, in
	t.body.SetWidth(max(10, w-takeLabel-1))
	t.body.SetHeight(max(2, min(8, h-12)))
	t.scroll()
}

func (t *Take) categoryNamed(v string) (string, bool) { return pickCategory(t.cats, v) }

// pickCategory is the category v names: in full, or by a start that
// names one category only.
func pickCategory(cats []string, v string) (string, bool) {
	v = model.Fold(strings.TrimSpace(v))
	for _, c := range cats {
		if v == model.Fold(c) {
			return c, true
		}
	}
	var found []string
	for _, c := range cats {
		if v != "" && strings.HasPrefix(model.Fold(c), v) {
			found = append(found, c)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}

// Update handles a message.
func (t *Take) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case takeLoadedMsg:
		if msg.owner != t {
			break
		}
		if t.failed = msg.err; msg.err != nil {
			break
		}
		for _, c := range msg.cats {
			t.cats = append(t.cats, c.Name)
		}
		t.found = newPatients(msg.rows, model.RegionDateOrder(t.env.Region()))
		t.refilter()
	case takenMsg:
		if msg.owner != t {
			break
		}
		t.saving = false
		err := msg.err
		if err == nil {
			err = msg.d.Err
		}
		if err != nil {
			t.notice, t.noticeErr = screen.Sentence(err.Error())+".", true
			return t, nil
		}
		var names []string
		for _, u := range msg.d.To {
			names = append(names, model.Printable(u.Name))
		}
		t.env.Nav.Pop()
		done := screen.Done(fmt.Sprintf("Message %d routed to %s.", msg.d.ID, strings.Join(names, ", ")), nil, 0)
		return t, func() tea.Msg { return done }
	case tea.KeyMsg:
		return t, t.key(msg)
	}
	return t, nil
}

func (t *Take) key(msg tea.KeyMsg) tea.Cmd {
	k := t.env.Keys
	switch {
	case t.saving:
		return nil
	case t.asking:
		switch {
		case key.Matches(msg, k.Yes):
			t.env.Nav.Pop()
		case key.Matches(msg, k.No):
			t.asking = false
		}
		return nil
	case t.found == nil:
		if key.Matches(msg, k.Back) {
			t.env.Nav.Pop()
		}
		return nil
	case t.choosing:
		return t.chooseKey(msg)
	}
	return t.messageKey(msg)
}

// chooseKey handles a key while the patient is looked up.
func (t *Take) chooseKey(msg tea.KeyMsg) tea.Cmd {
	k := t.env.Keys
	switch {
	case key.Matches(msg, k.Back):
		if t.Unsaved() {
			t.asking = true
			return nil
		}
		t.env.Nav.Pop()
		return nil
	case msg.Type == tea.KeyEnter:
		if len(t.hits) == 0 {
			t.notice, t.noticeErr = "No patient matches: try the last name, the chart number or the date of birth.", true
			return nil
		}
		t.choose(t.hits[t.cursor])
		return nil
	case key.Matches(msg, k.Save):
		if t.chosen < 0 {
			t.notice, t.noticeErr = "Not saved: choose the patient first (enter on one of the list).", true
			return nil
		}
		t.setChoosing(false)
		return t.save()
	case msg.Type == tea.KeyTab && t.chosen >= 0:
		t.setChoosing(false) // keep the patient chosen before
		return nil
	case msg.Type == tea.KeyUp || msg.Type == tea.KeyCtrlP:
		t.cursor = max(0, t.cursor-1)
	case msg.Type == tea.KeyDown || msg.Type == tea.KeyCtrlN:
		t.cursor = max(0, min(len(t.hits)-1, t.cursor+1))
	case msg.Type == tea.KeyPgUp:
		t.cursor = max(0, t.cursor-t.rowsShown())
	case msg.Type == tea.KeyPgDown:
		t.cursor = max(0, min(len(t.hits)-1, t.cursor+t.rowsShown()))
	default:
		before := t.query.Value()
		var cmd tea.Cmd
		t.query, cmd = t.query.Update(msg)
		if t.query.Value() != before {
			t.notice = ""
			t.refilter()
		}
		return cmd
	}
	t.scroll()
	return nil
}

// choose takes patient i and goes on to the message.
func (t *Take) choose(i int) {
	t.chosen = i
	t.notice = ""
	t.setChoosing(false)
}

func (t *Take) setChoosing(on bool) {
	t.choosing = on
	if on {
		t.query.Focus()
		t.category.Blur()
		t.subject.Blur()
		t.body.Blur()
		return
	}
	t.query.Blur()
	t.setFocus(t.focus)
}

// refilter lists the patients the query finds, keeping the cursor on the
// patient chosen when it is still listed.
func (t *Take) refilter() {
	t.hits, t.reading = t.found.match(t.query.Value(), time.Now())
	t.cursor, t.offset = 0, 0
	for n, i := range t.hits {
		if i == t.chosen {
			t.cursor = n
		}
	}
	t.scroll()
}

// rowsShown is how many patients the list shows at the screen's height.
func (t *Take) rowsShown() int { return max(1, t.height-8) }

func (t *Take) scroll() {
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if n := t.rowsShown(); t.cursor >= t.offset+n {
		t.offset = t.cursor - n + 1
	}
}

// messageKey handles a key while the message is typed.
func (t *Take) messageKey(msg tea.KeyMsg) tea.Cmd {
	k := t.env.Keys
	single := t.focus != takeBody
	switch {
	case key.Matches(msg, k.Back):
		// Back to the patient, whatever was typed kept.
		t.setChoosing(true)
		return nil
	case key.Matches(msg, k.Save):
		return t.save()
	case msg.Type == tea.KeyTab || (single && msg.Type == tea.KeyDown) || (single && msg.Type == tea.KeyEnter):
		t.setFocus((t.focus + 1) % takeFields)
		return nil
	case msg.Type == tea.KeyShiftTab || (single && msg.Type == tea.KeyUp):
		t.setFocus((t.focus + takeFields - 1) % takeFields)
		return nil
	}
	var cmd tea.Cmd
	switch t.focus {
	case takeCategory:
		t.category, cmd = t.category.Update(msg)
	case takeSubject:
		t.subject, cmd = t.subject.Update(msg)
	default:
		t.body, cmd = t.body.Update(msg)
	}
	if t.tried {
		t.check()
	}
	return cmd
}

func (t *Take) setFocus(f int) {
	t.focus = f
	t.category.Blur()
	t.subject.Blur()
	t.body.Blur()
	switch f {
	case takeCategory:
		t.category.Focus()
	case takeSubject:
		t.subject.Focus()
	default:
		t.body.Focus()
	}
}

// check finds the message's problems, by field.
func (t *Take) check() bool {
	t.problems = map[int]string{}
	if _, ok := t.categoryNamed(t.category.Value()); !ok {
		t.problems[takeCategory] = "one of: " + strings.Join(t.cats, ", ")
	}
	if strings.TrimSpace(t.subject.Value()) == "" && strings.TrimSpace(t.body.Value()) == "" {
		t.problems[takeSubject] = "a subject or a message"
	}
	return len(t.problems) == 0
}

// save routes the message, or says what is missing.
func (t *Take) save() tea.Cmd {
	t.tried = true
	if !t.check() {
		t.notice, t.noticeErr = "Not saved: "+t.problemText()+".", true
		return nil
	}
	cat, _ := t.categoryNamed(t.category.Value())
	p := t.found.rows[t.chosen]
	in := store.MessageIn{Chart: p.Chart, Category: cat, Subject: t.subject.Value(), Body: t.body.Value(), Source: "phone"}
	t.saving, t.notice = true, ""
	owner, ctx, st := t, t.env.Ctx, t.env.Store
	return func() tea.Msg {
		got, err := st.IngestMessages(ctx, []store.MessageIn{in})
		if err != nil {
			return takenMsg{owner, store.Delivered{}, err}
		}
		return takenMsg{owner, got[0], nil}
	}
}

func (t *Take) problemText() string {
	var out []string
	if p, ok := t.problems[takeCategory]; ok {
		out = append(out, "the category is "+p)
	}
	if _, ok := t.problems[takeSubject]; ok {
		out = append(out, "a subject or a message is needed")
	}
	return strings.Join(out, "; ")
}

// ShortHelp is the help bar's content.
func (t *Take) ShortHelp() []key.Binding {
	k := t.env.Keys
	if t.asking {
		return []key.Binding{k.Yes, k.No}
	}
	if t.choosing {
		pick := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose the patient"))
		move := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move"))
		return []key.Binding{pick, move, k.Cancel}
	}
	next := key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field"))
	back := k.Back
	back.SetHelp(back.Help().Key, "change the patient")
	return []key.Binding{k.Save, next, back}
}

// FullHelp is the help screen's content.
func (t *Take) FullHelp() [][]key.Binding { return [][]key.Binding{t.ShortHelp()} }

// Actions are the form's commands for the palette.
func (t *Take) Actions() []screen.Action {
	return []screen.Action{{Name: "Save the message", Key: t.env.Keys.Save}}
}
