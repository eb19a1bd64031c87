// Package server is the clinic server: frontdesk's terminal interface
// served over SSH, one live session for each member of staff, all in the
// one process that holds the database. Staff sign in with their SSH key
// only; the key that signed names the user, whatever login they typed.
package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"frontdesk/contactindex"
	"frontdesk/files"
	"frontdesk/model"
	"frontdesk/private"
	"frontdesk/store"
	"frontdesk/ui/app"
	"frontdesk/ui/screen"
	"frontdesk/watch"
)

// Config is what a server serves and how.
type Config struct {
	Store *store.Store
	// HostKeyPath is the server's private host key, made on first start
	// (0600) and kept.
	HostKeyPath string
	// Log receives a line for each sign-in, refusal and failure.
	Log io.Writer
	// Idle is how long a session may go without a key before it is
	// closed (a notice comes a minute before); 0 means never.
	Idle time.Duration
	// Grace is how long sessions have, once told the server is stopping,
	// to save what they were doing.
	Grace time.Duration
	// FilesDir holds each user's own folder (FilesDir/LOGIN), the only
	// files a session may pick, import or export; "files" beside the
	// database when empty.
	FilesDir string
	// NewModel builds a session's interface (app.New when nil).
	NewModel func(*screen.Env) tea.Model
}

// Server serves frontdesk over SSH.
type Server struct {
	cfg         Config
	ssh         *ssh.Server
	fingerprint string
	logMu       sync.Mutex

	// One watcher and one contact list for every session: sessions do
	// not each poll the database, nor each hold the contacts.
	watch    *watch.Poller
	contacts *contactindex.Index

	mu       sync.Mutex
	sessions map[*session]struct{}
	stopping bool
	done     sync.WaitGroup
}

// fingerprintExt is where the public-key callback leaves the fingerprint
// of the key it accepted, to be checked against the key the session
// reports (CVE-2024-45337: the callback also runs for keys only offered).
const fingerprintExt = "frontdesk-pubkey-fp"

// New returns a server for cfg, with its host key read, or made when
// there is none yet.
func New(cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.NewModel == nil {
		cfg.NewModel = func(env *screen.Env) tea.Model { return app.New(env) }
	}
	if cfg.FilesDir == "" {
		cfg.FilesDir = filepath.Join(filepath.Dir(cfg.Store.Path()), "files")
	}
	signer, err := hostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, sessions: map[*session]struct{}{}, fingerprint: gossh.FingerprintSHA256(signer.PublicKey())}
	s.watch = watch.NewPoller(cfg.Store, 0)
	s.contacts = contactindex.New(cfg.Store, s.watch)
	s.ssh = &ssh.Server{
		Handler:          s.handle,
		PublicKeyHandler: s.acceptKey,
		Version:          "frontdesk",
		// OpenSSH's scp and sftp copy files with sftp.
		SubsystemHandlers: map[string]ssh.SubsystemHandler{"sftp": s.serveSFTP},
		ConnectionFailedCallback: func(conn net.Conn, err error) {
			s.logf("connection from %s failed: %v", conn.RemoteAddr(), err)
		},
	}
	s.ssh.AddHostKey(signer)
	return s, nil
}

// Fingerprint is the host key's, for staff to check on first connect.
func (s *Server) Fingerprint() string { return s.fingerprint }

// hostKey reads the ed25519 host key at path, making it first if need be.
func hostKey(path string) (gossh.Signer, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		_, key, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		block, err := gossh.MarshalPrivateKey(key, "frontdesk host key")
		if err != nil {
			return nil, err
		}
		b = pem.EncodeToMemory(block)
		if err := private.WriteFile(path, b); err != nil {
			return nil, fmt.Errorf("making the host key: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("reading the host key: %w", err)
	}
	signer, err := gossh.ParsePrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("%s is not an SSH private key: %w", path, err)
	}
	return signer, nil
}

// acceptKey lets any key that proves itself through to the session,
// which tells a stranger which key they used and whom to ask, rather
// than a bare "Permission denied". Nothing is served to a key no active
// user holds.
func (s *Server) acceptKey(ctx ssh.Context, key ssh.PublicKey) bool {
	perms := ctx.Permissions()
	if perms.Extensions == nil {
		perms.Extensions = map[string]string{}
	}
	perms.Extensions[fingerprintExt] = gossh.FingerprintSHA256(key)
	return true
}

// Serve serves SSH on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	err := s.ssh.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown tells every session the server is stopping, gives them the
// grace period to save, then ends them and stops. Nothing half-written
// is left: a save in flight is one transaction, done or not done.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	sessions := make([]*session, 0, len(s.sessions))
	for ss := range s.sessions {
		sessions = append(sessions, ss)
	}
	s.mu.Unlock()
	for _, ss := range sessions {
		ss.warnStopping(s.cfg.Grace)
	}
	if len(sessions) > 0 && s.cfg.Grace > 0 {
		select {
		case <-time.After(s.cfg.Grace):
		case <-ctx.Done():
		case <-s.allEnded():
		}
	}
	for _, ss := range sessions {
		ss.end("The server is restarting. Connect again in a minute.")
	}
	var err error
	select {
	case <-s.allEnded():
	case <-ctx.Done():
		err = fmt.Errorf("sessions still open when the server stopped: %w", ctx.Err())
	}
	// The sessions are over: their connections close with the listener.
	if cerr := s.ssh.Close(); cerr != nil && err == nil && !errors.Is(cerr, net.ErrClosed) {
		err = cerr
	}
	s.watch.Close()
	return err
}

// allEnded is closed once no session is left.
func (s *Server) allEnded() <-chan struct{} {
	c := make(chan struct{})
	go func() { s.done.Wait(); close(c) }()
	return c
}

func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.cfg.Log, time.Now().Format("2006-01-02 15:04:05 ")+format+"\n", args...)
}

// folder opens the user's own folder, making it on their first sign-in.
func (s *Server) folder(u model.User) (*files.Folder, error) {
	dir, err := files.UserFolder(s.cfg.FilesDir, u.Username)
	if err != nil {
		return nil, err
	}
	return files.Open(dir)
}

// Sessions is how many sessions are open.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}
