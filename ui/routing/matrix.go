// Package routing is the Routing screen: the matrix of providers and
// message categories, each cell the recipients of one provider's messages
// of one category; its first row applies to all providers at once.
package routing

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
	"frontdesk/ui/theme"
)

// Matrix is the Routing screen.
type Matrix struct {
	env    *screen.Env
	m      store.Matrix
	loaded bool
	err    error
	gen    int

	// filled is what the All providers row holds, by category: applied to
	// every provider with A, after a list of what changes.
	filled map[int64][]model.Recipient

	row, col  int // the cell under the cursor; row 0 is All providers
	top, left int // first provider row and first category column shown
	confirm   *components.Confirm
	naming    *components.Form // a category's name being typed
	namingID  int64            // the category renamed, 0 for a new one
	width     int
	height    int
	keys      keys
}

type keys struct {
	Who, Apply, Clear, NewCategory, Rename, Left, Right, Retire key.Binding
}

var _ screen.Screen = (*Matrix)(nil)

type matrixMsg struct {
	owner *Matrix
	gen   int
	m     store.Matrix
	err   error
}

// New returns the Routing screen; Init reads the matrix.
func New(env *screen.Env) *Matrix {
	b := func(k, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(k), key.WithHelp(help, desc))
	}
	return &Matrix{env: env, filled: map[int64][]model.Recipient{}, keys: keys{
		Who:         b("w", "w", "who gets it"),
		Apply:       b("A", "A", "apply to all providers"),
		Clear:       b("x", "x", "clear the cell"),
		NewCategory: b("N", "N", "new category"),
		Rename:      b("R", "R", "rename category"),
		Left:        b("<", "<", "move category left"),
		Right:       b(">", ">", "move category right"),
		Retire:      b("X", "X", "retire category"),
	}}
}

// Init reads the matrix.
func (s *Matrix) Init() tea.Cmd { return s.load() }

func (s *Matrix) load() tea.Cmd {
	s.gen++
	owner, gen, ctx, st := s, s.gen, s.env.Ctx, s.env.Store
	return func() tea.Msg {
		m, err := st.Matrix(ctx)
		return matrixMsg{owner, gen, m, err}
	}
}

// Title names the screen.
func (s *Matrix) Title() string { return "Routing" }

// Busy reports the first read under way.
func (s *Matrix) Busy() bool { return !s.loaded && s.err == nil }

// Capturing reports a question or a name being typed.
func (s *Matrix) Capturing() bool { return s.confirm != nil || s.naming != nil }

// SetSize sets the screen's size.
func (s *Matrix) SetSize(w, h int) {
	s.width, s.height = w, h
	if s.naming != nil {
		s.naming.SetSize(w, h)
	}
	s.scroll()
}

func (s *Matrix) editable() bool { return s.env.Can(model.PermRouting) }

// Update handles a message.
func (s *Matrix) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case matrixMsg:
		if msg.owner != s || msg.gen != s.gen {
			return s, nil
		}
		s.loaded, s.err = true, msg.err
		if msg.err == nil {
			s.m = msg.m
			s.row = min(s.row, len(s.m.Providers))
			s.col = max(0, min(s.col, len(s.m.Categories)-1))
			s.scroll()
		}
	case screen.DataChangedMsg:
		return s, s.load()
	case cellSavedMsg:
		if msg.owner == s {
			s.filled[msg.category] = msg.route
		}
	case tea.KeyMsg:
		return s, s.key(msg)
	}
	return s, nil
}

// cellSavedMsg brings the All providers row a cell's recipients back
// from the cell's editor.
type cellSavedMsg struct {
	owner    *Matrix
	category int64
	route    []model.Recipient
}

