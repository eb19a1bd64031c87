package importwiz

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"frontdesk/importer"
	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// job runs work off the UI goroutine and reports its progress, at most ten
// times a second, then its result.
type job struct{ ch chan tea.Msg }

type progressMsg struct {
	job      *job
	done     int       // rows read, or contacts written
	fraction float64   // of the whole
	at       time.Time // when it was so
}

func startJob(work func(progress func(done int, fraction float64)) tea.Msg) (*job, tea.Cmd) {
	// Room for one progress report and the result: the result never waits,
	// so the goroutine ends even if nobody reads any more.
	j := &job{ch: make(chan tea.Msg, 2)}
	go func() {
		var last time.Time
		msg := work(func(done int, fraction float64) {
			if time.Since(last) < 100*time.Millisecond || len(j.ch) > 0 {
				return // too soon, or the screen has not taken the last one
			}
			last = time.Now()
			j.ch <- progressMsg{j, done, fraction, last}
		})
		j.ch <- msg
	}()
	return j, j.wait
}

func (j *job) wait() tea.Msg { return <-j.ch }

// checkStep plans the import and shows what it will do, nothing written
// yet: the counts, and the rejected rows, duplicates and warnings, each
// with its row and reason.
type checkStep struct {
	w       *wizard
	job     *job
	read    int           // rows read so far, while planning
	rate    importer.Rate // their pace
	pace    string        // the pace, in words
	err     error
	tab     int // 0 rejected, 1 duplicates, 2 warnings
	offset  int // the entry of the list at the top
	sub     int // its first line shown: a long entry wraps, and scrolls line by line
	running bool
	cancel  context.CancelFunc // stops the reading under way
	gen     int                // numbers the readings

	width, height int
}

type plannedMsg struct {
	gen  int // the reading it is the result of
	plan planned
	err  error
}

func newCheckStep(w *wizard) *checkStep { return &checkStep{w: w} }

func (c *checkStep) Init() tea.Cmd { return c.start() }

func (c *checkStep) start() tea.Cmd {
	w := c.w
	if c.cancel != nil {
		c.cancel()
	}
	ctx, cancel := context.WithCancel(w.env.Ctx)
	c.cancel = cancel
	st := w.env.Store
	settings := importer.Settings{Read: w.opts, Mapping: append([]string(nil), w.mapping...), Region: w.env.Region(),
		ImportDuplicates: w.dups, DateOrder: w.dateOrder}
	path, kind := w.path, w.kind
	c.running, c.err, c.read = true, nil, 0
	w.plan = nil
	c.gen++
	gen := c.gen
	var cmd tea.Cmd
	c.rate, c.pace = importer.Rate{}, ""
	c.job, cmd = startJob(func(progress func(int, float64)) tea.Msg {
		if kind == "patients" {
			p, err := importer.PlanPatients(ctx, path, settings, st)
			if err != nil {
				return plannedMsg{gen, nil, err}
			}
			return plannedMsg{gen, patientPlan{p}, nil}
		}
		known, err := importer.LoadKnown(ctx, st)
		if err != nil {
			return plannedMsg{gen, nil, err}
		}
		p, err := importer.NewPlan(ctx, path, settings, known, func(pr importer.Progress) { progress(pr.Rows, pr.Fraction()) })
		if err != nil {
			return plannedMsg{gen, nil, err}
		}
		places, err := importer.LoadPlaces(path, settings.Read)
		if err != nil {
			return plannedMsg{gen, nil, err}
		}
		return plannedMsg{gen, contactPlan{p, places}, nil}
	})
	return cmd
}

// Close stops the reading under way, when the screen is closed.
func (c *checkStep) Close() {
	if c.cancel != nil {
		c.cancel()
	}
}

func (c *checkStep) Title() string   { return stepTitle(4, "check") }
func (c *checkStep) Capturing() bool { return false }

// Busy is false even while reading: esc must be able to stop a long file.
func (c *checkStep) Busy() bool               { return false }
func (c *checkStep) Actions() []screen.Action { return noActions() }
func (c *checkStep) SetSize(w, h int)         { c.width, c.height = w, h }

