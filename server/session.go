package server

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish/scp"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// session is one member of staff's live interface.
type session struct {
	srv     *Server
	ssh     ssh.Session
	user    model.User
	p       *tea.Program
	lastKey atomic.Int64 // unix nanoseconds of the last key pressed

	mu       sync.Mutex
	farewell string // what the session is told when it ends; "" for a user's own quit
	panicked bool
}

// handle serves one SSH session: it finds the user by the key that
// signed, then copies their files (scp) or runs their interface until
// they quit, disconnect, stay idle too long or the server stops.
func (s *Server) handle(sess ssh.Session) {
	u, fp, ok := s.signedIn(sess)
	if !ok {
		return
	}
	if info := scp.GetInfo(sess.Command()); info.Ok {
		s.copyFiles(sess, u, info)
		return
	}
	s.run(sess, u, fp)
}

// signedIn is the user whose key signed in, with the key's fingerprint;
// a session no active user's key signed is refused, and ok is false.
func (s *Server) signedIn(sess ssh.Session) (u model.User, fp string, ok bool) {
	addr := sess.RemoteAddr().String()
	pk := sess.PublicKey()
	if pk == nil {
		s.logf("refused %s: no key", addr)
		refuse(sess, "frontdesk signs in with SSH keys only: ask an admin to add your public key.")
		return u, "", false
	}
	fp = gossh.FingerprintSHA256(pk)
	if got := sess.Permissions().Extensions[fingerprintExt]; got != fp {
		s.logf("refused %s: the key that signed (%s) is not the key accepted (%s)", addr, fp, got)
		refuse(sess, "frontdesk could not tell which key signed in; connect again.")
		return u, "", false
	}
	u, err := s.cfg.Store.UserByKey(sess.Context(), fp)
	if errors.Is(err, store.ErrNotFound) {
		s.logf("refused the key %s from %s: no active user holds it", fp, addr)
		refuse(sess, fmt.Sprintf("the key %s is not the key of any frontdesk user. Ask an admin to add it to your user (on the Staff screen, or with frontdesk user key add on the server).", fp))
		return u, "", false
	}
	if err != nil {
		s.logf("refused the key %s from %s: %v", fp, addr, err)
		refuse(sess, "frontdesk could not read its database; try again in a moment.")
		return u, "", false
	}
	return u, fp, true
}

// run runs the interface of u, signed in with the key fp.
func (s *Server) run(sess ssh.Session, u model.User, fp string) {
	addr, ctx := sess.RemoteAddr().String(), sess.Context()
	pty, windows, ok := sess.Pty()
	if !ok {
		refuse(sess, "frontdesk needs a terminal: connect with ssh -t.")
		return
	}
	ss := &session{srv: s, ssh: sess, user: u}
	if !s.add(ss) {
		refuse(sess, "The server is restarting. Connect again in a minute.")
		return
	}
	defer s.remove(ss)

	// The session's context ends with the session: what it subscribed
	// to (the watcher) lets go of it then.
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	actx := store.WithActor(sctx, u.Username)
	if err := s.cfg.Store.SignIn(actx, fp, addr); err != nil {
		s.logf("recording the sign-in of %s: %v", u.Username, err)
	}
	s.logf("%s signed in from %s with %s", u.Username, addr, fp)
	// Signed out before the client is told the session is over; the
	// session's context may be over, the sign-out is still recorded.
	var once sync.Once
	signOut := func() {
		once.Do(func() {
			if err := s.cfg.Store.SignOut(context.WithoutCancel(actx), fp, addr); err != nil {
				s.logf("recording the sign-out of %s: %v", u.Username, err)
			}
			s.logf("%s signed out (%s)", u.Username, addr)
		})
	}
	defer signOut()

	region, err := s.cfg.Store.Region(actx)
	if err != nil {
		s.logf("reading settings for %s: %v", u.Username, err)
		refuse(sess, "frontdesk could not read its settings; try again in a moment.")
		return
	}
	folder, err := s.folder(u)
	if err != nil {
		s.logf("opening the folder of %s: %v", u.Username, err)
		refuse(sess, "frontdesk could not open your folder of files; tell the clinic's admin.")
		return
	}
	defer folder.Close()
	env := &screen.Env{
		Store:    s.cfg.Store,
		Styles:   theme.ForTerminal(renderer(sess, pty.Term), true, pty.Term, asciiAsked(sess)),
		Keys:     keymap.Default(),
		Ctx:      actx,
		Start:    screen.Session{Region: region, User: u},
		Watch:    s.watch,
		Contacts: s.contacts,
		Files:    folder,
	}
	ss.lastKey.Store(time.Now().UnixNano())
	ss.p = tea.NewProgram(&guard{inner: s.cfg.NewModel(env), ss: ss},
		tea.WithInput(sess), tea.WithOutput(sess), tea.WithAltScreen(),
		// One SIGINT must not reach every session: the server handles it.
		tea.WithoutSignalHandler(),
		tea.WithContext(ctx),
		tea.WithFilter(ss.filter))
	go ss.followWindow(ctx, pty.Window, windows)
	if s.cfg.Idle > 0 {
		go ss.closeWhenIdle(ctx, s.cfg.Idle)
	}
	_, err = ss.p.Run()
	ss.p.Kill()
	signOut()

	ss.mu.Lock()
	farewell, panicked := ss.farewell, ss.panicked
	ss.mu.Unlock()
	switch {
	case panicked || errors.Is(err, tea.ErrProgramPanic):
		fmt.Fprint(sess, "\r\nSorry: something went wrong in frontdesk and this session had to end. What you had saved is kept; the error was logged for the clinic's admin. Connect again to go on.\r\n")
		if !panicked {
			s.logf("session of %s ended by a panic (its stack is on standard output)", u.Username)
		}
		sess.Exit(1)
	case farewell != "":
		fmt.Fprint(sess, "\r\n"+farewell+"\r\n")
		sess.Exit(0)
	default:
		sess.Exit(0)
	}
}

