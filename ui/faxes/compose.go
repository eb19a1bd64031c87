package faxes

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/transport"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// To is who a fax goes to: a saved contact (or one person of a group).
type To struct {
	ContactID int64
	EntityID  int64
	Name      string
	Number    string // E.164
}

// Compose sends a fax or a referral to a saved contact: about which
// patient (by chart number, optional), the kind (a referral's reason and
// specialty only for a referral), the documents and the note; a question
// with what will go, then the fax is queued, its cover page first.
//
// The documents are a list, each on its own line with its pages: a path
// typed (or picked with enter) is read at once, checked and added; the
// one selected can be removed, and a text one previewed. What is queued is
// what was read then.
type Compose struct {
	components.FormHost
	env     *screen.Env
	to      To
	confirm *components.Confirm
	w, h    int
	sentTo  string // who the fax asked about goes to

	docs    []model.Document // attached, in order, their bytes read
	sel     int              // the document selected
	reading int              // documents being read
	looking bool             // the path typed is being looked at, for enter
	lookSeq int              // the look asked for last
	docErr  string           // why the last one could not be added
	preview *preview         // a text document shown over the form
	remove  key.Binding
	show    key.Binding
}

var _ screen.Screen = (*Compose)(nil)

// SetSize sets the screen's size.
func (c *Compose) SetSize(w, h int) {
	c.w, c.h = w, h
	c.FormHost.SetSize(w, h)
}

type queuedMsg struct {
	owner *Compose
	fax   model.Fax
	err   error
}

// Fields of the compose form.
const (
	fieldPatient   = "patient"
	fieldKind      = "kind"
	fieldReason    = "reason"
	fieldSpecialty = "specialty"
	fieldDocuments = "documents"
	fieldNote      = "note"
	fieldNumber    = "number"
)

// NewCompose returns the compose screen for a fax to to, about the patient
// of chart (or none when empty).
func NewCompose(env *screen.Env, to To, chart string) *Compose {
	c := &Compose{FormHost: components.NewFormHost(env, "the fax"), env: env, to: to,
		remove: key.NewBinding(key.WithKeys("ctrl+x", "delete"), key.WithHelp("ctrl+x", "remove document")),
		show:   key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "preview text"))}
	title := "Fax to " + to.Name + ", " + model.FormatFax(to.Number, env.Region())
	var specs []components.FieldSpec
	if to.Number == "" {
		title = "Fax to a number (nothing is saved)"
		specs = append(specs, components.FieldSpec{Key: fieldNumber, Label: "Fax number", CharLimit: 40})
	}
	specs = append(specs, []components.FieldSpec{
		{Key: fieldPatient, Label: "Patient chart", Value: chart, CharLimit: 40, Hint: "the chart number of the patient it is about; empty for none"},
		{Key: fieldKind, Label: "Kind", Value: string(model.KindFax), CharLimit: 8, Hint: "fax or referral (enter picks)",
			Options: []string{string(model.KindFax), string(model.KindReferral)}},
		{Key: fieldReason, Label: "Reason", CharLimit: 200, Hint: "referral: why the patient is referred"},
		{Key: fieldSpecialty, Label: "Specialty", CharLimit: 100, Hint: "referral: the specialty referred to"},
		{Key: fieldDocuments, Label: "Documents", CharLimit: 2000, Files: true, Pick: c.add, Below: c.docLines,
			Hint: "PDF, TIFF or text: a path and enter adds it, enter alone browses; ↑/↓ choose, ctrl+x removes, ctrl+o previews text"},
		{Key: fieldNote, Label: "Cover note", CharLimit: 2000},
	}...)
	form := components.NewForm(env.Styles, env.Keys, title, specs)
	form.WorkDir, form.Folder = env.WorkDir, env.Files
	form.Holds = func() bool { return len(c.docs) > 0 }
	form.Validate = func(v map[string]string) map[string]string {
		p := map[string]string{}
		if to.Number == "" {
			if _, err := model.ParseFax(v[fieldNumber], env.Region()); err != nil {
				p[fieldNumber] = err.Error()
			}
		}
		switch strings.ToLower(strings.TrimSpace(v[fieldKind])) {
		case "fax":
		case "referral":
			if strings.TrimSpace(v[fieldReason]) == "" {
				p[fieldReason] = "a referral needs its reason"
			}
		default:
			p[fieldKind] = "fax or referral"
		}
		switch typed := strings.TrimSpace(v[fieldDocuments]); {
		case c.reading > 0:
			p[fieldDocuments] = "a document is still being read"
		case typed != "":
			p[fieldDocuments] = "enter adds " + typed + " (or clear it)"
		case len(c.docs) == 0:
			p[fieldDocuments] = "at least one document is needed"
		}
		return p
	}
	c.SetForm(form)
	c.syncKind()
	return c
}

