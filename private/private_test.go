package private

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestModesUnderUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := MkdirAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(filepath.Join(dir, "w"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	f, err := Create(filepath.Join(dir, "c"))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	for path, want := range map[string]os.FileMode{
		filepath.Dir(dir): Dir, dir: Dir, filepath.Join(dir, "w"): File, filepath.Join(dir, "c"): File,
	} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", path, got, want)
		}
	}
}
