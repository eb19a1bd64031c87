package document_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"frontdesk/document"
	"frontdesk/document/documenttest"
	"frontdesk/model"
)

// A path is taken only when it names one regular file: a control character
// in it (a newline would make it two files to a reader of lines), a
// folder, a device or a FIFO are refused at once, naming the path quoted.
func TestReadFileRefusesWhatIsNoFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "letter.pdf")
	pdf := documenttest.PDF(2, "letter")
	os.WriteFile(good, pdf, 0o600)
	fifo := filepath.Join(dir, "pipe.pdf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path, want string }{
		{"a newline", good + "\n" + good, "is refused: a file name holding a control character"},
		{"a tab", filepath.Join(dir, "a\tb.pdf"), "is refused: a file name holding a control character"},
		{"an escape", filepath.Join(dir, "\x1b[2J.pdf"), "is refused: a file name holding a control character"},
		{"a DEL", filepath.Join(dir, "a\x7f.pdf"), "is refused: a file name holding a control character"},
		{"a folder", dir, "is a folder, not a regular file"},
		{"a FIFO", fifo, "is a pipe (FIFO), not a regular file"},
		{"/dev/zero", "/dev/zero", "is a device, not a regular file"},
		{"missing", filepath.Join(dir, "nope.pdf"), "cannot be read: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := document.ReadFile(tt.path)
			if err == nil || !strings.HasPrefix(err.Error(), strconv.Quote(tt.path)+" ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%q: %v, want %q", tt.path, err, tt.want)
			}
		})
	}
	d, err := document.ReadFile(good)
	if err != nil || d.Name != "letter.pdf" || d.Kind != model.DocPDF || d.Size != int64(len(pdf)) || !bytes.Equal(d.Data, pdf) ||
		d.SHA256 != document.Hash(pdf) {
		t.Errorf("the letter: %+v %v", d, err)
	}
}
