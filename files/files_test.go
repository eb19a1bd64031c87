package files

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestFolderRefusesWhatLeadsOut(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "files", "ana")
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("folder: %v %v, want 0700", fi.Mode(), err)
	}
	if err := os.WriteFile(filepath.Join(base, "secret.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "letter.txt"), []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Symlink("/etc/passwd", filepath.Join(dir, "passwd"))
	os.Symlink("../../secret.txt", filepath.Join(dir, "up"))
	os.Symlink("letter.txt", filepath.Join(dir, "inside"))
	for _, p := range []string{"../../secret.txt", "/etc/passwd", "passwd", "up", "sub/../../x", filepath.Join(dir, "letter.txt")} {
		if _, err := f.Stat(p); !errors.Is(err, ErrOutside) {
			t.Errorf("Stat(%q) = %v, want ErrOutside", p, err)
		}
		if _, err := f.Open(p, 0); !errors.Is(err, ErrOutside) {
			t.Errorf("Open(%q) = %v, want ErrOutside", p, err)
		}
	}
	for _, p := range []string{"letter.txt", "./letter.txt", "~/letter.txt", "inside"} {
		file, err := f.Open(p, 0)
		if err != nil {
			t.Errorf("Open(%q): %v", p, err)
			continue
		}
		file.Close()
	}
	w, err := f.Create("export.csv")
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if fi, _ := os.Stat(filepath.Join(dir, "export.csv")); fi.Mode().Perm() != 0o600 {
		t.Errorf("created %v, want 0600", fi.Mode())
	}
	if _, err := f.Create("export.csv"); err == nil {
		t.Error("Create overwrote a file")
	}
	if _, err := f.Create("../x.csv"); !errors.Is(err, ErrOutside) {
		t.Errorf("Create(../x.csv) = %v", err)
	}
}

func TestUserFolderRefusesLoginsThatAreNotOneName(t *testing.T) {
	for _, login := range []string{"..", "a/b", "/root", ""} {
		if _, err := UserFolder("/srv/files", login); err == nil {
			t.Errorf("UserFolder(%q) accepted", login)
		}
	}
	if d, err := UserFolder("/srv/files", "ana"); err != nil || d != "/srv/files/ana" {
		t.Errorf("UserFolder(ana) = %q, %v", d, err)
	}
}
