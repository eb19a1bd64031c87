package components

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/files"
	"frontdesk/ui/keymap"
	"frontdesk/ui/theme"
)

// FieldSpec describes one field of a Form.
type FieldSpec struct {
	Key   string
	Label string
	Value string
	// Hint explains the field while it has the focus.
	Hint      string
	CharLimit int
	// Choices makes the field a list chosen with a multi-picker (enter
	// opens it): its value is the chosen items, joined by ", ".
	Choices []string
	// Secret hides what is typed (a password).
	Secret bool
	// Files makes the field a list of file paths separated by "; ": enter
	// opens a path field with completion over the folders, and the file
	// picked there joins the list.
	Files bool
	// Options are the usual values of a text field: enter opens a fuzzy
	// picker of them, and the one chosen becomes the value (typing works
	// too).
	Options []string
	// Loading says the choices (or options) are still being read, until
	// SetChoices (or SetOptions) brings them: while the field has the
	// focus the form is Waiting, and the keys typed meanwhile wait too, so
	// that "enter, bomb, enter" typed ahead picks from the employers and
	// not from a list not there yet.
	Loading bool
	// Pick, on a field of files, is handed each file picked (its absolute
	// path) instead of the field listing it: the field is where a path is
	// typed or browsed, and its owner keeps the list.
	Pick func(path string) tea.Cmd
	// Below draws lines under the field, in width cells, whether it has
	// the focus or not (the list a field of files adds to).
	Below func(width int, focused bool) []string
	// Heading, when set, starts a section of the form: a blank line and
	// the heading, above the field.
	Heading string
}

// FormResult is what a key press did to a form.
type FormResult int

// What Form.Update reports.
const (
	FormEditing FormResult = iota
	FormSubmitted
	FormCancelled
)

// Form is a column of labelled text fields, checked as the user types: each
// problem is shown beside its field, and a form with problems is not
// submitted.
type Form struct {
	Title string
	// Notice is a line above the fields, such as a conflict with another
	// session; NoticeErr draws it as an error.
	Notice    string
	NoticeErr bool
	// Validate returns the problem of each field (by key) for the values.
	Validate func(values map[string]string) map[string]string
	// Holds reports work of the form's owner that no field shows (a list
	// kept beside a field): the form has changes to discard while it does.
	Holds func() bool

	fields   []formField
	initial  map[string]string
	problems map[string]string
	touched  map[string]bool // fields typed in: their problems show
	tried    bool            // a save was tried: every problem shows
	focus    int
	offset   int // first line shown
	width    int
	height   int
	discard  *Confirm // "discard your changes?", open after esc
	// refused is set while Notice says why ctrl+s saved nothing: it follows
	// the fields as they are fixed.
	refused bool
	picker  *Picker // open on a field with choices, or with options
	picking bool    // the picker chooses one of the field's options
	files   *Files  // open on a field of files
	// filesStart is the path the open field of files started with.
	filesStart string
	// WorkDir is what relative paths in a field of files are read against
	// (the process's folder when empty).
	WorkDir string
	// Folder is where a field of files reads: nil is the local disk, a
	// user's folder keeps them to it.
	Folder *files.Folder
	styles *theme.Styles
	keys   keymap.KeyMap
}

type formField struct {
	spec   FieldSpec
	input  textinput.Model
	chosen []int // the items chosen, for a field with choices
	hidden bool  // not shown, focused nor checked (SetHidden)
}

const labelWidth = 21

