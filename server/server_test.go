package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/app"
	"frontdesk/ui/screen"
)

// fixture is a server on loopback over a fresh database.
type fixture struct {
	st   *store.Store
	srv  *Server
	addr string
	log  *lockedBuffer
	dir  string
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func start(t *testing.T, configure func(*Config)) *fixture {
	t.Helper()
	return startServer(t, configure, nil)
}

// startServer is start with the server made ready by prepare, if given,
// before it serves.
func startServer(t *testing.T, configure func(*Config), prepare func(*Server)) *fixture {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(t.Context(), filepath.Join(dir, "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{st: st, log: &lockedBuffer{}, dir: dir}
	cfg := Config{Store: st, HostKeyPath: filepath.Join(dir, "host_key"), Log: f.log}
	if configure != nil {
		configure(&cfg)
	}
	if f.srv, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	if prepare != nil {
		prepare(f.srv)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = l.Addr().String()
	served := make(chan error, 1)
	go func() { served <- f.srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		f.srv.Shutdown(ctx)
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return f
}

func newSigner(t *testing.T) gossh.Signer {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// user makes a user with roles and a key, as the server's account does.
func (f *fixture) user(t *testing.T, login, name string, roles ...model.Role) gossh.Signer {
	t.Helper()
	owner := store.AsOwner(store.WithActor(t.Context(), "frontdesk"))
	u, err := f.st.CreateUser(owner, model.User{Name: name, Username: login, Kind: model.KindStaff, Active: true, Roles: roles})
	if err != nil {
		t.Fatal(err)
	}
	signer := newSigner(t)
	if _, err := f.st.AddUserKey(owner, u.ID, string(gossh.MarshalAuthorizedKey(signer.PublicKey()))); err != nil {
		t.Fatal(err)
	}
	return signer
}

// client is a terminal on the other end of an SSH session: what the
// server writes is drawn by a terminal emulator, as a user would see it.
type client struct {
	t      testing.TB
	sess   *gossh.Session
	stdin  io.Writer
	mu     sync.Mutex
	emu    *vt.Emulator
	raw    bytes.Buffer
	stderr lockedBuffer
	ended  chan error
}

func (f *fixture) dial(t testing.TB, typedUser string, auth ...gossh.AuthMethod) (*client, error) {
	t.Helper()
	return f.dialEnv(t, typedUser, nil, auth...)
}

// dialEnv is dial with environment variables sent to the server first.
func (f *fixture) dialEnv(t testing.TB, typedUser string, env map[string]string, auth ...gossh.AuthMethod) (*client, error) {
	t.Helper()
	return f.dialConfig(t, &gossh.ClientConfig{User: typedUser, Auth: auth}, env)
}

// dialConfig is dial with the client's configuration as given, the
// server's host key and a timeout added.
func (f *fixture) dialConfig(t testing.TB, cfg *gossh.ClientConfig, env map[string]string) (*client, error) {
	t.Helper()
	cfg.HostKeyCallback = gossh.FixedHostKey(f.srv.hostPublicKey(t))
	cfg.Timeout = 5 * time.Second
	conn, err := gossh.Dial("tcp", f.addr, cfg)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { conn.Close() })
	sess, err := conn.NewSession()
	if err != nil {
		return nil, err
	}
	c := &client{t: t, sess: sess, emu: vt.NewEmulator(80, 24), ended: make(chan error, 1)}
	go io.Copy(io.Discard, c.emu) // the emulator's answers to queries
	sess.Stderr = &c.stderr
	out, err := sess.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if c.stdin, err = sess.StdinPipe(); err != nil {
		return nil, err
	}
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			return nil, err
		}
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		return nil, err
	}
	if err := sess.Shell(); err != nil {
		return nil, err
	}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				c.mu.Lock()
				c.raw.Write(buf[:n])
				c.emu.Write(buf[:n])
				c.mu.Unlock()
			}
			if err != nil {
				c.ended <- sess.Wait()
				return
			}
		}
	}()
	return c, nil
}

// signIn dials as a user with signer.
func (f *fixture) signIn(t *testing.T, signer gossh.Signer) *client {
	t.Helper()
	c, err := f.dial(t, "anyone", gossh.PublicKeys(signer))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (s *Server) hostPublicKey(t testing.TB) gossh.PublicKey {
	t.Helper()
	b, err := os.ReadFile(s.cfg.HostKeyPath)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return signer.PublicKey()
}

// screen is what the client's terminal shows.
func (c *client) screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.emu.String()
}

