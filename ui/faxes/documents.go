package faxes

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"frontdesk/document"
	"frontdesk/model"
	"frontdesk/ui/components"
)

// docLine is one document as a fax page and the compose form list it, in
// width cells: its name, kind, pages, size and the start of its SHA-256,
// which names it in the document store. Where the name would have fewer
// than minName cells, the SHA-256 goes, then the size.
func docLine(d model.Document, width, minName int) string {
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
	// The columns after the name have one width whatever they say, so
	// that the lines of a list align.
	cols := []string{fmt.Sprintf("%-4s", kind), fmt.Sprintf("%8s", pages), fmt.Sprintf("%9s", document.Size(d.Size)), fmt.Sprintf("%-12s", sum)}
	rest := func() int {
		n := 0
		for _, c := range cols {
			n += 2 + len(c)
		}
		return n
	}
	for len(cols) > 2 && width-rest() < minName {
		cols = cols[:len(cols)-1]
	}
	name := max(width-rest(), 8)
	return components.Cell(d.Name, name, nil, lipgloss.NewStyle(), lipgloss.NewStyle()) + "  " + strings.Join(cols, "  ")
}