func (s *Matrix) key(msg tea.KeyMsg) tea.Cmd {
	if s.confirm != nil {
		closed, cmd := s.confirm.Update(msg)
		if closed {
			s.confirm = nil
		}
		return cmd
	}
	if s.naming != nil {
		return s.nameKey(msg)
	}
	k := s.env.Keys
	if !s.loaded || s.err != nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		s.row = max(0, s.row-1)
	case key.Matches(msg, k.Down):
		s.row = min(len(s.m.Providers), s.row+1)
	case msg.String() == "left" || msg.String() == "h":
		s.col = max(0, s.col-1)
	case msg.String() == "right" || msg.String() == "l":
		s.col = max(0, min(len(s.m.Categories)-1, s.col+1))
	case key.Matches(msg, k.PageUp):
		s.row = max(0, s.row-s.rowsShown())
	case key.Matches(msg, k.PageDown):
		s.row = min(len(s.m.Providers), s.row+s.rowsShown())
	case key.Matches(msg, k.Top):
		s.row = 0
	case key.Matches(msg, k.Bottom):
		s.row = len(s.m.Providers)
	case msg.String() == "home" || msg.String() == "0":
		s.col = 0
	case msg.String() == "$":
		s.col = max(0, len(s.m.Categories)-1)
	case key.Matches(msg, k.Open):
		return s.openCell()
	case key.Matches(msg, s.keys.Clear):
		return s.clearCell()
	case key.Matches(msg, s.keys.Apply):
		return s.askApply()
	case key.Matches(msg, s.keys.NewCategory):
		s.openNaming(0, "")
	case key.Matches(msg, s.keys.Rename):
		if c, ok := s.category(); ok {
			s.openNaming(c.ID, c.Name)
		}
	case key.Matches(msg, s.keys.Left), key.Matches(msg, s.keys.Right):
		return s.moveCategory(key.Matches(msg, s.keys.Left))
	case key.Matches(msg, s.keys.Retire):
		return s.askRetire()
	case key.Matches(msg, s.keys.Who):
		return s.who()
	}
	s.scroll()
	return nil
}

func (s *Matrix) category() (model.Category, bool) {
	if s.col < 0 || s.col >= len(s.m.Categories) {
		return model.Category{}, false
	}
	return s.m.Categories[s.col], true
}

// cell returns the cell under the cursor; ok is false on All providers.
func (s *Matrix) cell() (c model.Cell, ok bool) {
	cat, has := s.category()
	if !has || s.row == 0 {
		return model.Cell{CategoryID: cat.ID}, false
	}
	return model.Cell{ProviderID: s.m.Providers[s.row-1].ID, CategoryID: cat.ID}, true
}

func (s *Matrix) openCell() tea.Cmd {
	cat, ok := s.category()
	if !ok {
		return screen.Status("There is no category yet: N adds one.")
	}
	c, isProvider := s.cell()
	if !isProvider {
		s.env.Nav.Push(newCellEditor(s.env, s, "All providers", cat, 0, s.filled[cat.ID]))
		return nil
	}
	p := s.m.Providers[s.row-1]
	s.env.Nav.Push(newCellEditor(s.env, s, p.Name, cat, p.ID, s.m.Routes[c]))
	return nil
}

func (s *Matrix) clearCell() tea.Cmd {
	c, isProvider := s.cell()
	if !isProvider {
		delete(s.filled, c.CategoryID)
		return nil
	}
	if len(s.m.Routes[c]) == 0 {
		return screen.Status("This cell has no route: its messages go to the provider.")
	}
	p, cat := s.m.Providers[s.row-1], s.m.Categories[s.col]
	env := s.env
	s.confirm = components.NewConfirm(env.Styles, env.Keys, fmt.Sprintf("Clear the route of %s for %s?", p.Name, cat.Name), "clear",
		func() tea.Cmd {
			return func() tea.Msg {
				err := env.Store.SetRoute(env.Ctx, c, nil)
				return screen.Done(fmt.Sprintf("%s's %s now go to %s.", p.Name, cat.Name, p.Name), err, 0)
			}
		}, "Its messages will go to the provider.")
	return nil
}

// askApply lists what the All providers row would change, and asks.
func (s *Matrix) askApply() tea.Cmd {
	filled := map[int64][]model.Recipient{}
	for c, r := range s.filled {
		if len(r) > 0 {
			filled[c] = r
		}
	}
	if len(filled) == 0 {
		return screen.Status("The All providers row is blank: fill some of its cells (enter), then A applies them.")
	}
	s.env.Nav.Push(newApply(s.env, s, filled))
	return nil
}