// NewForm builds a form; the first field has the focus.
func NewForm(styles *theme.Styles, keys keymap.KeyMap, title string, specs []FieldSpec) *Form {
	f := &Form{Title: title, styles: styles, keys: keys, initial: map[string]string{}, touched: map[string]bool{}}
	for _, s := range specs {
		in := textinput.New()
		in.Prompt = ""
		in.SetValue(s.Value)
		in.CharLimit = s.CharLimit
		if s.Secret {
			in.EchoMode, in.EchoCharacter = textinput.EchoPassword, '*'
		}
		// A static cursor: blinking would repaint the screen twice a second
		// over a slow link for nothing.
		in.Cursor.SetMode(cursor.CursorStatic)
		in.Cursor.Style = styles.Renderer.NewStyle().Reverse(true)
		in.TextStyle = styles.Value
		in.PlaceholderStyle = styles.Dim
		f.fields = append(f.fields, formField{spec: s, input: in})
		f.initial[s.Key] = s.Value
	}
	f.setFocus(0)
	return f
}

// Values returns every field's value by key.
func (f *Form) Values() map[string]string {
	v := make(map[string]string, len(f.fields))
	for _, fl := range f.fields {
		v[fl.spec.Key] = fl.input.Value()
	}
	return v
}

// Value returns one field's value.
func (f *Form) Value(key string) string {
	for _, fl := range f.fields {
		if fl.spec.Key == key {
			return fl.input.Value()
		}
	}
	return ""
}

// Dirty reports whether any field differs from its starting value.
func (f *Form) Dirty() bool {
	if f.Holds != nil && f.Holds() {
		return true
	}
	for _, fl := range f.fields {
		if fl.input.Value() != f.initial[fl.spec.Key] {
			return true
		}
	}
	return false
}

// Changed reports whether the user changed a field from its starting value.
func (f *Form) Changed(key string) bool {
	return f.Value(key) != f.initial[key]
}

// Rebase gives an unchanged field a new starting value, shown at once: the
// value saved meanwhile by someone else. A field the user changed keeps
// the user's value.
func (f *Form) Rebase(key, v string) {
	for i := range f.fields {
		if fl := &f.fields[i]; fl.spec.Key == key && fl.input.Value() == f.initial[key] {
			fl.input.SetValue(v)
			f.initial[key] = v
		}
	}
}

// SetValue puts v in a field, as if typed.
func (f *Form) SetValue(key, v string) {
	for i := range f.fields {
		if fl := &f.fields[i]; fl.spec.Key == key {
			fl.input.SetValue(v)
			fl.input.CursorEnd()
			f.touched[key] = true
		}
	}
	f.check()
}

// Recheck validates the values again: what Validate reads besides them
// changed (a look at a path, done in the background).
func (f *Form) Recheck() { f.check() }

// SetHidden hides a field, or shows it again: a field that does not apply
// to what is typed elsewhere (a referral's reason, on a plain fax). A
// hidden field keeps its value and its problems do not count.
func (f *Form) SetHidden(key string, hidden bool) {
	for i := range f.fields {
		if f.fields[i].spec.Key == key {
			f.fields[i].hidden = hidden
		}
	}
	if f.fields[f.focus].hidden {
		f.move(1)
	}
}

// move gives the focus to the next field shown in direction dir (1 or
// -1), wrapping around.
func (f *Form) move(dir int) {
	n := len(f.fields)
	for i, step := f.focus, 0; step < n; step++ {
		i = (i + dir + n) % n
		if !f.fields[i].hidden {
			f.setFocus(i)
			return
		}
	}
}

// lastShown is the index of the last field shown.
func (f *Form) lastShown() int {
	for i := len(f.fields) - 1; i > 0; i-- {
		if !f.fields[i].hidden {
			return i
		}
	}
	return 0
}

// Problems returns the current problems by field key.
func (f *Form) Problems() map[string]string { return f.problems }

// SetProblems shows problems found elsewhere (by the store) and moves the
// focus to the first field that has one.
func (f *Form) SetProblems(p map[string]string) {
	f.problems, f.tried = p, true
	for i, fl := range f.fields {
		if p[fl.spec.Key] != "" {
			f.setFocus(i)
			return
		}
	}
}

// Focused returns the key of the field with the focus.
func (f *Form) Focused() string { return f.fields[f.focus].spec.Key }

