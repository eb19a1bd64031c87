// Package importwiz is the import wizard of the Contacts screen: pick the
// file, preview it, map its columns, check the plan, import with a
// progress bar, and read the summary. Each step is a screen on the stack,
// so esc steps back with every choice kept.
package importwiz

import (
	"github.com/charmbracelet/bubbles/key"

	"frontdesk/importer"
	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// wizard is what the steps of one import share.
type wizard struct {
	env       *screen.Env
	kind      string // "contacts" or "patients"
	path      string
	opts      importer.Options
	preview   *importer.Preview
	mapping   []string
	plan      planned
	batch     store.ImportBatch
	dups      bool            // import duplicates too (contacts)
	dateOrder model.DateOrder // how to read 03/04/1984 (patients)
}

// unit is what a row of the file is: a row, or a vCard file's card.
func (w *wizard) unit() string {
	if w.preview != nil && w.preview.IsVCard() {
		return "card"
	}
	return "row"
}

// shownPath is the file's path as the user reads it.
func (w *wizard) shownPath() string { return w.shownRel(w.path) }

// shownRel is a path as the user reads it: relative to the working folder
// when there is one.
func (w *wizard) shownRel(p string) string { return components.RelTo(w.env.WorkDir, p) }

// New returns the first step of the wizard of kind ("contacts" or
// "patients"): picking the file.
func New(env *screen.Env, kind string) screen.Screen {
	return newFileStep(&wizard{env: env, kind: kind, dateOrder: model.RegionDateOrder(env.Region())})
}

// stepTitle names a step in the breadcrumb: "Import 2/5: preview".
func stepTitle(n int, what string) string {
	return "Import " + string(rune('0'+n)) + "/5 " + what
}

func bind(keys, help, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys), key.WithHelp(help, desc))
}

// noActions is for steps whose keys the help bar already lists.
func noActions() []screen.Action { return nil }

// Unsaved reports choices made that leaving would lose: a tab switch asks
// first. Each step but the first and the last has them.
func (p *previewStep) Unsaved() bool { return true }

// Unsaved: see previewStep.
func (m *mapStep) Unsaved() bool { return true }

// Unsaved: see previewStep.
func (c *checkStep) Unsaved() bool { return true }
