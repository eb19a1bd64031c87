package components

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/files"
	"frontdesk/ui/theme"
)

func TestRestartPath(t *testing.T) {
	for in, want := range map[string]string{
		"/clinic/exports/list.csv":      "/clinic/exports/list.csv",
		"/clinic/exports//tmp/list.csv": "/tmp/list.csv",
		"/clinic/exports//":             "/",
		"/clinic/exports/~/list.csv":    "~/list.csv",
		"/clinic/exports/~":             "~",
		"/clinic//a//b/c.csv":           "/b/c.csv",
		"/clinic/exports/~x/list.csv":   "/clinic/exports/~x/list.csv",
		"relative/name.csv":             "relative/name.csv",
		"/clinic/exports//home/~/a.csv": "~/a.csv",
		"":                              "",
	} {
		if got := restartPath(in); got != want {
			t.Errorf("restartPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// The field starts with the working folder; a whole path typed after it
// replaces it, and enter picks that file.
func TestFilesTakesAWholePathTypedAfterTheFolder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "list.csv")
	if err := os.WriteFile(file, []byte("name,fax\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := NewFiles(theme.New(lipgloss.NewRenderer(io.Discard), false), "File: ", "", "/srv/clinic/")
	run(f, f.Init())
	for _, r := range file {
		update(f, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	if f.Value() != file {
		t.Fatalf("the field reads %q, want %q", f.Value(), file)
	}
	if picked := update(f, tea.KeyMsg{Type: tea.KeyEnter}); picked != file {
		t.Fatalf("enter picked %q, want %q", picked, file)
	}
}

// A slash typed inside a path, not at its end, is an edit: the path stays.
func TestFilesKeepsAnEditInsideThePath(t *testing.T) {
	f := NewFiles(theme.New(lipgloss.NewRenderer(io.Discard), false), "File: ", "", "/srv/clinic/list.csv")
	for range len("list.csv") {
		f.Update(tea.KeyMsg{Type: tea.KeyLeft})
	}
	f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'/'}})
	if want := "/srv/clinic//list.csv"; f.Value() != want {
		t.Fatalf("the field reads %q, want %q", f.Value(), want)
	}
}

// update passes msg to f and runs the commands it returns, as a program
// would, feeding their messages back; it returns the file picked.
func update(f *Files, msg tea.Msg) string {
	picked, cmd := f.Update(msg)
	if p := run(f, cmd); p != "" {
		picked = p
	}
	return picked
}

func run(f *Files, cmd tea.Cmd) (picked string) {
	if cmd == nil {
		return ""
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			if p := run(f, c); p != "" {
				picked = p
			}
		}
	case nil:
	default:
		picked = update(f, msg)
	}
	return picked
}

// Typing never reads the folder: the listing comes back in a command, a
// listing overtaken by later typing is dropped, and the keys that act on
// the entries (tab here) wait for the listing of what is typed.
func TestFilesReadsFoldersInTheBackground(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"letter.pdf", "lab.pdf"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f := NewFiles(theme.New(lipgloss.NewRenderer(io.Discard), false), "File: ", "", dir+"/")
	run(f, f.Init())
	_, first := f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'l'}})
	_, second := f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'e'}})
	if !f.Listing() {
		t.Fatal("the field listed the folder while the key was handled")
	}
	// A file appears before the listing is read: the listing sees it.
	if err := os.WriteFile(filepath.Join(dir, "lease.pdf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if picked, cmd := f.Update(tea.KeyMsg{Type: tea.KeyTab}); picked != "" || cmd != nil || f.Value() != dir+"/le" {
		t.Fatalf("tab acted before the listing of what is typed: %q", f.Value())
	}
	run(f, second) // the listing of "le", then the tab that waited
	if f.Value() != dir+"/le" || len(f.entries) != 2 {
		t.Fatalf("after the listing: %q, entries %v", f.Value(), f.entries)
	}
	run(f, first) // the listing of "l", overtaken: dropped
	if len(f.entries) != 2 || f.cursor != 1 {
		t.Fatalf("a stale listing was shown: entries %v, cursor %d", f.entries, f.cursor)
	}
}

// In a user's folder the field lists that folder only, and refuses what
// leads out of it, typed or linked, with how to bring a file in.
func TestFilesInAUserFolderKeepToIt(t *testing.T) {
	base := t.TempDir()
	folder, err := files.Open(filepath.Join(base, "files", "ana"))
	if err != nil {
		t.Fatal(err)
	}
	defer folder.Close()
	dir := folder.Dir()
	os.WriteFile(filepath.Join(base, "clinic.db"), []byte("x"), 0o600)
	os.WriteFile(filepath.Join(dir, "letter.txt"), []byte("hello\n"), 0o600)
	os.Symlink("/etc/passwd", filepath.Join(dir, "passwd"))
	type_ := func(f *Files, s string) {
		for _, r := range s {
			update(f, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	f := NewFilesIn(theme.New(lipgloss.NewRenderer(io.Discard), false), "File: ", folder, "/srv", "")
	f.SetSize(100, 10)
	run(f, f.Init())
	if v := f.View(); !strings.Contains(v, "letter.txt") || strings.Contains(v, "clinic.db") || !strings.Contains(v, "your frontdesk folder") {
		t.Fatalf("the field lists:\n%s", v)
	}
	type_(f, "letter.txt")
	if picked := update(f, tea.KeyMsg{Type: tea.KeyEnter}); picked != "letter.txt" {
		t.Fatalf("enter picked %q, want letter.txt", picked)
	}
	for _, p := range []string{"../../clinic.db", "/etc/passwd", "passwd", filepath.Join(dir, "letter.txt")} {
		f := NewFilesIn(theme.New(lipgloss.NewRenderer(io.Discard), false), "File: ", folder, "", "")
		f.SetSize(200, 10)
		run(f, f.Init())
		type_(f, p)
		picked := update(f, tea.KeyMsg{Type: tea.KeyEnter})
		if picked != "" || f.Err != files.ErrOutside.Error() {
			t.Errorf("%q: picked %q, said %q", p, picked, f.Err)
		}
		if v := f.View(); !strings.Contains(v, "only files in your frontdesk folder") {
			t.Errorf("%q: the field shows\n%s", p, v)
		}
	}
}