// SetSize sets the space the form may use.
func (f *Form) SetSize(w, h int) {
	f.width, f.height = w, h
	for i := range f.fields {
		f.fields[i].input.Width = f.inputWidth() - 1
	}
	if f.picker != nil {
		f.picker.SetSize(min(60, w-2), min(16, h))
	}
	if f.files != nil {
		f.files.SetSize(min(70, w-2)-4, min(16, h)-3)
	}
}

// inputWidth leaves room on the right for a short problem when the
// terminal is wide enough; narrower, problems go under their field.
func (f *Form) inputWidth() int {
	if f.width >= 76 {
		return max(10, min(40, f.width-labelWidth-3-26))
	}
	return max(10, min(40, f.width-labelWidth-3))
}

func (f *Form) setFocus(i int) {
	f.fields[f.focus].input.Blur()
	f.focus = max(0, min(i, len(f.fields)-1))
	f.fields[f.focus].input.Focus()
}

func (f *Form) check() {
	if f.Validate != nil {
		f.problems = f.Validate(f.Values())
		for _, fl := range f.fields {
			if fl.hidden {
				delete(f.problems, fl.spec.Key)
			}
		}
	}
	if f.refused {
		f.Notice = f.refusal()
		f.refused = f.Notice != ""
	}
}

// refusal says why the form cannot be saved: its first problem, after the
// field's name, and how many more there are; "" when there is none.
func (f *Form) refusal() string {
	first, more := "", 0
	for _, fl := range f.fields {
		if p := f.problems[fl.spec.Key]; p != "" {
			if first == "" {
				first = fl.spec.Label + ": " + strings.TrimSuffix(p, ".")
			} else {
				more++
			}
		}
	}
	switch {
	case first == "":
		return ""
	case more == 1:
		return "Not saved: " + first + " (and 1 more field to fix)."
	case more > 1:
		return fmt.Sprintf("Not saved: %s (and %d more fields to fix).", first, more)
	}
	return "Not saved: " + first + "."
}

