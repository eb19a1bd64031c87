package components

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/ui/keymap"
	"frontdesk/ui/theme"
)

// Confirm asks a yes-or-no question before something that cannot be taken
// back. y confirms; n or esc declines.
type Confirm struct {
	Question string
	// Details are lines under the question: what exactly will happen.
	Details []string
	// Yes is the verb of the confirming answer ("delete", "split").
	Yes    string
	onYes  func() tea.Cmd
	styles *theme.Styles
	keys   keymap.KeyMap
}

// NewConfirm builds a question; onYes is what a yes does.
func NewConfirm(styles *theme.Styles, keys keymap.KeyMap, question, yes string, onYes func() tea.Cmd, details ...string) *Confirm {
	return &Confirm{Question: question, Details: details, Yes: yes, onYes: onYes, styles: styles, keys: keys}
}

// Update takes a key: y runs the action, n or esc declines. closed reports
// that the question is answered and should go away.
func (c *Confirm) Update(msg tea.Msg) (closed bool, cmd tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return false, nil
	}
	switch {
	case key.Matches(km, c.keys.Yes):
		return true, c.onYes()
	case key.Matches(km, c.keys.No):
		return true, nil
	}
	return false, nil
}

// ShortHelp is what the help bar shows while the question is open.
func (c *Confirm) ShortHelp() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("y"), key.WithHelp("y", c.Yes)),
		key.NewBinding(key.WithKeys("n"), key.WithHelp("n/esc", "cancel")),
	}
}

// View draws the question in a box at most width cells wide.
func (c *Confirm) View(width int) string {
	st := c.styles
	inner := max(20, min(60, width-4))
	wrap := lipgloss.NewStyle().Width(inner)
	lines := []string{st.BoxTitle.Render(wrap.Render(c.Question))}
	for _, d := range c.Details {
		lines = append(lines, wrap.Render(d))
	}
	lines = append(lines, "", st.HelpKey.Render("y")+" "+st.HelpDesc.Render(c.Yes)+"   "+
		st.HelpKey.Render("n/esc")+" "+st.HelpDesc.Render("cancel"))
	return st.Box.Render(strings.Join(lines, "\n"))
}
