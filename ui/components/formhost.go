package components

import (
	"errors"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/screen"
)

// FormHost is what a screen made of one form has in common with the
// others: the form (nil while what it edits loads), a failed load, the
// save under way, and the parts of screen.Screen that follow from them. A
// screen embeds it and adds Init, Update and Title.
type FormHost struct {
	Form   *Form
	Saving bool
	Failed error // loading what the form edits failed

	what          string // "the employer", for messages
	env           *screen.Env
	width, height int
}

// NewFormHost returns a host for a form about what ("the patient").
func NewFormHost(env *screen.Env, what string) FormHost { return FormHost{env: env, what: what} }

// SetForm shows f, at the host's size.
func (h *FormHost) SetForm(f *Form) {
	h.Form = f
	f.SetSize(h.width, h.height)
}

// Capturing is true: the fields take every key.
func (h *FormHost) Capturing() bool { return true }

// Busy reports loading or saving, or the focused field waiting for its
// choices.
func (h *FormHost) Busy() bool {
	return (h.Form == nil && h.Failed == nil) || h.Saving || (h.Form != nil && h.Form.Waiting())
}

// Unsaved reports typing not saved yet.
func (h *FormHost) Unsaved() bool { return h.Form != nil && h.Form.Dirty() }

// SetSize sets the form's size.
func (h *FormHost) SetSize(w, ht int) {
	h.width, h.height = w, ht
	if h.Form != nil {
		h.Form.SetSize(w, ht)
	}
}

// Key handles a key: esc leaves while loading, the form takes the rest;
// submitted reports ctrl+s (or enter on the last field) with no problem.
func (h *FormHost) Key(msg tea.KeyMsg) (submitted bool, cmd tea.Cmd) {
	if h.Form == nil {
		if msg.Type == tea.KeyEsc {
			h.env.Nav.Pop()
		}
		return false, nil
	}
	switch res, cmd := h.Form.Update(msg); res {
	case FormCancelled:
		h.env.Nav.Pop()
		return false, nil
	case FormSubmitted:
		return true, nil
	default:
		return false, cmd
	}
}

// Saved ends a save: done, the screen closes and reports text (about
// record id, to select); refused, the form shows why, beside the fields
// when the model says which.
func (h *FormHost) Saved(err error, text string, id int64) tea.Cmd {
	h.Saving = false
	var ve *model.ValidationError
	switch {
	case err == nil:
		h.env.Nav.Pop()
		done := screen.Done(text, nil, id)
		return func() tea.Msg { return done }
	case errors.As(err, &ve):
		p := map[string]string{}
		for _, pr := range ve.Problems {
			p[string(pr.Field)] = pr.Message
		}
		h.Form.SetProblems(p)
		h.Form.Notice, h.Form.NoticeErr = screen.Sentence(ve.Error())+".", true
	case errors.Is(err, store.ErrBusy):
		h.Form.Notice, h.Form.NoticeErr = NotSaved(err), true
	case errors.Is(err, store.ErrConflict):
		h.Form.Notice, h.Form.NoticeErr = "Someone else saved "+h.what+" while you were editing; esc, open it again and redo your change.", true
	default:
		h.Form.Notice, h.Form.NoticeErr = screen.Sentence(err.Error())+".", true
	}
	return nil
}

// NotSaved words a save that found the database busy for too long, for
// the notice of a form that keeps what was typed.
func NotSaved(err error) string {
	var we *store.WaitError
	if errors.As(err, &we) {
		return "Not saved: " + we.Error() + ". What you typed is still here: ctrl+s tries again."
	}
	return "Not saved: the database is busy. What you typed is still here: ctrl+s tries again."
}

// View draws the form, or why there is none.
func (h *FormHost) View() string {
	switch {
	case h.Failed != nil:
		return PlaceLines(h.env.Styles.Error.Render("Could not read "+h.what+": "+h.Failed.Error()+". esc goes back."), h.height)
	case h.Form == nil:
		return PlaceLines(h.env.Styles.Dim.Render("Loading…"), h.height)
	}
	return h.Form.View()
}

// ShortHelp is the help bar's content.
func (h *FormHost) ShortHelp() []key.Binding {
	k := h.env.Keys
	if h.Form != nil && h.Form.discard != nil {
		return h.Form.discard.ShortHelp()
	}
	if h.Form != nil && h.Form.files != nil {
		return FilesHelp()
	}
	return []key.Binding{k.Save, k.NextField, k.PrevField, k.Cancel}
}

// FullHelp is the help screen's content.
func (h *FormHost) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// Actions are the form's commands for the palette.
func (h *FormHost) Actions() []screen.Action {
	k := h.env.Keys
	return []screen.Action{{Name: "Save", Key: k.Save}, {Name: "Cancel", Key: k.Cancel}}
}