func (s *Matrix) openNaming(id int64, name string) {
	title := "New message category"
	if id != 0 {
		title = "Rename the category " + name
	}
	f := components.NewForm(s.env.Styles, s.env.Keys, title, []components.FieldSpec{{Key: "name", Label: "Name", Value: name, CharLimit: 60}})
	f.Validate = func(v map[string]string) map[string]string {
		if strings.TrimSpace(v["name"]) == "" {
			return map[string]string{"name": "a category needs a name"}
		}
		return nil
	}
	f.SetSize(s.width, s.height)
	s.naming, s.namingID = f, id
}

func (s *Matrix) nameKey(msg tea.KeyMsg) tea.Cmd {
	res, cmd := s.naming.Update(msg)
	switch res {
	case components.FormCancelled:
		s.naming = nil
	case components.FormSubmitted:
		name := strings.TrimSpace(s.naming.Value("name"))
		c := model.Category{ID: s.namingID, Name: name}
		for _, have := range s.m.Categories {
			if have.ID == s.namingID {
				c = have
				c.Name = name
			}
		}
		env := s.env
		s.naming = nil
		return func() tea.Msg {
			_, err := env.Store.SaveCategory(env.Ctx, c)
			return screen.Done("Category "+name+" saved.", err, 0)
		}
	}
	return cmd
}

func (s *Matrix) moveCategory(left bool) tea.Cmd {
	cat, ok := s.category()
	if !ok {
		return nil
	}
	by := 1
	if left {
		by = -1
	}
	if s.col+by < 0 || s.col+by >= len(s.m.Categories) {
		return nil
	}
	s.col += by
	env := s.env
	return func() tea.Msg {
		err := env.Store.MoveCategory(env.Ctx, cat.ID, by)
		return screen.Done("Moved "+cat.Name+".", err, 0)
	}
}

func (s *Matrix) askRetire() tea.Cmd {
	cat, ok := s.category()
	if !ok {
		return nil
	}
	env := s.env
	s.confirm = components.NewConfirm(env.Styles, env.Keys, "Retire the category "+cat.Name+"?", "retire", func() tea.Cmd {
		return func() tea.Msg {
			c := cat
			c.Retired = true
			_, err := env.Store.SaveCategory(env.Ctx, c)
			return screen.Done("Retired "+cat.Name+": it is offered no more; its messages are kept.", err, 0)
		}
	}, "Messages already received keep it; new ones cannot use it.")
	return nil
}

// who names the users who would get a message of the cell under the
// cursor, in the status line.
func (s *Matrix) who() tea.Cmd {
	c, ok := s.cell()
	if !ok {
		return screen.Status("Who gets it: choose a provider's cell.")
	}
	return screen.Status("Who gets it: " + s.whoText(c) + ".")
}

func (s *Matrix) whoText(c model.Cell) string {
	var names []string
	for _, r := range s.m.Dir.Resolve(c.ProviderID, s.m.Routes[c]) {
		names = append(names, s.m.Dir.Users[r.UserID].Name)
	}
	if len(names) == 0 {
		return "nobody active"
	}
	return strings.Join(names, ", ")
}

// Geometry: the provider column, as wide as the names need up to a third
// of the line, then as many category columns of at least minCell as fit,
// sharing the rest.
const minCell = 14

func (s *Matrix) nameWidth() int {
	w := len(" All providers")
	for _, p := range s.m.Providers {
		name := " " + p.Name
		if !p.Active {
			name += " (inactive)"
		}
		w = max(w, components.TextWidth(name))
	}
	return max(12, min(w+1, s.width/3))
}

func (s *Matrix) colsShown() int { return max(1, (s.width-s.nameWidth()-1)/(minCell+1)) }

// cellWidth is the width of a category's column, its "│" left out.
func (s *Matrix) cellWidth() int {
	return max(minCell, (s.width-s.nameWidth()-1)/s.colsShown()-1)
}

// rowsShown is how many provider rows fit under the two lines of the
// heading and the All providers row, above the cell's two lines.
func (s *Matrix) rowsShown() int { return max(1, s.height-7) }

func (s *Matrix) scroll() {
	if s.col < s.left {
		s.left = s.col
	}
	if n := s.colsShown(); s.col >= s.left+n {
		s.left = s.col - n + 1
	}
	s.left = max(0, min(s.left, len(s.m.Categories)-1))
	if s.row > 0 {
		r := s.row - 1
		if r < s.top {
			s.top = r
		}
		if n := s.rowsShown(); r >= s.top+n {
			s.top = r - n + 1
		}
	}
	// Never past the last screenful (fewer providers after a reload).
	s.top = max(0, min(s.top, len(s.m.Providers)-s.rowsShown()))
}

