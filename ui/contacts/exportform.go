package contacts

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/export"
	"frontdesk/files"
	"frontdesk/ui/components"
	"frontdesk/ui/screen"
)

// Export asks where to write the contact book, then writes it: CSV, or JSON
// when the file name ends in .json.
type Export struct {
	env  *screen.Env
	form *components.Form
	busy bool

	// The path is looked at in the background as it is typed: seq is the
	// look asked for last, and problem what was found about checked.
	seq              int
	checked, problem string
}

var _ screen.Screen = (*Export)(nil)

type exportedMsg struct {
	owner   *Export
	path    string
	n       int
	err     error
	problem string // the path cannot be written: nothing was
}

// pathCheckedMsg is what a look at path found, for the look seq.
type pathCheckedMsg struct {
	owner   *Export
	seq     int
	path    string
	problem string
}

func newExportForm(env *screen.Env, n int) *Export {
	name := "contacts-" + time.Now().Format("2006-01-02") + ".csv"
	x := &Export{env: env}
	x.form = components.NewForm(env.Styles, env.Keys, fmt.Sprintf("Export %d contacts", n), []components.FieldSpec{{
		Key: "path", Label: "File", Value: name, CharLimit: 1024,
		Hint: "CSV that imports back as the same contacts; a name ending in .json writes JSON",
	}})
	x.form.Validate = func(v map[string]string) map[string]string {
		switch p := x.abs(v["path"]); {
		case p == "":
			return map[string]string{"path": "is required"}
		case p == x.checked && x.problem != "":
			return map[string]string{"path": x.problem}
		}
		return nil
	}
	return x
}

// abs reads a typed path: "~" is the home folder, and a relative path is
// read against the working folder. In a user's folder the path stays as
// typed, for the folder to read.
func (x *Export) abs(p string) string {
	p = strings.TrimSpace(p)
	if x.env.Files.Rooted() {
		return p
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			p = home + p[1:]
		}
	}
	if p != "" && !filepath.IsAbs(p) && x.env.WorkDir != "" {
		p = filepath.Join(x.env.WorkDir, p)
	}
	return p
}

// pathProblem is why a file cannot be exported to p, or "": in folder,
// over SSH (nil: the local disk).
func pathProblem(folder *files.Folder, p string) string {
	_, err := folder.Stat(p)
	switch {
	case errors.Is(err, files.ErrOutside):
		return files.ErrOutside.Error()
	case err == nil:
		return "already exists; choose another name"
	}
	if _, err := folder.Stat(filepath.Dir(p)); err != nil {
		return "its folder does not exist"
	}
	return ""
}

// look looks at the path typed, in the background, when it changed.
func (x *Export) look() tea.Cmd {
	p := x.abs(x.form.Value("path"))
	if p == "" || p == x.checked {
		return nil
	}
	x.seq++
	owner, seq, folder := x, x.seq, x.env.Files
	return func() tea.Msg { return pathCheckedMsg{owner, seq, p, pathProblem(folder, p)} }
}

// Init looks at the path proposed.
func (x *Export) Init() tea.Cmd { return x.look() }

// Title names the screen.
func (x *Export) Title() string { return "Export" }

// Busy reports that the file is being written.
func (x *Export) Busy() bool { return x.busy }

// Capturing is true: the path field takes every key.
func (x *Export) Capturing() bool { return true }

// SetSize sets the form's size.
func (x *Export) SetSize(w, h int) { x.form.SetSize(w, h) }

// Update handles a message.
func (x *Export) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case pathCheckedMsg:
		if msg.owner == x && msg.seq == x.seq {
			x.checked, x.problem = msg.path, msg.problem
			x.form.Recheck()
		}
	case exportedMsg:
		if msg.owner != x {
			return x, nil
		}
		x.busy = false
		if msg.problem != "" {
			x.seq++ // what a look under way finds is older
			x.checked, x.problem = msg.path, msg.problem
			x.form.Recheck()
			return x, nil
		}
		if msg.err != nil {
			x.form.Notice, x.form.NoticeErr = "Could not export: "+msg.err.Error(), true
			return x, nil
		}
		x.env.Nav.Pop()
		if x.env.Files.Rooted() {
			return x, screen.Status(fmt.Sprintf("Exported %d contacts to %s: scp clinic-server:%s . fetches it.", msg.n, msg.path, msg.path))
		}
		return x, screen.Status(fmt.Sprintf("Exported %d contacts to %s.", msg.n, msg.path))
	case tea.KeyMsg:
		if x.busy {
			return x, nil
		}
		switch res, cmd := x.form.Update(msg); res {
		case components.FormCancelled:
			x.env.Nav.Pop()
			return x, nil
		case components.FormSubmitted:
			x.busy = true
			return x, x.write(x.abs(x.form.Value("path")))
		default:
			return x, tea.Batch(cmd, x.look())
		}
	}
	return x, nil
}

func (x *Export) write(path string) tea.Cmd {
	ctx, st, owner, folder := x.env.Ctx, x.env.Store, x, x.env.Files
	format := "csv"
	if strings.EqualFold(filepath.Ext(path), ".json") {
		format = "json"
	}
	return func() tea.Msg {
		if problem := pathProblem(folder, path); problem != "" {
			return exportedMsg{owner: owner, path: path, problem: problem}
		}
		// Never overwrites a file that appeared since the check.
		f, err := folder.Create(path)
		if err != nil {
			return exportedMsg{owner: owner, err: err}
		}
		n, err := export.Write(ctx, f, st, format)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			folder.Remove(path)
		}
		return exportedMsg{owner: owner, path: shownExport(folder, path), n: n, err: err}
	}
}

// shownExport says where an export went: its full path on the local disk,
// its name in a user's folder.
func shownExport(folder *files.Folder, path string) string {
	if folder.Rooted() {
		return folder.Shown(path)
	}
	abs, _ := filepath.Abs(path)
	return abs
}

// View draws the form.
func (x *Export) View() string { return x.form.View() }

// ShortHelp is the help bar's content.
func (x *Export) ShortHelp() []key.Binding {
	if q := x.form.Discarding(); q != nil {
		return q.ShortHelp()
	}
	return []key.Binding{x.env.Keys.Save, x.env.Keys.Back}
}

// FullHelp is the help screen's content.
func (x *Export) FullHelp() [][]key.Binding { return [][]key.Binding{x.ShortHelp()} }

// Actions are the form's commands for the palette.
func (x *Export) Actions() []screen.Action {
	return []screen.Action{{Name: "Export", Key: x.env.Keys.Save}, {Name: "Cancel", Key: x.env.Keys.Back}}
}