// refuse tells the client why it is not let in and ends the session.
func refuse(sess ssh.Session, why string) {
	fmt.Fprintf(sess.Stderr(), "frontdesk: %s\r\n", why)
	sess.Exit(1)
}

func (s *Server) add(ss *session) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	s.sessions[ss] = struct{}{}
	s.done.Add(1)
	return true
}

func (s *Server) remove(ss *session) {
	s.mu.Lock()
	delete(s.sessions, ss)
	s.mu.Unlock()
	s.done.Done()
}

// filter notes when the user last pressed a key: a session is idle by
// its keys, not by its output, which repaints on every change of data.
func (ss *session) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg.(type) {
	case tea.KeyMsg, tea.MouseMsg:
		ss.lastKey.Store(time.Now().UnixNano())
	}
	return msg
}

// followWindow gives the interface the terminal's size, now and on every
// resize. A panic here would otherwise end the whole server.
func (ss *session) followWindow(ctx context.Context, w ssh.Window, windows <-chan ssh.Window) {
	defer ss.rescue("following the window")
	ss.send(size(w))
	for {
		select {
		case <-ctx.Done():
			return
		case w, ok := <-windows:
			if !ok {
				return
			}
			ss.send(size(w))
		}
	}
}

// size is the window's, or 80x24 for a client that says none (ssh -tt
// without a terminal of its own sends 0x0).
func size(w ssh.Window) tea.WindowSizeMsg {
	if w.Width <= 0 || w.Height <= 0 {
		return tea.WindowSizeMsg{Width: 80, Height: 24}
	}
	return tea.WindowSizeMsg{Width: w.Width, Height: w.Height}
}

// closeWhenIdle ends the session after idle without a key, with a
// notice first.
func (ss *session) closeWhenIdle(ctx context.Context, idle time.Duration) {
	defer ss.rescue("watching for idleness")
	notice := min(time.Minute, idle/2)
	t := time.NewTicker(max(idle/20, 10*time.Millisecond))
	defer t.Stop()
	warned := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		quiet := time.Since(time.Unix(0, ss.lastKey.Load()))
		switch {
		case quiet >= idle:
			ss.end(fmt.Sprintf("frontdesk closed this session after %s without a key. Connect again when you need it.", minutes(idle)))
			return
		case quiet >= idle-notice && !warned:
			warned = true
			ss.send(screen.StatusMsg{Text: fmt.Sprintf("This session closes in %s unless a key is pressed.", minutes(notice)), Err: true})
		case quiet < idle-notice:
			warned = false
		}
	}
}

