package components

import (
	"errors"
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
	"github.com/charmbracelet/lipgloss"

	"frontdesk/files"
	"frontdesk/ui/theme"
)

// Files is a path field with tab completion over a browsable list of the
// folder's entries: what a user types narrows the list, tab completes as
// far as the names agree (then moves along them), up and down choose,
// enter opens a folder or picks a file. Folders are read in the
// background: the keys that act on the entries (tab, enter, up, down) wait
// for the listing of what is typed, and those typed after them wait too.
type Files struct {
	input   textinput.Model
	dir     string      // the folder listed
	entries []fileEntry // its entries starting with what is typed
	cursor  int
	// Err is why the folder cannot be listed, or what a caller refused.
	Err     string
	workDir string
	folder  *files.Folder // nil: the local disk
	styles  *theme.Styles

	seq    int          // the listing asked for last
	listed int          // the listing shown
	held   []tea.KeyMsg // keys waiting for the listing, in order
	// onFile is that the value the field opened with named a file: the
	// field opened on its folder instead.
	onFile bool

	width, height int
}

type fileEntry struct {
	name string
	dir  bool
}

// NewFiles returns the field, reading relative paths against workDir (the
// process's folder when empty) and starting with value (the working
// folder when empty).
func NewFiles(styles *theme.Styles, prompt, workDir, value string) *Files {
	return NewFilesIn(styles, prompt, nil, workDir, value)
}

// NewFilesIn is NewFiles over folder: when it is a user's own folder, the
// field lists that folder and below only, and reads what is typed in it
// (workDir is then unused).
func NewFilesIn(styles *theme.Styles, prompt string, folder *files.Folder, workDir, value string) *Files {
	if folder.Rooted() {
		workDir = ""
	}
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = "a file's path"
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = styles.Renderer.NewStyle().Reverse(true)
	in.PlaceholderStyle = styles.Dim
	if value == "" && workDir == "" && !folder.Rooted() {
		if wd, err := os.Getwd(); err == nil {
			value = wd + string(os.PathSeparator)
		}
	}
	in.SetValue(value)
	in.CursorEnd()
	in.Focus()
	f := &Files{input: in, workDir: workDir, folder: folder, styles: styles}
	dir, _ := splitPath(value, !folder.Rooted())
	f.dir = f.Abs(dir)
	return f
}

// Init reads the folder of the value the field opened with.
func (f *Files) Init() tea.Cmd { return f.refresh() }

// filesListedMsg is a folder's entries read in the background, for the
// listing seq of owner; a listing asked for since makes it stale.
type filesListedMsg struct {
	owner   *Files
	seq     int
	dir     string
	entries []fileEntry
	err     error
}

// Listing reports that the entries shown are not yet those of what is
// typed.
func (f *Files) Listing() bool { return f.listed != f.seq }

// OpenedOnFile reports that the value the field opened with named a file,
// and the field its folder instead.
func (f *Files) OpenedOnFile() bool { return f.onFile }

// SetSize sets the space the field and its list may use.
func (f *Files) SetSize(w, h int) {
	f.width, f.height = w, h
	f.input.Width = max(10, w-lipgloss.Width(f.input.Prompt)-2)
}

// Value is the path as typed.
func (f *Files) Value() string { return f.input.Value() }

// Dir is the folder listed.
func (f *Files) Dir() string { return f.dir }

// Abs reads a path against the working folder. In a user's folder a path
// stays as typed: the folder reads it, and refuses what leads out.
func (f *Files) Abs(p string) string {
	if f.folder.Rooted() {
		return p
	}
	p = ExpandHome(p)
	if filepath.IsAbs(p) || f.workDir == "" {
		return p
	}
	return filepath.Join(f.workDir, p)
}

// Shown writes a path relative to the working folder when it is under it.
func (f *Files) Shown(p string) string {
	if f.folder.Rooted() {
		return f.folder.Shown(p)
	}
	return RelTo(f.workDir, p)
}

// RelTo writes p relative to dir when dir is set and p is under it.
func RelTo(dir, p string) string {
	if dir != "" {
		if r, err := filepath.Rel(dir, p); err == nil && !strings.HasPrefix(r, "..") {
			return r
		}
	}
	return p
}

// ExpandHome reads a leading ~ as the user's home folder.
func ExpandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~"+string(os.PathSeparator)) {
		if home, err := os.UserHomeDir(); err == nil {
			return home + p[1:]
		}
	}
	return p
}

