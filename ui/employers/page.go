package employers

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

// Page shows one employer: its details, its patients, and its preferred
// contacts (linked from the contacts' side, removable here).
type Page struct {
	env      *screen.Env
	id       int64
	e        model.Employer
	patients []store.PatientRow
	contacts []store.Preferred
	loaded   bool
	failed   error
	cursor   int
	confirm  *components.Confirm

	width, height int
}

var _ screen.Screen = (*Page)(nil)

type pageMsg struct {
	id       int64
	e        model.Employer
	patients []store.PatientRow
	contacts []store.Preferred
	err      error
}

// NewPage returns the page of employer id; Init loads it.
func NewPage(env *screen.Env, id int64) *Page { return &Page{env: env, id: id} }

// Init loads the page.
func (p *Page) Init() tea.Cmd {
	ctx, st, id := p.env.Ctx, p.env.Store, p.id
	return func() tea.Msg {
		e, err := st.GetEmployer(ctx, id)
		if err != nil {
			return pageMsg{id: id, err: err}
		}
		pats, err := st.EmployerPatients(ctx, id)
		if err != nil {
			return pageMsg{id: id, err: err}
		}
		pcs, err := st.EmployerContacts(ctx, id)
		return pageMsg{id, e, pats, pcs, err}
	}
}

// Title names the screen.
func (p *Page) Title() string {
	if !p.loaded {
		return "Employer"
	}
	return p.e.Name
}

// Busy reports the page loading.
func (p *Page) Busy() bool { return !p.loaded && p.failed == nil }

// Capturing reports a question open.
func (p *Page) Capturing() bool { return p.confirm != nil }

// SetSize sets the screen's size.
func (p *Page) SetSize(w, h int) { p.width, p.height = w, h }

// Update handles a message.
func (p *Page) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case pageMsg:
		if msg.id != p.id {
			return p, nil
		}
		if msg.err != nil {
			p.failed = msg.err
			return p, nil
		}
		p.e, p.patients, p.contacts, p.loaded, p.failed = msg.e, msg.patients, msg.contacts, true, nil
		p.cursor = max(0, min(p.cursor, len(p.contacts)-1))
	case screen.DataChangedMsg:
		return p, p.Init()
	case tea.KeyMsg:
		return p, p.key(msg)
	}
	return p, nil
}

func (p *Page) key(msg tea.KeyMsg) tea.Cmd {
	k := p.env.Keys
	if p.confirm != nil {
		closed, cmd := p.confirm.Update(msg)
		if closed {
			p.confirm = nil
		}
		return cmd
	}
	if key.Matches(msg, k.Back) {
		p.env.Nav.Pop()
		return nil
	}
	if !p.loaded {
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		p.cursor = max(0, p.cursor-1)
	case key.Matches(msg, k.Down):
		p.cursor = min(len(p.contacts)-1, p.cursor+1)
	case key.Matches(msg, k.Edit):
		p.env.Nav.Push(newForm(p.env, p.id))
	case key.Matches(msg, k.Delete):
		if len(p.contacts) == 0 {
			return screen.Status("No preferred contact to remove.")
		}
		pc, env, id, name := p.contacts[p.cursor], p.env, p.id, p.e.Name
		p.confirm = components.NewConfirm(env.Styles, env.Keys,
			fmt.Sprintf("Remove %s from the preferred contacts of %s?", pc.Name, name), "remove",
			func() tea.Cmd {
				ctx, st := env.Ctx, env.Store
				return func() tea.Msg {
					err := st.RemoveEmployerContact(ctx, id, pc.Ref)
					if err != nil && !errors.Is(err, store.ErrNotFound) {
						return screen.Done("", fmt.Errorf("%s was not removed: %w", pc.Name, err), 0)
					}
					return screen.Done(fmt.Sprintf("Removed %s from the preferred contacts of %s.", pc.Name, name), nil, 0)
				}
			}, "The contact stays in the contact book; it is no longer suggested for this employer's patients.")
	}
	return nil
}

// View draws the page.
func (p *Page) View() string {
	st := p.env.Styles
	if !p.loaded {
		msg := "Loading…"
		if p.failed != nil {
			msg = "Could not read the employer: " + p.failed.Error() + ". esc goes back."
		}
		return components.PlaceLines(st.Dim.Render(msg), p.height)
	}
	e := p.e
	label := func(l string) string { return st.Label.Render(fmt.Sprintf("%-9s", l)) }
	out := []string{
		st.BoxTitle.Render(components.Truncate(e.Name, p.width)),
		components.Truncate(label("Phone")+e.Phone+"   "+label("Fax")+model.FormatFax(e.Fax, p.env.Region()), p.width),
	}
	if e.Address != "" {
		out = append(out, components.Truncate(label("Address")+strings.ReplaceAll(e.Address, "\n", ", "), p.width))
	}
	out = append(out, st.HRule(p.width), st.Header.Render(fmt.Sprintf("Preferred contacts (%d)", len(p.contacts))))
	if len(p.contacts) == 0 {
		out = append(out, st.Dim.Render(components.Truncate("None yet: link one from a contact (p in Contacts).", p.width)))
	}
	w := []int{max(10, p.width*35/100), max(8, p.width*30/100), 15}
	for i, pc := range p.contacts {
		out = append(out, components.TableRow([]string{pc.Name, pc.Organization, model.FormatFax(pc.Fax, p.env.Region())}, w, nil,
			st.ListRow(i == p.cursor), p.width))
	}
	out = append(out, st.HRule(p.width), st.Header.Render(fmt.Sprintf("Patients (%d)", len(p.patients))))
	room := max(1, p.height-len(out))
	for i, pat := range p.patients {
		if i == room-1 && len(p.patients) > room {
			out = append(out, st.Dim.Render(fmt.Sprintf(" … and %d more: / in Patients (2) finds them", len(p.patients)-i)))
			break
		}
		out = append(out, components.Truncate(" "+pat.Name+"  "+st.Dim.Render(pat.BirthDate+"  "+pat.Chart), p.width))
	}
	body := components.PlaceLines(strings.Join(out, "\n"), p.height)
	if p.confirm != nil {
		body = components.Overlay(body, p.confirm.View(p.width), p.width, p.height)
	}
	return body
}

// ShortHelp is the help bar's content.
func (p *Page) ShortHelp() []key.Binding {
	if p.confirm != nil {
		return p.confirm.ShortHelp()
	}
	k := p.env.Keys
	return []key.Binding{relabel(k.Delete, "remove contact"), relabel(k.Edit, "edit employer"), k.Back}
}

// FullHelp is the help screen's content.
func (p *Page) FullHelp() [][]key.Binding {
	k := p.env.Keys
	return [][]key.Binding{{k.Up, k.Down}, p.ShortHelp()}
}

// Actions are the page's commands for the palette.
func (p *Page) Actions() []screen.Action {
	k := p.env.Keys
	none := ""
	if len(p.contacts) == 0 {
		none = "no preferred contact"
	}
	return []screen.Action{{Name: "Remove the preferred contact", Key: k.Delete, Disabled: none, Need: model.PermPatients}, {Name: "Edit employer", Key: k.Edit, Need: model.PermPatients}}
}