// minutes says d as people do.
func minutes(d time.Duration) string {
	if d >= time.Minute {
		n := int(d.Round(time.Minute) / time.Minute)
		if n == 1 {
			return "1 minute"
		}
		return fmt.Sprintf("%d minutes", n)
	}
	n := int(d.Round(time.Second) / time.Second)
	if n == 1 {
		return "1 second"
	}
	return fmt.Sprintf("%d seconds", n)
}

// warnStopping tells the user the server is stopping and how long they
// have.
func (ss *session) warnStopping(grace time.Duration) {
	text := "The server is restarting now."
	if grace > 0 {
		text = fmt.Sprintf("The server restarts in %s: save your work now.", minutes(grace))
	}
	go ss.send(screen.StatusMsg{Text: text, Err: true})
}

// end quits the interface, to be told farewell on the way out.
func (ss *session) end(farewell string) {
	ss.mu.Lock()
	if ss.farewell == "" {
		ss.farewell = farewell
	}
	ss.mu.Unlock()
	if ss.p != nil {
		ss.p.Quit()
	}
}

// send gives the interface a message unless it has ended.
func (ss *session) send(msg tea.Msg) {
	if ss.p != nil {
		ss.p.Send(msg)
	}
}

// rescue logs a panic of the session's own goroutines and ends the
// session, leaving the server and the other sessions alone.
func (ss *session) rescue(doing string) {
	if r := recover(); r != nil {
		ss.crashed(doing, r, debug.Stack())
	}
}

func (ss *session) crashed(doing string, r any, stack []byte) {
	ss.mu.Lock()
	ss.panicked = true
	ss.mu.Unlock()
	ss.srv.logf("panic in the session of %s, %s: %v\n%s", ss.user.Username, doing, r, stack)
	if ss.p != nil {
		go ss.p.Quit()
	}
}

// renderer draws for the client's terminal as its environment describes
// it, without asking the terminal anything: a client that does not answer
// terminal queries must not hang its session.
func renderer(sess ssh.Session, term string) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(sess)
	r.SetColorProfile(colorProfile(term, sess.Environ()))
	r.SetHasDarkBackground(true)
	return r
}

// colorProfile is what the client's TERM, COLORTERM and NO_COLOR say it
// can show.
func colorProfile(term string, environ []string) termenv.Profile {
	env := func(k string) string {
		for _, kv := range environ {
			if v, ok := strings.CutPrefix(kv, k+"="); ok {
				return v
			}
		}
		return ""
	}
	if term == "" {
		term = env("TERM")
	}
	switch ct := strings.ToLower(env("COLORTERM")); {
	case env("NO_COLOR") != "", term == "", term == "dumb":
		return termenv.Ascii
	case ct == "truecolor" || ct == "24bit":
		return termenv.TrueColor
	case strings.Contains(term, "256color"):
		return termenv.ANSI256
	}
	return termenv.ANSI
}

// asciiAsked is the session's --ascii: `ssh -t clinic-server ascii` (or
// --ascii) draws borders with ASCII characters only.
func asciiAsked(sess ssh.Session) bool {
	for _, a := range sess.Command() {
		if a == "ascii" || a == "--ascii" {
			return true
		}
	}
	return false
}

// guard ends a session whose interface panics, logging the panic, while
// the other sessions go on.
type guard struct {
	inner  tea.Model
	ss     *session
	broken bool
}

func (g *guard) Init() (cmd tea.Cmd) {
	defer g.catch("starting", &cmd)
	return g.inner.Init()
}

func (g *guard) Update(msg tea.Msg) (m tea.Model, cmd tea.Cmd) {
	m = g // what a panic returns, too
	if g.broken {
		return g, tea.Quit
	}
	defer g.catch("updating", &cmd)
	g.inner, cmd = g.inner.Update(msg)
	return g, cmd
}

func (g *guard) View() (v string) {
	if g.broken {
		return ""
	}
	defer func() {
		if r := recover(); r != nil {
			g.broken = true
			g.ss.crashed("drawing", r, debug.Stack())
			v = ""
		}
	}()
	return g.inner.View()
}

func (g *guard) catch(doing string, cmd *tea.Cmd) {
	if r := recover(); r != nil {
		g.broken = true
		g.ss.crashed(doing, r, debug.Stack())
		*cmd = tea.Quit
	}
}
