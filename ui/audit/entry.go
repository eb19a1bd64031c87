package audit

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Entry shows one change: who made it and when, and its record before and
// after, field by field, the fields it touched marked.
type Entry struct {
	env     *screen.Env
	e       store.AuditEntry
	changes []model.FieldChange

	offset        int
	width, height int
}

var _ screen.Screen = (*Entry)(nil)

// NewEntry returns the page of the change e.
func NewEntry(env *screen.Env, e store.AuditEntry) *Entry {
	return &Entry{env: env, e: e, changes: model.Diff(e.Before, e.After)}
}

// Init does nothing: the entry is all there.
func (p *Entry) Init() tea.Cmd { return nil }

// Title names the screen.
func (p *Entry) Title() string { return p.e.Action + " " + p.e.Record() }

// Busy is never: nothing is read.
func (p *Entry) Busy() bool { return false }

// Capturing is never: nothing is typed.
func (p *Entry) Capturing() bool { return false }

// SetSize sets the screen's size.
func (p *Entry) SetSize(w, h int) { p.width, p.height = w, h }

// Update scrolls, or goes back.
func (p *Entry) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	k := p.env.Keys
	page := max(1, p.height-1)
	switch {
	case key.Matches(km, k.Up):
		p.offset--
	case key.Matches(km, k.Down):
		p.offset++
	case key.Matches(km, k.PageUp):
		p.offset -= page
	case key.Matches(km, k.PageDown):
		p.offset += page
	case key.Matches(km, k.Top):
		p.offset = 0
	case key.Matches(km, k.Bottom):
		p.offset = len(p.lines())
	case key.Matches(km, k.Back):
		p.env.Nav.Pop()
	}
	p.offset = max(0, min(p.offset, len(p.lines())-page))
	return p, nil
}

// lines are the whole page, as drawn at the screen's width.
func (p *Entry) lines() []string {
	st := p.env.Styles
	e := p.e
	wrap := lipgloss.NewStyle().Width(max(10, p.width))
	head := fmt.Sprintf("%s %s · %s · by %s", e.Action, e.Record(), e.At.Local().Format("2006-01-02 15:04:05"), e.Actor)
	out := []string{st.BoxTitle.Render(components.Truncate(model.Printable(head), p.width))}
	if e.Detail != "" {
		out = append(out, strings.Split(wrap.Render(model.Printable(e.Detail)), "\n")...)
	}
	out = append(out, "")
	if e.Before == nil && e.After == nil {
		return append(out, strings.Split(st.Dim.Render(wrap.Render(
			"This change recorded no fields: it names no record's fields, or it was made before the audit log kept them.")), "\n")...)
	}
	n := model.Changed(p.changes)
	fields := fmt.Sprintf("%d fields", n)
	if n == 1 {
		fields = "1 field"
	}
	what := fields + " changed"
	switch {
	case e.Before == nil:
		what = "Nothing before: " + fields + " set"
	case e.After == nil:
		what = "Nothing after: " + fields + " removed"
	}
	out = append(out, components.Truncate(what+st.Dim.Render(" · ~ changed  + added  - removed"), p.width), "")
	// The mark, the field, then before and after side by side, each value
	// wrapped in its column: nothing is cut.
	lw := min(22, max(8, p.width/4))
	vw := max(6, (p.width-lw-5)/2)
	cell := func(s string, w int, style lipgloss.Style) []string {
		return strings.Split(style.Width(w).Render(s), "\n")
	}
	plain := st.Renderer.NewStyle()
	out = append(out, components.TableHeader(st, []string{"", "Field", "Before", "After"}, []int{1, lw, vw, vw}, p.width))
	for _, c := range p.changes {
		style := plain
		if c.Mark == model.MarkSame {
			style = st.Dim
		}
		cols := [][]string{
			cell(c.Mark, 1, plain.Bold(true)),
			cell(model.Printable(c.Label), lw, style),
			cell(p.value(c.Key, c.Before), vw, style),
			cell(p.value(c.Key, c.After), vw, style),
		}
		rows := 0
		for _, col := range cols {
			rows = max(rows, len(col))
		}
		widths := []int{2, lw + 1, vw + 1, vw}
		for r := 0; r < rows; r++ {
			line := " "
			for i, col := range cols {
				text := ""
				if r < len(col) {
					text = col[r]
				}
				line += text + strings.Repeat(" ", max(0, widths[i]-lipgloss.Width(text)))
			}
			out = append(out, strings.TrimRight(line, " "))
		}
	}
	return out
}

// value is a field's value as the screen writes it: fax numbers in the
// clinic's spelling.
func (p *Entry) value(key, v string) string {
	if v != "" && (key == "fax" || strings.HasSuffix(key, ".fax") || strings.HasSuffix(key, "_fax")) {
		v = model.FormatFax(v, p.env.Region())
	}
	return model.Printable(v)
}

// View draws the visible part of the page.
func (p *Entry) View() string {
	lines := p.lines()
	h := max(1, p.height-1)
	end := min(len(lines), p.offset+h)
	shown := lines[min(p.offset, end):end]
	footer := ""
	if len(lines) > h {
		footer = fmt.Sprintf("lines %d-%d of %d · ↑/↓ scroll", p.offset+1, end, len(lines))
	}
	st := p.env.Styles
	return components.PlaceLines(strings.Join(shown, "\n"), h) + "\n" +
		lipgloss.PlaceHorizontal(p.width, lipgloss.Right, st.Count.Render(footer))
}

// ShortHelp is the help bar's content.
func (p *Entry) ShortHelp() []key.Binding {
	k := p.env.Keys
	return []key.Binding{k.Down, k.Up, k.Back}
}

// FullHelp is the help screen's content.
func (p *Entry) FullHelp() [][]key.Binding {
	k := p.env.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown, k.Back}}
}

// Actions are none beyond the keys.
func (p *Entry) Actions() []screen.Action { return nil }
