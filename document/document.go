// Package document checks the files frontdesk is given to keep (what a fax
// carries, what a gateway received) and captures them: read once, checked
// for what they claim to be, and returned as a model.Document holding the
// bytes, ready for the document store.
package document

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unicode"

	"frontdesk/files"
	"frontdesk/model"
)

// ReadFile captures the document at path: the path is refused when it holds
// a control character (a newline would make it two files to whatever reads
// a list of paths), the file when it is not a regular file (a device or a
// FIFO would never end, or hang the read), is too large, or is not what a
// fax can carry. The file is read once; what is returned is what will be
// kept and sent.
func ReadFile(path string) (model.Document, error) { return ReadFrom(nil, path) }

// ReadFrom is ReadFile with path read in folder: over SSH, the user's own
// folder, which refuses a path that leads out of it.
func ReadFrom(folder *files.Folder, path string) (model.Document, error) {
	return readFrom(folder, path, Check)
}

// ReadForChart is ReadFrom for a document of a patient's chart: it may
// also be an image (CheckForChart).
func ReadForChart(folder *files.Folder, path string) (model.Document, error) {
	return readFrom(folder, path, CheckForChart)
}

func readFrom(folder *files.Folder, path string, check func(name string, b []byte) (model.Document, error)) (model.Document, error) {
	fail := func(format string, args ...any) (model.Document, error) {
		return model.Document{}, &Error{Path: path, Problem: fmt.Sprintf(format, args...)}
	}
	if strings.ContainsFunc(path, unicode.IsControl) {
		return fail("is refused: a file name holding a control character (a newline, a tab) could be read as another")
	}
	// Asked before opening: opening a FIFO waits for a writer.
	fi, err := folder.Stat(path)
	if err != nil {
		return fail("cannot be read: %v", unwrapPath(err))
	}
	if !fi.Mode().IsRegular() {
		return fail("is %s, not a regular file", what(fi.Mode()))
	}
	// Non-blocking: a path made a FIFO since the question is opened at once
	// (and refused below) instead of waiting.
	f, err := folder.Open(path, syscall.O_NONBLOCK)
	if err != nil {
		return fail("cannot be read: %v", unwrapPath(err))
	}
	defer f.Close()
	// Asked again of the file opened: what is read is the file checked,
	// even if the path was replaced between the two.
	if fi, err = f.Stat(); err != nil {
		return fail("cannot be read: %v", unwrapPath(err))
	}
	if !fi.Mode().IsRegular() {
		return fail("is %s, not a regular file", what(fi.Mode()))
	}
	if fi.Size() > MaxSize {
		return fail("is %s: larger than the %s a document may be", Size(fi.Size()), Size(MaxSize))
	}
	// One byte more than the limit tells a file that grew meanwhile.
	b, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return fail("cannot be read: %v", unwrapPath(err))
	}
	if len(b) > MaxSize {
		return fail("grew past the %s a document may be while it was read", Size(MaxSize))
	}
	d, err := check(filepath.Base(path), b)
	if err != nil {
		return fail("%v", err)
	}
	return d, nil
}

// Error is a file that cannot be taken, and why.
type Error struct {
	Path    string
	Problem string // reads after the path: "is a folder, not a regular file"
}

func (e *Error) Error() string { return strconv.Quote(e.Path) + " " + e.Problem }

// ReadFiles captures each file of paths, in order, and adds their pages.
func ReadFiles(paths []string) ([]model.Document, int, error) {
	var docs []model.Document
	pages := 0
	for _, p := range paths {
		d, err := ReadFile(p)
		if err != nil {
			return nil, 0, err
		}
		docs, pages = append(docs, d), pages+d.Pages
	}
	return docs, pages, nil
}

// Hash is the SHA-256 of b in hex: a document's name in the store.
func Hash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Size writes a number of bytes for people: 812 bytes, 14 KB, 2.5 MB.
func Size(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%d KB", (n+500)/1000)
	}
	mb := float64(n) / 1e6
	if mb < 10 {
		return strings.TrimSuffix(fmt.Sprintf("%.1f", mb), ".0") + " MB"
	}
	return fmt.Sprintf("%.0f MB", mb)
}

// what names a kind of file that is not a regular one.
func what(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&os.ModeNamedPipe != 0:
		return "a pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// unwrapPath drops the path an os error repeats: the message names it once.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
