package components

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/charmbracelet/lipgloss"

	tea "github.com/charmbracelet/bubbletea"

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
	for _, r := range file {
		f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	if f.Value() != file {
		t.Fatalf("the field reads %q, want %q", f.Value(), file)
	}
	if picked, _ := f.Update(tea.KeyMsg{Type: tea.KeyEnter}); picked != file {
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
