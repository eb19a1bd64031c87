package patients

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/documents"
	"frontdesk/ui/faxes"
	"frontdesk/ui/screen"
)

// Chart is everything about one patient on one screen: the details, the
// employer and the preferred contacts, each with how it was added and when
// it was last used.
type Chart struct {
	env      *screen.Env
	id       int64
	p        model.Patient
	employer string
	contacts []store.Preferred
	loaded   bool
	failed   error
	cursor   int
	top      int

	choices []store.ContactChoice
	picking bool // the choices are loading
	picker  *components.Picker
	confirm *components.Confirm

	width, height int
}

var _ screen.Screen = (*Chart)(nil)

// docsKey opens the patient's documents.
func docsKey() key.Binding { return key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "documents")) }

type (
	chartMsg struct {
		id       int64
		p        model.Patient
		employer string
		contacts []store.Preferred
		err      error
	}
	choicesMsg struct {
		owner   *Chart
		choices []store.ContactChoice
		err     error
	}
)

// NewChart returns the chart of patient id; Init loads it.
func NewChart(env *screen.Env, id int64) *Chart { return &Chart{env: env, id: id} }

// Init loads the chart.
func (c *Chart) Init() tea.Cmd {
	ctx, st, id := c.env.Ctx, c.env.Store, c.id
	return func() tea.Msg {
		p, err := st.GetPatient(ctx, id)
		if err != nil {
			return chartMsg{id: id, err: err}
		}
		employer := ""
		if p.EmployerID != 0 {
			if e, err := st.GetEmployer(ctx, p.EmployerID); err == nil {
				employer = e.Name
			}
		}
		pcs, err := st.PatientContacts(ctx, id)
		return chartMsg{id, p, employer, pcs, err}
	}
}

// Title names the screen.
func (c *Chart) Title() string {
	if !c.loaded {
		return "Patient"
	}
	return c.p.DisplayName()
}

// Busy reports the chart or the choices loading.
func (c *Chart) Busy() bool { return (!c.loaded && c.failed == nil) || c.picking }

// Capturing reports a picker or a question open.
func (c *Chart) Capturing() bool { return c.picker != nil || c.confirm != nil }

// SetSize sets the screen's size.
func (c *Chart) SetSize(w, h int) {
	c.width, c.height = w, h
	if c.picker != nil {
		c.picker.SetSize(min(64, w-2), min(18, h))
	}
}

// Update handles a message.
func (c *Chart) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case chartMsg:
		if msg.id != c.id {
			return c, nil
		}
		if msg.err != nil {
			c.failed = msg.err
			if errors.Is(msg.err, store.ErrNotFound) {
				c.loaded = false // gone: the chart must not go on showing it
			}
			return c, nil
		}
		c.p, c.employer, c.contacts, c.loaded, c.failed = msg.p, msg.employer, msg.contacts, true, nil
		c.cursor = max(0, min(c.cursor, len(c.contacts)-1))
	case choicesMsg:
		if msg.owner != c {
			return c, nil
		}
		c.picking = false
		if msg.err != nil {
			return c, screen.Error(msg.err)
		}
		c.choices = msg.choices
		items := make([]components.PickerItem, len(msg.choices))
		for i, ch := range msg.choices {
			items[i] = components.PickerItem{Title: ch.Title, Detail: model.FormatFax(ch.Fax, c.env.Region())}
		}
		c.picker = components.NewPicker(c.env.Styles, c.env.Keys, "Add a preferred contact", items)
		c.picker.SetSize(min(64, c.width-2), min(18, c.height))
	case screen.DataChangedMsg:
		return c, c.Init()
	case tea.KeyMsg:
		return c, c.key(msg)
	}
	return c, nil
}

