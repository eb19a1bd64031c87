package importwiz

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/importer"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// previewRows is how many records the preview shows.
const previewRows = 8

var (
	encodings  = []string{"", "utf-8", "windows-1252", "utf-16le", "utf-16be"}
	delimiters = []rune{0, ',', ';', '\t', '|'}
)

// previewStep shows the file as it will be read: the detected encoding and
// delimiter (both changeable), the header and the first rows.
type previewStep struct {
	w       *wizard
	err     string
	loading bool
	left    int // first column shown

	width, height int
}

type resniffedMsg struct {
	owner *previewStep
	pv    *importer.Preview
	err   error
}

func newPreviewStep(w *wizard) *previewStep { return &previewStep{w: w} }

func (p *previewStep) Init() tea.Cmd            { return nil }
func (p *previewStep) Title() string            { return stepTitle(2, "preview") }
func (p *previewStep) Capturing() bool          { return false }
func (p *previewStep) Busy() bool               { return p.loading }
func (p *previewStep) Actions() []screen.Action { return noActions() }
func (p *previewStep) SetSize(w, h int)         { p.width, p.height = w, h }

func (p *previewStep) ShortHelp() []key.Binding {
	if p.w.preview.IsVCard() {
		return []key.Binding{bind("enter", "enter", "map columns"), bind("e", "e", "encoding"),
			bind("right", "←/→", "scroll"), bind("esc", "esc", "back")}
	}
	return []key.Binding{bind("enter", "enter", "map columns"), bind("e", "e", "encoding"), bind("d", "d", "delimiter"),
		bind("right", "←/→", "scroll"), bind("esc", "esc", "back")}
}
func (p *previewStep) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

func (p *previewStep) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case resniffedMsg:
		if msg.owner != p {
			return p, nil
		}
		p.loading = false
		if msg.err != nil {
			p.err = msg.err.Error()
			return p, nil
		}
		p.err = ""
		if !sameHeader(p.w.preview.Header, msg.pv.Header) {
			p.w.mapping = nil // another header: the mapping starts again
		}
		p.w.preview = msg.pv
		p.left = max(0, min(p.left, len(msg.pv.Header)-1))
		return p, nil
	case tea.KeyMsg:
		switch msg.String() {
		case "esc":
			p.w.env.Nav.Pop()
		case "enter":
			if p.err == "" {
				p.w.env.Nav.Push(newMapStep(p.w))
			}
		case "e":
			p.w.opts.Encoding = next(encodings, p.w.opts.Encoding)
			return p, p.resniff()
		case "d":
			if p.w.preview.IsVCard() {
				return p, nil // cards have no delimiter
			}
			p.w.opts.Delimiter = next(delimiters, p.w.opts.Delimiter)
			return p, p.resniff()
		case "right", "l":
			p.left = min(p.left+1, max(0, len(p.w.preview.Header)-1))
		case "left", "h":
			p.left = max(0, p.left-1)
		}
	}
	return p, nil
}

func next[T comparable](list []T, cur T) T {
	for i, v := range list {
		if v == cur {
			return list[(i+1)%len(list)]
		}
	}
	return list[0]
}

func sameHeader(a, b []string) bool {
	return strings.Join(a, "\x1f") == strings.Join(b, "\x1f")
}

func (p *previewStep) resniff() tea.Cmd {
	p.loading = true
	owner, path, opts := p, p.w.path, p.w.opts
	return func() tea.Msg {
		pv, err := importer.Sniff(path, opts, previewRows)
		return resniffedMsg{owner, pv, err}
	}
}

// DelimiterName names a delimiter as a person would.
func DelimiterName(r rune) string {
	switch r {
	case 0:
		return "detect"
	case ',':
		return "comma"
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	case '|':
		return "pipe"
	}
	return fmt.Sprintf("%q", r)
}

func choice(chosen, detected string) string {
	if chosen == "" || chosen == "detect" {
		return detected + " (detected)"
	}
	return detected + " (chosen)"
}

func (p *previewStep) View() string {
	st := p.w.env.Styles
	pv := p.w.preview
	delim := DelimiterName(pv.Delimiter)
	if p.w.opts.Delimiter != 0 {
		delim += " (chosen)"
	} else {
		delim += " (detected)"
	}
	lines := []string{
		st.BoxTitle.Render(components.Truncate(p.w.shownPath(), p.width)),
		st.Label.Render("Encoding   ") + choice(p.w.opts.Encoding, pv.Encoding),
		st.Label.Render("Delimiter  ") + delim,
		st.Label.Render("Columns    ") + fmt.Sprint(len(pv.Header)),
	}
	if pv.IsVCard() {
		// A card is a row, each of its properties a column: the encoding
		// is that of values that name no CHARSET.
		lines[1] = st.Label.Render("Format     ") + components.Truncate(choice(p.w.opts.Encoding, pv.Encoding), max(0, p.width-11))
		lines[2] = st.Label.Render("Columns    ") + fmt.Sprintf("%d, one per card property; a card is a row", len(pv.Header))
		lines = lines[:3]
	}
	if p.err != "" {
		lines = append(lines, st.Error.Render(components.Truncate(p.err, p.width)))
	}
	lines = append(lines, "")
	lines = append(lines, p.table()...)
	return components.PlaceLines(strings.Join(lines, "\n"), p.height)
}

// table draws the header and the first rows, from column p.left, as many
// columns as fit.
func (p *previewStep) table() []string {
	st := p.w.env.Styles
	pv := p.w.preview
	const colW = 16
	cols := max(1, (p.width-5)/(colW+1))
	last := min(len(pv.Header), p.left+cols)
	row := func(num string, cells []string, style func(string) string) string {
		var b strings.Builder
		b.WriteString(st.Dim.Render(fmt.Sprintf("%4s ", num)))
		for c := p.left; c < last; c++ {
			v := ""
			if c < len(cells) {
				v = strings.ReplaceAll(cells[c], "\n", "⏎")
			}
			b.WriteString(style(components.Truncate(fmt.Sprintf("%-*s", colW, v), colW)) + " ")
		}
		return b.String()
	}
	out := []string{row("1", pv.Header, func(s string) string { return st.Header.Render(s) })}
	if pv.IsVCard() {
		out[0] = row("card", pv.Header, func(s string) string { return st.Header.Render(s) })
	}
	for i, r := range pv.Rows {
		num := pv.RowNums[i]
		if pv.IsVCard() {
			num-- // card n is row n+1
		}
		out = append(out, row(fmt.Sprint(num), r, func(s string) string { return s }))
	}
	if len(pv.Rows) == 0 {
		out = append(out, st.Dim.Render("     the file has a header but no rows"))
	}
	if p.left > 0 || last < len(pv.Header) {
		out = append(out, st.Dim.Render(fmt.Sprintf("     columns %d-%d of %d; ←/→ scroll", p.left+1, last, len(pv.Header))))
	}
	return out
}
