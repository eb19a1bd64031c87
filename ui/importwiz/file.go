package importwiz

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/importer"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// fileStep picks the file: a path field with tab completion over a
// browsable list of the folder's entries.
type fileStep struct {
	w       *wizard
	files   *components.Files
	loading bool

	width, height int
}

type sniffedMsg struct {
	owner *fileStep
	path  string
	pv    *importer.Preview
	err   error
}

func newFileStep(w *wizard) *fileStep {
	f := &fileStep{w: w, files: components.NewFilesIn(w.env.Styles, "File: ", w.env.Files, w.env.WorkDir, "")}
	return f
}

func (f *fileStep) Init() tea.Cmd { return f.files.Init() }
func (f *fileStep) Title() string { return stepTitle(1, "file") }
func (f *fileStep) Capturing() bool {
	return true
}
func (f *fileStep) Busy() bool               { return f.loading }
func (f *fileStep) Actions() []screen.Action { return noActions() }
func (f *fileStep) SetSize(w, h int) {
	f.width, f.height = w, h
	f.files.SetSize(w, max(1, h-2))
}
func (f *fileStep) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

func (f *fileStep) ShortHelp() []key.Binding {
	return []key.Binding{
		bind("tab", "tab", "complete"), bind("up", "↑/↓", "choose"), bind("enter", "enter", "open"), bind("esc", "esc", "cancel"),
	}
}

func (f *fileStep) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sniffedMsg:
		if msg.owner != f {
			return f, nil
		}
		f.loading = false
		if msg.err != nil {
			f.files.Err = msg.err.Error()
			return f, nil
		}
		if f.w.preview == nil || msg.path != f.w.path || !sameHeader(f.w.preview.Header, msg.pv.Header) {
			// Another file: the choices made for the last one do not apply.
			f.w.mapping, f.w.plan = nil, nil
		}
		f.w.path, f.w.preview = msg.path, msg.pv
		f.w.env.Nav.Push(newPreviewStep(f.w))
		return f, nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyEsc {
			f.w.env.Nav.Pop()
			return f, nil
		}
		return f, f.pathUpdate(msg)
	}
	return f, f.pathUpdate(msg) // a folder read, maybe
}

// pathUpdate passes a key or a folder read to the path field, and opens the
// file picked.
func (f *fileStep) pathUpdate(msg tea.Msg) tea.Cmd {
	picked, cmd := f.files.Update(msg)
	if picked != "" {
		return tea.Batch(cmd, f.open(picked))
	}
	return cmd
}

func (f *fileStep) open(path string) tea.Cmd {
	f.loading = true
	if path != f.w.path {
		f.w.opts = importer.Options{} // detect afresh for another file
	}
	f.w.opts.Files = f.w.env.Files // read where the file was picked
	owner, opts := f, f.w.opts
	return func() tea.Msg {
		pv, err := importer.Sniff(path, opts, previewRows)
		return sniffedMsg{owner, path, pv, err}
	}
}

func (f *fileStep) View() string {
	st := f.w.env.Styles
	lines := []string{st.BoxTitle.Render(f.title()), "", f.files.View()}
	return components.PlaceLines(strings.Join(lines, "\n"), f.height)
}

// title says which files the wizard reads.
func (f *fileStep) title() string {
	if f.w.kind == "contacts" {
		return "Import contacts from a spreadsheet (CSV) or vCards (.vcf)"
	}
	return "Import " + f.w.kind + " from a spreadsheet (CSV)"
}
