// Package theme builds the styles of one terminal session from its renderer:
// adaptive colours that degrade to none, with bold and reverse still marking
// focus on a monochrome terminal.
package theme

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Palette of the application, light and dark variants.
var (
	accent  = lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#B4A0FF"}
	subtle  = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"}
	faint   = lipgloss.AdaptiveColor{Light: "#B0B0B0", Dark: "#4A4A4A"}
	match   = lipgloss.AdaptiveColor{Light: "#B35900", Dark: "#FFB86C"}
	danger  = lipgloss.AdaptiveColor{Light: "#C0392B", Dark: "#FF6B6B"}
	success = lipgloss.AdaptiveColor{Light: "#1E8449", Dark: "#7BD88F"}
)

// Styles are every style the screens use, bound to one session's renderer.
type Styles struct {
	Renderer *lipgloss.Renderer
	// ASCII is set for terminals without box-drawing glyphs.
	ASCII  bool
	Border lipgloss.Border

	AppTitle  lipgloss.Style
	Tab       lipgloss.Style
	ActiveTab lipgloss.Style
	Crumb     lipgloss.Style

	Header      lipgloss.Style // column headings
	Row         lipgloss.Style
	SelectedRow lipgloss.Style
	Match       lipgloss.Style // matched characters of a filtered row
	Dim         lipgloss.Style
	Count       lipgloss.Style

	Label        lipgloss.Style
	FocusedLabel lipgloss.Style
	Value        lipgloss.Style
	Error        lipgloss.Style
	Hint         lipgloss.Style

	Status    lipgloss.Style
	StatusErr lipgloss.Style
	StatusOK  lipgloss.Style

	HelpKey  lipgloss.Style
	HelpDesc lipgloss.Style
	HelpSep  lipgloss.Style

	Box      lipgloss.Style // dialogs and overlays
	BoxTitle lipgloss.Style
	Rule     lipgloss.Style
}

// New returns the styles for a session drawn by r. With ascii, borders use
// only ASCII characters.
func New(r *lipgloss.Renderer, ascii bool) *Styles {
	return build(r, ascii, false)
}

// build makes the styles; mono leaves every colour out and keeps bold,
// underline and reverse (see Mono).
func build(r *lipgloss.Renderer, ascii, mono bool) *Styles {
	s := &Styles{Renderer: r, ASCII: ascii, Border: lipgloss.RoundedBorder()}
	colour := func(c lipgloss.AdaptiveColor) lipgloss.TerminalColor {
		if mono {
			return lipgloss.NoColor{}
		}
		return c
	}
	if ascii {
		s.Border = lipgloss.Border{Top: "-", Bottom: "-", Left: "|", Right: "|",
			TopLeft: "+", TopRight: "+", BottomLeft: "+", BottomRight: "+"}
	}
	st := r.NewStyle
	s.AppTitle = st().Bold(true).Foreground(colour(accent))
	s.Tab = st().Foreground(colour(subtle))
	s.ActiveTab = st().Bold(true).Underline(true).Foreground(colour(accent))
	s.Crumb = st().Foreground(colour(subtle))

	s.Header = st().Bold(true).Foreground(colour(subtle))
	s.Row = st()
	// Reverse keeps the selection visible when colours are gone.
	s.SelectedRow = st().Reverse(true).Bold(true)
	s.Match = st().Foreground(colour(match)).Bold(true).Underline(true)
	s.Dim = st().Foreground(colour(subtle))
	if mono {
		s.Dim = s.Dim.Faint(true) // what is dimmed still looks it
	}
	s.Count = st().Foreground(colour(subtle))

	s.Label = st().Foreground(colour(subtle))
	s.FocusedLabel = st().Bold(true).Foreground(colour(accent))
	s.Value = st()
	s.Error = st().Foreground(colour(danger)).Bold(true)
	s.Hint = st().Foreground(colour(subtle)).Italic(true)

	s.Status = st().Foreground(colour(subtle))
	s.StatusErr = st().Foreground(colour(danger)).Bold(true)
	s.StatusOK = st().Foreground(colour(success))

	s.HelpKey = st().Bold(true)
	s.HelpDesc = st().Foreground(colour(subtle))
	s.HelpSep = st().Foreground(colour(faint))

	s.Box = st().Border(s.Border).BorderForeground(colour(accent)).Padding(0, 1)
	s.BoxTitle = st().Bold(true).Foreground(colour(accent))
	s.Rule = st().Foreground(colour(faint))
	return s
}

// HRule is a horizontal line of width cells in the session's border style.
func (s *Styles) HRule(width int) string {
	if width <= 0 {
		return ""
	}
	return s.Rule.Render(strings.Repeat(s.Border.Top, width))
}

// Mono returns the styles of a session whose terminal shows no colours
// (NO_COLOR, or a monochrome TERM) but does show bold, underline and reverse
// video: r draws those attributes and the styles carry no colour. Without
// this, a renderer without colours drops every attribute too, and the
// selected row looks like any other.
func Mono(r *lipgloss.Renderer, ascii bool) *Styles {
	r.SetColorProfile(termenv.ANSI)
	return build(r, ascii, true)
}

// MarkerWidth is the width of the first column of every list row, where
// the selected row shows its marker.
const MarkerWidth = 2

// ListRow is how one row of a list is drawn: selected or not, its text and
// the runes a filter matched. Every list draws its rows through one, so the
// selection looks the same everywhere and shows without colour: the
// selected row starts with "> " and is reversed where the terminal can.
type ListRow struct {
	Selected bool
	Base     lipgloss.Style
	Match    lipgloss.Style
}

// ListRow returns how a list row is drawn.
func (s *Styles) ListRow(selected bool) ListRow {
	if selected {
		return ListRow{Selected: true, Base: s.SelectedRow, Match: s.SelectedRow.Underline(true)}
	}
	return ListRow{Base: s.Row, Match: s.Match}
}

// Own returns the row drawn with base when it is not selected: a row's own
// look (unread, done, disabled) gives way to the selection's.
func (r ListRow) Own(base lipgloss.Style) ListRow {
	if !r.Selected {
		r.Base = base
	}
	return r
}

// Marker draws the row's first column: "> " when selected, blanks else.
func (r ListRow) Marker() string {
	if r.Selected {
		return r.Base.Render("> ")
	}
	return r.Base.Render("  ")
}

// ForTerminal returns the styles of a session drawn by r on a terminal
// whose TERM is term (tty: the output is a terminal at all). A terminal
// sent no colours (NO_COLOR, or a monochrome TERM) still gets bold,
// underline and reverse; only a "dumb" terminal, or output that is not a
// terminal, gets plain text.
func ForTerminal(r *lipgloss.Renderer, tty bool, term string, ascii bool) *Styles {
	if r.ColorProfile() == termenv.Ascii && tty && term != "" && term != "dumb" {
		return Mono(r, ascii)
	}
	return New(r, ascii)
}
