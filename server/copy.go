package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish/scp"

	"frontdesk/document"
	"frontdesk/files"
	"frontdesk/model"
	"frontdesk/store"
)

// Files get into a user's folder and back with scp: `scp letter.pdf
// clinic-server:` puts one there, `scp clinic-server:export.csv .` fetches
// one. wish's scp middleware speaks the protocol; folderCopy keeps it to
// the folder of the user whose key signed.

// copyFiles serves an scp command of the signed-in user u.
func (s *Server) copyFiles(sess ssh.Session, u model.User, info scp.Info) {
	folder, err := s.folder(u)
	if err != nil {
		s.logf("opening the folder of %s: %v", u.Username, err)
		refuse(sess, "frontdesk could not open your folder of files; tell the clinic's admin.")
		return
	}
	defer folder.Close()
	fc := &folderCopy{srv: s, user: u, folder: folder, addr: sess.RemoteAddr().String(), answers: 1}
	what := "to"
	if info.Op == scp.OpCopyToClient {
		what = "from"
	}
	s.logf("%s copies files %s their folder from %s", u.Username, what, fc.addr)
	scp.Middleware(fc, fc)(func(ssh.Session) {})(sess)
	if info.Op == scp.OpCopyToClient {
		awaitAnswers(sess, fc.answers)
		sess.CloseWrite() // the end of what was sent, as sshd tells it
	}
}

// awaitAnswers reads the n answers OpenSSH's scp gives as it takes what
// was sent (one to start, then one for each line and each file's end),
// which wish's scp does not wait for. The session must not end before
// the last: scp, answering an ssh that has already left, fails with
// "lost connection". After a refusal the channel is closed, and the
// read ends at once.
func awaitAnswers(sess ssh.Session, n int) {
	r := bufio.NewReader(sess)
	for ; n > 0; n-- {
		b, err := r.ReadByte()
		if err != nil {
			return
		}
		if b != 0 { // a warning or an error, and its line
			if _, err := r.ReadString('\n'); err != nil {
				return
			}
		}
	}
}

// folderCopy is scp over one user's folder: whatever leads out of it is
// refused by the folder itself.
type folderCopy struct {
	srv    *Server
	user   model.User
	folder *files.Folder
	addr   string
	// answers is how many answers the client owes for what was sent: one
	// to start, then answersFor each file and folder.
	answers int
}

var _ scp.Handler = (*folderCopy)(nil)

// Glob takes a path as it is: no pattern is expanded on the server.
func (c *folderCopy) Glob(_ ssh.Session, p string) ([]string, error) {
	if _, err := c.folder.Name(p); err != nil {
		return nil, c.refused(p, err)
	}
	return []string{p}, nil
}

// WalkDir walks a folder of the user's folder, for scp -r.
func (c *folderCopy) WalkDir(_ ssh.Session, p string, fn fs.WalkDirFunc) error {
	n, err := c.folder.Name(p)
	if err != nil {
		return c.refused(p, err)
	}
	return fs.WalkDir(c.folder.FS(), n, fn)
}

// NewDirEntry describes a folder being fetched.
func (c *folderCopy) NewDirEntry(_ ssh.Session, p string) (*scp.DirEntry, error) {
	fi, err := c.folder.Stat(p)
	if err != nil {
		return nil, c.refused(p, err)
	}
	c.answers += answersFor(fi)
	return &scp.DirEntry{Name: fi.Name(), Filepath: p, Mode: fs.FileMode(0o700),
		Mtime: fi.ModTime().Unix(), Atime: fi.ModTime().Unix()}, nil
}

// NewFileEntry opens a file being fetched.
func (c *folderCopy) NewFileEntry(_ ssh.Session, p string) (*scp.FileEntry, func() error, error) {
	f, err := c.folder.Open(p, 0)
	if err != nil {
		return nil, nil, c.refused(p, err)
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("%s is not a file", p)
	}
	c.srv.logf("%s fetched %s (%s) from their folder", c.user.Username, model.Printable(p), document.Size(fi.Size()))
	c.record("download", model.Printable(p), fi.Size())
	c.answers += answersFor(fi)
	return &scp.FileEntry{Name: fi.Name(), Filepath: p, Mode: fs.FileMode(0o600), Size: fi.Size(), Reader: f,
		Mtime: fi.ModTime().Unix(), Atime: fi.ModTime().Unix()}, f.Close, nil
}

// Mkdir makes a folder sent with scp -r.
func (c *folderCopy) Mkdir(_ ssh.Session, e *scp.DirEntry) error {
	if err := c.folder.Mkdir(e.Filepath); err != nil && !errors.Is(err, fs.ErrExist) {
		return c.refused(e.Filepath, err)
	}
	return nil
}

// Write puts a file sent into the folder, 0600. The target the client
// named is a folder to put it in or, when no such folder exists, the
// file's new name (scp letter.pdf clinic-server:referral.pdf).
func (c *folderCopy) Write(_ ssh.Session, e *scp.FileEntry) (int64, error) {
	target := e.Filepath
	if _, err := c.folder.Stat(filepath.Dir(target)); errors.Is(err, fs.ErrNotExist) {
		target = filepath.Dir(target)
	}
	n, err := c.folder.Write(target, e.Reader)
	if err != nil {
		return n, c.refused(target, err)
	}
	c.srv.logf("%s put %s (%s) into their folder from %s", c.user.Username, model.Printable(c.folder.Shown(target)), document.Size(n), c.addr)
	c.record("upload", model.Printable(c.folder.Shown(target)), n)
	return n, nil
}

// answersFor is how many answers scp gives for a file or a folder sent:
// for its header and its end, and for its times, sent when it has some.
func answersFor(fi fs.FileInfo) int {
	if fi.ModTime().Unix() > 0 {
		return 3
	}
	return 2
}

// refused logs a path refused and says why to the client.
func (c *folderCopy) refused(p string, err error) error {
	c.srv.logf("refused %s copying %s: %v", c.user.Username, model.Printable(p), err)
	if errors.Is(err, files.ErrOutside) {
		return files.ErrOutside
	}
	return err
}

// record puts a copy into or out of the user's folder in the audit log,
// as the user, with its size and the address it came from or went to.
func (c *folderCopy) record(action, name string, size int64) {
	ctx := store.WithActor(context.Background(), c.user.Username)
	way := "from"
	if action == "download" {
		way = "to"
	}
	detail := fmt.Sprintf("%s (%s), %s %s", name, document.Size(size), way, c.addr)
	if err := c.srv.cfg.Store.RecordCopy(ctx, c.user.ID, action, detail); err != nil {
		c.srv.logf("recording the %s of %s: %v", action, name, err)
	}
}
