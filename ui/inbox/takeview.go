package inbox

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/search"
	"frontdesk/ui/components"
)

// takeLabel is the width of the field labels, their marker included.
const takeLabel = 12

// View draws the form: the patient's look-up with its matches, or the
// patient chosen above the message's fields.
func (t *Take) View() string {
	st := t.env.Styles
	switch {
	case t.failed != nil:
		return components.PlaceLines(st.Error.Render(components.Truncate("Could not read the patients: "+t.failed.Error()+". esc goes back.", t.width)), t.height)
	case t.found == nil:
		return components.PlaceLines(st.Dim.Render("Reading the patients…"), t.height)
	}
	lines := []string{st.BoxTitle.Render(components.Truncate("A patient's message, taken by phone", t.width))}
	if t.notice != "" {
		ns := st.Hint
		if t.noticeErr {
			ns = st.Error
		}
		lines = append(lines, t.wrap(t.notice, t.width, ns, 0)...)
	}
	lines = append(lines, "")
	if t.choosing {
		lines = append(lines, t.chooseView(len(lines))...)
	} else {
		lines = append(lines, t.messageView()...)
	}
	foot := st.Hint.Render(components.Truncate(t.footText(), t.width))
	body := strings.Join(lines, "\n")
	return components.PlaceLines(body, t.height-1) + "\n" + foot
}

func (t *Take) footText() string {
	switch {
	case t.asking:
		return "Discard the message typed? y discards · n keeps it"
	case t.saving:
		return "Routing the message…"
	}
	return "" // the keys are on the help bar
}

// label draws a field's label, marked when the field has the focus.
func (t *Take) label(text string, focused bool) string {
	st := t.env.Styles
	if focused {
		return st.FocusedLabel.Render(fmt.Sprintf("> %-*s", takeLabel-2, text))
	}
	return st.Label.Render(fmt.Sprintf("  %-*s", takeLabel-2, text))
}

// field draws a one-line input between brackets, so that its extent shows
// without colours.
func (t *Take) field(view string, focused bool) string {
	st := t.env.Styles
	l, r := "[", "]"
	if !focused {
		l, r = " ", " "
	}
	w := max(10, t.width-takeLabel-3)
	return st.Dim.Render(l) + view + strings.Repeat(" ", max(0, w-lipgloss.Width(view))) + st.Dim.Render(r)
}

// wrap breaks text to width in style, each line after indent spaces.
func (t *Take) wrap(text string, width int, style lipgloss.Style, indent int) []string {
	var out []string
	for _, l := range strings.Split(lipgloss.NewStyle().Width(max(10, width-indent)).Render(text), "\n") {
		out = append(out, strings.Repeat(" ", indent)+style.Render(strings.TrimRight(l, " ")))
	}
	return out
}

// chooseView draws the look-up: the query, how a date was read, and the
// patients it finds. above is how many lines the view has drawn already.
func (t *Take) chooseView(above int) []string {
	st := t.env.Styles
	lines := []string{t.label("Patient", true) + t.field(t.query.View(), true)}
	count := fmt.Sprintf("%d patients", len(t.hits))
	switch {
	case len(t.hits) == 1:
		count = "1 patient"
	case len(t.hits) == patientsShown:
		count = fmt.Sprintf("the first %d patients: type more", patientsShown)
	case len(t.hits) == 0:
		count = "no patient matches"
	}
	if t.reading != "" {
		count = t.reading + " · " + count
	}
	lines = append(lines, t.wrap(count, t.width, st.Dim, takeLabel+1)...)
	chartW, bornW := 10, 10
	nameW := max(8, t.width-2-chartW-bornW-2)
	lines = append(lines, st.Header.Render(components.Cell("  "+fmt.Sprintf("%-*s %-*s %s", nameW, "Name", chartW, "Chart", "Born"), t.width, nil, st.Header, st.Header)))
	rows := max(1, t.height-1-above-len(lines))
	if rows < t.rowsShown() && t.cursor >= t.offset+rows {
		t.offset = t.cursor - rows + 1
	}
	q := strings.TrimSpace(t.query.Value())
	for n := t.offset; n < len(t.hits) && n < t.offset+rows; n++ {
		p := t.found.rows[t.hits[n]]
		base, hl, mark := st.Row, st.Match, "  "
		if n == t.cursor {
			base, hl, mark = st.SelectedRow, st.SelectedRow.Underline(true), "> "
		}
		var m []int
		if q != "" && t.reading == "" {
			m = search.Highlight(p.Name, q)
		}
		lines = append(lines, base.Render(mark)+components.Cell(p.Name, nameW, m, base, hl)+base.Render(" ")+
			components.Cell(p.Chart, chartW, nil, base, base)+base.Render(" ")+components.Cell(p.BirthDate, bornW, nil, base, base))
	}
	return lines
}

// messageView draws the patient chosen and the message's fields.
func (t *Take) messageView() []string {
	st := t.env.Styles
	p := t.found.rows[t.chosen]
	who := fmt.Sprintf("%s · chart %s · %s", model.Printable(p.Name), model.Printable(p.Chart), bornText(p.BirthDate))
	lines := t.wrap(who, t.width, st.Value.Bold(true), takeLabel+1)
	lines[0] = t.label("Patient", false) + " " + strings.TrimLeft(lines[0], " ")
	problem := func(f int) string {
		if p, ok := t.problems[f]; ok && t.tried {
			return " " + st.Error.Render("× "+p)
		}
		return ""
	}
	lines = append(lines, t.label("Category", t.focus == takeCategory)+t.field(t.category.View(), t.focus == takeCategory))
	// Under it, the category a start names, or the choices.
	c, ok := t.categoryNamed(t.category.Value())
	switch {
	case ok && c != strings.TrimSpace(t.category.Value()):
		lines = append(lines, t.wrap("→ "+c, t.width, st.Dim, takeLabel+1)...)
	case !ok && (t.focus == takeCategory || t.tried):
		style := st.Hint
		if t.tried {
			style = st.Error
		}
		lines = append(lines, t.wrap("one of: "+strings.Join(t.cats, ", "), t.width, style, takeLabel+1)...)
	}
	lines = append(lines, components.Truncate(t.label("Subject", t.focus == takeSubject)+
		t.field(t.subject.View(), t.focus == takeSubject)+problem(takeSubject), t.width))
	for i, l := range strings.Split(t.body.View(), "\n") {
		lead := strings.Repeat(" ", takeLabel)
		if i == 0 {
			lead = t.label("Message", t.focus == takeBody)
		}
		lines = append(lines, lead+l)
	}
	return lines
}
