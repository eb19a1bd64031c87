// Package private creates files readable by their owner only: every file
// frontdesk writes holds patient data, so files are made 0600 and folders
// 0700 whatever the umask.
package private

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// File and Dir are the modes of what frontdesk creates.
const (
	File fs.FileMode = 0o600
	Dir  fs.FileMode = 0o700
)

// MkdirAll creates dir and any missing parents, each 0700. Folders that
// already exist are left as they are.
func MkdirAll(dir string) error {
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			return &fs.PathError{Op: "mkdir", Path: dir, Err: errors.New("not a folder")}
		}
		return nil
	}
	if parent := filepath.Dir(dir); parent != dir {
		if err := MkdirAll(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, Dir); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil // made meanwhile by someone else
		}
		return err
	}
	return os.Chmod(dir, Dir) // the umask may have taken bits off
}

// OpenFile is os.OpenFile with the file created 0600: flag is
// os.O_WRONLY|os.O_CREATE with O_EXCL or O_TRUNC as the caller needs.
func OpenFile(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(path, flag|os.O_CREATE, File)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(File); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Create creates (or truncates) path for writing, 0600.
func Create(path string) (*os.File, error) {
	return OpenFile(path, os.O_WRONLY|os.O_TRUNC)
}

// CreateTemp is os.CreateTemp (which already makes files 0600), for a
// temporary file of patient data.
func CreateTemp(dir, pattern string) (*os.File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(File); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

// WriteFile writes data to path atomically, 0600: to a temporary file in
// the same folder, synced, then renamed over path. A reader sees the old
// file or the new one, never half of it.
func WriteFile(path string, data []byte) error {
	f, err := CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Exposed reports whether a file others than its owner can read or write.
func Exposed(fi fs.FileInfo) bool { return fi.Mode().Perm()&0o077 != 0 }

// Mine reports whether the file at path belongs to the user this process
// runs as: the account a database's data is private to.
func Mine(path string) (bool, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return false, err
	}
	return owner(fi) == os.Geteuid(), nil
}
