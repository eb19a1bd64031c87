// Package theme builds the styles of one terminal session from its renderer:
// adaptive colours that degrade to none, with bold and reverse still marking
// focus on a monochrome terminal.
package theme

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
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
	s := &Styles{Renderer: r, ASCII: ascii, Border: lipgloss.RoundedBorder()}
	if ascii {
		s.Border = lipgloss.Border{Top: "-", Bottom: "-", Left: "|", Right: "|",
			TopLeft: "+", TopRight: "+", BottomLeft: "+", BottomRight: "+"}
	}
	st := r.NewStyle
	s.AppTitle = st().Bold(true).Foreground(accent)
	s.Tab = st().Foreground(subtle)
	s.ActiveTab = st().Bold(true).Underline(true).Foreground(accent)
	s.Crumb = st().Foreground(subtle)

	s.Header = st().Bold(true).Foreground(subtle)
	s.Row = st()
	// Reverse keeps the selection visible when colours are gone.
	s.SelectedRow = st().Reverse(true).Bold(true)
	s.Match = st().Foreground(match).Bold(true).Underline(true)
	s.Dim = st().Foreground(subtle)
	s.Count = st().Foreground(subtle)

	s.Label = st().Foreground(subtle)
	s.FocusedLabel = st().Bold(true).Foreground(accent)
	s.Value = st()
	s.Error = st().Foreground(danger).Bold(true)
	s.Hint = st().Foreground(subtle).Italic(true)

	s.Status = st().Foreground(subtle)
	s.StatusErr = st().Foreground(danger).Bold(true)
	s.StatusOK = st().Foreground(success)

	s.HelpKey = st().Bold(true)
	s.HelpDesc = st().Foreground(subtle)
	s.HelpSep = st().Foreground(faint)

	s.Box = st().Border(s.Border).BorderForeground(accent).Padding(0, 1)
	s.BoxTitle = st().Bold(true).Foreground(accent)
	s.Rule = st().Foreground(faint)
	return s
}

// HRule is a horizontal line of width cells in the session's border style.
func (s *Styles) HRule(width int) string {
	if width <= 0 {
		return ""
	}
	return s.Rule.Render(strings.Repeat(s.Border.Top, width))
}
