package importwiz

import (
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

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
	cursor  int // in lines()
	offset  int
	source  string // where the mapping came from
	picker  *components.Picker
	choices []mapChoice // what the picker's items do
	loading bool
	err     string
	// suggested is the suggestion, whose notes say why a column got its
	// field while it still has it.
	suggested importer.Suggestion
	// expanded are the families shown column by column, by kind.
	expanded map[string]bool

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
	m := &mapStep{w: w, fields: fields(w.kind), loading: w.mapping == nil, expanded: map[string]bool{}}
	m.suggested = importer.Suggestions(w.preview.Header, m.fields)
	return m
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
			m.w.mapping, m.source = append([]string(nil), m.suggested.Mapping...), "suggested from the headers"
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

// line is a line of the mapping step: a column, or the columns of a
// family read by their types.
type line struct {
	cols   []int
	family string // the family's kind, or ""
}

// lines are the lines shown: every column, except that the columns of a
// family mapped by their types make one line, where its first column is,
// unless it is shown column by column.
func (m *mapStep) lines() []line {
	var out []line
	at := map[string]int{}
	for c, f := range m.w.mapping {
		r, ok := importer.ParseRole(f)
		if !ok || m.expanded[r.Kind] {
			out = append(out, line{cols: []int{c}})
			continue
		}
		i, seen := at[r.Kind]
		if !seen {
			out = append(out, line{family: r.Kind})
			i = len(out) - 1
			at[r.Kind] = i
		}
		out[i].cols = append(out[i].cols, c)
	}
	return out
}

func (m *mapStep) current() line {
	ls := m.lines()
	if len(ls) == 0 {
		return line{}
	}
	return ls[min(m.cursor, len(ls)-1)]
}

func (m *mapStep) key(msg tea.KeyMsg) tea.Cmd {
	n := len(m.lines())
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
		for _, c := range m.current().cols {
			m.w.mapping[c] = ""
		}
		m.cursor = min(m.cursor, len(m.lines())-1)
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

// mapChoice is what an item of the picker does.
type mapChoice struct {
	field  string // a field, "else field", or "" to ignore
	family string // read the family of this kind by its types
	expand bool   // show the family column by column
}

func (m *mapStep) openPicker() {
	l := m.current()
	if len(l.cols) == 0 {
		return
	}
	header := m.w.preview.Header
	var items []components.PickerItem
	m.choices = nil
	add := func(title, detail string, ch mapChoice) {
		items = append(items, components.PickerItem{Title: title, Detail: detail})
		m.choices = append(m.choices, ch)
	}
	if l.family != "" {
		add("by their type", shortFamily(l.family), mapChoice{family: l.family})
		add("ignore", "these columns are not imported", mapChoice{})
		add("column by column", "map each of its columns yourself", mapChoice{expand: true})
		m.picker = components.NewPicker(m.w.env.Styles, m.w.env.Keys, "Fields for "+familyLabel(header, l.cols), items)
		m.picker.SetSize(min(56, m.width-2), min(18, m.height))
		return
	}
	col := l.cols[0]
	add("ignore", "this column is not imported", mapChoice{})
	if r, _, _, ok := importer.HeaderRole(header[col]); ok && m.w.kind != "patients" {
		add("by their type", importer.Plural(r.Kind)+": "+shortFamily(r.Kind), mapChoice{family: r.Kind})
	}
	var backs []components.PickerItem
	var backChoices []mapChoice
	for _, f := range m.fields {
		detail := f.Label
		for c, g := range m.w.mapping {
			if g == f.Name && c != col {
				detail = "now from " + header[c]
				if m.w.kind != "patients" {
					backs = append(backs, components.PickerItem{Title: "else " + f.Name, Detail: f.Name + " where " + header[c] + " is empty"})
					backChoices = append(backChoices, mapChoice{field: "else " + f.Name})
				}
			}
		}
		add(f.Name, detail, mapChoice{field: f.Name})
	}
	items = append(items, backs...)
	m.choices = append(m.choices, backChoices...)
	m.picker = components.NewPicker(m.w.env.Styles, m.w.env.Keys, "Field for "+header[col], items)
	m.picker.SetSize(min(56, m.width-2), min(18, m.height))
}

func (m *mapStep) pick(msg tea.KeyMsg) tea.Cmd {
	chosen, closed, cmd := m.picker.Update(msg)
	if !closed {
		return cmd
	}
	m.picker = nil
	if chosen < 0 || chosen >= len(m.choices) {
		return nil
	}
	ch, l := m.choices[chosen], m.current()
	switch {
	case ch.expand:
		m.expanded[l.family] = true
	case ch.family != "":
		m.expanded[ch.family] = false
		roles := importer.Suggestions(m.w.preview.Header, m.fields).Mapping
		for c, r := range roles {
			if role, ok := importer.ParseRole(r); ok && role.Kind == ch.family {
				m.w.mapping[c] = r
			}
		}
	default:
		// A field comes from one column: choosing it here frees it
		// elsewhere.
		for c, g := range m.w.mapping {
			if g == ch.field && ch.field != "" && !strings.HasPrefix(ch.field, "else ") {
				m.w.mapping[c] = ""
			}
		}
		for _, c := range l.cols {
			m.w.mapping[c] = ""
		}
		if len(l.cols) == 1 {
			m.w.mapping[l.cols[0]] = ch.field
		}
	}
	// The line may have moved: stay on the column.
	for i, nl := range m.lines() {
		if len(l.cols) > 0 && slices.Contains(nl.cols, l.cols[0]) {
			m.cursor = i
		}
	}
	return nil
}

// shortFamily says in a picker's few words what a family gives.
func shortFamily(kind string) string {
	switch kind {
	case "phone":
		return "fax, phone, mobile by type"
	case "email":
		return "email: the work one first"
	case "organization":
		return "organization, title: work first"
	}
	return "address: the work one first"
}

// familyLabel names the line of a family: "Phone 1–3 (6 columns)".
func familyLabel(header []string, cols []int) string {
	lo, hi := 0, 0
	prefix := ""
	for _, c := range cols {
		r, _, _, ok := importer.HeaderRole(header[c])
		if !ok {
			continue
		}
		if prefix == "" {
			prefix = strings.TrimSpace(strings.TrimRightFunc(header[c][:strings.IndexAny(header[c], "0123456789")], func(r rune) bool { return r == ' ' }))
			lo, hi = r.N, r.N
		}
		lo, hi = min(lo, r.N), max(hi, r.N)
	}
	n := strconv.Itoa(lo)
	if hi > lo {
		n += "–" + strconv.Itoa(hi)
	}
	return prefix + " " + n + " (" + strconv.Itoa(len(cols)) + " columns)"
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

// familySamples returns up to three values of a family with their types:
// "Work Fax (450) 555-0101".
func (m *mapStep) familySamples(cols []int) string {
	types := map[int]int{} // member -> its type column
	for _, c := range cols {
		if r, ok := importer.ParseRole(m.w.mapping[c]); ok && r.Part == "type" {
			types[r.N] = c
		}
	}
	var out []string
	for _, row := range m.w.preview.Rows {
		for _, c := range cols {
			r, ok := importer.ParseRole(m.w.mapping[c])
			if !ok || r.Part == "type" || c >= len(row) || strings.TrimSpace(row[c]) == "" {
				continue
			}
			v := strings.TrimSpace(row[c])
			if t, ok := types[r.N]; ok && t < len(row) && strings.TrimSpace(row[t]) != "" {
				v = strings.TrimSpace(row[t]) + " " + v
			}
			out = append(out, strings.ReplaceAll(v, "\n", " "))
			if len(out) == 3 {
				return strings.Join(out, " · ")
			}
		}
	}
	return strings.Join(out, " · ")
}

// about says more of the line under the cursor: a family's rule, or a
// column's whole name and why it got its field.
func (m *mapStep) about(l line) string {
	if l.family != "" {
		return importer.Plural(l.family) + ", by their type: " + importer.DescribeFamily(l.family)
	}
	if len(l.cols) == 0 {
		return ""
	}
	c := l.cols[0]
	s := m.w.preview.Header[c]
	if c < len(m.suggested.Notes) && m.suggested.Notes[c] != "" && m.suggested.Mapping[c] == m.w.mapping[c] {
		return m.suggested.Notes[c] + " — " + s
	}
	if lipgloss.Width(s) > m.headerWidth() {
		return s // cut short in the table
	}
	return ""
}

// headerWidth is the width of the column of names.
func (m *mapStep) headerWidth() int { return min(22, m.width/3) }

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
	hw := m.headerWidth()
	fw := 14
	sw := max(4, components.Room(m.width, 3)-hw-fw)
	widths := []int{hw, fw, sw}
	head = append(head, components.TableHeader(st, []string{"Column", "Field", "Sample values"}, widths, m.width))
	about := m.about(m.current())
	rows := max(1, m.height-len(head))
	if about != "" {
		rows = max(1, rows-1)
	}
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	out := head
	ls := m.lines()
	for i := m.offset; i < len(ls) && i < m.offset+rows; i++ {
		l := ls[i]
		look := st.ListRow(i == m.cursor)
		var name, field, sample string
		if l.family != "" {
			name, field, sample = familyLabel(m.w.preview.Header, l.cols), "by their type", m.familySamples(l.cols)
		} else {
			c := l.cols[0]
			name, field, sample = m.w.preview.Header[c], m.w.mapping[c], m.samples(c)
		}
		fieldLook := look
		if field == "" {
			// Dimmed, so that the columns that import stand out.
			field, fieldLook = "ignore", look.Own(st.Dim)
		}
		gap := look.Base.Render(" ")
		out = append(out, look.Marker()+components.Cell(name, hw, nil, look.Base, look.Base)+gap+
			components.Cell(field, fw, nil, fieldLook.Base, fieldLook.Base)+gap+components.Cell(sample, sw, nil, look.Base, look.Base))
	}
	body := components.PlaceLines(strings.Join(out, "\n"), m.height)
	if about != "" {
		body = components.PlaceLines(strings.Join(out, "\n"), m.height-1) + "\n" + st.Hint.Render(components.Truncate(about, m.width))
	}
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