func (c *Chart) key(msg tea.KeyMsg) tea.Cmd {
	k := c.env.Keys
	if c.confirm != nil {
		closed, cmd := c.confirm.Update(msg)
		if closed {
			c.confirm = nil
		}
		return cmd
	}
	if c.picker != nil {
		chosen, closed, cmd := c.picker.Update(msg)
		if closed {
			c.picker = nil
			if chosen >= 0 {
				return c.add(c.choices[chosen])
			}
		}
		return cmd
	}
	if key.Matches(msg, k.Back) {
		c.env.Nav.Pop()
		return nil
	}
	if !c.loaded {
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		c.cursor = max(0, c.cursor-1)
	case key.Matches(msg, k.Down):
		c.cursor = min(len(c.contacts)-1, c.cursor+1)
	case key.Matches(msg, k.Edit):
		c.env.Nav.Push(newForm(c.env, c.id))
	case key.Matches(msg, docsKey()):
		c.env.Nav.Push(documents.NewList(c.env, documents.Patient{ID: c.id, Name: spokenName(c.p)}))
	case key.Matches(msg, k.AddPerson):
		c.picking = true
		owner, ctx, st := c, c.env.Ctx, c.env.Store
		return func() tea.Msg {
			chs, err := st.ContactChoices(ctx)
			return choicesMsg{owner, chs, err}
		}
	case key.Matches(msg, k.Fax):
		if len(c.contacts) == 0 {
			return screen.Status("No preferred contact selected: a adds one.")
		}
		pc := c.contacts[c.cursor]
		c.env.Nav.Push(faxes.NewCompose(c.env, faxes.To{ContactID: pc.Ref.ContactID, EntityID: pc.Ref.EntityID, Name: pc.Name,
			Number: pc.Fax}, c.p.Chart))
	case key.Matches(msg, k.History):
		if len(c.contacts) == 0 {
			return screen.Status("No preferred contact selected.")
		}
		pc := c.contacts[c.cursor]
		c.env.Nav.Push(faxes.NewList(c.env, faxes.Filter{ContactID: pc.Ref.ContactID, ContactName: pc.Name,
			PatientID: c.id, PatientName: c.p.DisplayName()}))
	case key.Matches(msg, k.Delete):
		if len(c.contacts) == 0 {
			return screen.Status("No preferred contact to remove.")
		}
		pc, env, pid := c.contacts[c.cursor], c.env, c.id
		c.confirm = components.NewConfirm(env.Styles, env.Keys,
			fmt.Sprintf("Remove %s from the preferred contacts of %s?", pc.Name, c.p.DisplayName()), "remove",
			func() tea.Cmd { return remove(env, pid, pc) }, "The contact itself stays in the contact book.")
	}
	return nil
}

func (c *Chart) add(ch store.ContactChoice) tea.Cmd {
	ctx, st, pid := c.env.Ctx, c.env.Store, c.id
	return func() tea.Msg {
		if err := st.AddPatientContact(ctx, pid, ch.Ref); err != nil {
			return screen.Done("", fmt.Errorf("%s was not added: %w", ch.Title, err), 0)
		}
		return screen.Done(fmt.Sprintf("%s is a preferred contact now.", ch.Title), nil, 0)
	}
}

func remove(env *screen.Env, patientID int64, pc store.Preferred) tea.Cmd {
	ctx, st := env.Ctx, env.Store
	return func() tea.Msg {
		err := st.RemovePatientContact(ctx, patientID, pc.Ref)
		if errors.Is(err, store.ErrNotFound) {
			err = nil // removed meanwhile: the result is the same
		}
		if err != nil {
			return screen.Done("", fmt.Errorf("%s was not removed: %w", pc.Name, err), 0)
		}
		return screen.Done(fmt.Sprintf("Removed %s from the preferred contacts.", pc.Name), nil, 0)
	}
}

// how says how a preferred contact was added.
func how(source string) string {
	switch source {
	case store.SourceFax:
		return "by a fax"
	case store.SourceReferral:
		return "by a referral"
	}
	return "by hand"
}