func (c *checkStep) ShortHelp() []key.Binding {
	if c.w.kind == "patients" {
		return []key.Binding{bind("enter", "enter", "import"), bind("tab", "tab", "next list"),
			bind("o", "o", "date order"), bind("esc", "esc", "back")}
	}
	keys := []key.Binding{bind("enter", "enter", "import"), bind("tab", "tab", "next list"),
		bind("i", "i", "duplicates")}
	if c.w.preview.IsVCard() {
		keys = append(keys, bind("g", "g", "grouping"))
	}
	return append(keys, bind("esc", "esc", "back"))
}

// orgGroupCol is the column of a vCard file that groups its cards by
// organization, or -1.
func (c *checkStep) orgGroupCol() int {
	if !c.w.preview.IsVCard() {
		return -1
	}
	for i, h := range c.w.preview.Header {
		if h == importer.OrgGroupColumn {
			return i
		}
	}
	return -1
}

// groupingByOrganization reports whether the cards sharing an organization
// and a fax are to be one contact.
func (c *checkStep) groupingByOrganization() bool {
	col := c.orgGroupCol()
	return col >= 0 && col < len(c.w.mapping) && c.w.mapping[col] == string(model.FieldGroup)
}

// toggleGrouping maps the grouping column of a vCard file to group, or
// back to the group the file names (X-FRONTDESK-GROUP).
func (c *checkStep) toggleGrouping() {
	col := c.orgGroupCol()
	if col < 0 || col >= len(c.w.mapping) {
		return
	}
	on := !c.groupingByOrganization()
	for i, h := range c.w.preview.Header {
		switch {
		case i == col && on:
			c.w.mapping[i] = string(model.FieldGroup)
		case c.w.mapping[i] == string(model.FieldGroup):
			c.w.mapping[i] = ""
		case !on && h == importer.GroupColumn:
			c.w.mapping[i] = string(model.FieldGroup)
		}
	}
}
func (c *checkStep) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }

func (c *checkStep) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case progressMsg:
		if msg.job != c.job {
			return c, nil
		}
		c.read = msg.done
		c.pace = c.rate.Line(msg.at, msg.done, msg.fraction, c.w.unit()+"s")
		return c, c.job.wait
	case plannedMsg:
		if msg.gen != c.gen {
			return c, nil // a reading that was stopped or replaced
		}
		c.running = false
		c.w.plan, c.err = msg.plan, msg.err
		return c, nil
	case tea.KeyMsg:
		switch msg.String() {
		case "esc":
			c.w.env.Nav.Pop() // Close stops the reading
		case "tab":
			c.tab, c.offset, c.sub = (c.tab+1)%3, 0, 0
		case "shift+tab":
			c.tab, c.offset, c.sub = (c.tab+2)%3, 0, 0
		case "down", "j":
			c.scroll(1)
		case "up", "k":
			c.scroll(-1)
		case "pgdown":
			c.scroll(10)
		case "pgup":
			c.scroll(-10)
		case "i":
			if c.running || c.w.kind != "contacts" {
				return c, nil
			}
			c.w.dups = !c.w.dups
			return c, c.start()
		case "g":
			if c.running || c.w.kind != "contacts" || c.orgGroupCol() < 0 {
				return c, nil
			}
			c.toggleGrouping()
			return c, c.start()
		case "o":
			if c.running || c.w.kind != "patients" {
				return c, nil
			}
			c.w.dateOrder = 1 - c.w.dateOrder
			return c, c.start()
		case "enter", "ctrl+s":
			if !c.running && c.w.plan != nil && c.w.plan.total() > 0 {
				c.w.env.Nav.Push(newRunStep(c.w))
			}
		}
	}
	return c, nil
}

// scroll moves the list by n lines (up when negative), the lines of its
// entries as they wrap.
func (c *checkStep) scroll(n int) {
	list := c.list()
	for ; n > 0; n-- {
		if c.offset >= len(list) {
			return
		}
		if c.sub+1 < len(c.wrap(list[c.offset])) {
			c.sub++
		} else if c.offset+1 < len(list) {
			c.offset, c.sub = c.offset+1, 0
		}
	}
	for ; n < 0; n++ {
		if c.sub > 0 {
			c.sub--
		} else if c.offset > 0 && c.offset <= len(list) {
			c.offset--
			c.sub = len(c.wrap(list[c.offset])) - 1
		}
	}
}

// wrap breaks one entry of a list into lines of the screen's width, the
// lines after the first indented: a reason is never cut.
func (c *checkStep) wrap(entry string) []string {
	lines := strings.Split(ansi.Wrap(entry, max(10, c.width-2), ""), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = "  " + lines[i]
	}
	return lines
}

