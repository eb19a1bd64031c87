package contacts

import (
	"context"
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

// Mode is what an Edit form changes.
type Mode int

// The forms of the Contacts screen.
const (
	ModeNew       Mode = iota // a new contact: group name (optional), fax, first person
	ModeSingle                // a single contact: fax and its person
	ModeGroup                 // a multiple-entity contact's group name and fax
	ModePerson                // one person of a multiple-entity contact
	ModeAddPerson             // a new person in a multiple-entity contact
	ModeMakeGroup             // a single contact becoming multiple-entity: its group name
)

// Edit is a form screen that creates or changes a contact.
type Edit struct {
	env      *screen.Env
	mode     Mode
	base     model.Contact    // the contact as read; its Version guards the save
	personID int64            // the person edited (ModeSingle, ModePerson); 0 for a new one
	form     *components.Form // nil while the contact loads
	saving   bool
	loadID   int64 // the contact to load before the form can show
	err      error
	// faxShared is a fax number the user was told belongs to other
	// contacts too: saving it again goes ahead.
	faxShared string
	// employers are the employers to choose from; linked are those the
	// contact is a preferred contact of, as read (archived ones too).
	employers []store.EmployerRow
	linked    []int64
	// employersIn: the employers were read, or failed to be (employersErr).
	employersIn  bool
	employersErr error

	width, height int
}

var _ screen.Screen = (*Edit)(nil)

// editLoadedMsg brings an Edit the contact it was opened on.
type editLoadedMsg struct {
	owner *Edit
	c     model.Contact
	err   error
}

// editByID returns the form of mode for the stored contact id, which it
// loads first.
func editByID(env *screen.Env, mode Mode, id int64) *Edit {
	return &Edit{env: env, mode: mode, loadID: id}
}

// employersMsg brings an Edit the employers and the contact's links.
type employersMsg struct {
	owner  *Edit
	all    []store.EmployerRow
	linked []int64
	err    error
}

// fieldEmployers is the form's list of the employers the contact is a
// preferred contact of.
const fieldEmployers = "employers"

// savedMsg is the outcome of an Edit's save.
type savedMsg struct {
	owner   *Edit
	c       model.Contact
	err     error
	fresh   *model.Contact // the stored contact, after a conflict
	shared  []string       // other contacts with this fax; nothing saved yet
	linkErr error          // the contact saved, its employer links not
}

func newContactForm(env *screen.Env) *Edit {
	return NewEdit(env, ModeNew, model.Contact{Kind: model.Single, Entities: []model.Entity{{}}}, 0)
}

// NewEdit returns the form of mode for contact c; person is the index of the
// person edited, where the mode has one.
func NewEdit(env *screen.Env, mode Mode, c model.Contact, person int) *Edit {
	e := &Edit{env: env, mode: mode}
	e.build(c, person)
	return e
}

// build makes the form for contact c.
func (e *Edit) build(c model.Contact, person int) {
	env, mode := e.env, e.mode
	e.base = c
	var ent model.Entity
	if (mode == ModeSingle || mode == ModePerson) && person >= 0 && person < len(c.Entities) {
		ent = c.Entities[person]
		e.personID = ent.ID
	}
	var specs []components.FieldSpec
	group := components.FieldSpec{Key: string(model.FieldGroup), Label: "Group name", Value: c.GroupName, CharLimit: 200}
	fax := components.FieldSpec{Key: string(model.FieldFax), Label: "Fax", Value: model.FormatFax(c.Fax, env.Region()), CharLimit: 40}
	shared := fmt.Sprintf("shared by the %d people of %s", len(c.Entities), c.GroupName)
	var title string
	switch mode {
	case ModeNew:
		title = "New contact"
		group.Hint = "leave empty for a single contact; a name makes a group sharing the fax"
		specs = append(specs, group, fax)
	case ModeSingle:
		title = "Edit " + c.DisplayName()
		specs = append(specs, fax)
	case ModeGroup:
		title = "Edit " + c.DisplayName()
		fax.Hint = shared
		group.Hint = shared
		specs = append(specs, group, fax)
	case ModePerson:
		title = fmt.Sprintf("Edit %s in %s", c.Entities[person].DisplayName(), c.GroupName)
	case ModeAddPerson:
		title = "Add a person to " + c.GroupName
	case ModeMakeGroup:
		title = fmt.Sprintf("Make %s a multiple-entity contact", c.DisplayName())
		group.Value = c.DefaultGroupName()
		group.Hint = "the name the people sharing " + model.FormatFax(c.Fax, env.Region()) + " go by"
		specs = append(specs, group)
	}
	if e.hasPerson() {
		for _, f := range model.EntityFields {
			spec := components.FieldSpec{Key: string(f.Key), Label: f.Label, Value: f.Get(ent), CharLimit: f.MaxLen}
			if f.Key == model.FieldName {
				spec.Hint = "a full name or a department, when there is no first or last name"
			}
			specs = append(specs, spec)
		}
	}
	if e.hasChoices() {
		specs = append(specs, components.FieldSpec{Key: fieldEmployers, Label: "Employers", Choices: []string{},
			Loading: !e.employersIn, Hint: "employers whose patients' faxes suggest this contact: enter chooses"})
	}
	e.form = components.NewForm(env.Styles, env.Keys, title, specs)
	e.form.Validate = e.validate
}

func (e *Edit) hasPerson() bool {
	return e.mode == ModeNew || e.mode == ModeSingle || e.mode == ModePerson || e.mode == ModeAddPerson
}

func (e *Edit) hasField(f model.Field) bool {
	switch f {
	case model.FieldGroup:
		return e.mode == ModeNew || e.mode == ModeGroup || e.mode == ModeMakeGroup
	case model.FieldFax:
		return e.mode == ModeNew || e.mode == ModeSingle || e.mode == ModeGroup
	}
	return e.hasPerson()
}

// validate checks the values as the model will, keyed by field.
func (e *Edit) validate(v map[string]string) map[string]string {
	p := map[string]string{}
	if e.hasField(model.FieldGroup) && e.mode != ModeNew && strings.TrimSpace(v[string(model.FieldGroup)]) == "" {
		p[string(model.FieldGroup)] = "is required"
	}
	if e.hasField(model.FieldFax) {
		if _, err := model.ParseFax(v[string(model.FieldFax)], e.env.Region()); err != nil {
			p[string(model.FieldFax)] = err.Error()
		}
	}
	if e.hasPerson() {
		_, ps := entityFrom(v).Clean(e.env.Region(), 0)
		for _, pr := range ps {
			if p[string(pr.Field)] == "" {
				p[string(pr.Field)] = pr.Message
			}
		}
	}
	return p
}

func entityFrom(v map[string]string) model.Entity {
	var ent model.Entity
	for _, f := range model.EntityFields {
		f.Set(&ent, v[string(f.Key)])
	}
	return ent
}

// errPersonGone: the person edited is no longer in the contact.
var errPersonGone = errors.New("this person is no longer in this contact: another session split the group or removed them; " +
	"esc goes back, and the person, if split, has a contact of their own")

// contact builds the contact to save: the base as read (or as saved
// meanwhile by another session) with the fields the user changed.
func (e *Edit) contact() (model.Contact, error) {
	v := e.form.Values()
	changed := func(f model.Field) bool { return e.form.Changed(string(f)) }
	c := e.base
	c.Entities = append([]model.Entity(nil), c.Entities...)
	if e.hasField(model.FieldGroup) && (changed(model.FieldGroup) || e.mode == ModeMakeGroup) {
		c.GroupName = strings.TrimSpace(v[string(model.FieldGroup)])
	}
	if e.hasField(model.FieldFax) && changed(model.FieldFax) {
		c.Fax, _ = model.ParseFax(v[string(model.FieldFax)], e.env.Region())
	}
	switch e.mode {
	case ModeNew:
		c.Kind = model.Single
		if c.GroupName != "" {
			c.Kind = model.Group
		}
		c.Entities = []model.Entity{entityFrom(v)}
	case ModeMakeGroup:
		c.Kind = model.Group
	case ModeAddPerson:
		c.Entities = append(c.Entities, entityFrom(v))
	case ModeSingle, ModePerson:
		i := e.personIndex(c)
		if i < 0 {
			return c, errPersonGone
		}
		for _, f := range model.EntityFields {
			if changed(f.Key) {
				f.Set(&c.Entities[i], v[string(f.Key)])
			}
		}
	}
	return c, nil
}

// linkChanges returns what saving does to the contact's employers: the
// links added and removed in the form, applied once the contact is saved.
func (e *Edit) linkChanges() func(context.Context, *store.Store, int64) error {
	if e.form == nil || e.employers == nil || !e.hasChoices() {
		return func(context.Context, *store.Store, int64) error { return nil }
	}
	// Only the employers offered are changed: a link to an archived one
	// stays.
	offered, want := map[int64]bool{}, map[int64]bool{}
	for _, r := range e.employers {
		offered[r.ID] = true
	}
	for _, i := range e.form.Chosen(fieldEmployers) {
		want[e.employers[i].ID] = true
	}
	had := map[int64]bool{}
	for _, id := range e.linked {
		if offered[id] {
			had[id] = true
		}
	}
	return func(ctx context.Context, st *store.Store, contactID int64) error {
		for id := range want {
			if !had[id] {
				if err := st.AddEmployerContact(ctx, id, model.ContactRef{ContactID: contactID}); err != nil {
					return err
				}
			}
		}
		for id := range had {
			if !want[id] {
				if err := st.RemoveEmployerContact(ctx, id, model.ContactRef{ContactID: contactID}); err != nil && !errors.Is(err, store.ErrNotFound) {
					return err
				}
			}
		}
		return nil
	}
}

func (e *Edit) hasChoices() bool {
	return e.mode == ModeNew || e.mode == ModeSingle || e.mode == ModeGroup
}

// rebase takes the contact as another session saved it: the fields the
// user did not change show that session's values.
func (e *Edit) rebase(fresh model.Contact) {
	e.base = fresh
	if e.hasField(model.FieldGroup) {
		e.form.Rebase(string(model.FieldGroup), fresh.GroupName)
	}
	if e.hasField(model.FieldFax) {
		e.form.Rebase(string(model.FieldFax), model.FormatFax(fresh.Fax, e.env.Region()))
	}
	if i := e.personIndex(fresh); i >= 0 && (e.mode == ModeSingle || e.mode == ModePerson) {
		for _, f := range model.EntityFields {
			e.form.Rebase(string(f.Key), f.Get(fresh.Entities[i]))
		}
	}
}

// personIndex finds the edited person in c, or -1.
func (e *Edit) personIndex(c model.Contact) int {
	for i, p := range c.Entities {
		if e.personID != 0 && p.ID == e.personID {
			return i
		}
	}
	return -1
}

// Init loads the contact, when the form was opened on an ID, and the
// employers it can be linked to.
func (e *Edit) Init() tea.Cmd {
	ctx, st, id, owner := e.env.Ctx, e.env.Store, e.loadID, e
	if id == 0 {
		id = e.base.ID
	}
	employers := func() tea.Msg {
		var all []store.EmployerRow
		err := st.ListEmployers(ctx, func(r *store.EmployerRow) error { all = append(all, *r); return nil })
		var linked []int64
		if err == nil && id != 0 {
			linked, err = st.EmployersOfContact(ctx, id)
		}
		return employersMsg{owner, all, linked, err}
	}
	if e.form != nil {
		return employers
	}
	return tea.Batch(func() tea.Msg {
		c, err := st.GetContact(ctx, e.loadID)
		return editLoadedMsg{owner, c, err}
	}, employers)
}

// setEmployers fills the employers field once both the form and the
// employers are there (or could not be read: the field offers none, and
// says why).
func (e *Edit) setEmployers() {
	if e.form == nil || !e.employersIn {
		return
	}
	if e.employersErr != nil {
		e.form.SetChoices(fieldEmployers, []string{}, nil)
		e.form.Notice, e.form.NoticeErr = screen.Sentence("the employers cannot be read: "+e.employersErr.Error()), true
		return
	}
	names := make([]string, len(e.employers))
	linked := map[int64]bool{}
	for _, id := range e.linked {
		linked[id] = true
	}
	var chosen []int
	for i, r := range e.employers {
		names[i] = r.Name
		if linked[r.ID] {
			chosen = append(chosen, i)
		}
	}
	e.form.SetChoices(fieldEmployers, names, chosen)
}

// Title names the screen.
func (e *Edit) Title() string {
	if e.form == nil {
		return "Edit"
	}
	return e.form.Title
}

// Unsaved reports whether the form holds typing not saved yet.
func (e *Edit) Unsaved() bool { return e.form != nil && e.form.Dirty() }

// Busy reports that the contact is loading or being saved, or that the
// employers field has the focus before the employers are read.
func (e *Edit) Busy() bool {
	return (e.form == nil && e.err == nil) || e.saving || (e.form != nil && e.form.Waiting())
}

// Capturing is always true: the form's inputs take every key.
func (e *Edit) Capturing() bool { return true }

// SetSize sets the form's size.
func (e *Edit) SetSize(w, h int) {
	e.width, e.height = w, h
	if e.form != nil {
		e.form.SetSize(w, h)
	}
}

// Update handles a message.
func (e *Edit) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case employersMsg:
		if msg.owner == e {
			e.employersIn, e.employersErr = true, msg.err
			if msg.err == nil {
				e.employers, e.linked = msg.all, msg.linked
			}
			e.setEmployers()
		}
		return e, nil
	case editLoadedMsg:
		if msg.owner != e {
			return e, nil
		}
		if msg.err != nil {
			e.err = explain(msg.err, "The contact")
			return e, nil
		}
		if e.mode == ModeMakeGroup && msg.c.Kind == model.Group {
			e.err = errors.New("this contact is already a multiple-entity one")
			return e, nil
		}
		e.build(msg.c, 0)
		e.form.SetSize(e.width, e.height)
		e.setEmployers()
		return e, nil
	case savedMsg:
		if msg.owner == e {
			return e, e.saved(msg)
		}
	case tea.KeyMsg:
		if e.form == nil {
			if msg.Type == tea.KeyEsc {
				e.env.Nav.Pop()
			}
			return e, nil
		}
		if e.saving {
			return e, nil
		}
		res, cmd := e.form.Update(msg)
		switch res {
		case components.FormCancelled:
			e.env.Nav.Pop()
			return e, nil
		case components.FormSubmitted:
			e.saving = true
			return e, e.save()
		}
		return e, cmd
	}
	return e, nil
}

