package routing

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// apply lists exactly what the All providers row would change for whom,
// and asks before applying it in one transaction.
type apply struct {
	env     *screen.Env
	matrix  *Matrix
	filled  map[int64][]model.Recipient
	changes []model.CellChange
	loaded  bool
	err     error
	saving  bool
	offset  int
	width   int
	height  int
}

var _ screen.Screen = (*apply)(nil)

type (
	planMsg struct {
		owner   *apply
		changes []model.CellChange
		err     error
	}
	appliedMsg struct {
		owner   *apply
		changes []model.CellChange
		err     error
	}
)

func newApply(env *screen.Env, m *Matrix, filled map[int64][]model.Recipient) *apply {
	return &apply{env: env, matrix: m, filled: filled}
}

// Init reads the plan: what changes, read from the database as it is now.
func (a *apply) Init() tea.Cmd {
	owner, env, filled := a, a.env, a.filled
	return func() tea.Msg {
		ch, err := env.Store.PlanAllProviders(env.Ctx, filled)
		return planMsg{owner, ch, err}
	}
}

func (a *apply) Title() string    { return "Apply" }
func (a *apply) Busy() bool       { return !a.loaded || a.saving }
func (a *apply) Capturing() bool  { return false }
func (a *apply) SetSize(w, h int) { a.width, a.height = w, h }

var applyKey = key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "apply"))

func (a *apply) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	k := a.env.Keys
	switch msg := msg.(type) {
	case planMsg:
		if msg.owner == a {
			a.loaded, a.changes, a.err = true, msg.changes, msg.err
		}
	case appliedMsg:
		if msg.owner != a {
			break
		}
		a.saving = false
		if msg.err != nil {
			a.err = msg.err
			return a, nil
		}
		// The row is applied: it is blank again.
		for c := range a.filled {
			delete(a.matrix.filled, c)
		}
		a.env.Nav.Pop()
		done := screen.Done(fmt.Sprintf("Applied to all providers: %d cells changed.", len(msg.changes)), nil, 0)
		return a, func() tea.Msg { return done }
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, applyKey) && a.loaded && a.err == nil:
			if len(a.changes) == 0 {
				a.env.Nav.Pop()
				return a, screen.Status("Nothing to change: every provider already has these recipients.")
			}
			a.saving = true
			owner, env, filled := a, a.env, a.filled
			return a, func() tea.Msg {
				ch, err := env.Store.ApplyAllProviders(env.Ctx, filled)
				return appliedMsg{owner, ch, err}
			}
		case key.Matches(msg, k.Back), key.Matches(msg, k.No):
			a.env.Nav.Pop()
		case key.Matches(msg, k.Up):
			a.offset = max(0, a.offset-1)
		case key.Matches(msg, k.Down):
			a.offset = max(0, min(len(a.changes)-a.rowsShown(), a.offset+1))
		case key.Matches(msg, k.PageDown):
			a.offset = max(0, min(len(a.changes)-a.rowsShown(), a.offset+a.rowsShown()))
		case key.Matches(msg, k.PageUp):
			a.offset = max(0, a.offset-a.rowsShown())
		}
	}
	return a, nil
}

func (a *apply) rowsShown() int { return max(1, a.height-5) }

func (a *apply) View() string {
	st := a.env.Styles
	d := a.matrix.m.Dir
	switch {
	case a.err != nil:
		return st.Error.Render(screen.Sentence(a.err.Error()) + ". esc goes back.")
	case !a.loaded:
		return st.Dim.Render("Working out what changes…")
	}
	names := func(rs []model.Recipient) string {
		if len(rs) == 0 {
			return "(the provider)"
		}
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = d.RecipientName(r)
		}
		return strings.Join(out, ", ")
	}
	cats := map[int64]string{}
	for _, c := range a.matrix.m.Categories {
		cats[c.ID] = c.Name
	}
	providers := map[int64]bool{}
	for _, ch := range a.changes {
		providers[ch.ProviderID] = true
	}
	head := fmt.Sprintf("Apply to all providers: %d cells of %d providers change", len(a.changes), len(providers))
	if len(a.changes) == 0 {
		head = "Apply to all providers: nothing changes"
	}
	lines := []string{st.BoxTitle.Render(components.Truncate(head, a.width)),
		st.Dim.Render(components.Truncate("Categories left blank stay as they are. y applies all of it at once, esc goes back.", a.width)), ""}
	for i := a.offset; i < len(a.changes) && i < a.offset+a.rowsShown(); i++ {
		ch := a.changes[i]
		text := fmt.Sprintf("%s · %s: %s → %s", d.Users[ch.ProviderID].Name, cats[ch.CategoryID], names(ch.Before), names(ch.After))
		lines = append(lines, components.Truncate(text, a.width))
	}
	if n := len(a.changes); n > a.rowsShown() {
		lines = append(lines, st.Count.Render(fmt.Sprintf("%d–%d of %d · ↑/↓ scroll", a.offset+1, min(n, a.offset+a.rowsShown()), n)))
	}
	return components.PlaceLines(strings.Join(lines, "\n"), a.height)
}

func (a *apply) ShortHelp() []key.Binding {
	return []key.Binding{applyKey, a.env.Keys.Back, a.env.Keys.Down}
}
func (a *apply) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }
func (a *apply) Actions() []screen.Action {
	return []screen.Action{{Name: "Apply to all providers", Key: applyKey, Need: model.PermRouting}}
}