// list is the lines of the current tab.
func (c *checkStep) list() []string {
	p := c.w.plan
	if p == nil {
		return nil
	}
	var out []string
	switch c.tab {
	case 0:
		for _, r := range p.rejected() {
			out = append(out, p.place(r.Row)+": "+p.reworded(r.Reason))
		}
	case 1:
		for _, r := range p.duplicates(1000) {
			out = append(out, p.place(r.Row)+": "+p.reworded(r.Reason))
		}
	case 2:
		for _, w := range p.warnings() {
			out = append(out, p.reworded(w))
		}
	}
	return out
}

func (c *checkStep) View() string {
	st := c.w.env.Styles
	lines := []string{st.BoxTitle.Render("Check before importing: nothing is written yet")}
	switch {
	case c.running:
		reading := fmt.Sprintf("Reading… %s %s", importer.Thousands(c.read), c.w.unit()+"s")
		if c.pace != "" {
			reading += " · " + c.pace
		}
		lines = append(lines, "", st.Dim.Render(components.Truncate(reading, c.width)))
		return components.PlaceLines(strings.Join(lines, "\n"), c.height)
	case c.err != nil:
		var fe *importer.FileError
		msg := c.err.Error()
		if !errors.As(c.err, &fe) {
			msg = "This mapping cannot work: " + msg
		}
		lines = append(lines, "", st.Error.Render(strings.Join(c.wrap(screen.Sentence(msg)), "\n")), "",
			st.Dim.Render("esc goes back to change it."))
		return components.PlaceLines(strings.Join(lines, "\n"), c.height)
	}
	p := c.w.plan
	dupNote := "skipped"
	if c.w.dups {
		dupNote = "imported anyway"
	}
	num := func(label string, n int, note string) string {
		return st.Label.Render(fmt.Sprintf("%-18s", label)) + fmt.Sprintf("%9s", importer.Thousands(n)) + "  " + st.Dim.Render(note)
	}
	for _, n := range p.counts(dupNote) {
		lines = append(lines, num(n.label, n.n, n.note))
	}
	if c.w.kind == "patients" {
		order := "day first: 03/04/1984 is the 3rd of April (o changes)"
		if c.w.dateOrder == model.MonthFirst {
			order = "month first: 03/04/1984 is March 4th (o changes)"
		}
		lines = append(lines, st.Label.Render(fmt.Sprintf("%-18s", "Dates read"))+st.Dim.Render(order))
	}
	if c.orgGroupCol() >= 0 && c.w.kind == "contacts" {
		how := "as the cards say (g: by organization)"
		if c.groupingByOrganization() {
			how = "by organization and fax (g changes)"
		}
		lines = append(lines, st.Label.Render(fmt.Sprintf("%-18s", "Groups"))+st.Dim.Render(components.Truncate(how, max(0, c.width-18))))
	}
	lines = append(lines, "")
	tabs := []string{fmt.Sprintf("Rejected (%d)", len(p.rejected())), fmt.Sprintf("Duplicates (%d)", p.duplicateCount()),
		fmt.Sprintf("Warnings (%d)", len(p.warnings()))}
	for i := range tabs {
		if i == c.tab {
			tabs[i] = st.ActiveTab.Render(tabs[i])
		} else {
			tabs[i] = st.Tab.Render(tabs[i])
		}
	}
	lines = append(lines, strings.Join(tabs, "  "))
	list := c.list()
	room := max(1, c.height-len(lines)-1)
	var shown []string
	for i := c.offset; i < len(list) && len(shown) <= room; i++ {
		entry := c.wrap(list[i])
		if i == c.offset {
			entry = entry[min(c.sub, len(entry)-1):]
		}
		shown = append(shown, entry...)
	}
	if len(shown) > room {
		// What does not fit is a key away, and says so.
		shown = append(shown[:room-1], st.Dim.Render("more below: j or pgdown"))
	}
	lines = append(lines, shown...)
	if len(list) == 0 {
		lines = append(lines, st.Dim.Render("none"))
	}
	if p.total() == 0 {
		lines = append(lines, st.Error.Render("Nothing to import."))
	}
	return components.PlaceLines(strings.Join(lines, "\n"), c.height)
}
