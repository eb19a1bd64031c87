package shares

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

// Detail is a share's page: all of it, its audit trail, and its resend
// and revoke.
type Detail struct {
	env     *screen.Env
	id      int64
	share   model.Share
	trail   []store.AuditEntry
	now     time.Time
	loaded  bool
	err     error
	busy    bool
	gen     int // the read in flight; an older one coming back late is dropped
	keys    keys
	confirm *components.Confirm
	width   int
	height  int
}

var _ screen.Screen = (*Detail)(nil)

type detailMsg struct {
	owner *Detail
	gen   int
	share model.Share
	trail []store.AuditEntry
	now   time.Time
	err   error
}

// NewDetail returns the page of share id; Init loads it.
func NewDetail(env *screen.Env, id int64) *Detail { return &Detail{env: env, id: id, keys: newKeys()} }

// Init loads the share and its audit trail.
func (d *Detail) Init() tea.Cmd {
	d.busy = true
	d.gen++
	owner, gen, ctx, st, id := d, d.gen, d.env.Ctx, d.env.Store, d.id
	return func() tea.Msg {
		sh, err := st.Share(ctx, id)
		if err != nil {
			return detailMsg{owner: owner, gen: gen, err: fmt.Errorf("share %d cannot be read: %w", id, err)}
		}
		trail, err := st.ShareTrail(ctx, id)
		if err != nil {
			err = fmt.Errorf("the audit trail of share %d cannot be read: %w", id, err)
		}
		return detailMsg{owner, gen, sh, trail, store.ClockNow(ctx), err}
	}
}

// Title names the screen.
func (d *Detail) Title() string { return fmt.Sprintf("Share %d", d.id) }

// Busy reports a load, a resend or a revoke under way.
func (d *Detail) Busy() bool { return d.busy }

// Capturing reports the question open.
func (d *Detail) Capturing() bool { return d.confirm != nil }

// SetSize sets the screen's size.
func (d *Detail) SetSize(w, h int) { d.width, d.height = w, h }

// Update handles a message.
func (d *Detail) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case detailMsg:
		if msg.owner == d && msg.gen == d.gen {
			d.busy, d.loaded = false, true
			d.share, d.trail, d.now, d.err = msg.share, msg.trail, msg.now, msg.err
		}
	case actedMsg:
		if msg.owner == d {
			d.busy = false
			return d, func() tea.Msg { return msg.done }
		}
	case screen.DataChangedMsg:
		return d, d.Init()
	case tea.KeyMsg:
		if d.confirm != nil {
			closed, cmd := d.confirm.Update(msg)
			if closed {
				d.confirm = nil
			}
			return d, cmd
		}
		switch {
		case key.Matches(msg, d.env.Keys.Back):
			d.env.Nav.Pop()
		case !d.loaded || d.err != nil:
		case key.Matches(msg, d.keys.Resend):
			if cmd := denied(d.env); cmd != nil {
				return d, cmd
			}
			if why := resendRefusal(d.env, d.share, d.now); why != "" {
				return d, screen.Status(screen.Sentence(why) + ".")
			}
			d.busy = true
			return d, resend(d.env, d, d.share)
		case key.Matches(msg, d.keys.Revoke):
			if cmd := denied(d.env); cmd != nil {
				return d, cmd
			}
			if why := revokeRefusal(d.env, d.share); why != "" {
				return d, screen.Status(screen.Sentence(why) + ".")
			}
			sh := d.share
			d.confirm = revokeConfirm(d.env, sh, func() tea.Cmd { d.busy = true; return revoke(d.env, d, sh) })
		}
	}
	return d, nil
}

// stamp writes a time as the page does; "" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}

// View draws the page.
func (d *Detail) View() string {
	st := d.env.Styles
	if why := d.env.Denied(model.PermPatients); why != "" {
		return st.Error.Render(components.Truncate("The shares name patients. "+why, d.width))
	}
	if !d.loaded {
		return st.Dim.Render("Reading the share…")
	}
	if d.err != nil && d.share.ID == 0 {
		return st.Error.Render(screen.Sentence(d.err.Error()) + ".")
	}
	sh := d.share
	var b strings.Builder
	row := func(label, value string) {
		if strings.TrimSpace(value) == "" {
			return
		}
		value = model.Printable(value)
		b.WriteString(components.Truncate(st.Label.Render(fmt.Sprintf("%-10s", label))+" "+value, d.width) + "\n")
	}
	state := sh.StateAt(d.now)
	stateText := state.Label()
	if state == model.ShareNotDelivered && sh.Reason != "" {
		stateText += ": " + sh.Reason
	}
	row("Document", docLabel(sh)+", "+sh.DocumentDate.String())
	row("Patient", sh.PatientName+" (chart "+sh.PatientChart+")")
	contact := sh.Name
	if sh.ContactID == 0 {
		contact += " (contact deleted)"
	}
	row("Contact", contact)
	row("Email", sh.Email)
	if sh.Mobile != "" {
		row("Mobile", model.FormatFax(sh.Mobile, d.env.Region()))
	}
	row("Level", map[model.ShareLevel]string{model.LevelLink: "link only", model.LevelSMS: "link and a code by SMS"}[sh.Level])
	row("Shared by", sh.SharedBy+", "+stamp(sh.Created))
	row("Sent", stamp(sh.Sent))
	if e := sh.Expires(); !e.IsZero() && state != model.ShareExpired {
		row("Expires", stamp(e)+" unless opened")
	}
	row("State", stateText)
	if !sh.Opened.IsZero() {
		row("Opened", stamp(sh.Opened)+" from "+sh.OpenedFrom)
		row("Browser", sh.OpenedWith)
	}
	if !sh.Revoked.IsZero() {
		row("Revoked", stamp(sh.Revoked)+" by "+sh.RevokedBy)
	}
	b.WriteString("\n" + st.Header.Render("Audit trail") + "\n")
	if d.err != nil {
		b.WriteString(st.Error.Render(components.Truncate(screen.Sentence(d.err.Error())+".", d.width)) + "\n")
	}
	for _, e := range d.trail {
		line := fmt.Sprintf("  %s  %-10s %s", e.At.Local().Format("2006-01-02 15:04:05"), e.Action,
			strings.TrimSpace(e.Actor+" "+e.Detail))
		b.WriteString(components.Truncate(model.Printable(line), d.width) + "\n")
	}
	view := components.PlaceLines(strings.TrimRight(b.String(), "\n"), d.height)
	if d.confirm != nil {
		view = components.Overlay(view, d.confirm.View(d.width), d.width, d.height)
	}
	return view
}

// ShortHelp is the help bar's content.
func (d *Detail) ShortHelp() []key.Binding {
	if d.confirm != nil {
		return d.confirm.ShortHelp()
	}
	return []key.Binding{d.keys.Resend, d.keys.Revoke, d.env.Keys.Back}
}

// FullHelp is the help screen's content.
func (d *Detail) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// Actions are the page's commands for the palette.
func (d *Detail) Actions() []screen.Action {
	resendWhy, revokeWhy := "not read yet", "not read yet"
	if d.loaded && d.share.ID != 0 {
		resendWhy, revokeWhy = resendRefusal(d.env, d.share, d.now), revokeRefusal(d.env, d.share)
	}
	return []screen.Action{
		{Name: "Resend this share: a new link", Key: d.keys.Resend, Disabled: resendWhy, Need: model.PermShare},
		{Name: "Revoke this share", Key: d.keys.Revoke, Disabled: revokeWhy, Need: model.PermShare},
	}
}