// changedLabels names the fields typed in since the form opened.
func (f *Form) changedLabels() string {
	var names []string
	for _, fl := range f.fields {
		if f.Changed(fl.spec.Key) {
			names = append(names, fl.spec.Label)
		}
	}
	if len(names) > 3 {
		return fmt.Sprintf("%s and %d more fields", strings.Join(names[:2], ", "), len(names)-2)
	}
	if len(names) > 1 {
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return strings.Join(names, "")
}

// Discarding returns the open "discard your changes?" question, or nil:
// its keys are the help bar's.
func (f *Form) Discarding() *Confirm { return f.discard }

// Update handles a key: moving between fields, typing, saving (ctrl+s, or
// enter on the last field) and cancelling (esc, which asks first when
// something was typed).
func (f *Form) Update(msg tea.Msg) (FormResult, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		if f.files != nil {
			return FormEditing, f.filesUpdate(msg) // a folder read
		}
		return FormEditing, nil
	}
	if f.discard != nil {
		if closed, _ := f.discard.Update(km); closed {
			f.discard = nil
			if key.Matches(km, f.keys.Yes) {
				return FormCancelled, nil
			}
		}
		return FormEditing, nil
	}
	if f.picker != nil && f.picking {
		chosen, closed, cmd := f.picker.Update(km)
		if closed {
			fl := &f.fields[f.focus]
			if chosen >= 0 {
				fl.input.SetValue(fl.spec.Options[chosen])
				fl.input.CursorEnd()
				f.touched[fl.spec.Key] = true
				f.check()
			}
			f.picker, f.picking = nil, false
		}
		return FormEditing, cmd
	}
	if f.picker != nil {
		_, closed, cmd := f.picker.Update(km)
		if closed {
			fl := &f.fields[f.focus]
			fl.chosen = fl.chosen[:0]
			for i := range fl.spec.Choices {
				if f.picker.Checked[i] {
					fl.chosen = append(fl.chosen, i)
				}
			}
			f.showChosen(fl)
			f.touched[fl.spec.Key] = true
			f.picker = nil
			f.check()
		}
		return FormEditing, cmd
	}
	if f.files != nil {
		return FormEditing, f.filesUpdate(km)
	}
	if fl := &f.fields[f.focus]; fl.spec.Choices != nil && (km.Type == tea.KeyEnter || km.Type == tea.KeySpace) {
		f.openPicker(fl)
		return FormEditing, nil
	}
	if fl := &f.fields[f.focus]; fl.spec.Files && km.Type == tea.KeyEnter {
		return FormEditing, f.openFiles(fl)
	}
	if fl := &f.fields[f.focus]; len(fl.spec.Options) > 0 && km.Type == tea.KeyEnter {
		items := make([]PickerItem, len(fl.spec.Options))
		for i, o := range fl.spec.Options {
			items[i] = PickerItem{Title: o}
		}
		f.picker, f.picking = NewPicker(f.styles, f.keys, fl.spec.Label+": enter chooses, esc keeps what is typed", items), true
		f.picker.SetSize(min(60, f.width-2), min(16, f.height))
		return FormEditing, nil
	}
	switch {
	case key.Matches(km, f.keys.Cancel):
		if f.Dirty() {
			f.discard = NewConfirm(f.styles, f.keys, "Discard your changes?", "discard", func() tea.Cmd { return nil },
				"What you typed in "+f.changedLabels()+" is lost.")
			return FormEditing, nil
		}
		return FormCancelled, nil
	case key.Matches(km, f.keys.Save):
		return f.submit(), nil
	case km.Type == tea.KeyEnter:
		if f.focus == f.lastShown() {
			return f.submit(), nil
		}
		f.move(1)
		return FormEditing, nil
	case key.Matches(km, f.keys.NextField):
		f.move(1)
		return FormEditing, nil
	case key.Matches(km, f.keys.PrevField):
		f.move(-1)
		return FormEditing, nil
	}
	if f.fields[f.focus].spec.Choices != nil {
		return FormEditing, nil // a list is changed with its picker only
	}
	var cmd tea.Cmd
	before := f.fields[f.focus].input.Value()
	f.fields[f.focus].input, cmd = f.fields[f.focus].input.Update(km)
	if f.fields[f.focus].input.Value() != before {
		f.touched[f.fields[f.focus].spec.Key] = true
		f.check()
	}
	return FormEditing, cmd
}

// SetOptions gives a field its usual values (read in the background).
func (f *Form) SetOptions(key string, options []string) {
	for i := range f.fields {
		if f.fields[i].spec.Key == key {
			f.fields[i].spec.Options = options
			f.fields[i].spec.Loading = false
		}
	}
}

// Waiting reports that the field with the focus waits for its choices
// (or options): what a key does there depends on them.
func (f *Form) Waiting() bool { return f.fields[f.focus].spec.Loading }

// Chosen returns the indexes of the items chosen in a field with choices:
// indexes, not names, which may hold commas or repeat.
func (f *Form) Chosen(key string) []int {
	for _, fl := range f.fields {
		if fl.spec.Key == key {
			return fl.chosen
		}
	}
	return nil
}

// SetChoices gives a field the items to choose from, and the indexes of
// those chosen; the field no longer waits for them. It changes nothing
// else once the user has chosen.
func (f *Form) SetChoices(key string, choices []string, chosen []int) {
	for i := range f.fields {
		fl := &f.fields[i]
		if fl.spec.Key != key {
			continue
		}
		fl.spec.Loading = false
		if !f.touched[key] && f.picker == nil {
			fl.spec.Choices, fl.chosen = choices, chosen
			f.showChosen(fl)
			f.initial[key] = fl.input.Value()
		}
	}
}

// showChosen writes the chosen items in the field.
func (f *Form) showChosen(fl *formField) {
	names := make([]string, len(fl.chosen))
	for i, c := range fl.chosen {
		names[i] = fl.spec.Choices[c]
	}
	fl.input.SetValue(strings.Join(names, "; "))
}

