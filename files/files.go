// Package files is where the files a user names are read and written: the
// local disk as it is, for frontdesk on a single desk, or, for a member of
// staff over SSH, their own folder in frontdesk's store and nothing outside
// it. A nil *Folder is the local disk, so that code written for one works
// for the other.
package files

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"frontdesk/private"
)

// ErrOutside is a path that leads out of the user's folder: "..", an
// absolute path, or a symbolic link to somewhere else.
var ErrOutside = errors.New("only files in your frontdesk folder can be used over SSH: copy it there with scp FILE clinic-server:")

// Folder is a user's own folder. Every access goes through an os.Root,
// which refuses whatever leads out of it, symbolic links included, at the
// moment of the access: a name checked is never opened elsewhere later.
type Folder struct {
	root *os.Root
	dir  string
}

// UserFolder is the folder of the user with the login, under base (the
// "files" folder beside the database).
func UserFolder(base, login string) (string, error) {
	if !filepath.IsLocal(login) || strings.ContainsRune(login, filepath.Separator) {
		return "", fmt.Errorf("the login %q cannot name a folder", login)
	}
	return filepath.Join(base, login), nil
}

// Open opens the folder dir, made 0700 when it does not exist yet.
func Open(dir string) (*Folder, error) {
	if err := private.MkdirAll(dir); err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Folder{root: r, dir: dir}, nil
}

// Close lets the folder go.
func (f *Folder) Close() error {
	if f == nil {
		return nil
	}
	return f.root.Close()
}

// Rooted reports whether paths are read in a user's folder rather than on
// the local disk.
func (f *Folder) Rooted() bool { return f != nil }

// Dir is the folder on the server's disk ("" for the local disk).
func (f *Folder) Dir() string {
	if f == nil {
		return ""
	}
	return f.dir
}

// Name is p as a name in the folder: "~/" and "./" are the folder itself,
// what leads out of it is ErrOutside. On the local disk p is unchanged.
func (f *Folder) Name(p string) (string, error) {
	if f == nil {
		return p, nil
	}
	p = strings.TrimSpace(p)
	if p == "~" || p == "" {
		return ".", nil
	}
	p = strings.TrimPrefix(p, "~"+string(filepath.Separator))
	if !filepath.IsLocal(p) && filepath.Clean(p) != "." {
		return "", &fs.PathError{Op: "open", Path: p, Err: ErrOutside}
	}
	return filepath.Clean(p), nil
}

// Stat is os.Stat in the folder.
func (f *Folder) Stat(p string) (fs.FileInfo, error) {
	if f == nil {
		return os.Stat(p)
	}
	n, err := f.Name(p)
	if err != nil {
		return nil, err
	}
	fi, err := f.root.Stat(n)
	return fi, outside(err)
}

// ReadDir is os.ReadDir in the folder.
func (f *Folder) ReadDir(p string) ([]fs.DirEntry, error) {
	if f == nil {
		return os.ReadDir(p)
	}
	n, err := f.Name(p)
	if err != nil {
		return nil, err
	}
	d, err := f.root.Open(n)
	if err != nil {
		return nil, outside(err)
	}
	defer d.Close()
	des, err := d.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	return des, nil
}

// Open opens a file for reading (flag may add os.O_NONBLOCK).
func (f *Folder) Open(p string, flag int) (*os.File, error) {
	if f == nil {
		return os.OpenFile(p, os.O_RDONLY|flag, 0)
	}
	n, err := f.Name(p)
	if err != nil {
		return nil, err
	}
	file, err := f.root.OpenFile(n, os.O_RDONLY|flag, 0)
	return file, outside(err)
}

// Create makes a new file, 0600, for writing; it never overwrites one
// (O_EXCL), so that a file that appeared since a check is kept.
func (f *Folder) Create(p string) (*os.File, error) {
	if f == nil {
		return private.OpenFile(p, os.O_WRONLY|os.O_EXCL)
	}
	n, err := f.Name(p)
	if err != nil {
		return nil, err
	}
	file, err := f.root.OpenFile(n, os.O_WRONLY|os.O_CREATE|os.O_EXCL, private.File)
	if err != nil {
		return nil, outside(err)
	}
	if err := file.Chmod(private.File); err != nil { // the umask may have taken bits off
		file.Close()
		return nil, err
	}
	return file, nil
}

// Write puts what r holds into the file p of a user's folder, 0600,
// replacing what was there, whole or not at all (see Upload).
func (f *Folder) Write(p string, r io.Reader) (int64, error) {
	u, err := f.Upload(p)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(u, r)
	if err != nil {
		u.Abort()
		return n, err
	}
	return n, u.Commit()
}

// Upload is a file on its way into a user's folder: written beside its
// name, 0600, and renamed over it by Commit once whole, so that a copy
// cut short leaves no half file under the name.
type Upload struct {
	*os.File
	folder    *Folder
	tmp, name string
}

// Upload starts the file p of a user's folder.
func (f *Folder) Upload(p string) (*Upload, error) {
	n, err := f.Name(p)
	if err != nil {
		return nil, err
	}
	tmp := filepath.Join(filepath.Dir(n), "."+filepath.Base(n)+".part")
	file, err := f.root.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, private.File)
	if err != nil {
		return nil, outside(err)
	}
	if err := file.Chmod(private.File); err != nil { // the umask may have taken bits off
		file.Close()
		f.root.Remove(tmp)
		return nil, err
	}
	return &Upload{File: file, folder: f, tmp: tmp, name: n}, nil
}

// Commit puts the file written under its name.
func (u *Upload) Commit() error {
	err := u.File.Close()
	if err == nil {
		err = outside(u.folder.root.Rename(u.tmp, u.name))
	}
	if err != nil {
		u.folder.root.Remove(u.tmp)
	}
	return err
}

// Abort drops the file written.
func (u *Upload) Abort() {
	u.File.Close()
	u.folder.root.Remove(u.tmp)
}

// FS is the user's folder as an fs.FS, for walking it.
func (f *Folder) FS() fs.FS { return f.root.FS() }

// Remove removes a file.
func (f *Folder) Remove(p string) error {
	if f == nil {
		return os.Remove(p)
	}
	n, err := f.Name(p)
	if err != nil {
		return err
	}
	return outside(f.root.Remove(n))
}

// Rename renames a file of a user's folder.
func (f *Folder) Rename(from, to string) error {
	a, err := f.Name(from)
	if err != nil {
		return err
	}
	b, err := f.Name(to)
	if err != nil {
		return err
	}
	return outside(f.root.Rename(a, b))
}

// Mkdir makes a folder, 0700.
func (f *Folder) Mkdir(p string) error {
	if f == nil {
		return os.Mkdir(p, private.Dir)
	}
	n, err := f.Name(p)
	if err != nil {
		return err
	}
	return outside(f.root.Mkdir(n, private.Dir))
}

// Shown is p as the user reads it: in the folder, its name there.
func (f *Folder) Shown(p string) string {
	if f == nil {
		return p
	}
	if n, err := f.Name(p); err == nil && n != "." {
		return n
	}
	return p
}

// outside makes os.Root's refusal of a path that escapes it ErrOutside.
// The standard library does not export that error; its text is stable
// (os: errPathEscapes).
func outside(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err != nil && pe.Err.Error() == "path escapes from parent" {
		return &fs.PathError{Op: pe.Op, Path: pe.Path, Err: ErrOutside}
	}
	return err
}
