package server

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/charmbracelet/ssh"
	"github.com/pkg/sftp"

	"frontdesk/document"
	"frontdesk/files"
	"frontdesk/model"
)

// OpenSSH's scp speaks sftp unless given -O, and sftp is how many staff
// copy files: the sftp subsystem serves the same folder as scp does. Its
// "/" is the user's folder; links out of it are refused by the folder.

// serveSFTP serves the sftp subsystem to the user whose key signed.
func (s *Server) serveSFTP(sess ssh.Session) {
	u, _, ok := s.signedIn(sess)
	if !ok {
		return
	}
	folder, err := s.folder(u)
	if err != nil {
		s.logf("opening the folder of %s: %v", u.Username, err)
		refuse(sess, "frontdesk could not open your folder of files; tell the clinic's admin.")
		return
	}
	defer folder.Close()
	h := &folderSFTP{folderCopy{srv: s, user: u, folder: folder, addr: sess.RemoteAddr().String()}}
	s.logf("%s copies files with sftp from %s", u.Username, h.addr)
	rs := sftp.NewRequestServer(sess, sftp.Handlers{FileGet: h, FilePut: h, FileCmd: h, FileList: h})
	err = rs.Serve()
	// The exit status first: closing the server closes the channel.
	if err != nil && !errors.Is(err, io.EOF) {
		s.logf("sftp of %s: %v", u.Username, err)
		sess.Exit(1)
	} else {
		sess.Exit(0)
	}
	rs.Close()
}

// folderSFTP is sftp over one user's folder.
type folderSFTP struct{ folderCopy }

var (
	_ sftp.FileReader = (*folderSFTP)(nil)
	_ sftp.FileWriter = (*folderSFTP)(nil)
	_ sftp.FileCmder  = (*folderSFTP)(nil)
	_ sftp.FileLister = (*folderSFTP)(nil)
)

// name is a request's path in the folder: sftp paths are absolute, from
// the folder's "/".
func name(r *sftp.Request) string { return "." + "/" + strings.TrimLeft(r.Filepath, "/") }

// Fileread opens a file being fetched.
func (h *folderSFTP) Fileread(r *sftp.Request) (io.ReaderAt, error) {
	f, err := h.folder.Open(name(r), 0)
	if err != nil {
		return nil, h.refused(r.Filepath, err)
	}
	if fi, err := f.Stat(); err == nil {
		h.srv.logf("%s fetched %s (%s) from their folder", h.user.Username, model.Printable(h.folder.Shown(name(r))), document.Size(fi.Size()))
		h.record("download", model.Printable(h.folder.Shown(name(r))), fi.Size())
	}
	return f, nil
}

// Filewrite starts a file being put: it takes its name once whole.
func (h *folderSFTP) Filewrite(r *sftp.Request) (io.WriterAt, error) {
	u, err := h.folder.Upload(name(r))
	if err != nil {
		return nil, h.refused(r.Filepath, err)
	}
	return &sftpUpload{Upload: u, h: h, shown: h.folder.Shown(name(r))}, nil
}

// sftpUpload logs an upload when it is in place.
type sftpUpload struct {
	*files.Upload
	h     *folderSFTP
	shown string
}

func (u *sftpUpload) Close() error {
	var size int64
	if fi, err := u.Stat(); err == nil {
		size = fi.Size()
	}
	if err := u.Commit(); err != nil {
		return u.h.refused(u.shown, err)
	}
	u.h.srv.logf("%s put %s (%s) into their folder from %s", u.h.user.Username, model.Printable(u.shown), document.Size(size), u.h.addr)
	u.h.record("upload", model.Printable(u.shown), size)
	return nil
}

// Filecmd makes and removes folders and files, and renames them; the
// times and modes a client sets are ignored (files stay 0600), and no
// link is made.
func (h *folderSFTP) Filecmd(r *sftp.Request) error {
	var err error
	switch r.Method {
	case "Setstat":
		return nil
	case "Mkdir":
		err = h.folder.Mkdir(name(r))
	case "Remove", "Rmdir":
		err = h.folder.Remove(name(r))
	case "Rename":
		err = h.folder.Rename(name(r), "./"+strings.TrimLeft(r.Target, "/"))
	default:
		return sftp.ErrSSHFxOpUnsupported
	}
	if err != nil {
		return h.refused(r.Filepath, err)
	}
	return nil
}

// Filelist lists a folder, or tells of one file.
func (h *folderSFTP) Filelist(r *sftp.Request) (sftp.ListerAt, error) {
	switch r.Method {
	case "List":
		des, err := h.folder.ReadDir(name(r))
		if err != nil {
			return nil, h.refused(r.Filepath, err)
		}
		var out listing
		for _, de := range des {
			if fi, err := de.Info(); err == nil {
				out = append(out, fi)
			}
		}
		return out, nil
	case "Stat":
		fi, err := h.folder.Stat(name(r))
		if err != nil {
			return nil, h.refused(r.Filepath, err)
		}
		return listing{fi}, nil
	}
	return nil, sftp.ErrSSHFxOpUnsupported
}

// listing is a folder's entries as sftp hands them out.
type listing []fs.FileInfo

func (l listing) ListAt(out []os.FileInfo, offset int64) (int, error) {
	if offset >= int64(len(l)) {
		return 0, io.EOF
	}
	n := copy(out, l[offset:])
	if n+int(offset) == len(l) {
		return n, io.EOF
	}
	return n, nil
}