// View draws the matrix: a line about the screen, the heading, All
// providers, the providers, then the cell under the cursor.
func (s *Matrix) View() string {
	st := s.env.Styles
	switch {
	case s.err != nil:
		return st.Error.Render(screen.Sentence("the routing cannot be read: " + s.err.Error()))
	case !s.loaded:
		return st.Dim.Render("Reading the routing…")
	case s.naming != nil:
		return s.naming.View()
	}
	var lines []string
	intro := "enter edits a cell · A applies the All providers row · w who gets it"
	if components.TextWidth(intro) > s.width {
		intro = "enter edits · A applies All providers · w who gets it"
	}
	if !s.editable() {
		intro = "Read-only: changing the routing takes the role admin."
	}
	lines = append(lines, st.Dim.Render(components.Truncate(intro, s.width)))
	if len(s.m.Categories) == 0 {
		lines = append(lines, "", st.BoxTitle.Render("No message categories."))
		return strings.Join(lines, "\n")
	}
	n := s.colsShown()
	last := min(len(s.m.Categories), s.left+n)
	more := func(on bool, mark string) string {
		if on {
			return mark
		}
		return " "
	}
	nameWidth, cellWidth := s.nameWidth(), s.cellWidth()
	// The categories' names on two lines, so that they read in full.
	head := [2]string{components.Cell(more(s.left > 0, "‹")+"Provider", nameWidth, nil, st.Header, st.Header),
		strings.Repeat(" ", nameWidth)}
	for i := s.left; i < last; i++ {
		name := twoLines(s.m.Categories[i].Name, cellWidth-theme.MarkerWidth)
		for l := range head {
			head[l] += st.Header.Render("│"+strings.Repeat(" ", theme.MarkerWidth)) +
				components.Cell(name[l], cellWidth-theme.MarkerWidth, nil, st.Header, st.Header)
		}
	}
	head[0] += st.Header.Render(more(last < len(s.m.Categories), "›"))
	lines = append(lines, head[0], head[1])
	row := func(r int, name string, cells []string) string {
		nameStyle := st.Row
		if r == s.row {
			nameStyle = st.FocusedLabel // the cursor's row, by its name
		}
		line := components.Cell(" "+name, nameWidth, nil, nameStyle, nameStyle)
		for i := s.left; i < last; i++ {
			look := st.ListRow(r == s.row && i == s.col)
			line += st.Dim.Render("│") + components.MarkedLine(cells[i-s.left], look, cellWidth)
		}
		return line
	}
	all := make([]string, 0, n)
	for i := s.left; i < last; i++ {
		all = append(all, s.m.Dir.Summary(s.filled[s.m.Categories[i].ID], cellWidth-theme.MarkerWidth))
	}
	lines = append(lines, row(0, "All providers", all))
	for r := s.top; r < len(s.m.Providers) && r < s.top+s.rowsShown(); r++ {
		p := s.m.Providers[r]
		cells := make([]string, 0, n)
		for i := s.left; i < last; i++ {
			route := s.m.Routes[model.Cell{ProviderID: p.ID, CategoryID: s.m.Categories[i].ID}]
			text := s.m.Dir.Summary(route, cellWidth-theme.MarkerWidth)
			if text == "" {
				text = "·" // no route: the provider
			}
			cells = append(cells, text)
		}
		name := p.Name
		if !p.Active {
			name += " (inactive)"
		}
		lines = append(lines, row(r+1, name, cells))
	}
	if len(s.m.Providers) == 0 {
		lines = append(lines, st.Dim.Render(" No providers yet: the Staff screen (palette) adds them."))
	}
	body := components.PlaceLines(strings.Join(lines, "\n"), s.height-2)
	view := body + "\n" + s.footer()
	if s.confirm != nil {
		view = components.Overlay(view, s.confirm.View(s.width), s.width, s.height)
	}
	return view
}

