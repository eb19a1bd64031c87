package importwiz

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/importer"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// fileStep picks the file: a path field with tab completion over a
// browsable list of the folder's entries.
type fileStep struct {
	w       *wizard
	input   textinput.Model
	dir     string  // the folder listed
	entries []entry // its entries matching what is typed
	cursor  int
	err     string
	loading bool

	width, height int
}

type entry struct {
	name string
	dir  bool
}

type sniffedMsg struct {
	owner *fileStep
	path  string
	pv    *importer.Preview
	err   error
}

func newFileStep(w *wizard) *fileStep {
	in := textinput.New()
	in.Prompt = "File: "
	in.Placeholder = "path of a .csv file"
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = w.env.Styles.Renderer.NewStyle().Reverse(true)
	in.PlaceholderStyle = w.env.Styles.Dim
	if w.env.WorkDir == "" {
		if wd, err := os.Getwd(); err == nil {
			in.SetValue(wd + string(os.PathSeparator))
		}
	}
	in.CursorEnd()
	in.Focus()
	f := &fileStep{w: w, input: in}
	f.refresh()
	return f
}

// split returns the folder and the name being typed.
func split(input string) (dir, prefix string) {
	input = expandHome(input)
	if input == "" {
		return ".", ""
	}
	if strings.HasSuffix(input, string(os.PathSeparator)) {
		return input, ""
	}
	return filepath.Dir(input), filepath.Base(input)
}

// abs reads a path against the wizard's working folder.
func (f *fileStep) abs(p string) string {
	p = expandHome(p)
	if filepath.IsAbs(p) || f.w.env.WorkDir == "" {
		return p
	}
	return filepath.Join(f.w.env.WorkDir, p)
}

func (f *fileStep) shown(p string) string { return f.w.shownRel(p) }

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~"+string(os.PathSeparator)) {
		if home, err := os.UserHomeDir(); err == nil {
			return home + p[1:]
		}
	}
	return p
}

// listDir lists the folders, then the files, of dir whose names start with
// prefix (ignoring case); hidden ones only when prefix starts with a dot.
func listDir(dir, prefix string) ([]entry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []entry
	lp := strings.ToLower(prefix)
	for _, de := range des {
		n := de.Name()
		if strings.HasPrefix(n, ".") && !strings.HasPrefix(prefix, ".") {
			continue
		}
		if !strings.HasPrefix(strings.ToLower(n), lp) {
			continue
		}
		isDir := de.IsDir()
		if de.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(dir, n)); err == nil {
				isDir = fi.IsDir()
			}
		}
		out = append(out, entry{n, isDir})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].dir != out[j].dir {
			return out[i].dir
		}
		return strings.ToLower(out[i].name) < strings.ToLower(out[j].name)
	})
	return out, nil
}

// complete returns the longest common start of the entries' names.
func complete(es []entry) string {
	if len(es) == 0 {
		return ""
	}
	c := es[0].name
	for _, e := range es[1:] {
		for !strings.HasPrefix(strings.ToLower(e.name), strings.ToLower(c)) {
			_, size := utf8.DecodeLastRuneInString(c)
			c = c[:len(c)-size]
		}
	}
	return c
}

func (f *fileStep) refresh() {
	dir, prefix := split(f.input.Value())
	dir = f.abs(dir)
	es, err := listDir(dir, prefix)
	f.dir, f.entries, f.cursor = dir, es, 0
	f.err = ""
	if err != nil {
		f.err = fmt.Sprintf("cannot list %s", f.shown(dir))
	}
}

func (f *fileStep) Init() tea.Cmd { return nil }
func (f *fileStep) Title() string { return stepTitle(1, "file") }
func (f *fileStep) Capturing() bool {
	return true
}
func (f *fileStep) Busy() bool                { return f.loading }
func (f *fileStep) Actions() []screen.Action  { return noActions() }
func (f *fileStep) SetSize(w, h int)          { f.width, f.height = w, h; f.input.Width = max(10, w-8) }
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
			f.err = msg.err.Error()
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
		return f, f.key(msg)
	}
	return f, nil
}

func (f *fileStep) key(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		f.w.env.Nav.Pop()
		return nil
	case tea.KeyUp:
		f.cursor = max(0, f.cursor-1)
		return nil
	case tea.KeyDown:
		f.cursor = min(len(f.entries)-1, f.cursor+1)
		return nil
	case tea.KeyTab:
		f.tab()
		return nil
	case tea.KeyEnter:
		return f.enter()
	}
	before := f.input.Value()
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	if f.input.Value() != before {
		f.refresh()
	}
	return cmd
}

// tab completes the name typed as far as the entries agree; when they
// agree no further, it moves to the next entry.
func (f *fileStep) tab() {
	if len(f.entries) == 0 {
		return
	}
	_, prefix := split(f.input.Value())
	c := complete(f.entries)
	if len(f.entries) == 1 {
		f.choose(f.entries[0])
		return
	}
	if len(c) > len(prefix) {
		f.setPath(f.shown(filepath.Join(f.dir, c)))
		return
	}
	f.cursor = (f.cursor + 1) % len(f.entries)
}

func (f *fileStep) setPath(p string) {
	f.input.SetValue(p)
	f.input.CursorEnd()
	f.refresh()
}

// choose opens a folder, or puts a file's path in the field.
func (f *fileStep) choose(e entry) {
	p := f.shown(filepath.Join(f.dir, e.name))
	if e.dir {
		p += string(os.PathSeparator)
	}
	f.setPath(p)
}

func (f *fileStep) enter() tea.Cmd {
	path := f.abs(strings.TrimSpace(f.input.Value()))
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		return f.open(path)
	}
	if len(f.entries) == 0 {
		f.err = "no such file or folder"
		return nil
	}
	e := f.entries[f.cursor]
	f.choose(e)
	if e.dir {
		return nil
	}
	return f.open(filepath.Join(f.dir, e.name))
}

func (f *fileStep) open(path string) tea.Cmd {
	f.loading = true
	if path != f.w.path {
		f.w.opts = importer.Options{} // detect afresh for another file
	}
	owner, opts := f, f.w.opts
	return func() tea.Msg {
		pv, err := importer.Sniff(path, opts, previewRows)
		return sniffedMsg{owner, path, pv, err}
	}
}

func (f *fileStep) View() string {
	st := f.w.env.Styles
	lines := []string{st.BoxTitle.Render("Import " + f.w.kind + " from a spreadsheet (CSV)"), "", f.input.View()}
	if f.err != "" {
		lines = append(lines, st.Error.Render(components.Truncate(f.err, f.width)))
	} else {
		lines = append(lines, st.Dim.Render(components.Truncate("in "+f.shown(f.dir), f.width)))
	}
	lines = append(lines, "")
	rows := max(1, f.height-len(lines))
	start := 0
	if f.cursor >= rows {
		start = f.cursor - rows + 1
	}
	for i := start; i < len(f.entries) && i < start+rows; i++ {
		e := f.entries[i]
		name := e.name
		if e.dir {
			name += string(os.PathSeparator)
		}
		style := st.Row
		if i == f.cursor {
			style = st.SelectedRow
		}
		lines = append(lines, components.Cell(" "+name, f.width, nil, style, style))
	}
	if len(f.entries) == 0 && f.err == "" {
		lines = append(lines, st.Dim.Render("nothing here starts with what is typed"))
	}
	return components.PlaceLines(strings.Join(lines, "\n"), f.height)
}