func (e *Edit) save() tea.Cmd {
	c, err := e.contact()
	if err != nil {
		e.saving = false
		e.form.Notice, e.form.NoticeErr = screen.Sentence(err.Error())+".", true
		return nil
	}
	ctx, st, owner, isNew := e.env.Ctx, e.env.Store, e, e.mode == ModeNew
	link := e.linkChanges()
	checkFax := e.hasField(model.FieldFax) && e.form.Changed(string(model.FieldFax)) && c.Fax != e.faxShared
	e.form.Notice, e.form.NoticeErr = "Saving…", false
	return func() tea.Msg {
		if checkFax {
			if names, err := st.ContactsWithFax(ctx, c.Fax, c.ID); err == nil && len(names) > 0 {
				return savedMsg{owner: owner, c: c, shared: names}
			}
		}
		var saved model.Contact
		var err error
		if isNew {
			saved, err = st.CreateContact(ctx, c)
		} else {
			saved, err = st.UpdateContact(ctx, c)
		}
		msg := savedMsg{owner: owner, c: saved, err: err}
		if err == nil {
			if lerr := link(ctx, st, saved.ID); lerr != nil {
				// The contact is saved: the form closes, and says so.
				msg.linkErr = fmt.Errorf("%s was saved, but its employers were not: %w", saved.DisplayName(), lerr)
			}
		}
		if errors.Is(err, store.ErrConflict) {
			if fresh, ferr := st.GetContact(ctx, c.ID); ferr == nil {
				msg.fresh = &fresh
			}
		}
		return msg
	}
}

