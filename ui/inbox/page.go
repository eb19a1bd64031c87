package inbox

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Page shows one message: who it is from and about what, its text, who it
// went to and why, and where it stands for each. Opening it marks it read.
type Page struct {
	env    *screen.Env
	it     store.InboxItem
	to     []store.MessageRecipient
	err    error
	loaded bool
	width  int
	height int
}

var _ screen.Screen = (*Page)(nil)

type recipientsMsg struct {
	owner *Page
	it    store.InboxItem // as it stands now
	to    []store.MessageRecipient
	err   error
}

// NewPage returns the page of a message of the inbox.
func NewPage(env *screen.Env, it store.InboxItem) *Page { return &Page{env: env, it: it} }

// Init marks the message read (when it was unread) and reads where it
// stands and who it went to.
func (p *Page) Init() tea.Cmd {
	owner, it, a := p, p.it, actingFor(p.env)
	return func() tea.Msg {
		if it.State == model.MessageUnread {
			if err := a.st.MarkMessage(a.ctx, it.ID, a.uid, model.MessageRead); err != nil {
				return recipientsMsg{owner, it, nil, err}
			}
		}
		return readPage(owner, a, it)
	}
}

// readPage reads the message as it stands now and who it went to.
func readPage(owner *Page, a acting, it store.InboxItem) recipientsMsg {
	now, err := a.st.InboxMessage(a.ctx, it.ID, a.uid)
	if err != nil {
		return recipientsMsg{owner, it, nil, err}
	}
	to, err := a.st.MessageRecipients(a.ctx, it.ID)
	return recipientsMsg{owner, now, to, err}
}

func (p *Page) Title() string    { return fmt.Sprintf("Message %d", p.it.ID) }
func (p *Page) Busy() bool       { return !p.loaded }
func (p *Page) Capturing() bool  { return false }
func (p *Page) SetSize(w, h int) { p.width, p.height = w, h }

func (p *Page) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case recipientsMsg:
		if msg.owner == p {
			read := !p.loaded && p.it.State == model.MessageUnread && msg.err == nil
			p.loaded, p.it, p.to, p.err = true, msg.it, msg.to, msg.err
			if read {
				// The list and the count of unread messages follow.
				return p, func() tea.Msg { return screen.Done("", nil, 0) }
			}
		}
	case screen.DataChangedMsg:
		if p.loaded {
			owner, a, it := p, actingFor(p.env), p.it
			return p, func() tea.Msg { return readPage(owner, a, it) }
		}
	case tea.KeyMsg:
		k := p.env.Keys
		switch {
		case key.Matches(msg, k.Back):
			p.env.Nav.Pop()
		case key.Matches(msg, doneKey):
			p.env.Nav.Pop()
			return p, mark(p.env, p.it, model.MessageDone)
		case key.Matches(msg, unreadKey):
			p.env.Nav.Pop()
			return p, mark(p.env, p.it, model.MessageUnread)
		case key.Matches(msg, reassignKey):
			p.env.Nav.Pop()
			p.env.Nav.Push(newReassign(p.env, p.it))
		}
	}
	return p, nil
}

func (p *Page) View() string {
	st := p.env.Styles
	label := func(s string) string { return st.Label.Render(fmt.Sprintf("%-10s", s)) }
	it := p.it
	it.Subject, it.Patient, it.Chart, it.Category, it.Source, it.Why, it.Body = model.Printable(it.Subject), model.Printable(it.Patient), model.Printable(it.Chart), model.Printable(it.Category), model.Printable(it.Source), model.Printable(it.Why), model.PrintableText(it.Body)
	lines := []string{
		st.BoxTitle.Render(components.Truncate(orText(it.Subject, "(no subject)"), p.width)),
		label("From") + components.Truncate(it.Patient+", chart "+it.Chart, p.width-10),
		label("Category") + it.Category,
		label("Received") + it.Received.Local().Format("2006-01-02 15:04") + " · by " + it.Source,
		label("To you") + components.Truncate(it.Why, p.width-10),
	}
	if p.loaded {
		lines = append(lines, label("Now")+components.Truncate(handling(p.it).Long(), p.width-10))
	}
	if note := model.Printable(it.Note); note != "" {
		wrapped := lipgloss.NewStyle().Width(max(10, p.width-10)).Render(note)
		for i, l := range strings.Split(wrapped, "\n") {
			if i == 0 {
				lines = append(lines, label("Note")+l)
			} else {
				lines = append(lines, strings.Repeat(" ", 10)+l)
			}
		}
	}
	lines = append(lines, "")
	body := lipgloss.NewStyle().Width(max(10, p.width)).Render(orText(it.Body, "(no text)"))
	lines = append(lines, strings.Split(body, "\n")...)
	lines = append(lines, "", st.Label.Render("Routed to"))
	switch {
	case p.err != nil:
		lines = append(lines, st.Error.Render(screen.Sentence(p.err.Error())))
	case !p.loaded:
		lines = append(lines, st.Dim.Render("Reading…"))
	}
	for _, r := range p.to {
		line := fmt.Sprintf("  %s (%s) · %s · %s", model.Printable(r.Name), model.Printable(r.Username), r.State, model.Printable(r.Why))
		lines = append(lines, components.Truncate(line, p.width))
	}
	return components.PlaceLines(strings.Join(lines, "\n"), p.height)
}

func orText(s, none string) string {
	if strings.TrimSpace(s) == "" {
		return none
	}
	return s
}

func (p *Page) ShortHelp() []key.Binding {
	return []key.Binding{doneKey, reassignKey, unreadKey, p.env.Keys.Back}
}
func (p *Page) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
func (p *Page) Actions() []screen.Action {
	return []screen.Action{
		{Name: "Mark the message done", Key: doneKey},
		{Name: "Mark the message unread", Key: unreadKey},
		{Name: "Reassign the message to another user or group", Key: reassignKey},
	}
}