func (f *Form) openPicker(fl *formField) {
	items := make([]PickerItem, len(fl.spec.Choices))
	checked := map[int]bool{}
	for _, c := range fl.chosen {
		checked[c] = true
	}
	for i, c := range fl.spec.Choices {
		items[i] = PickerItem{Title: c}
	}
	f.picker = NewPicker(f.styles, f.keys, fl.spec.Label+": enter ticks, esc is done", items)
	f.picker.Checked = checked
	f.picker.SetSize(min(60, f.width-2), min(16, f.height))
}

// Browsing reports whether the path field of a field of files is open.
func (f *Form) Browsing() bool { return f.files != nil }

// Path is the path typed in a field, read against the form's working
// folder ("" when nothing is typed).
func (f *Form) Path(key string) string {
	if p := strings.TrimSpace(f.Value(key)); p != "" {
		return f.absPath(p)
	}
	return ""
}

// FilePaths splits a field of files into its paths, each read against
// the form's working folder.
func (f *Form) FilePaths(key string) []string {
	var out []string
	for _, p := range strings.Split(f.Value(key), ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, f.absPath(p))
		}
	}
	return out
}

func (f *Form) absPath(p string) string {
	if f.Folder.Rooted() {
		return p // the folder reads it, and refuses what leads out
	}
	p = ExpandHome(p)
	if filepath.IsAbs(p) || f.WorkDir == "" {
		return p
	}
	return filepath.Join(f.WorkDir, p)
}

// openFiles opens the path field over a field of files, starting with the
// last path typed: a start to complete, or a file, whose folder it opens.
func (f *Form) openFiles(fl *formField) tea.Cmd {
	f.filesStart = lastPath(fl.input.Value())
	f.files = NewFilesIn(f.styles, "Path: ", f.Folder, f.WorkDir, f.filesStart)
	f.files.SetSize(min(70, f.width-2)-4, min(16, f.height)-3)
	return f.files.Init()
}

func lastPath(v string) string {
	parts := strings.Split(v, ";")
	return strings.TrimSpace(parts[len(parts)-1])
}

// filesUpdate passes a key or a folder read to the open path field: esc
// closes it, a file picked joins the field's list (in place of a start
// typed there).
func (f *Form) filesUpdate(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyMsg); ok && km.Type == tea.KeyEsc {
		f.files = nil
		return nil
	}
	picked, cmd := f.files.Update(msg)
	if picked == "" {
		return cmd
	}
	onFile := f.files.OpenedOnFile()
	f.files = nil
	fl := &f.fields[f.focus]
	if fl.spec.Pick != nil {
		fl.input.SetValue("")
		return fl.spec.Pick(picked)
	}
	var kept []string
	for _, p := range strings.Split(fl.input.Value(), ";") {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	if n := len(kept); n > 0 && kept[n-1] == f.filesStart && !onFile {
		kept = kept[:n-1]
	}
	shown := RelTo(f.WorkDir, picked)
	if f.Folder.Rooted() {
		shown = f.Folder.Shown(picked)
	}
	for _, p := range kept {
		if f.absPath(p) == picked {
			shown = "" // already in the list
		}
	}
	if shown != "" {
		kept = append(kept, shown)
	}
	fl.input.SetValue(strings.Join(kept, "; "))
	fl.input.CursorEnd()
	f.touched[fl.spec.Key] = true
	f.check()
	return nil
}

func (f *Form) submit() FormResult {
	f.tried = true
	f.check()
	for i, fl := range f.fields {
		if f.problems[fl.spec.Key] != "" {
			f.setFocus(i)
			f.Notice, f.NoticeErr, f.refused = f.refusal(), true, true
			return FormEditing
		}
	}
	if f.refused {
		f.Notice, f.refused = "", false
	}
	return FormSubmitted
}