// splitPath returns the folder and the name being typed; home expands
// the leading ~ (on the local disk only: in a user's folder ~ is the
// folder, not the server's home).
func splitPath(input string, home bool) (dir, prefix string) {
	if home {
		input = ExpandHome(input)
	}
	if input == "" {
		return ".", ""
	}
	if strings.HasSuffix(input, string(os.PathSeparator)) {
		return input, ""
	}
	return filepath.Dir(input), filepath.Base(input)
}

// listDir lists the folders, then the files, of dir whose names start with
// prefix (ignoring case); hidden ones only when prefix starts with a dot.
func listDir(folder *files.Folder, dir, prefix string) ([]fileEntry, error) {
	des, err := folder.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []fileEntry
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
			// A link out of a user's folder stays a file, refused when picked.
			if fi, err := folder.Stat(filepath.Join(dir, n)); err == nil {
				isDir = fi.IsDir()
			}
		}
		out = append(out, fileEntry{n, isDir})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].dir != out[j].dir {
			return out[i].dir
		}
		return strings.ToLower(out[i].name) < strings.ToLower(out[j].name)
	})
	return out, nil
}

// commonStart returns the longest common start of the entries' names.
func commonStart(es []fileEntry) string {
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

// refresh asks for the entries of what is typed, read in the background.
func (f *Files) refresh() tea.Cmd {
	dir, prefix := splitPath(f.input.Value(), !f.folder.Rooted())
	dir = f.Abs(dir)
	f.seq++
	owner, seq, folder := f, f.seq, f.folder
	return func() tea.Msg {
		es, err := listDir(folder, dir, prefix)
		return filesListedMsg{owner, seq, dir, es, err}
	}
}

// showListing shows the entries read, then replays the keys that waited
// for them.
func (f *Files) showListing(msg filesListedMsg) (picked string, cmd tea.Cmd) {
	first := f.listed == 0
	f.listed = msg.seq
	f.dir, f.entries, f.cursor = msg.dir, msg.entries, 0
	f.Err = ""
	switch {
	case errors.Is(msg.err, files.ErrOutside):
		f.Err = files.ErrOutside.Error()
	case msg.err != nil:
		f.Err = fmt.Sprintf("cannot list %s", f.Shown(msg.dir))
	}
	if first && f.namesFile() {
		// Opened on a file already chosen: show its folder, to choose
		// another beside it.
		f.onFile = true
		return "", f.setPath(f.Shown(msg.dir) + string(os.PathSeparator))
	}
	var cmds []tea.Cmd
	for len(f.held) > 0 && !f.Listing() {
		k := f.held[0]
		f.held = f.held[1:]
		p, cmd := f.key(k)
		cmds = append(cmds, cmd)
		if p != "" {
			f.held = nil
			return p, tea.Batch(cmds...)
		}
	}
	return "", tea.Batch(cmds...)
}

// namesFile reports whether what is typed is the path of a file listed.
func (f *Files) namesFile() bool {
	_, prefix := splitPath(strings.TrimSpace(f.input.Value()), !f.folder.Rooted())
	for _, e := range f.entries {
		if prefix != "" && e.name == prefix && !e.dir {
			return true
		}
	}
	return false
}

// where says which folder is listed.
func (f *Files) where() string {
	if !f.folder.Rooted() {
		return "in " + f.Shown(f.dir)
	}
	if n, err := f.folder.Name(f.dir); err == nil && n != "." {
		return "in your frontdesk folder: " + n
	}
	return "in your frontdesk folder (scp FILE clinic-server: puts files here)"
}

// FilesHelp is the help bar's content while a path field has the keys.
func FilesHelp() []key.Binding {
	b := func(k, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(k), key.WithHelp(help, desc))
	}
	return []key.Binding{b("tab", "tab", "complete"), b("up", "↑/↓", "choose"), b("enter", "enter", "open or pick"), b("esc", "esc", "close")}
}

// Update handles a key or a folder read, and returns the absolute path of
// the file picked by enter ("" while none is).
func (f *Files) Update(msg tea.Msg) (picked string, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case filesListedMsg:
		if msg.owner != f || msg.seq != f.seq {
			return "", nil // a folder typed past already
		}
		return f.showListing(msg)
	case tea.KeyMsg:
		if len(f.held) > 0 || (f.Listing() && onEntries(msg)) {
			f.held = append(f.held, msg)
			return "", nil
		}
		return f.key(msg)
	}
	return "", nil
}

// onEntries reports whether what k does depends on the entries listed.
func onEntries(k tea.KeyMsg) bool {
	switch k.Type {
	case tea.KeyUp, tea.KeyDown, tea.KeyTab, tea.KeyEnter:
		return true
	}
	return false
}

