package contacts

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Deleted lists the archive of deleted contacts, the latest first, with
// when and by whom each was deleted, and restores the selected one with
// its ties to the patients and employers that still exist.
type Deleted struct {
	env     *screen.Env
	items   []store.DeletedContact
	loaded  bool
	err     error
	cursor  int
	top     int
	working bool   // a load or a restore is on its way
	note    string // what the last restore did, in full

	width, height int
}

var _ screen.Screen = (*Deleted)(nil)

type deletedMsg struct {
	items []store.DeletedContact
	err   error
}

type restoredMsg struct {
	name string
	res  store.Restored
	err  error
}

// NewDeleted returns the screen of deleted contacts; Init loads them.
func NewDeleted(env *screen.Env) *Deleted { return &Deleted{env: env} }

// Init loads the archive.
func (d *Deleted) Init() tea.Cmd { return d.load() }

func (d *Deleted) load() tea.Cmd {
	d.working = true
	ctx, st := d.env.Ctx, d.env.Store
	return func() tea.Msg {
		items, err := st.DeletedContacts(ctx)
		return deletedMsg{items, err}
	}
}

// Title names the screen.
func (d *Deleted) Title() string { return "Deleted contacts" }

// Busy reports a load or a restore on its way: the list is about to change.
func (d *Deleted) Busy() bool { return d.working }

// Capturing is false: the screen has no text input.
func (d *Deleted) Capturing() bool { return false }

// SetSize sets the screen's size.
func (d *Deleted) SetSize(w, h int) { d.width, d.height = w, h }

// Update handles a message.
func (d *Deleted) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case deletedMsg:
		d.working = false
		if msg.err != nil {
			d.err = msg.err
			return d, screen.Error(fmt.Errorf("reading the deleted contacts: %w", msg.err))
		}
		d.items, d.loaded, d.err = msg.items, true, nil
		d.cursor = max(0, min(d.cursor, len(d.items)-1))
		return d, nil
	case restoredMsg:
		d.working = false
		if msg.err != nil {
			d.note = ""
			return d, func() tea.Msg { return screen.Done("", explain(msg.err, msg.name), 0) }
		}
		d.note = restoredText(msg.name, msg.res)
		text, id := d.note, msg.res.Contact.ID
		return d, func() tea.Msg { return screen.Done(text, nil, id) }
	case screen.DataChangedMsg:
		return d, d.load()
	case tea.KeyMsg:
		return d, d.key(msg)
	}
	return d, nil
}

// restoredText says what a restore brought back, and what it could not.
func restoredText(name string, r store.Restored) string {
	text := fmt.Sprintf("Restored %s with %s and %s.", name,
		count(r.Patients, "patient link", "patient links"), count(r.Employers, "employer link", "employer links"))
	if len(r.Missing) > 0 {
		text += " Not restored, no longer on file: " + strings.Join(r.Missing, "; ") + "."
	}
	return text
}

func (d *Deleted) key(msg tea.KeyMsg) tea.Cmd {
	k := d.env.Keys
	if key.Matches(msg, k.Back) {
		d.env.Nav.Pop()
		return nil
	}
	if !d.loaded {
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		d.cursor = max(0, d.cursor-1)
	case key.Matches(msg, k.Down):
		d.cursor = min(len(d.items)-1, d.cursor+1)
	case key.Matches(msg, k.Top):
		d.cursor = 0
	case key.Matches(msg, k.Bottom):
		d.cursor = len(d.items) - 1
	case key.Matches(msg, k.Restore):
		if len(d.items) == 0 {
			return screen.Status("No deleted contact to restore.")
		}
		return d.restore(d.items[d.cursor])
	}
	return nil
}

func (d *Deleted) restore(it store.DeletedContact) tea.Cmd {
	d.working = true
	ctx, st := d.env.Ctx, d.env.Store
	return func() tea.Msg {
		r, err := st.RestoreContact(ctx, it.ArchiveID)
		return restoredMsg{it.Name, r, err}
	}
}

