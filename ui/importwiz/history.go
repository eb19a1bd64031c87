package importwiz

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// History lists the imports, newest first, and undoes the one selected
// when no later import is still in effect.
type History struct {
	env     *screen.Env
	kind    string
	batches []store.ImportBatch
	loaded  bool
	err     error
	cursor  int
	top     int    // first line shown
	undoing bool   // an undo is on its way
	refusal string // why the last undo asked for cannot be done, shown whole
	confirm *components.Confirm

	width, height int
}

type historyMsg struct {
	batches []store.ImportBatch
	err     error
}

// undoRefusedMsg is an undo the store refused (ErrUndo), with its reason.
type undoRefusedMsg struct{ why string }

// NewHistory returns the history of the imports of kind.
func NewHistory(env *screen.Env, kind string) *History { return &History{env: env, kind: kind} }

func (h *History) Init() tea.Cmd { return h.load() }

func (h *History) load() tea.Cmd {
	ctx, st, kind := h.env.Ctx, h.env.Store, h.kind
	return func() tea.Msg {
		bs, err := st.ImportBatches(ctx, kind)
		return historyMsg{bs, err}
	}
}

func (h *History) Title() string   { return "Import history" }
func (h *History) Capturing() bool { return h.confirm != nil }
func (h *History) Busy() bool      { return !h.loaded }
func (h *History) Actions() []screen.Action {
	need := model.PermContacts
	if h.kind == "patients" {
		need = model.PermPatients
	}
	return []screen.Action{{Name: "Undo the selected import", Key: bind("u", "u", "undo"), Need: need}}
}
func (h *History) SetSize(w, ht int) { h.width, h.height = w, ht }

func (h *History) ShortHelp() []key.Binding {
	if h.confirm != nil {
		return h.confirm.ShortHelp()
	}
	return []key.Binding{bind("u", "u", "undo"), bind("esc", "esc", "back")}
}
func (h *History) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

func (h *History) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case historyMsg:
		h.batches, h.err, h.loaded = msg.batches, msg.err, true
		h.cursor = max(0, min(h.cursor, len(h.batches)-1))
	case screen.DataChangedMsg:
		// Comes after every change this session makes, an undo included.
		h.undoing = false
		return h, h.load()
	case undoRefusedMsg:
		h.undoing, h.refusal = false, msg.why
	case tea.KeyMsg:
		h.refusal = ""
		if h.confirm != nil {
			closed, cmd := h.confirm.Update(msg)
			if closed {
				h.confirm = nil
			}
			return h, cmd
		}
		switch msg.String() {
		case "esc":
			h.env.Nav.Pop()
		case "up", "k":
			h.cursor = max(0, h.cursor-1)
		case "down", "j":
			h.cursor = min(len(h.batches)-1, h.cursor+1)
		case "u":
			if len(h.batches) == 0 {
				return h, screen.Status("There is no import to undo.")
			}
			b := h.batches[h.cursor]
			if err := store.UndoRefusal(h.batches, b); err != nil {
				h.refusal = refusal(b, err)
				return h, nil
			}
			h.confirm = components.NewConfirm(h.env.Styles, h.env.Keys,
				fmt.Sprintf("Undo the import of %s?", filepath.Base(b.File)), "undo", h.undo(b),
				h.undoDetail(b))
		}
	}
	return h, nil
}

// undo returns the action that undoes batch b: the one the question named,
// even if the history changes while it is open.
func (h *History) undo(b store.ImportBatch) func() tea.Cmd {
	ctx, st, id, name, kind := h.env.Ctx, h.env.Store, b.ID, filepath.Base(b.File), h.kind
	return func() tea.Cmd {
		h.undoing = true
		return func() tea.Msg {
			n, err := st.UndoImport(ctx, id)
			if errors.Is(err, store.ErrUndo) {
				return undoRefusedMsg{refusal(b, err)}
			}
			if err != nil {
				return screen.Done("", err, 0)
			}
			return screen.Done(fmt.Sprintf("Undid the import of %s: %d %s removed.", name, n, kind), nil, 0)
		}
	}
}

func (h *History) View() string {
	st := h.env.Styles
	if h.err != nil {
		return components.PlaceLines(st.Error.Render(h.err.Error()), h.height)
	}
	lines := []string{st.BoxTitle.Render("Imports, newest first")}
	if len(h.batches) == 0 && h.loaded {
		lines = append(lines, "", st.Dim.Render("No import yet."))
	}
	if h.undoing {
		lines = append(lines, st.Dim.Render("Undoing…"))
	}
	if h.refusal != "" {
		// Wrapped, never cut: the reason is what tells the user what to do.
		lines = append(lines, strings.Split(st.Error.Width(max(20, h.width-1)).PaddingLeft(1).Render(h.refusal), "\n")...)
	}
	room := max(1, h.height-len(lines))
	h.top = max(0, min(h.top, h.cursor))
	if h.cursor >= h.top+room {
		h.top = h.cursor - room + 1
	}
	for i := h.top; i < len(h.batches) && i < h.top+room; i++ {
		b := h.batches[i]
		state := fmt.Sprintf("%s, %s, %d dup., %d rejected", plural(b.Contacts, "contact"), people(b.Entities), b.Duplicates, b.Rejected)
		if h.kind == "patients" {
			state = fmt.Sprintf("%s, %s, %d dup., %d rejected", plural(b.Entities, "patient"), plural(b.Groups, "new employer"),
				b.Duplicates, b.Rejected)
		}
		if b.Undone() {
			state = "undone by " + b.UndoneBy + " " + b.UndoneAt.Local().Format("2006-01-02 15:04")
		}
		line := fmt.Sprintf("%s  %-10s %s · %s", b.At.Local().Format("2006-01-02 15:04"), b.Actor, filepath.Base(b.File), state)
		lines = append(lines, components.MarkedLine(line, st.ListRow(i == h.cursor), h.width))
	}
	body := components.PlaceLines(strings.Join(lines, "\n"), h.height)
	if h.confirm != nil {
		body = components.Overlay(body, h.confirm.View(h.width), h.width, h.height)
	}
	return body
}

// undoDetail says what undoing batch b removes.
func (h *History) undoDetail(b store.ImportBatch) string {
	if h.kind == "patients" {
		return fmt.Sprintf("Its %s, the employers it created and the providers it made that nothing uses are removed. Nothing else changes.",
			plural(b.Entities, "patient"))
	}
	return fmt.Sprintf("Its %s (%s) are removed. Nothing else changes.", plural(b.Contacts, "contact"), people(b.Entities))
}

// refusal says why batch b cannot be undone, from the store's ErrUndo.
func refusal(b store.ImportBatch, err error) string {
	return fmt.Sprintf("The import of %s cannot be undone: %s.", filepath.Base(b.File),
		strings.TrimPrefix(err.Error(), store.ErrUndo.Error()+": "))
}