// twoLines breaks text at spaces into two lines of width, the second cut
// with "…" if it must be.
func twoLines(text string, width int) [2]string {
	words := strings.Fields(text)
	first := ""
	for len(words) > 0 {
		next := strings.TrimSpace(first + " " + words[0])
		if components.TextWidth(next) > width && first != "" {
			break
		}
		first, words = next, words[1:]
	}
	return [2]string{first, strings.Join(words, " ")}
}

// footer is two lines about the cell under the cursor: its recipients and
// last change, and who gets its messages.
func (s *Matrix) footer() string {
	st := s.env.Styles
	cat, _ := s.category()
	c, isProvider := s.cell()
	if !isProvider {
		first := "All providers · " + cat.Name + ": " + orNone(s.names(s.filled[cat.ID]), "blank (left as it is)")
		pending := 0
		for _, r := range s.filled {
			if len(r) > 0 {
				pending++
			}
		}
		second := "Fill cells here, then A applies them to every provider."
		if pending > 0 {
			second = fmt.Sprintf("%d categories filled: A shows what changes for whom, then applies.", pending)
		}
		return st.Label.Render(components.Truncate(first, s.width)) + "\n" + st.Dim.Render(components.Truncate(second, s.width))
	}
	p := s.m.Providers[s.row-1]
	first := p.Name + " · " + cat.Name + ": " + orNone(s.names(s.m.Routes[c]), "no route (the provider)")
	if stamp, ok := s.m.Stamps[c]; ok {
		first += " · changed " + day(stamp.At, time.Now()) + " by " + stamp.By
	}
	second := "Who gets it: " + s.whoText(c)
	return st.Label.Render(components.Truncate(first, s.width)) + "\n" + st.Dim.Render(components.Truncate(second, s.width))
}

func (s *Matrix) names(route []model.Recipient) string {
	out := make([]string, len(route))
	for i, r := range route {
		out[i] = s.m.Dir.RecipientName(r)
	}
	return strings.Join(out, ", ")
}

// day says when a change was, to the day: "today", "yesterday", or the
// date.
func day(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	y, m, d := t.Date()
	switch ny, nm, nd := now.Date(); {
	case y == ny && m == nm && d == nd:
		return "today"
	case now.AddDate(0, 0, -1).Format("2006-01-02") == t.Format("2006-01-02"):
		return "yesterday"
	}
	return "on " + t.Format("2006-01-02")
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// ShortHelp is the help bar's content.
func (s *Matrix) ShortHelp() []key.Binding {
	if s.confirm != nil {
		return s.confirm.ShortHelp()
	}
	if s.naming != nil {
		return []key.Binding{s.env.Keys.Save, s.env.Keys.Back}
	}
	move := key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←↑↓→/hjkl", "move"))
	edit := s.env.Keys.Open
	edit.SetHelp("enter", "edit cell")
	return []key.Binding{move, edit, s.keys.Apply, s.keys.Who, s.keys.Clear}
}

// FullHelp is the help screen's content.
func (s *Matrix) FullHelp() [][]key.Binding {
	k := s.env.Keys
	return [][]key.Binding{s.ShortHelp(), {k.Top, k.Bottom, k.PageUp, k.PageDown},
		{s.keys.NewCategory, s.keys.Rename, s.keys.Left, s.keys.Right, s.keys.Retire}}
}

// Actions are the screen's commands for the palette.
func (s *Matrix) Actions() []screen.Action {
	k := s.env.Keys
	return []screen.Action{
		{Name: "Edit the routing cell", Key: k.Open, Need: model.PermRouting},
		{Name: "Apply the All providers row to every provider", Key: s.keys.Apply, Need: model.PermRouting},
		{Name: "Clear the routing cell", Key: s.keys.Clear, Need: model.PermRouting},
		{Name: "Who gets messages of this cell", Key: s.keys.Who},
		{Name: "New message category", Key: s.keys.NewCategory, Need: model.PermRouting},
		{Name: "Rename the message category", Key: s.keys.Rename, Need: model.PermRouting},
		{Name: "Move the category left", Key: s.keys.Left, Need: model.PermRouting},
		{Name: "Move the category right", Key: s.keys.Right, Need: model.PermRouting},
		{Name: "Retire the message category", Key: s.keys.Retire, Need: model.PermRouting},
	}
}
