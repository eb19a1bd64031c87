package faxes

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"frontdesk/document"
	"frontdesk/model"
	"frontdesk/ui/components"
)

// docColumns are the cells a document's line takes after its name.
const docColumns = 2 + 4 + 2 + 8 + 2 + 9 + 2 + 12

// docLine is one document as a fax page and the compose form list it, in
// width cells: its name, kind, pages, size and the start of its SHA-256,
// which names it in the document store.
func docLine(d model.Document, width int) string {
	kind := strings.ToUpper(string(d.Kind))
	if d.Kind == model.DocText {
		kind = "text"
	}
	pages := fmt.Sprintf("%d pages", d.Pages)
	if d.Pages == 1 {
		pages = "1 page"
	}
	sum := d.SHA256
	if len(sum) > 12 {
		sum = sum[:12]
	}
	rest := fmt.Sprintf("  %-4s  %8s  %9s  %s", kind, pages, document.Size(d.Size), sum)
	// The columns after the name have one width whatever they say, so
	// that the lines of a list align.
	name := max(width-docColumns, 8)
	return components.Cell(d.Name, name, nil, lipgloss.NewStyle(), lipgloss.NewStyle()) + rest
}