// syncKind shows a referral's fields for a referral only.
func (c *Compose) syncKind() {
	referral := strings.EqualFold(strings.TrimSpace(c.Form.Value(fieldKind)), string(model.KindReferral))
	c.Form.SetHidden(fieldReason, !referral)
	c.Form.SetHidden(fieldSpecialty, !referral)
}

// Init asks whether the clinic's name and fax are set: the form is
// reached from the Faxes screen, a contact and a patient's chart, and the
// cover page of each needs them.
func (c *Compose) Init() tea.Cmd {
	owner, ctx, st := c, c.env.Ctx, c.env.Store
	return func() tea.Msg {
		missing, err := clinicMissing(ctx, st)
		return clinicMsg{owner, missing, err}
	}
}

// clinicMsg says whether the clinic's name or fax is missing.
type clinicMsg struct {
	owner   *Compose
	missing bool
	err     error
}

// Title names the screen.
func (c *Compose) Title() string { return "Send a fax" }

// Capturing: the form has the keys, unless the question is asked.
func (c *Compose) Capturing() bool { return c.confirm == nil }

// Update handles a message.
func (c *Compose) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case queuedMsg:
		if msg.owner == c {
			what := "Fax"
			if msg.fax.Kind == model.KindReferral {
				what = "Referral"
			}
			return c, c.Saved(msg.err, fmt.Sprintf("%s %d to %s queued, %d pages with the cover.", what, msg.fax.ID, c.sentTo, msg.fax.Pages), 0)
		}
	case clinicMsg:
		if msg.owner == c && msg.err != nil {
			return c, screen.Error(fmt.Errorf("the clinic's settings cannot be read: %w", msg.err))
		}
		if msg.owner == c && msg.missing {
			return c, askClinic(c.env)
		}
	case checkedMsg:
		if msg.owner == c {
			c.checked(msg)
		}
	case docReadMsg:
		if msg.owner == c {
			c.added(msg)
		}
	case typedMsg:
		if msg.owner == c {
			return c, c.typedFound(msg)
		}
	case tea.KeyMsg:
		if c.confirm != nil {
			closed, cmd := c.confirm.Update(msg)
			if closed {
				c.confirm = nil
			}
			return c, cmd
		}
		if c.preview != nil {
			if c.preview.key(msg, c.env.Keys) {
				c.preview = nil
			}
			return c, nil
		}
		if done, cmd := c.listKey(msg); done {
			return c, cmd
		}
		submitted, cmd := c.Key(msg)
		if c.Form != nil {
			c.syncKind()
		}
		if !submitted {
			return c, cmd
		}
		return c, c.ask()
	default:
		if c.Form != nil {
			_, cmd := c.Form.Update(msg) // a folder read for the path field
			return c, cmd
		}
	}
	return c, nil
}

