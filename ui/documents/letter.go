package documents

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/letter"
	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Letter writes a letter about a patient: To and Title on top, the body
// in a multi-line editor; ctrl+s draws it as a PDF with the clinic's
// letterhead and files it in the chart.
type Letter struct {
	env     *screen.Env
	patient Patient
	to      textinput.Model
	title   textinput.Model
	body    textarea.Model
	focus   int // 0 To, 1 Title, 2 the body
	saving  bool
	notice  string
	discard *components.Confirm

	width, height int
}

var _ screen.Screen = (*Letter)(nil)

type letterSavedMsg struct {
	owner *Letter
	doc   model.PatientDocument
	err   error
}

// NewLetter returns an empty letter about patient p.
func NewLetter(env *screen.Env, p Patient) *Letter {
	st := env.Styles
	input := func(placeholder string, limit int) textinput.Model {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = placeholder
		in.CharLimit = limit
		in.Cursor.SetMode(cursor.CursorStatic)
		in.Cursor.Style = st.Renderer.NewStyle().Reverse(true)
		in.TextStyle, in.PlaceholderStyle = st.Value, st.Dim
		return in
	}
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.CharLimit = 20000
	ta.Placeholder = "Dear colleague, …"
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.Cursor.Style = st.Renderer.NewStyle().Reverse(true)
	// bubbles' own styles come from lipgloss' default renderer: over SSH
	// they would follow the server's terminal, not this session's.
	plain := st.Renderer.NewStyle()
	focused := textarea.Style{Base: plain, CursorLine: plain, CursorLineNumber: st.Dim, EndOfBuffer: st.Dim,
		LineNumber: st.Dim, Placeholder: st.Dim, Prompt: st.Dim, Text: st.Value}
	ta.FocusedStyle, ta.BlurredStyle = focused, focused
	ta.BlurredStyle.Text = st.Dim
	l := &Letter{env: env, patient: p, to: input("Dr. Ann Lee, Cardiology West, 12 King St", 500),
		title: input("Referral for an echocardiogram", model.MaxTitle), body: ta}
	l.setFocus(0)
	return l
}

// Init starts nothing: the letter is empty.
func (l *Letter) Init() tea.Cmd { return nil }

// Title names the screen.
func (l *Letter) Title() string { return "Letter" }

// Busy reports a save under way.
func (l *Letter) Busy() bool { return l.saving }

// Capturing is true: the fields take every key.
func (l *Letter) Capturing() bool { return true }

// SetSize sets the screen's size.
func (l *Letter) SetSize(w, h int) {
	l.width, l.height = w, h
	l.to.Width, l.title.Width = max(1, w-12), max(1, w-12)
	l.body.SetWidth(max(10, w-2))
	l.body.SetHeight(max(3, h-7))
}

func (l *Letter) setFocus(i int) {
	l.focus = i
	l.to.Blur()
	l.title.Blur()
	l.body.Blur()
	switch i {
	case 0:
		l.to.Focus()
	case 1:
		l.title.Focus()
	default:
		l.body.Focus()
	}
}

// unsaved reports anything typed.
func (l *Letter) unsaved() bool {
	return strings.TrimSpace(l.to.Value()+l.title.Value()+l.body.Value()) != ""
}

// Update handles a message.
func (l *Letter) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case letterSavedMsg:
		if msg.owner != l {
			return l, nil
		}
		l.saving = false
		if msg.err != nil {
			l.notice = "Not saved: " + msg.err.Error() + ". What you wrote is still here."
			return l, nil
		}
		l.env.Nav.Pop()
		text := fmt.Sprintf("Filed the letter “%s” (%d %s) in the chart of %s.", model.Printable(msg.doc.Title), msg.doc.Pages,
			plural(msg.doc.Pages, "page"), l.patient.Name)
		return l, func() tea.Msg { return screen.Done(text, nil, 0) }
	case tea.KeyMsg:
		return l, l.key(msg)
	}
	return l, nil
}

