package documents

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/sharing"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// recipient is a contact a document can be shared with: a whole contact
// (the share goes to its first person with an email, as the store picks)
// or one person of a group.
type recipient struct {
	contactID, entityID int64
	title               string // as the picker lists it
	name                string // as a sentence names them: "Ann Lee"
	email, mobile       string
}

// recipients lists every contact and every person of a group, those with
// an email first.
func recipients(cs []model.Contact) []recipient {
	var out []recipient
	person := func(c model.Contact, e model.Entity, title string) recipient {
		return recipient{contactID: c.ID, entityID: e.ID, title: title, name: spoken(e), email: e.Email, mobile: e.Mobile}
	}
	for _, c := range cs {
		if len(c.Entities) == 0 {
			continue
		}
		if c.Kind != model.Group {
			r := person(c, c.Entities[0], c.DisplayName())
			r.entityID = 0
			out = append(out, r)
			continue
		}
		// The whole group: its first person with an email, as the store
		// picks them.
		first := c.Entities[0]
		for _, e := range c.Entities {
			if e.Email != "" {
				first = e
				break
			}
		}
		whole := person(c, first, c.GroupName+" (everyone)")
		whole.entityID = 0
		if first.Email != "" {
			whole.name = spoken(first) + " of " + c.GroupName
		}
		out = append(out, whole)
		for _, e := range c.Entities {
			out = append(out, person(c, e, e.DisplayName()+" — "+c.GroupName))
		}
	}
	noEmail := func(r recipient) int {
		if r.email == "" {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(out, func(a, b recipient) int { return cmp.Compare(noEmail(a), noEmail(b)) })
	return out
}

// spoken is a person's name as a sentence says it: "Ann Lee".
func spoken(e model.Entity) string {
	if n := strings.TrimSpace(strings.TrimSpace(e.FirstName) + " " + strings.TrimSpace(e.LastName)); n != "" {
		return n
	}
	return strings.TrimSpace(e.Name)
}

// sharer shares one document: the contacts load, the user picks one,
// confirms what goes to whom, and the share runs in a command.
type sharer struct {
	env     *screen.Env
	patient Patient
	doc     model.PatientDocument

	loading bool
	sending bool
	level   model.ShareLevel
	list    []recipient
	picker  *components.Picker
	confirm *components.Confirm

	width, height int
}

type (
	recipientsMsg struct {
		owner *sharer
		list  []recipient
		set   model.ShareSettings
		err   error
	}
	sharedMsg struct {
		owner *sharer
		to    recipient
		share model.Share
		err   error
	}
)

func newSharer(env *screen.Env, p Patient, d model.PatientDocument) *sharer {
	return &sharer{env: env, patient: p, doc: d}
}

// The methods take a nil sharer as none open.
func (s *sharer) open() bool { return s != nil && (s.picker != nil || s.confirm != nil) }
func (s *sharer) busy() bool { return s != nil && (s.loading || s.sending) }

func (s *sharer) setSize(w, h int) {
	if s == nil {
		return
	}
	s.width, s.height = w, h
	if s.picker != nil {
		s.picker.SetSize(min(70, w-2), min(18, h))
	}
}

// start reads the settings and the contacts; sharing off is refused
// before any contact is picked.
func (s *sharer) start() tea.Cmd {
	s.loading = true
	owner, ctx, st := s, s.env.Ctx, s.env.Store
	return func() tea.Msg {
		set, err := st.ShareSettings(ctx)
		if err != nil {
			return recipientsMsg{owner: owner, err: err}
		}
		if !set.Enabled {
			return recipientsMsg{owner: owner, set: set, err: sharing.ErrOff}
		}
		var cs []model.Contact
		err = st.EachContact(ctx, func(c model.Contact) error { cs = append(cs, c); return nil })
		return recipientsMsg{owner, recipients(cs), set, err}
	}
}

func (s *sharer) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case recipientsMsg:
		if msg.owner != s {
			return nil
		}
		s.loading = false
		if msg.err != nil {
			return notShared(msg.err)
		}
		s.list, s.level = msg.list, msg.set.Level
		if len(s.list) == 0 {
			return screen.Status("No contacts to share with: add one on the Contacts screen (1) first.")
		}
		items := make([]components.PickerItem, len(s.list))
		for i, r := range s.list {
			items[i] = components.PickerItem{Title: r.title, Detail: r.email, Search: r.email}
			if r.email == "" {
				items[i].Disabled = "no email"
			}
		}
		s.picker = components.NewPicker(s.env.Styles, s.env.Keys, fmt.Sprintf("Share “%s” with whom?", model.Printable(s.doc.Title)), items)
		s.setSize(s.width, s.height)
		return nil
	case sharedMsg:
		if msg.owner != s {
			return nil
		}
		s.sending = false
		return shareResult(s.doc, msg.to, msg.share, msg.err)
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *sharer) key(msg tea.KeyMsg) tea.Cmd {
	if s.confirm != nil {
		closed, cmd := s.confirm.Update(msg)
		if closed {
			s.confirm = nil
		}
		return cmd
	}
	if s.picker == nil {
		return nil
	}
	chosen, closed, cmd := s.picker.Update(msg)
	if !closed {
		return cmd
	}
	s.picker = nil
	if chosen < 0 {
		return nil
	}
	r := s.list[chosen]
	switch {
	case r.email == "":
		return screen.Error(fmt.Errorf("%s %w (Contacts, 1: find them, e edits, then Email)", r.name, model.ErrNoEmail))
	case s.level == model.LevelSMS && r.mobile == "":
		return screen.Error(fmt.Errorf("%s has no mobile number, which the clinic's sharing level needs for its code: "+
			"add it on the contact first (Contacts, 1: find them, e edits, then Mobile)", r.name))
	}
	q := fmt.Sprintf("Share the %s “%s” of %s with %s <%s>?", lower(s.doc.Kind), model.Printable(s.doc.Title),
		s.patient.Name, r.name, r.email)
	detail := "They get an email with a link to the portal; it expires in 24 hours unless opened."
	if s.level == model.LevelSMS {
		detail = "They get an email with a link to the portal, then a code by text to " + model.MaskMobile(r.mobile) +
			"; the link expires in 24 hours unless opened."
	}
	s.confirm = components.NewConfirm(s.env.Styles, s.env.Keys, q, "share", func() tea.Cmd { return s.send(r) }, detail)
	return nil
}

// send shares the document with r through the sharing service.
func (s *sharer) send(r recipient) tea.Cmd {
	s.sending = true
	owner, ctx, svc, docID := s, s.env.Ctx, s.env.SharingService(), s.doc.ID
	return func() tea.Msg {
		sh, err := svc.Share(ctx, docID, r.contactID, r.entityID)
		return sharedMsg{owner, r, sh, err}
	}
}

// shareResult is what the status line says of a share: sent, not
// delivered with the mail server's reason, or refused with why.
func shareResult(d model.PatientDocument, to recipient, sh model.Share, err error) tea.Cmd {
	title := model.Printable(d.Title)
	if err != nil {
		return notShared(err)
	}
	who := fmt.Sprintf("%s <%s>", sh.Name, sh.Email)
	if sh.State == model.ShareNotDelivered {
		text := fmt.Errorf("the link to “%s” was not delivered to %s: %s. The share is kept: r on the Shares screen sends it again",
			title, who, sh.Reason)
		return func() tea.Msg { return screen.Done("", text, 0) }
	}
	text := fmt.Sprintf("Sent %s a link to the %s “%s”; it expires in 24 hours unless opened.", who, lower(d.Kind), title)
	return func() tea.Msg { return screen.Done(text, nil, 0) }
}

func notShared(err error) tea.Cmd {
	if errors.Is(err, sharing.ErrOff) {
		err = errors.New("not shared: sharing is off; an admin turns it on in Settings (Sharing)")
	} else {
		err = fmt.Errorf("not shared: %w", err)
	}
	return func() tea.Msg { return screen.Done("", err, 0) }
}

func (s *sharer) overlay(body string) string {
	switch {
	case s.picker != nil:
		return components.Overlay(body, s.picker.View(), s.width, s.height)
	case s.confirm != nil:
		return components.Overlay(body, s.confirm.View(s.width), s.width, s.height)
	}
	return body
}

func (s *sharer) shortHelp() []key.Binding {
	if s.confirm != nil {
		return s.confirm.ShortHelp()
	}
	k := s.env.Keys
	return []key.Binding{k.Up, k.Down, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")), k.Back}
}
