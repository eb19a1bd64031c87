package faxes

import (
	"fmt"
	"os"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/document"
	"frontdesk/model"
	"frontdesk/ui/components"
	"frontdesk/ui/keymap"
	"frontdesk/ui/theme"
)

// The list of documents of the compose form: the field of files is where
// a path is typed or browsed; each file given there is read and checked
// at once (in the background) and joins the list under the field.

// docReadMsg brings a document read for the list, or why it cannot be.
type docReadMsg struct {
	owner *Compose
	doc   model.Document
	err   error
}

// onList reports whether the list has the keys: the documents field has
// the focus and its path field is not open.
func (c *Compose) onList() bool {
	return c.Form != nil && c.Form.Focused() == fieldDocuments && !c.Form.Browsing()
}

// add reads the file at path for the list.
func (c *Compose) add(path string) tea.Cmd {
	c.reading++
	c.docErr = ""
	owner, folder := c, c.env.Files
	return func() tea.Msg {
		d, err := document.ReadFrom(folder, path)
		return docReadMsg{owner, d, err}
	}
}

// typedMsg says what the path typed in the documents field is, looked at
// in the background for enter.
type typedMsg struct {
	owner *Compose
	seq   int
	path  string
	// browse is that the path is a folder, or the start of a name: the
	// form's path field opens on it.
	browse bool
}

// lookAt looks at the path typed before enter acts on it: a file is
// added; a folder, or the start of a name, opens the path field. Keys wait
// meanwhile (Busy), so that what comes after enter follows it.
func (c *Compose) lookAt(path string) tea.Cmd {
	c.lookSeq++
	c.looking = true
	owner, seq, folder := c, c.lookSeq, c.env.Files
	return func() tea.Msg {
		fi, err := folder.Stat(path)
		return typedMsg{owner, seq, path, (err == nil && fi.IsDir()) || os.IsNotExist(err)}
	}
}

// typedFound acts on the path looked at, unless it was typed past.
func (c *Compose) typedFound(msg typedMsg) tea.Cmd {
	if msg.seq != c.lookSeq {
		return nil
	}
	c.looking = false
	if c.Form.Path(fieldDocuments) != msg.path || !c.onList() {
		return nil
	}
	if msg.browse {
		_, cmd := c.Key(tea.KeyMsg{Type: tea.KeyEnter})
		return cmd
	}
	c.Form.SetValue(fieldDocuments, "")
	return c.add(msg.path)
}

// added puts a document read in the list, or says why it cannot be.
func (c *Compose) added(msg docReadMsg) {
	c.reading--
	switch {
	case msg.err != nil:
		c.docErr = msg.err.Error()
	default:
		for _, d := range c.docs {
			if d.SHA256 == msg.doc.SHA256 {
				c.docErr = fmt.Sprintf("%q is attached already, as %s", msg.doc.Name, d.Name)
			}
		}
		if c.docErr == "" {
			c.docs = append(c.docs, msg.doc)
			c.sel = len(c.docs) - 1
		}
	}
	c.Form.SetValue(fieldDocuments, c.Form.Value(fieldDocuments)) // checked again
}