// columns are the widths of name, fax, when and by whom.
func (d *Deleted) columns() []int {
	fax, when, by := 16, 10, 12
	return []int{max(10, components.Room(d.width, 4)-fax-when-by), fax, when, by}
}

// View draws the archive: a line per deleted contact, then what restoring
// the selected one brings back.
func (d *Deleted) View() string {
	st := d.env.Styles
	if !d.loaded {
		msg := "Loading deleted contacts…"
		if d.err != nil {
			msg = "Could not read the deleted contacts: " + d.err.Error() + ". esc goes back."
		}
		return components.PlaceLines(st.Dim.Render(msg), d.height)
	}
	wrap := func(s string) []string {
		return strings.Split(lipgloss.NewStyle().Width(max(20, d.width)).Render(s), "\n")
	}
	var foot []string
	if len(d.items) == 0 {
		foot = wrap("No deleted contacts. A contact you delete is kept here, with its fax history, and can be restored.")
	} else {
		it := d.items[d.cursor]
		what := fmt.Sprintf("%s: %s restores it with its fax history", it.Name, d.env.Keys.Restore.Help().Key)
		if it.Patients+it.Employers > 0 {
			what += fmt.Sprintf(" and the ties of its %s that still exist", links(it))
		}
		foot = wrap(what + ".")
	}
	for i := range foot {
		foot[i] = st.Dim.Render(foot[i])
	}
	if d.note != "" {
		foot = append(foot, wrap(d.note)...)
	}
	out := []string{st.Dim.Render(components.Truncate(count(len(d.items), "deleted contact", "deleted contacts")+", the latest first", d.width))}
	if len(d.items) > 0 {
		widths := d.columns()
		out = append(out, components.TableHeader(st, []string{"Name", "Fax", "Deleted", "By"}, widths, d.width))
		room := max(1, d.height-len(out)-1-len(foot))
		d.top = max(0, min(d.top, d.cursor))
		if d.cursor >= d.top+room {
			d.top = d.cursor - room + 1
		}
		now := time.Now()
		for i := d.top; i < len(d.items) && i < d.top+room; i++ {
			it := d.items[i]
			texts := []string{it.Name, model.FormatFax(it.Fax, d.env.Region()), day(it.DeletedAt, now), it.Actor}
			out = append(out, components.TableRow(texts, widths, nil, st.ListRow(i == d.cursor), d.width))
		}
	}
	body := components.PlaceLines(strings.Join(out, "\n"), max(1, d.height-len(foot)))
	return body + "\n" + strings.Join(foot, "\n")
}

// links counts what prefers a deleted contact: "2 patients and 1 employer".
func links(it store.DeletedContact) string {
	var parts []string
	if it.Patients > 0 {
		parts = append(parts, count(it.Patients, "patient", "patients"))
	}
	if it.Employers > 0 {
		parts = append(parts, count(it.Employers, "employer", "employers"))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " and ")
}

// day says when something happened, to the day: "today", "yesterday", or
// the date.
func day(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	switch t.Format(time.DateOnly) {
	case now.Format(time.DateOnly):
		return "today"
	case now.AddDate(0, 0, -1).Format(time.DateOnly):
		return "yesterday"
	}
	return t.Format(time.DateOnly)
}

// ShortHelp is the help bar's content.
func (d *Deleted) ShortHelp() []key.Binding {
	k := d.env.Keys
	return []key.Binding{k.Restore, k.Up, k.Down, k.Back}
}

// FullHelp is the help screen's content.
func (d *Deleted) FullHelp() [][]key.Binding {
	k := d.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Restore, k.Back}}
}

// Actions are the screen's commands for the palette.
func (d *Deleted) Actions() []screen.Action {
	none := ""
	if len(d.items) == 0 {
		none = "no deleted contact"
	}
	return []screen.Action{
		{Name: "Restore the deleted contact", Key: d.env.Keys.Restore, Disabled: none, Need: model.PermContacts},
	}
}
