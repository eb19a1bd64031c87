package importwiz

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/importer"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// mapStep maps each column to a field: one line per column with sample
// values and its field, suggested from the headers (or remembered from the
// last file with the same headers); the user confirms or changes each.
type mapStep struct {
	w       *wizard
	fields  []importer.FieldSpec
	cursor  int
	offset  int
	source  string // where the mapping came from
	picker  *components.Picker
	loading bool
	err     string

	width, height int
}

type rememberedMsg struct {
	owner   *mapStep
	mapping []string
	at      string
	ok      bool
}

func newMapStep(w *wizard) *mapStep {
	if len(w.mapping) != len(w.preview.Header) {
		w.mapping = nil // made for other columns
	}
	return &mapStep{w: w, fields: fields(w.kind), loading: w.mapping == nil}
}

func (m *mapStep) Init() tea.Cmd {
	if !m.loading {
		m.source = "as you left it"
		return nil
	}
	owner, ctx, st, header, kind := m, m.w.env.Ctx, m.w.env.Store, m.w.preview.Header, m.w.kind
	return func() tea.Msg {
		mp, at, ok, err := st.Mapping(ctx, kind, header)
		if err != nil {
			ok = false
		}
		return rememberedMsg{owner, mp, at.Local().Format("2006-01-02"), ok}
	}
}

func (m *mapStep) Title() string            { return stepTitle(3, "columns") }
func (m *mapStep) Capturing() bool          { return m.picker != nil }
func (m *mapStep) Busy() bool               { return m.loading }
func (m *mapStep) Actions() []screen.Action { return noActions() }
func (m *mapStep) SetSize(w, h int) {
	m.width, m.height = w, h
	if m.picker != nil {
		m.picker.SetSize(min(56, w-2), min(18, h))
	}
}

func (m *mapStep) ShortHelp() []key.Binding {
	if m.picker != nil {
		return []key.Binding{bind("enter", "enter", "choose"), bind("esc", "esc", "keep as is")}
	}
	return []key.Binding{bind("c", "c", "check the import"), bind("enter", "enter", "change field"),
		bind("x", "x", "ignore column"), bind("esc", "esc", "back")}
}
func (m *mapStep) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

func (m *mapStep) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case rememberedMsg:
		if msg.owner != m {
			return m, nil
		}
		m.loading = false
		if msg.ok && len(msg.mapping) == len(m.w.preview.Header) {
			m.w.mapping, m.source = msg.mapping, "remembered from the import of "+msg.at+" (same headers)"
		} else {
			m.w.mapping, m.source = importer.Suggest(m.w.preview.Header, m.fields), "suggested from the headers"
		}
		return m, nil
	case tea.KeyMsg:
		if m.picker != nil {
			return m, m.pick(msg)
		}
		return m, m.key(msg)
	}
	return m, nil
}

func (m *mapStep) key(msg tea.KeyMsg) tea.Cmd {
	n := len(m.w.preview.Header)
	switch msg.String() {
	case "esc":
		m.w.env.Nav.Pop()
	case "up", "k":
		m.cursor = max(0, m.cursor-1)
	case "down", "j":
		m.cursor = min(n-1, m.cursor+1)
	case "g", "home":
		m.cursor = 0
	case "G", "end":
		m.cursor = n - 1
	case "x", "delete", "backspace":
		m.w.mapping[m.cursor] = ""
	case "enter", " ":
		m.openPicker()
	case "c", "ctrl+s":
		if why := missing(m.w.kind, m.w.mapping); why != "" {
			m.err = why
			return nil
		}
		m.err = ""
		m.w.env.Nav.Push(newCheckStep(m.w))
	}
	return nil
}

func (m *mapStep) openPicker() {
	items := []components.PickerItem{{Title: "ignore", Detail: "this column is not imported"}}
	for _, f := range m.fields {
		detail := f.Label
		for col, g := range m.w.mapping {
			if g == f.Name && col != m.cursor {
				detail = "now from " + m.w.preview.Header[col]
			}
		}
		items = append(items, components.PickerItem{Title: f.Name, Detail: detail})
	}
	m.picker = components.NewPicker(m.w.env.Styles, m.w.env.Keys, "Field for "+m.w.preview.Header[m.cursor], items)
	m.picker.SetSize(min(56, m.width-2), min(18, m.height))
}

func (m *mapStep) pick(msg tea.KeyMsg) tea.Cmd {
	chosen, closed, cmd := m.picker.Update(msg)
	if !closed {
		return cmd
	}
	m.picker = nil
	if chosen < 0 {
		return nil
	}
	field := ""
	if chosen > 0 {
		field = m.fields[chosen-1].Name
	}
	// A field comes from one column: choosing it here frees it elsewhere.
	for col, g := range m.w.mapping {
		if g == field && field != "" {
			m.w.mapping[col] = ""
		}
	}
	m.w.mapping[m.cursor] = field
	return nil
}

// samples returns up to three non-empty values of column c.
func (m *mapStep) samples(c int) string {
	var out []string
	for _, r := range m.w.preview.Rows {
		if c < len(r) && strings.TrimSpace(r[c]) != "" {
			out = append(out, strings.ReplaceAll(strings.TrimSpace(r[c]), "\n", " "))
		}
		if len(out) == 3 {
			break
		}
	}
	return strings.Join(out, " · ")
}

func (m *mapStep) View() string {
	st := m.w.env.Styles
	if m.loading {
		return components.PlaceLines(st.Dim.Render("Reading the mapping…"), m.height)
	}
	head := []string{
		st.BoxTitle.Render("Which field is each column?") + " " + st.Dim.Render(components.Truncate(m.source, max(0, m.width-28))),
		st.Hint.Render(components.Truncate(kindHint(m.w.kind), m.width)),
	}
	if m.err != "" {
		head = append(head, st.Error.Render(components.Truncate(m.err, m.width)))
	}
	hw := min(22, m.width/3)
	fw := 14
	sw := max(4, components.Room(m.width, 3)-hw-fw)
	widths := []int{hw, fw, sw}
	head = append(head, components.TableHeader(st, []string{"Column", "Field", "Sample values"}, widths, m.width))
	rows := max(1, m.height-len(head))
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	lines := head
	for c := m.offset; c < len(m.w.preview.Header) && c < m.offset+rows; c++ {
		look := st.ListRow(c == m.cursor)
		field, fieldLook := m.w.mapping[c], look
		if field == "" {
			// Dimmed, so that the columns that import stand out.
			field, fieldLook = "ignore", look.Own(st.Dim)
		}
		gap := look.Base.Render(" ")
		lines = append(lines, look.Marker()+components.Cell(m.w.preview.Header[c], hw, nil, look.Base, look.Base)+gap+
			components.Cell(field, fw, nil, fieldLook.Base, fieldLook.Base)+gap+components.Cell(m.samples(c), sw, nil, look.Base, look.Base))
	}
	body := components.PlaceLines(strings.Join(lines, "\n"), m.height)
	if m.picker != nil {
		body = components.Overlay(body, m.picker.View(), m.width, m.height)
	}
	return body
}

// kindHint explains the field that matters most for kind.
func kindHint(kind string) string {
	if kind == "patients" {
		return "chart_number identifies a patient: a number already known makes the row a duplicate."
	}
	return "group: rows with the same group name share one fax and become one multiple-entity contact."
}