func (l *Letter) key(msg tea.KeyMsg) tea.Cmd {
	k := l.env.Keys
	if l.discard != nil {
		closed, cmd := l.discard.Update(msg)
		if closed {
			l.discard = nil
		}
		return cmd
	}
	if l.saving {
		return nil
	}
	switch {
	case msg.Type == tea.KeyEsc:
		if !l.unsaved() {
			l.env.Nav.Pop()
			return nil
		}
		nav := l.env.Nav
		l.discard = components.NewConfirm(l.env.Styles, k, "Discard this letter?", "discard",
			func() tea.Cmd { nav.Pop(); return nil }, "Nothing of it is saved; n goes back to writing it.")
		return nil
	case key.Matches(msg, k.Save):
		return l.save()
	case msg.Type == tea.KeyTab:
		l.setFocus((l.focus + 1) % 3)
		return nil
	case msg.Type == tea.KeyShiftTab:
		l.setFocus((l.focus + 2) % 3)
		return nil
	case l.focus < 2 && (msg.Type == tea.KeyEnter || msg.Type == tea.KeyDown):
		l.setFocus(l.focus + 1)
		return nil
	case l.focus > 0 && l.focus < 2 && msg.Type == tea.KeyUp:
		l.setFocus(l.focus - 1)
		return nil
	}
	var cmd tea.Cmd
	switch l.focus {
	case 0:
		l.to, cmd = l.to.Update(msg)
	case 1:
		l.title, cmd = l.title.Update(msg)
	default:
		l.body, cmd = l.body.Update(msg)
	}
	if l.notice != "" {
		l.notice = ""
	}
	return cmd
}

// save draws the letter and files it, in a command.
func (l *Letter) save() tea.Cmd {
	title, to, body := strings.TrimSpace(l.title.Value()), strings.TrimSpace(l.to.Value()), l.body.Value()
	switch {
	case title == "":
		l.notice = "Not saved: the letter needs a title (what the chart lists it as)."
		l.setFocus(1)
		return nil
	case strings.TrimSpace(body) == "":
		l.notice = "Not saved: the letter says nothing yet."
		l.setFocus(2)
		return nil
	}
	l.saving, l.notice = true, ""
	owner, ctx, st, pid, author, region := l, l.env.Ctx, l.env.Store, l.patient.ID, l.env.User().Name, l.env.Region()
	return func() tea.Msg {
		fail := func(err error) tea.Msg { return letterSavedMsg{owner: owner, err: err} }
		fs, err := st.FaxSettings(ctx)
		if err != nil {
			return fail(err)
		}
		if strings.TrimSpace(fs.ClinicName) == "" {
			return fail(errors.New("the letterhead needs the clinic's name: an admin sets it in Settings"))
		}
		p, err := st.GetPatient(ctx, pid)
		if err != nil {
			return fail(err)
		}
		now := time.Now()
		about := p.DisplayName()
		if !p.BirthDate.IsZero() {
			about += ", born " + p.BirthDate.String()
		}
		if p.Chart != "" {
			about += ", chart " + p.Chart
		}
		clinicFax := ""
		if fs.ClinicFax != "" {
			clinicFax = model.FormatFax(fs.ClinicFax, region)
		}
		pdf, err := letter.PDF(letter.Letter{ClinicName: fs.ClinicName, ClinicFax: clinicFax, Date: now, To: to,
			Patient: about, Body: body, Author: author})
		if err != nil {
			return fail(err)
		}
		d, err := st.AddLetter(ctx, model.PatientDocument{PatientID: pid, Title: title, Date: model.DateOf(now)}, pdf)
		return letterSavedMsg{owner, d, err}
	}
}

// View draws the letter.
func (l *Letter) View() string {
	st := l.env.Styles
	label := func(i int, text string) string {
		s := st.Label
		if l.focus == i {
			s = st.FocusedLabel
		}
		return s.Render(fmt.Sprintf("%-9s", text))
	}
	out := []string{
		st.BoxTitle.Render(components.Truncate("A letter about "+l.patient.Name, l.width)),
		components.Truncate(label(0, "To")+" "+l.to.View(), l.width),
		components.Truncate(label(1, "Title")+" "+l.title.View(), l.width),
		label(2, "Letter") + st.Dim.Render(components.Truncate(" the clinic's letterhead, the date and your name are added", max(0, l.width-9))),
		st.HRule(l.width),
		l.body.View(),
	}
	switch {
	case l.saving:
		out = append(out, st.Dim.Render("Drawing the letter and filing it…"))
	case l.notice != "":
		out = append(out, st.Error.Render(components.Truncate(l.notice, l.width)))
	}
	body := components.PlaceLines(strings.Join(out, "\n"), l.height)
	if l.discard != nil {
		body = components.Overlay(body, l.discard.View(l.width), l.width, l.height)
	}
	return body
}

// ShortHelp is the help bar's content.
func (l *Letter) ShortHelp() []key.Binding {
	if l.discard != nil {
		return l.discard.ShortHelp()
	}
	k := l.env.Keys
	return []key.Binding{k.Save, key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")), k.Cancel}
}

// FullHelp is the help screen's content.
func (l *Letter) FullHelp() [][]key.Binding { return [][]key.Binding{l.ShortHelp()} }

// Actions are the letter's commands for the palette.
func (l *Letter) Actions() []screen.Action {
	return []screen.Action{{Name: "Save the letter", Key: l.env.Keys.Save, Need: model.PermLetters}, {Name: "Cancel", Key: l.env.Keys.Cancel}}
}