// output is everything the server wrote, as bytes.
func (c *client) output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.raw.String()
}

// waitFor waits until the screen shows every one of texts.
func (c *client) waitFor(texts ...string) {
	c.t.Helper()
	c.waitUntil(strings.Join(texts, " and "), func() bool {
		s := c.screen()
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

func (c *client) waitUntil(what string, cond func() bool) {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			c.t.Fatalf("waiting for %s; the screen:\n%s\nstderr: %s", what, c.screen(), c.stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var keyBytes = map[string]string{
	"enter": "\r", "tab": "\t", "esc": "\x1b", "ctrl+u": "\x15", "ctrl+s": "\x13", "ctrl+c": "\x03", "down": "\x1b[B", "up": "\x1b[A",
}

// press types keys: names such as "enter" and "tab", or text.
func (c *client) press(keys ...string) {
	c.t.Helper()
	for _, k := range keys {
		b, ok := keyBytes[k]
		if !ok {
			b = k
		}
		if _, err := io.WriteString(c.stdin, b); err != nil {
			c.t.Fatalf("typing %q: %v", k, err)
		}
	}
}

// exit waits for the session to end and returns its exit status.
func (c *client) exit() int {
	c.t.Helper()
	select {
	case err := <-c.ended:
		var ee *gossh.ExitError
		if errors.As(err, &ee) {
			return ee.ExitStatus()
		}
		if err != nil {
			c.t.Fatalf("session: %v", err)
		}
		return 0
	case <-time.After(10 * time.Second):
		c.t.Fatalf("the session did not end; the screen:\n%s", c.screen())
		return -1
	}
}

// A user's key signs them in as themselves, whatever login they typed;
// the sign-in and sign-out are audited with the key and the address.
func TestKeySignsInItsUser(t *testing.T) {
	f := start(t, nil)
	f.user(t, "root", "Root Admin", model.RoleAdmin)
	amy := f.user(t, "amy", "Amy Ng", model.RoleFrontDesk)

	c, err := f.dial(t, "root", gossh.PublicKeys(amy))
	if err != nil {
		t.Fatal(err)
	}
	c.waitFor("1 Contacts", "No contacts yet")
	c.press("6")
	c.waitFor("Messages for Amy Ng")
	c.press("q")
	if code := c.exit(); code != 0 {
		t.Errorf("exit status %d", code)
	}
	u, _ := f.st.UserByUsername(t.Context(), "amy")
	log, _ := f.st.AuditLog(store.WithActor(t.Context(), "root"), store.AuditFilter{Record: fmt.Sprintf("user %d", u.ID)})
	slices.Reverse(log) // oldest first
	var actions []string
	for _, e := range log {
		if e.Action == "sign in" || e.Action == "sign out" {
			actions = append(actions, e.Action)
			if e.Actor != "amy" || !strings.Contains(e.Detail, gossh.FingerprintSHA256(amy.PublicKey())) || !strings.Contains(e.Detail, "127.0.0.1") {
				t.Errorf("audit: %+v", e)
			}
		}
	}
	if strings.Join(actions, ",") != "sign in,sign out" {
		t.Errorf("audited %v", actions)
	}
	keys, _ := f.st.UserKeys(t.Context(), u.ID)
	if keys[0].LastUsed.IsZero() {
		t.Error("the key's last use was not recorded")
	}
}

// A key no active user holds is refused with its fingerprint and whom to
// ask, and the refusal is logged with the address.
func TestUnknownKeyIsRefused(t *testing.T) {
	f := start(t, nil)
	f.user(t, "root", "Root Admin", model.RoleAdmin)
	stranger := newSigner(t)
	fp := gossh.FingerprintSHA256(stranger.PublicKey())

	c, err := f.dial(t, "root", gossh.PublicKeys(stranger))
	if err != nil {
		t.Fatal(err)
	}
	if code := c.exit(); code != 1 {
		t.Errorf("exit status %d", code)
	}
	if s := c.stderr.String(); !strings.Contains(s, fp) || !strings.Contains(s, "Ask an admin") {
		t.Errorf("stderr %q", s)
	}
	if strings.Contains(c.output(), "Contacts") {
		t.Error("a stranger saw the interface")
	}
	if l := f.log.String(); !strings.Contains(l, "refused the key "+fp+" from 127.0.0.1") {
		t.Errorf("log %q", l)
	}
}

// session is an SSH session as the server's handler sees it, with the
// key the connection signed with and the fingerprint the public-key
// callback last accepted.
type fakeSession struct {
	ssh.Session
	key    gossh.PublicKey
	perms  *ssh.Permissions
	ctx    ssh.Context
	stderr bytes.Buffer
	code   int
}

func (f *fakeSession) PublicKey() ssh.PublicKey     { return f.key }
func (f *fakeSession) Permissions() ssh.Permissions { return *f.perms }
func (f *fakeSession) RemoteAddr() net.Addr {
	return &net.TCPAddr{IP: net.IPv4(192, 0, 2, 9), Port: 4022}
}
func (f *fakeSession) Context() ssh.Context { return f.ctx }
func (f *fakeSession) Stderr() io.ReadWriter {
	return struct {
		io.Reader
		io.Writer
	}{nil, &f.stderr}
}
func (f *fakeSession) Exit(code int) error                     { f.code = code; return nil }
func (f *fakeSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) { return ssh.Pty{}, nil, false }

// fakeContext is an SSH session's context that is only a context.
type fakeContext struct {
	ssh.Context
	ctx context.Context
}

func (c fakeContext) Deadline() (time.Time, bool) { return c.ctx.Deadline() }
func (c fakeContext) Done() <-chan struct{}       { return c.ctx.Done() }
func (c fakeContext) Err() error                  { return c.ctx.Err() }
func (c fakeContext) Value(k any) any             { return c.ctx.Value(k) }

// A key only offered (the callback accepted it) but not the one that
// signed identifies nobody: the handler checks the key that signed
// against the one accepted (CVE-2024-45337), and never serves a mismatch.
func TestOfferedKeyIdentifiesNobody(t *testing.T) {
	f := start(t, nil)
	root := f.user(t, "root", "Root Admin", model.RoleAdmin)
	ben := f.user(t, "ben", "Ben Roy", model.RoleFrontDesk)
	perms := &ssh.Permissions{Permissions: &gossh.Permissions{Extensions: map[string]string{
		fingerprintExt: gossh.FingerprintSHA256(root.PublicKey())}}}
	sess := &fakeSession{key: ben.PublicKey(), perms: perms, ctx: fakeContext{ctx: t.Context()}}
	f.srv.handle(sess)
	if sess.code != 1 || !strings.Contains(sess.stderr.String(), "could not tell which key signed in") {
		t.Errorf("exit %d, told %q", sess.code, sess.stderr.String())
	}
	if l := f.log.String(); !strings.Contains(l, "is not the key accepted") || strings.Contains(l, "signed in") {
		t.Errorf("log %q", l)
	}
}

// Two users work at once, each in their own session: a contact one saves
// appears in the other's list.
func TestTwoSessionsAtOnce(t *testing.T) {
	f := start(t, nil)
	root := f.user(t, "root", "Root Admin", model.RoleAdmin)
	amy := f.user(t, "amy", "Amy Ng", model.RoleFrontDesk)

	a, b := f.signIn(t, root), f.signIn(t, amy)
	a.waitFor("No contacts yet")
	b.waitFor("No contacts yet")
	b.press("6")
	b.waitFor("Messages for Amy Ng")

	a.press("n")
	a.waitFor("New contact")
	a.press("tab", "416-555-0199", "tab", "Zed", "tab", "Quinn", "ctrl+s")
	a.waitFor("Added")
	b.press("1")
	b.waitFor("Quinn, Zed")
	if strings.Contains(a.screen(), "Messages for Amy Ng") {
		t.Error("one session's screen showed in the other")
	}
	log, _ := f.st.AuditLog(store.WithActor(t.Context(), "root"), store.AuditFilter{Record: "contact 1"})
	slices.Reverse(log)
	if len(log) == 0 || log[0].Actor != "root" {
		t.Errorf("the contact's audit: %+v", log)
	}
}

// panicky panics on "!" for one user: a defect in one session.
type panicky struct{ tea.Model }

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "!" {
		panic("a defect")
	}
	m, cmd := p.Model.Update(msg)
	return panicky{m}, cmd
}

// A panic ends only the session it happens in, with an apology; the
// server and the other sessions go on.
func TestPanicEndsOnlyItsSession(t *testing.T) {
	f := start(t, func(c *Config) {
		c.NewModel = func(env *screen.Env) tea.Model { return panicky{app.New(env)} }
	})
	root := f.user(t, "root", "Root Admin", model.RoleAdmin)
	amy := f.user(t, "amy", "Amy Ng", model.RoleFrontDesk)
	a, b := f.signIn(t, root), f.signIn(t, amy)
	a.waitFor("No contacts yet")
	b.waitFor("No contacts yet")

	a.press("!")
	if code := a.exit(); code != 1 {
		t.Errorf("exit status %d", code)
	}
	if out := a.output(); !strings.Contains(out, "Sorry: something went wrong") || strings.Contains(out, "goroutine") {
		t.Errorf("the user saw %q", out[max(0, len(out)-300):])
	}
	if l := f.log.String(); !strings.Contains(l, "panic in the session of root") || !strings.Contains(l, "a defect") {
		t.Errorf("log %q", l)
	}
	b.press("2")
	b.waitFor("No patients yet")
	c := f.signIn(t, root)
	c.waitFor("No contacts yet")
}

// A resized window is drawn again at its new size.
func TestResizeRedraws(t *testing.T) {
	f := start(t, nil)
	root := f.user(t, "root", "Root Admin", model.RoleAdmin)
	c := f.signIn(t, root)
	c.waitFor("No contacts yet")
	c.mu.Lock()
	c.emu.Resize(100, 30)
	c.mu.Unlock()
	if err := c.sess.WindowChange(30, 100); err != nil {
		t.Fatal(err)
	}
	// The count sits at the right edge of the list: at column 100 now.
	c.waitUntil("the count at the new right edge", func() bool {
		for _, line := range strings.Split(c.screen(), "\n") {
			if strings.HasSuffix(line, "0 contacts") && len([]rune(line)) == 100 {
				return true
			}
		}
		return false
	})
}

// Stopping the server tells every session, gives them the grace period,
// then ends them with a word on why.
func TestShutdownTellsEverySession(t *testing.T) {
	f := start(t, func(c *Config) { c.Grace = 200 * time.Millisecond })
	root := f.user(t, "root", "Root Admin", model.RoleAdmin)
	amy := f.user(t, "amy", "Amy Ng", model.RoleFrontDesk)
	a, b := f.signIn(t, root), f.signIn(t, amy)
	a.waitFor("No contacts yet")
	b.waitFor("No contacts yet")

	stopped := make(chan error, 1)
	go func() { stopped <- f.srv.Shutdown(t.Context()) }()
	a.waitFor("The server restarts in")
	for _, c := range []*client{a, b} {
		if code := c.exit(); code != 0 {
			t.Errorf("exit status %d", code)
		}
		if !strings.Contains(c.output(), "Connect again in a minute") {
			t.Errorf("no farewell: %q", c.output())
		}
	}
	if err := <-stopped; err != nil {
		t.Error(err)
	}
	if _, err := f.dial(t, "root", gossh.PublicKeys(root)); err == nil {
		t.Error("a stopped server let a session in")
	}
}

// A session without a key pressed for the idle time is told, then closed.
func TestIdleSessionIsClosed(t *testing.T) {
	f := start(t, func(c *Config) { c.Idle = 400 * time.Millisecond })
	root := f.user(t, "root", "Root Admin", model.RoleAdmin)
	c := f.signIn(t, root)
	c.waitFor("This session closes in")
	if code := c.exit(); code != 0 {
		t.Errorf("exit status %d", code)
	}
	if !strings.Contains(c.output(), "closed this session after") {
		t.Errorf("no farewell: %q", c.output())
	}
}

// The host key is made once, private, and kept.
func TestHostKeyIsKept(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), filepath.Join(dir, "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	path := filepath.Join(dir, "host_key")
	a, err := New(Config{Store: st, HostKeyPath: path})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key %v %v", fi, err)
	}
	b, err := New(Config{Store: st, HostKeyPath: path})
	if err != nil || a.Fingerprint() != b.Fingerprint() || !strings.HasPrefix(a.Fingerprint(), "SHA256:") {
		t.Errorf("fingerprints %s %s %v", a.Fingerprint(), b.Fingerprint(), err)
	}
	os.WriteFile(path, []byte("junk"), 0o600)
	if _, err := New(Config{Store: st, HostKeyPath: path}); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("a junk host key: %v", err)
	}
}

// NO_COLOR sent by the client takes the colours away, never the marks of
// the selection: the selected row is drawn reversed, with no colour code.
func TestNoColourKeepsTheSelection(t *testing.T) {
	f := start(t, nil)
	root := f.user(t, "root", "Root Admin", model.RoleAdmin)
	owner := store.AsOwner(store.WithActor(t.Context(), "frontdesk"))
	for i, last := range []string{"Lee", "Roy"} {
		if _, err := f.st.CreateContact(owner, model.Contact{Kind: model.Single, Fax: fmt.Sprintf("+141655501%02d", i),
			Entities: []model.Entity{{FirstName: "Ann", LastName: last}}}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := f.dialEnv(t, "root", map[string]string{"NO_COLOR": "1"}, gossh.PublicKeys(root))
	if err != nil {
		t.Fatal(err)
	}
	c.waitFor("> Lee, Ann")
	c.press("j")
	c.waitFor("> Roy, Ann")
	out := c.output()
	if !regexp.MustCompile("\x1b\\[[0-9;]*;7m> ").MatchString(out) {
		t.Errorf("the selection is not drawn reversed: %q", out[max(0, len(out)-1500):])
	}
	if strings.Contains(out, "38;5;") || strings.Contains(out, "38;2;") {
		t.Error("colours drawn for a client that asked for none")
	}
}

// The server's sessions hear of each other's saves from its one watcher,
// without a key: a contact saved in one appears in the other's list as it
// stands, both drawn from the server's one contact list.
func TestSessionsShareTheServersWatcherAndList(t *testing.T) {
	f := start(t, nil)
	root := f.user(t, "root", "Root Admin", model.RoleAdmin)
	amy := f.user(t, "amy", "Amy Ng", model.RoleFrontDesk)

	a, b := f.signIn(t, root), f.signIn(t, amy)
	a.waitFor("No contacts yet")
	b.waitFor("No contacts yet")
	if n := f.srv.watch.Subscribers(); n != 2 {
		t.Fatalf("%d sessions watch the database, want the 2", n)
	}
	a.press("n")
	a.waitFor("New contact")
	a.press("tab", "416-555-0199", "tab", "Zed", "tab", "Quinn", "ctrl+s")
	a.waitFor("Added")
	b.waitFor("Quinn, Zed")
	if s := f.srv.contacts.Current(); s.Len() != 1 {
		t.Errorf("the server's contact list holds %d contacts, want 1", s.Len())
	}
}

// offerOnly is a key the client offers but cannot sign with, as a
// hardware key that was pulled out: the client asks whether the server
// takes it (the server's callback runs for it and answers yes), then
// fails to sign and goes on to its next method.
type offerOnly struct{ pub gossh.PublicKey }

func (o offerOnly) PublicKey() gossh.PublicKey { return o.pub }
func (o offerOnly) Sign(io.Reader, []byte) (*gossh.Signature, error) {
	return nil, errors.New("the key is gone")
}

// forger offers one key and signs with another.
type forger struct {
	offers gossh.PublicKey
	signs  gossh.Signer
}

func (f forger) PublicKey() gossh.PublicKey { return f.offers }
func (f forger) Sign(r io.Reader, data []byte) (*gossh.Signature, error) {
	return f.signs.Sign(r, data)
}

// inTurn tries the methods one after another, each a publickey attempt
// of its own: the client takes only the first publickey method of its
// Auth list, and only a callback gives it more.
func inTurn(methods ...gossh.AuthMethod) *gossh.ClientConfig {
	return &gossh.ClientConfig{User: "root", AuthCallback: func(*gossh.ClientAuthContext) (gossh.AuthMethod, error) {
		if len(methods) == 0 {
			return nil, nil
		}
		m := methods[0]
		methods = methods[1:]
		return m, nil
	}}
}

// A key offered and accepted, but not the one that signed, identifies
// nobody, over a real connection: the client offers Root's key (the
// server's callback runs for it and says it would take it), does not sign
// with it, and signs with another key. The session is that key's user, or
// refused when that key is nobody's; never Root's.
func TestOfferedKeyDoesNotSignIn(t *testing.T) {
	// asked are the keys the server's callback was asked about.
	var rootFP string
	var mu sync.Mutex
	var asked []string
	f := startServer(t, nil, func(s *Server) {
		accept := s.ssh.PublicKeyHandler
		s.ssh.PublicKeyHandler = func(ctx ssh.Context, key ssh.PublicKey) bool {
			mu.Lock()
			asked = append(asked, gossh.FingerprintSHA256(key))
			mu.Unlock()
			return accept(ctx, key)
		}
	})
	// askedFirst says the callback ran for Root's key, then for fp.
	askedFirst := func(t *testing.T, fp string) {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		if !slices.Equal(asked, []string{rootFP, fp}) {
			t.Errorf("the callback was asked about %v, want Root's key then %s", asked, fp)
		}
		asked = nil
	}
	root := f.user(t, "root", "Root Admin", model.RoleAdmin)
	ben := f.user(t, "ben", "Ben Roy", model.RoleFrontDesk)
	stranger := newSigner(t)
	rootFP = gossh.FingerprintSHA256(root.PublicKey())
	benFP, strangerFP := gossh.FingerprintSHA256(ben.PublicKey()), gossh.FingerprintSHA256(stranger.PublicKey())
	offered := gossh.PublicKeys(offerOnly{root.PublicKey()})

	// signIns are the users and fingerprints the audit's sign-ins name.
	signIns := func() []string {
		log, err := f.st.AuditLog(store.WithActor(t.Context(), "root"), store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var fps []string
		for _, e := range log {
			if e.Action == "sign in" {
				fp, _, _ := strings.Cut(e.Detail, " ")
				fps = append(fps, e.Actor+" "+fp)
			}
		}
		return fps
	}

	t.Run("another user's key signs", func(t *testing.T) {
		c, err := f.dialConfig(t, inTurn(offered, gossh.PublicKeys(ben)), nil)
		if err != nil {
			t.Fatal(err)
		}
		askedFirst(t, benFP)
		c.waitFor("1 Contacts")
		c.press("6")
		c.waitFor("Messages for Ben Roy")
		c.press("q")
		c.exit()
		if got, want := signIns(), []string{"ben " + benFP}; !slices.Equal(got, want) {
			t.Errorf("sign-ins audited %v, want %v", got, want)
		}
		if l := f.log.String(); !strings.Contains(l, "ben signed in from 127.0.0.1") || strings.Contains(l, rootFP) {
			t.Errorf("log %q", l)
		}
	})

	t.Run("nobody's key signs", func(t *testing.T) {
		c, err := f.dialConfig(t, inTurn(offered, gossh.PublicKeys(stranger)), nil)
		if err != nil {
			t.Fatal(err)
		}
		askedFirst(t, strangerFP)
		if code := c.exit(); code != 1 {
			t.Errorf("exit status %d", code)
		}
		if s := c.stderr.String(); !strings.Contains(s, strangerFP) || strings.Contains(s, rootFP) {
			t.Errorf("told %q, want the fingerprint of the key that signed, %s", s, strangerFP)
		}
		if strings.Contains(c.output(), "Contacts") {
			t.Error("a stranger saw the interface")
		}
		if l := f.log.String(); !strings.Contains(l, "refused the key "+strangerFP) || strings.Contains(l, "root signed in") {
			t.Errorf("log %q", l)
		}
	})

	// A signature Root's key did not make ends the connection there:
	// no other key is tried, nobody signs in.
	t.Run("a forged signature", func(t *testing.T) {
		if _, err := f.dialConfig(t, inTurn(gossh.PublicKeys(forger{offers: root.PublicKey(), signs: ben}), gossh.PublicKeys(ben)), nil); err == nil {
			t.Fatal("a signature by another key was let in")
		}
	})

	t.Run("no key signs", func(t *testing.T) {
		if _, err := f.dialConfig(t, inTurn(offered), nil); err == nil {
			t.Fatal("a key that did not sign was let in")
		}
	})

	if got, want := signIns(), []string{"ben " + benFP}; !slices.Equal(got, want) {
		t.Errorf("sign-ins audited %v, want only Ben's, %v", got, want)
	}
	if l := f.log.String(); strings.Contains(l, "root signed in") {
		t.Errorf("log %q", l)
	}
}