// View draws the chart.
func (c *Chart) View() string {
	st := c.env.Styles
	if !c.loaded {
		msg := "Loading…"
		switch {
		case errors.Is(c.failed, store.ErrNotFound):
			msg = "This patient no longer exists (removed in another session). esc goes back."
		case c.failed != nil:
			msg = "Could not read the patient: " + c.failed.Error() + ". esc goes back."
		}
		return components.PlaceLines(st.Dim.Render(msg), c.height)
	}
	p := c.p
	label := func(l string) string { return st.Label.Render(fmt.Sprintf("%-17s", l)) }
	employer := c.employer
	if employer == "" {
		employer = st.Dim.Render("none")
	}
	out := []string{
		st.BoxTitle.Render(components.Truncate(p.DisplayName()+archivedNote(p), c.width)),
		components.Truncate(label("Born")+p.BirthDate.String()+"   "+label("Chart")+p.Chart, c.width),
		components.Truncate(label("Phone")+p.Phone+"   "+label("Email")+p.Email, c.width),
		components.Truncate(label("Provider")+p.Provider, c.width),
		components.Truncate(label("Employer")+employer, c.width),
		st.HRule(c.width),
		st.Header.Render(fmt.Sprintf("Preferred contacts (%d)", len(c.contacts))),
	}
	if len(c.contacts) == 0 {
		out = append(out, st.Dim.Render(components.Truncate("None yet: a adds one; a fax or referral about this patient adds its recipient.", c.width)))
	}
	room := max(1, c.height-len(out))
	c.top = max(0, min(c.top, c.cursor))
	if c.cursor >= c.top+room {
		c.top = c.cursor - room + 1
	}
	nameW := max(10, c.width*25/100)
	orgW := max(8, c.width*20/100)
	faxW := 15
	howW := 13
	usedW := max(0, components.Room(c.width, 5)-nameW-orgW-faxW-howW)
	for i := c.top; i < len(c.contacts) && i < c.top+room; i++ {
		pc := c.contacts[i]
		used := "never used"
		if !pc.LastUsed.IsZero() {
			used = "used " + pc.LastUsed.Local().Format("2006-01-02")
		}
		out = append(out, components.TableRow([]string{pc.Name, pc.Organization, model.FormatFax(pc.Fax, c.env.Region()), how(pc.Source), used},
			[]int{nameW, orgW, faxW, howW, usedW}, nil, st.ListRow(i == c.cursor), c.width))
	}
	body := components.PlaceLines(strings.Join(out, "\n"), c.height)
	switch {
	case c.picker != nil:
		body = components.Overlay(body, c.picker.View(), c.width, c.height)
	case c.confirm != nil:
		body = components.Overlay(body, c.confirm.View(c.width), c.width, c.height)
	}
	return body
}

// ShortHelp is the help bar's content.
func (c *Chart) ShortHelp() []key.Binding {
	if c.confirm != nil {
		return c.confirm.ShortHelp()
	}
	k := c.env.Keys
	return []key.Binding{docsKey(), addKey(k.AddPerson), removeKey(k.Delete), editPatientKey(k.Edit), k.Back}
}

func addKey(b key.Binding) key.Binding         { b.SetHelp(b.Help().Key, "add contact"); return b }
func removeKey(b key.Binding) key.Binding      { b.SetHelp(b.Help().Key, "remove contact"); return b }
func editPatientKey(b key.Binding) key.Binding { b.SetHelp(b.Help().Key, "edit patient"); return b }

// FullHelp is the help screen's content.
func (c *Chart) FullHelp() [][]key.Binding {
	k := c.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Fax, k.History}, c.ShortHelp()}
}

// Actions are the chart's commands for the palette.
func (c *Chart) Actions() []screen.Action {
	k := c.env.Keys
	none := ""
	if len(c.contacts) == 0 {
		none = "no preferred contact"
	}
	return []screen.Action{
		{Name: "Add a preferred contact", Key: k.AddPerson, Need: model.PermPatients},
		{Name: "Remove the preferred contact", Key: k.Delete, Disabled: none, Need: model.PermPatients},
		{Name: "Send a fax about this patient to the preferred contact", Key: k.Fax, Disabled: none, Need: model.PermFaxes},
		{Name: "Faxes to the preferred contact about this patient", Key: k.History, Disabled: none},
		{Name: "Edit patient", Key: k.Edit, Need: model.PermPatients},
		{Name: "Documents of this patient", Key: docsKey()},
	}
}

func archivedNote(p model.Patient) string {
	if p.Archived {
		return " (archived)"
	}
	return ""
}

// spokenName is the patient's name as a sentence says it: "Zoë Ouellet".
func spokenName(p model.Patient) string {
	if n := strings.TrimSpace(p.FirstName + " " + p.LastName); n != "" {
		return n
	}
	return p.DisplayName()
}