func (f *Files) key(msg tea.KeyMsg) (picked string, cmd tea.Cmd) {
	switch msg.Type {
	case tea.KeyUp:
		f.cursor = max(0, f.cursor-1)
		return "", nil
	case tea.KeyDown:
		f.cursor = max(0, min(len(f.entries)-1, f.cursor+1))
		return "", nil
	case tea.KeyTab:
		return "", f.tab()
	case tea.KeyEnter:
		return f.enter()
	}
	before := f.input.Value()
	f.input, cmd = f.input.Update(msg)
	if v := f.input.Value(); v != before {
		// Only as the path is typed: an edit inside it is left as it is.
		if r := restartPath(v); r != v && f.input.Position() == len([]rune(v)) {
			cmd = tea.Batch(cmd, f.setPath(r))
		} else {
			cmd = tea.Batch(cmd, f.refresh())
		}
	}
	return "", cmd
}

// restartPath reads a path typed after another as a new start, as file
// dialogs do: "/clinic/exports//tmp/list.csv" is "/tmp/list.csv", and
// "/clinic/exports/~/list.csv" is "~/list.csv" (the field starts with the
// working folder, and a user types a whole path after it).
func restartPath(p string) string {
	sep := string(os.PathSeparator)
	if i := strings.LastIndex(p, sep+sep); i >= 0 {
		p = p[i+1:]
	}
	if i := strings.LastIndex(p, sep+"~"+sep); i >= 0 {
		p = p[i+1:]
	} else if strings.HasSuffix(p, sep+"~") {
		p = "~"
	}
	return p
}

// tab completes the name typed as far as the entries agree; when they
// agree no further, it moves to the next entry.
func (f *Files) tab() tea.Cmd {
	if len(f.entries) == 0 {
		return nil
	}
	_, prefix := splitPath(f.input.Value(), !f.folder.Rooted())
	if len(f.entries) == 1 {
		return f.choose(f.entries[0])
	}
	if c := commonStart(f.entries); len(c) > len(prefix) {
		return f.setPath(f.Shown(filepath.Join(f.dir, c)))
	}
	f.cursor = (f.cursor + 1) % len(f.entries)
	return nil
}

func (f *Files) setPath(p string) tea.Cmd {
	f.input.SetValue(p)
	f.input.CursorEnd()
	return f.refresh()
}

// choose opens a folder, or puts a file's path in the field.
func (f *Files) choose(e fileEntry) tea.Cmd {
	p := f.Shown(filepath.Join(f.dir, e.name))
	if e.dir {
		p += string(os.PathSeparator)
	}
	return f.setPath(p)
}

// inside is path, or "" with the reason when, over SSH, it leads out of
// the user's folder (a link listed in it may point anywhere). Locally
// it is path.
func (f *Files) inside(path string) string {
	if !f.folder.Rooted() {
		return path
	}
	if _, err := f.folder.Stat(path); errors.Is(err, files.ErrOutside) {
		f.Err = files.ErrOutside.Error()
		return ""
	}
	return path
}

// enter picks the file typed, else opens or picks the entry chosen.
func (f *Files) enter() (string, tea.Cmd) {
	if f.namesFile() {
		return f.inside(f.Abs(strings.TrimSpace(f.input.Value()))), nil
	}
	if len(f.entries) == 0 {
		if f.Err == "" { // else the listing said why: out of the folder
			f.Err = "no such file or folder"
		}
		return "", nil
	}
	e := f.entries[f.cursor]
	cmd := f.choose(e)
	if e.dir {
		return "", cmd
	}
	return f.inside(filepath.Join(f.dir, e.name)), cmd
}

// View draws the field, the folder (or the error) and the entries, in the
// space set.
func (f *Files) View() string {
	st := f.styles
	lines := []string{f.input.View()}
	if f.Err != "" {
		// Wrapped, not cut: the end of a refusal says what to do.
		wrapped := strings.Split(lipgloss.NewStyle().Width(max(10, f.width)).Render(f.Err), "\n")
		for _, l := range wrapped[:min(3, len(wrapped))] {
			lines = append(lines, st.Error.Render(Truncate(strings.TrimRight(l, " "), f.width)))
		}
	} else {
		lines = append(lines, st.Dim.Render(Truncate(f.where(), f.width)))
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
		lines = append(lines, MarkedLine(name, st.ListRow(i == f.cursor), f.width))
	}
	switch {
	case f.listed == 0:
		lines = append(lines, st.Dim.Render(Truncate("reading the folder…", f.width)))
	case len(f.entries) == 0 && f.Err == "":
		lines = append(lines, st.Dim.Render(Truncate("nothing here starts with what is typed", f.width)))
	}
	return PlaceLines(strings.Join(lines, "\n"), f.height)
}