// listKey handles the keys of the list: enter adds the path typed, ↑/↓
// choose a document (past the ends, the focus moves on), ctrl+x removes
// the one chosen and ctrl+o previews it. done is false for a key the form
// should have.
func (c *Compose) listKey(msg tea.KeyMsg) (done bool, cmd tea.Cmd) {
	if !c.onList() {
		return false, nil
	}
	typed := c.Form.Path(fieldDocuments)
	switch {
	case msg.Type == tea.KeyEnter && typed != "":
		return true, c.lookAt(typed)
	case msg.Type == tea.KeyDown && c.sel < len(c.docs)-1:
		c.sel++
		return true, nil
	case msg.Type == tea.KeyUp && c.sel > 0 && c.sel < len(c.docs):
		c.sel--
		return true, nil
	case key.Matches(msg, c.remove) && (msg.Type != tea.KeyDelete || typed == ""):
		if len(c.docs) == 0 {
			return true, nil
		}
		c.docs = append(c.docs[:c.sel], c.docs[c.sel+1:]...)
		c.sel = max(0, min(c.sel, len(c.docs)-1))
		c.docErr = ""
		c.Form.SetValue(fieldDocuments, c.Form.Value(fieldDocuments))
		return true, nil
	case key.Matches(msg, c.show):
		if len(c.docs) == 0 {
			return true, nil
		}
		d := c.docs[c.sel]
		if d.Kind != model.DocText {
			c.docErr = fmt.Sprintf("%s is a %s: only a text document is previewed here", d.Name, strings.ToUpper(string(d.Kind)))
			return true, nil
		}
		c.preview = &preview{doc: d, lines: strings.Split(strings.TrimRight(string(d.Data), "\n"), "\n")}
		return true, nil
	}
	return false, nil
}

// docLines draws the list under the documents field.
func (c *Compose) docLines(width int, focused bool) []string {
	st := c.env.Styles
	var lines []string
	pages := 0
	for i, d := range c.docs {
		pages += d.Pages
		line := "  " + docLine(d, width-2, 20)
		if focused && i == c.sel {
			// The marker keeps the choice visible without colours.
			line = st.SelectedRow.Render("> " + docLine(d, width-2, 20))
		}
		lines = append(lines, line)
	}
	note := func(s string) { lines = append(lines, st.Dim.Render(components.Truncate("  "+s, width))) }
	switch {
	case c.reading > 0:
		note("Reading…")
	case len(c.docs) == 0:
		note("No document yet.")
	case len(c.docs) > 1:
		note(fmt.Sprintf("%d documents, %d pages, and the cover page", len(c.docs), pages))
	}
	if c.docErr != "" {
		wrapped := lipgloss.NewStyle().Width(max(10, width-2)).Render("× " + model.Printable(c.docErr))
		for _, l := range strings.Split(wrapped, "\n") {
			lines = append(lines, "  "+st.Error.Render(strings.TrimRight(l, " ")))
		}
	}
	return lines
}

// preview shows a text document over the form, as it will be sent.
type preview struct {
	doc    model.Document
	lines  []string
	offset int
}

// key scrolls, or closes (true) on esc.
func (p *preview) key(msg tea.KeyMsg, k keymap.KeyMap) (closed bool) {
	switch {
	case key.Matches(msg, k.Back), msg.String() == "q":
		return true
	case key.Matches(msg, k.Down):
		p.offset = min(p.offset+1, max(0, len(p.lines)-1))
	case key.Matches(msg, k.Up):
		p.offset = max(0, p.offset-1)
	case key.Matches(msg, k.PageDown):
		p.offset = min(p.offset+10, max(0, len(p.lines)-1))
	case key.Matches(msg, k.PageUp):
		p.offset = max(0, p.offset-10)
	}
	return false
}

func (p *preview) help(k keymap.KeyMap) []key.Binding {
	return []key.Binding{k.Down, k.Up, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close"))}
}

func (p *preview) view(st *theme.Styles, w, h int) string {
	bw := max(20, min(76, w-2))
	rows := max(1, min(16, h-4)-2)
	title := fmt.Sprintf("%s · %d lines · esc closes", p.doc.Name, len(p.lines))
	out := []string{st.BoxTitle.Render(components.Truncate(model.Printable(title), bw-4))}
	for i := p.offset; i < len(p.lines) && i < p.offset+rows; i++ {
		out = append(out, components.Truncate(model.Printable(strings.TrimRight(p.lines[i], "\r")), bw-4))
	}
	for len(out) < rows+1 {
		out = append(out, "")
	}
	return st.Box.Width(bw - 2).Render(strings.Join(out, "\n"))
}

// Busy holds the keys while a document is read as well: a key typed
// after adding one (ctrl+s, a removal) acts on the list with it.
func (c *Compose) Busy() bool { return c.FormHost.Busy() || c.reading > 0 || c.looking }