// View draws the form in its width and height, scrolled so that the focused
// field shows.
func (f *Form) View() string {
	st := f.styles
	var lines []string
	focusTop, focusBottom := 0, 0
	for i, fl := range f.fields {
		if fl.hidden {
			continue
		}
		focused := i == f.focus
		label, marker := st.Label, "  "
		if focused {
			label, marker = st.FocusedLabel, "> "
		}
		if focused {
			focusTop = len(lines)
		}
		if fl.spec.Heading != "" {
			lines = append(lines, "", st.BoxTitle.Render(Truncate(fl.spec.Heading, f.width)))
		}
		row := marker + label.Render(Cell(fl.spec.Label, labelWidth-2, nil, lipgloss.NewStyle(), lipgloss.NewStyle())) + " " +
			fieldBox(st, fl.input.View(), f.inputWidth(), focused)
		problem := ""
		if f.tried || f.touched[fl.spec.Key] {
			problem = f.problems[fl.spec.Key]
		}
		errRight := lipgloss.Width(row)+3+lipgloss.Width(problem) <= f.width
		if problem != "" && errRight {
			row += " " + st.Error.Render("× "+problem)
		}
		lines = append(lines, row)
		// Under the field, problems and hints wrap rather than lose their end.
		under := func(text string, style lipgloss.Style) {
			wrapped := lipgloss.NewStyle().Width(max(10, f.width-labelWidth-1)).Render(text)
			for _, l := range strings.Split(wrapped, "\n") {
				lines = append(lines, strings.Repeat(" ", labelWidth+1)+style.Render(strings.TrimRight(l, " ")))
			}
		}
		if problem != "" && !errRight {
			under("× "+problem, st.Error)
		}
		if fl.spec.Below != nil {
			for _, l := range fl.spec.Below(max(10, f.width-labelWidth-1), focused) {
				lines = append(lines, strings.Repeat(" ", labelWidth+1)+l)
			}
		}
		if focused && fl.spec.Hint != "" {
			under(fl.spec.Hint, st.Hint)
		}
		if focused {
			focusBottom = len(lines)
		}
	}
	head := []string{st.BoxTitle.Render(Truncate(f.Title, f.width))}
	if f.Notice != "" {
		ns := st.Hint
		if f.NoticeErr {
			ns = st.Error
		}
		for _, l := range strings.Split(lipgloss.NewStyle().Width(f.width).Render(f.Notice), "\n") {
			head = append(head, ns.Render(l))
		}
	}
	head = append(head, "")
	// The keys are on the help bar, from the keymap: no line of their own.
	avail := max(1, f.height-len(head))
	if focusTop < f.offset {
		f.offset = focusTop
	}
	if focusBottom > f.offset+avail {
		f.offset = focusBottom - avail
	}
	f.offset = max(0, min(f.offset, max(0, len(lines)-avail)))
	body := lines[f.offset:min(len(lines), f.offset+avail)]
	out := append(head, body...)
	for len(out) < f.height {
		out = append(out, "")
	}
	if f.discard != nil {
		return Overlay(strings.Join(out, "\n"), f.discard.View(f.width), f.width, f.height)
	}
	if f.picker != nil {
		return Overlay(strings.Join(out, "\n"), f.picker.View(), f.width, f.height)
	}
	if f.files != nil {
		w := min(70, f.width-2)
		box := st.BoxTitle.Render(Truncate("Add a document: enter picks, esc closes", w-4)) + "\n" + f.files.View()
		return Overlay(strings.Join(out, "\n"), st.Box.Width(w-2).Render(box), f.width, f.height)
	}
	return strings.Join(out, "\n")
}

// fieldBox draws an input's text between brackets, so that the field's
// extent shows even without colours.
func fieldBox(st *theme.Styles, view string, width int, focused bool) string {
	l, r := "[", "]"
	if !focused {
		l, r = " ", " "
	}
	pad := width - lipgloss.Width(view)
	if pad < 0 {
		pad = 0
	}
	return st.Dim.Render(l) + view + strings.Repeat(" ", pad) + st.Dim.Render(r)
}
