package documents

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// ops are what the list and a document's page both do to a document:
// rename it, file it as another kind, archive or restore it, share it.
// Each asks in an overlay (a picker, a question) and changes the store in
// a command.
type ops struct {
	env     *screen.Env
	patient Patient
	keys    *keys

	doc     model.PatientDocument // what the open overlay is about
	kinds   *components.Picker
	confirm *components.Confirm
	share   *sharer

	width, height int
}

func (o *ops) open() bool { return o.kinds != nil || o.confirm != nil || o.share.open() }

func (o *ops) busy() bool { return o.share.busy() }

func (o *ops) setSize(w, h int) {
	o.width, o.height = w, h
	if o.kinds != nil {
		o.kinds.SetSize(min(40, w-2), min(12, h))
	}
	o.share.setSize(w, h)
}

// handles reports whether msg is one of the keys that act on a document.
func (o *ops) handles(msg tea.KeyMsg) bool {
	return key.Matches(msg, o.keys.rename, o.keys.kind, o.keys.archive, o.keys.share)
}

// key acts on d for one of the documents' keys.
func (o *ops) key(msg tea.KeyMsg, d model.PatientDocument) tea.Cmd {
	o.doc = d
	switch {
	case key.Matches(msg, o.keys.rename):
		o.env.Nav.Push(newRename(o.env, d))
	case key.Matches(msg, o.keys.kind):
		items := make([]components.PickerItem, len(model.PatientDocKinds))
		for i, k := range model.PatientDocKinds {
			items[i] = components.PickerItem{Title: k.Label()}
			if k == d.Kind {
				items[i].Disabled = "its kind now"
			}
		}
		o.kinds = components.NewPicker(o.env.Styles, o.env.Keys, "“"+model.Printable(d.Title)+"” is a…", items)
		o.kinds.SetSize(min(40, o.width-2), min(12, o.height))
	case key.Matches(msg, o.keys.archive):
		env, id, title := o.env, d.ID, model.Printable(d.Title)
		if d.Archived {
			return archive(env, id, title, false)
		}
		detail := "It stays in the database: v shows the archived ones, and x on it puts it back."
		if d.Shares > 0 {
			detail = fmt.Sprintf("Its %d shares stay as they are: revoke them on the Shares screen if the contact must no longer see it.", d.Shares)
		}
		o.confirm = components.NewConfirm(env.Styles, env.Keys, fmt.Sprintf("Archive the %s “%s”?", lower(d.Kind), title), "archive",
			func() tea.Cmd { return archive(env, id, title, true) }, detail)
	case key.Matches(msg, o.keys.share):
		if d.Archived {
			return screen.Status("An archived document is not shared: x puts it back on the chart first.")
		}
		o.share = newSharer(o.env, o.patient, d)
		o.share.setSize(o.width, o.height)
		return o.share.start()
	}
	return nil
}

// update passes a message to the open overlay.
func (o *ops) update(msg tea.Msg) tea.Cmd {
	if o.share != nil {
		cmd := o.share.update(msg)
		if !o.share.open() && !o.share.busy() {
			o.share = nil
		}
		return cmd
	}
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch {
	case o.confirm != nil:
		closed, cmd := o.confirm.Update(km)
		if closed {
			o.confirm = nil
		}
		return cmd
	case o.kinds != nil:
		chosen, closed, cmd := o.kinds.Update(km)
		if closed {
			o.kinds = nil
			if chosen >= 0 {
				return setKind(o.env, o.doc, model.PatientDocKinds[chosen])
			}
		}
		return cmd
	}
	return nil
}

func (o *ops) overlay(body string) string {
	switch {
	case o.kinds != nil:
		return components.Overlay(body, o.kinds.View(), o.width, o.height)
	case o.confirm != nil:
		return components.Overlay(body, o.confirm.View(o.width), o.width, o.height)
	case o.share.open():
		return o.share.overlay(body)
	}
	return body
}

func (o *ops) shortHelp() []key.Binding {
	switch {
	case o.confirm != nil:
		return o.confirm.ShortHelp()
	case o.share.open():
		return o.share.shortHelp()
	}
	return nil
}

// actions are the palette's commands on d (ok: there is one).
func (o *ops) actions(d model.PatientDocument, ok bool) []screen.Action {
	none, archived := "", ""
	if !ok {
		none = "no document selected"
	} else if d.Archived {
		archived = "an archived document is not shared"
	}
	need := d.Kind.Permission()
	if !ok {
		need = model.PermPatients
	}
	archive := "Archive the document"
	if d.Archived {
		archive = "Put the document back on the chart"
	}
	return []screen.Action{
		{Name: "Rename the document", Key: o.keys.rename, Disabled: none, Need: need},
		{Name: "Change the document's kind", Key: o.keys.kind, Disabled: none, Need: need},
		{Name: archive, Key: o.keys.archive, Disabled: none, Need: need},
		{Name: "Share the document with a contact", Key: o.keys.share, Disabled: firstOf(none, archived), Need: model.PermShare},
	}
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// lower is the kind as a sentence says it: "lab result".
func lower(k model.PatientDocKind) string {
	l := k.Label()
	if l == "" {
		return "document"
	}
	return string(l[0]|0x20) + l[1:]
}

func archive(env *screen.Env, id int64, title string, archived bool) tea.Cmd {
	ctx, st := env.Ctx, env.Store
	return func() tea.Msg {
		if err := st.ArchivePatientDocument(ctx, id, archived); err != nil {
			return screen.Done("", fmt.Errorf("“%s” was not changed: %w", title, err), 0)
		}
		if archived {
			return screen.Done(fmt.Sprintf("Archived “%s”: v shows the archived documents.", title), nil, 0)
		}
		return screen.Done(fmt.Sprintf("“%s” is back on the chart.", title), nil, 0)
	}
}

func setKind(env *screen.Env, d model.PatientDocument, kind model.PatientDocKind) tea.Cmd {
	ctx, st, id, title := env.Ctx, env.Store, d.ID, model.Printable(d.Title)
	return func() tea.Msg {
		if err := st.SetPatientDocumentKind(ctx, id, kind); err != nil {
			var de *model.DeniedError
			if errors.As(err, &de) {
				return screen.Done("", fmt.Errorf("“%s” stays a %s: %w", title, lower(d.Kind), err), 0)
			}
			return screen.Done("", fmt.Errorf("“%s” was not changed: %w", title, err), 0)
		}
		return screen.Done(fmt.Sprintf("“%s” is a %s now.", title, lower(kind)), nil, 0)
	}
}