// ask reads the documents and looks the patient up, in the background
// (keys wait meanwhile); checked then asks before queueing.
func (c *Compose) ask() tea.Cmd {
	v := c.Form.Values()
	to := c.to
	if to.Number == "" {
		n, err := model.ParseFax(v[fieldNumber], c.env.Region())
		if err != nil {
			c.Form.SetProblems(map[string]string{fieldNumber: err.Error()})
			return nil
		}
		to.Number, to.Name = n, ""
	}
	f := model.Fax{Kind: model.FaxKind(strings.ToLower(strings.TrimSpace(v[fieldKind]))), Number: to.Number, Name: to.Name,
		ContactID: to.ContactID, EntityID: to.EntityID, Note: strings.TrimSpace(v[fieldNote])}
	if f.Kind == model.KindReferral {
		f.Referral = model.Referral{Reason: strings.TrimSpace(v[fieldReason]), Specialty: strings.TrimSpace(v[fieldSpecialty])}
	}
	// The documents as they were read when added: the files are not read
	// again.
	f.Documents = append([]model.Document(nil), c.docs...)
	for _, d := range f.Documents {
		f.Pages += d.Pages
	}
	chart := strings.TrimSpace(v[fieldPatient])
	owner, env := c, c.env
	c.Saving = true
	return func() tea.Msg {
		patient := ""
		if chart != "" {
			p, err := env.Store.PatientByChart(env.Ctx, chart)
			if err != nil {
				return checkedMsg{owner: owner, field: fieldPatient, err: fmt.Errorf("no patient has chart number %s", chart)}
			}
			f.PatientID, patient = p.ID, p.DisplayName()+", chart "+p.Chart
		}
		return checkedMsg{owner: owner, fax: f, patient: patient}
	}
}

// checkedMsg brings the fax with its documents read and its patient found,
// or the field whose value cannot be used.
type checkedMsg struct {
	owner   *Compose
	fax     model.Fax
	patient string // "Ouellet, Zoë, chart A-100", or ""
	field   string
	err     error
}

// checked asks before queueing the fax checked.
func (c *Compose) checked(msg checkedMsg) {
	c.Saving = false
	if msg.err != nil {
		c.Form.SetProblems(map[string]string{msg.field: msg.err.Error()})
		return
	}
	f, patient := msg.fax, msg.patient
	who := f.Who(c.env.Region())
	n := fmt.Sprintf("%d pages", f.Pages)
	if f.Pages == 1 {
		n = "1 page"
	}
	details := []string{fmt.Sprintf("%s and the cover page, to %s.", n, model.FormatFax(f.Number, c.env.Region()))}
	if patient != "" && f.ContactID != 0 {
		details = append(details, "About "+patient+"; the chart keeps "+c.to.Name+" among its preferred contacts.")
	}
	env, owner := c.env, c
	c.sentTo = who
	c.confirm = components.NewConfirm(env.Styles, env.Keys, fmt.Sprintf("Send this %s to %s?", f.Kind, who), "send", func() tea.Cmd {
		c.Saving = true
		return func() tea.Msg {
			withCover, err := transport.AddCover(env.Ctx, env.Store, f, patient)
			if err != nil {
				return queuedMsg{owner, f, err}
			}
			queued, err := env.Store.QueueFax(env.Ctx, withCover)
			return queuedMsg{owner, queued, err}
		}
	}, details...)
}

// ShortHelp is the help bar's content.
func (c *Compose) ShortHelp() []key.Binding {
	switch {
	case c.confirm != nil:
		return c.confirm.ShortHelp()
	case c.preview != nil:
		return c.preview.help(c.env.Keys)
	case c.onList():
		return append([]key.Binding{c.remove, c.show}, c.FormHost.ShortHelp()...)
	}
	return c.FormHost.ShortHelp()
}

// View draws the form, and the question or the preview over it.
func (c *Compose) View() string {
	body := c.FormHost.View()
	switch {
	case c.confirm != nil:
		body = components.Overlay(body, c.confirm.View(c.w), c.w, c.h)
	case c.preview != nil:
		body = components.Overlay(body, c.preview.view(c.env.Styles, c.w, c.h), c.w, c.h)
	}
	return body
}
