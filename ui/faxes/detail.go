package faxes

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Detail is a fax's page: all it says, its documents, its status history,
// and the retry of a failed one.
type Detail struct {
	env     *screen.Env
	id      int64
	fax     model.Fax
	events  []store.FaxEvent
	patient string
	loaded  bool
	err     error
	busy    bool
	retry   key.Binding
	file    key.Binding
	width   int
	height  int
}

var _ screen.Screen = (*Detail)(nil)

type detailMsg struct {
	owner   *Detail
	fax     model.Fax
	events  []store.FaxEvent
	patient string
	err     error
}

type retriedMsg struct {
	owner *Detail
	err   error
}

// NewDetail returns the page of fax id; Init loads it.
func NewDetail(env *screen.Env, id int64) *Detail {
	return &Detail{env: env, id: id, retry: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),
		file: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "file into a chart"))}
}

// Init loads the fax.
func (d *Detail) Init() tea.Cmd {
	d.busy = true
	owner, ctx, st, id := d, d.env.Ctx, d.env.Store, d.id
	return func() tea.Msg {
		f, evs, err := st.GetFax(ctx, id)
		patient := ""
		if err == nil && f.PatientID != 0 {
			if p, perr := st.GetPatient(ctx, f.PatientID); perr == nil {
				patient = p.DisplayName() + " (chart " + p.Chart + ")"
			}
		}
		return detailMsg{owner, f, evs, patient, err}
	}
}

// Title names the screen.
func (d *Detail) Title() string { return fmt.Sprintf("Fax %d", d.id) }

// Busy reports a load or a retry under way.
func (d *Detail) Busy() bool { return d.busy }

// Capturing: the page has no text field.
func (d *Detail) Capturing() bool { return false }

// SetSize sets the screen's size.
func (d *Detail) SetSize(w, h int) { d.width, d.height = w, h }

// Update handles a message.
func (d *Detail) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case detailMsg:
		if msg.owner == d {
			d.busy, d.loaded = false, true
			d.fax, d.events, d.patient, d.err = msg.fax, msg.events, msg.patient, msg.err
		}
	case retriedMsg:
		if msg.owner == d {
			d.busy = false
			if msg.err != nil {
				return d, func() tea.Msg {
					return screen.Done("", fmt.Errorf("fax %d was not queued again: %w", d.id, msg.err), 0)
				}
			}
			id := d.id
			return d, func() tea.Msg { return screen.Done(fmt.Sprintf("Fax %d is queued again.", id), nil, 0) }
		}
	case screen.DataChangedMsg:
		return d, d.Init()
	case tea.KeyMsg:
		if key.Matches(msg, d.env.Keys.Back) {
			d.env.Nav.Pop()
			return d, nil
		}
		if key.Matches(msg, d.file) && d.loaded {
			if why := d.fileRefusal(); why != "" {
				return d, screen.Status(screen.Sentence(why) + ".")
			}
			d.env.Nav.Push(NewFile(d.env, d.fax))
			return d, nil
		}
		if key.Matches(msg, d.retry) && d.loaded {
			if d.fax.Status != model.StatusFailed {
				return d, screen.Status("Only a failed fax can be retried.")
			}
			d.busy = true
			owner, ctx, st, id := d, d.env.Ctx, d.env.Store, d.id
			return d, func() tea.Msg { return retriedMsg{owner, st.RetryFax(ctx, id)} }
		}
	}
	return d, nil
}

// View draws the page.
func (d *Detail) View() string {
	st := d.env.Styles
	if d.err != nil {
		return st.Error.Render(screen.Sentence(d.err.Error()) + ".")
	}
	if !d.loaded {
		return st.Dim.Render("Reading the fax…")
	}
	f := d.fax
	var b strings.Builder
	row := func(label, value string) {
		if value == "" {
			return
		}
		value = model.Printable(value)
		b.WriteString(components.Truncate(st.Label.Render(fmt.Sprintf("%-10s", label))+" "+value, d.width) + "\n")
	}
	dir := Heading(f)
	who := f.Who(d.env.Region())
	if f.Name != "" && f.Number != "" {
		who += ", " + model.FormatFax(f.Number, d.env.Region())
	}
	status := string(f.Status)
	if f.Reason != "" {
		status += ": " + f.Reason
	}
	if u := Unanswered(f, time.Now()); u != "" {
		status += ": " + st.Error.Render(u)
	}
	row(dir, who)
	row("Kind", string(f.Kind))
	row("Patient", d.patient)
	row("Reason", f.Referral.Reason)
	row("Specialty", f.Referral.Specialty)
	row("Pages", fmt.Sprint(f.Pages))
	row("Status", status)
	row("Note", strings.ReplaceAll(f.Note, "\n", " "))
	b.WriteString("\n" + st.Header.Render("Documents") + "\n")
	// As they were sent: the stored documents, in order.
	for _, doc := range f.Documents {
		b.WriteString(components.Truncate("  "+docLine(doc, d.width-2, 12), d.width) + "\n")
	}
	if len(f.Paths) > 0 {
		b.WriteString(components.Truncate("  "+st.Dim.Render("Recorded before documents were kept; their files then:"), d.width) + "\n")
	}
	for _, p := range f.Paths {
		b.WriteString(components.Truncate("  "+model.Printable(p), d.width) + "\n")
	}
	b.WriteString("\n" + st.Header.Render("History") + "\n")
	for _, e := range d.events {
		line := fmt.Sprintf("  %s  %-9s %s", e.At.Local().Format("2006-01-02 15:04:05"), e.Status, model.Printable(e.Detail))
		b.WriteString(components.Truncate(line, d.width) + "\n")
	}
	return components.PlaceLines(strings.TrimRight(b.String(), "\n"), d.height)
}

// fileRefusal is why the fax cannot be filed into a chart; "" when it
// can.
func (d *Detail) fileRefusal() string {
	switch {
	case !d.loaded:
		return "the fax is still being read"
	case d.fax.Direction != model.Incoming:
		return "only a received fax is filed into a chart"
	case len(d.fax.Documents) == 0:
		return "this fax came before frontdesk kept documents: there is nothing to file"
	}
	return ""
}

// ShortHelp is the help bar's content.
func (d *Detail) ShortHelp() []key.Binding {
	switch {
	case d.fax.Status == model.StatusFailed:
		return []key.Binding{d.retry, d.env.Keys.Back}
	case d.loaded && d.fileRefusal() == "":
		return []key.Binding{d.file, d.env.Keys.Back}
	}
	return []key.Binding{d.env.Keys.Back}
}

// FullHelp is the help screen's content.
func (d *Detail) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// Actions are the page's commands for the palette.
func (d *Detail) Actions() []screen.Action {
	why := ""
	if d.fax.Status != model.StatusFailed {
		why = "only a failed fax can be retried"
	}
	return []screen.Action{{Name: "Retry this fax", Key: d.retry, Disabled: why, Need: model.PermFaxes},
		{Name: "File this fax into a patient's chart", Key: d.file, Disabled: d.fileRefusal(), Need: model.PermPatients}}
}