func (e *Edit) saved(msg savedMsg) tea.Cmd {
	e.saving = false
	var ve *model.ValidationError
	switch {
	case msg.shared != nil:
		e.faxShared = msg.c.Fax
		e.form.Notice, e.form.NoticeErr = fmt.Sprintf("%s is also the fax of %s. ctrl+s saves anyway; to add a person to "+
			"a group that has this number, esc and use a on that contact.", model.FormatFax(msg.c.Fax, e.env.Region()),
			strings.Join(msg.shared, ", ")), true
	case msg.err == nil:
		verb := "Saved"
		if e.mode == ModeNew {
			verb = "Added"
		}
		e.env.Nav.Pop()
		done := screen.Done(fmt.Sprintf("%s %s.", verb, msg.c.DisplayName()), msg.linkErr, msg.c.ID)
		return func() tea.Msg { return done }
	case errors.As(msg.err, &ve):
		p := map[string]string{}
		c, _ := e.contact()
		mine := e.personIndex(c)
		if mine < 0 {
			mine = len(c.Entities) - 1
		}
		for _, pr := range ve.Problems {
			if pr.Person < 0 || pr.Person == mine {
				p[string(pr.Field)] = pr.Message
			}
		}
		e.form.SetProblems(p)
		e.form.Notice, e.form.NoticeErr = screen.Sentence(ve.Error()), true
	case msg.fresh != nil:
		// Keep what the user typed; show the other session's values in the
		// fields the user left alone; the next save applies the user's
		// changes to the other session's version, knowingly.
		e.rebase(*msg.fresh)
		e.form.Notice, e.form.NoticeErr = "Someone else saved this contact while you were editing: the fields you did not "+
			"change now show their values. ctrl+s saves your changes on top; esc discards yours.", true
	case errors.Is(msg.err, store.ErrBusy):
		e.form.Notice, e.form.NoticeErr = components.NotSaved(msg.err), true
	default:
		e.form.Notice, e.form.NoticeErr = screen.Sentence(explain(msg.err, "this contact").Error()), true
	}
	return nil
}

// View draws the form.
func (e *Edit) View() string {
	switch {
	case e.err != nil:
		return components.PlaceLines(e.env.Styles.Error.Render(screen.Sentence(e.err.Error())+". esc goes back."), e.height)
	case e.form == nil:
		return components.PlaceLines(e.env.Styles.Dim.Render("Loading…"), e.height)
	}
	return e.form.View()
}

// ShortHelp is the help bar's content.
func (e *Edit) ShortHelp() []key.Binding {
	k := e.env.Keys
	if e.form != nil && e.form.Discarding() != nil {
		return e.form.Discarding().ShortHelp()
	}
	return []key.Binding{k.Save, k.NextField, k.PrevField, k.Cancel}
}

// FullHelp is the help screen's content.
func (e *Edit) FullHelp() [][]key.Binding { return [][]key.Binding{e.ShortHelp()} }

// Actions are the form's commands for the palette.
func (e *Edit) Actions() []screen.Action {
	k := e.env.Keys
	return []screen.Action{{Name: "Save", Key: k.Save}, {Name: "Cancel", Key: k.Cancel}}
}
