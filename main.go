// Command frontdesk is the front desk's fax contact book, in the terminal.
//
//	frontdesk [--db PATH] [--ascii] [--spool DIR]  the terminal interface
//	frontdesk demo [--db PATH]                    fill an empty database with demo data
//	frontdesk export [--db PATH] [--format csv|json|vcard]
//	frontdesk import FILE [--db PATH] [--map SPEC] [--dry-run] [--json]
//	frontdesk fax send|list|receive ...
//	frontdesk message ingest [FILE]               route patients' messages (JSON lines)
//	frontdesk inbox [--user USERNAME] [--json]    a user's messages
//	frontdesk serve [--db PATH] [--ssh ADDR]       the clinic server: SSH, and the fax sender
//	frontdesk user add|list|key ...               staff and their SSH keys, on the server
//	frontdesk settings list|set KEY VALUE          the clinic's settings, for scripted set-up
//	frontdesk help [COMMAND...]                   how to use frontdesk, or one command
//
// The commands are listed once, in commandLine; every one answers --help.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/contactindex"
	"frontdesk/demo"
	"frontdesk/export"
	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/transport"
	"frontdesk/ui/app"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
	"frontdesk/watch"
)

// Exit codes (the README's "Command line").
const (
	exitOK    = 0
	exitFail  = 1 // the file or the database could not be used
	exitUsage = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Messages quote what they were given (a file's cells, a number, a
	// path): never a terminal's control sequence.
	stderr = printableWriter{stderr}
	root := commandLine()
	return root.exec(root.name, args, stdio{in: stdin, out: stdout, err: stderr})
}

// session opens the database at path (or the default one) for the OS
// user, whom the audit log names as the author of the changes.
func session(path string, stderr io.Writer) (context.Context, *store.Store, bool) {
	ctx, st, _, ok := sessionAs(path, stderr, false)
	return ctx, st, ok
}

// readSession is session for a command that only reads: it refuses a
// path where there is no database instead of creating an empty one.
func readSession(path string, stderr io.Writer) (context.Context, *store.Store, bool) {
	ctx, st, _, ok := openSession(path, stderr, false, false)
	return ctx, st, ok
}

// sessionAs is session that also returns the frontdesk user the OS user
// is; an OS user who is not an active frontdesk user is refused once the
// database has an admin. first (the terminal interface, demo) makes the
// user the first admin of a database that has none.
func sessionAs(path string, stderr io.Writer, first bool) (context.Context, *store.Store, model.User, bool) {
	return openSession(path, stderr, first, true)
}

// readSessionAs is sessionAs for a command that only reads (see
// readSession).
func readSessionAs(path string, stderr io.Writer) (context.Context, *store.Store, model.User, bool) {
	return openSession(path, stderr, false, false)
}

func openSession(path string, stderr io.Writer, first, create bool) (context.Context, *store.Store, model.User, bool) {
	ctx := actorContext()
	st, ok := openStore(ctx, path, create, stderr)
	if !ok {
		return ctx, nil, model.User{}, false
	}
	full := ""
	if u, err := user.Current(); err == nil {
		full = u.Name
	}
	var u model.User
	var err error
	if first {
		u, err = st.ActingUser(ctx, full)
	} else {
		u, err = st.SignedIn(ctx)
	}
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk: %v\n", err)
		st.Close()
		return ctx, nil, u, false
	}
	return ctx, st, u, true
}

// openStore opens the database at path (or the default one), creating it
// only when create is set, and tells stderr when others can read it.
func openStore(ctx context.Context, path string, create bool, stderr io.Writer) (*store.Store, bool) {
	if path == "" {
		var err error
		if path, err = store.DefaultPath(); err != nil {
			fmt.Fprintf(stderr, "frontdesk: %v\n", err)
			return nil, false
		}
	}
	// Made absolute once: paths kept beside the database (covers, the
	// spool folder) must still be found from another folder.
	path, err := filepath.Abs(path)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk: %v\n", err)
		return nil, false
	}
	open := store.OpenExisting
	if create {
		open = store.Open
	}
	st, err := open(ctx, path)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk: %v\n", err)
		return nil, false
	}
	if w := st.Warning(); w != "" {
		fmt.Fprintf(stderr, "frontdesk: warning: %s\n", w)
	}
	return st, true
}

// actorContext names the OS user as the author of this session's changes.
func actorContext() context.Context {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return store.WithActor(context.Background(), name)
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func runTUI(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk", stdout, stderr)
	ascii := fs.Bool("ascii", false, "draw borders with ASCII characters only")
	spool := fs.String("spool", "", "the spool folder faxes are sent and received through (default: spool beside the database)")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	ctx, st, me, ok := sessionAs(*db, stderr, true)
	if !ok {
		return exitFail
	}
	defer st.Close()
	region, err := st.Region(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk: reading settings: %v\n", err)
		return exitFail
	}
	// The same watcher and contact list as the server's, with one
	// session.
	w := watch.NewPoller(st, 0)
	defer w.Close()
	env := &screen.Env{
		Store:    st,
		Styles:   theme.ForTerminal(lipgloss.NewRenderer(os.Stdout), isTerminal(os.Stdout), os.Getenv("TERM"), *ascii),
		Keys:     keymap.Default(),
		Ctx:      ctx,
		Start:    screen.Session{Region: region, User: me},
		Watch:    w,
		Contacts: contactindex.New(st, w),
	}
	p := tea.NewProgram(app.New(env), tea.WithAltScreen())
	if w := st.Warning(); w != "" {
		go p.Send(screen.StatusMsg{Text: screen.Sentence("Warning: " + w), Err: true})
	}
	stop := sendInBackground(ctx, st, *spool, p)
	_, err = p.Run()
	stop()
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk: %v\n", err)
		return exitFail
	}
	return exitOK
}

// sendInBackground runs the database's sender while the terminal
// interface does, when no server (or other session) is already sending;
// what it receives or fails at is told on the status line. stop ends it
// and gives its place to the next sender.
func sendInBackground(ctx context.Context, st *store.Store, spool string, p *tea.Program) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	tell := func(text string, isErr bool) {
		go p.Send(screen.StatusMsg{Text: text, Err: isErr}) // never holds the sender up
	}
	s := &transport.Sender{
		Store:        st,
		Dir:          spoolDir(ctx, spool, st),
		FromSettings: true,
		Holder:       senderName("frontdesk"),
		Received: func(f model.Fax) {
			region, _ := st.Region(ctx) // as set now; international when unreadable
			tell(fmt.Sprintf("Fax received from %s, %d pages.", f.Who(region), f.Pages), false)
		},
		Rejected: func(r transport.Rejected) { tell("A file of the fax inbox was not taken in: "+r.String()+".", true) },
		Failed:   func(err error) { tell(screen.Sentence("Sending faxes: "+err.Error()), true) },
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := s.Run(ctx); err != nil {
			tell(screen.Sentence("Faxes cannot be sent from here: "+err.Error()), true)
		}
	}()
	return func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second): // its place expires on its own
		}
	}
}

func runDemo(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk demo", stdout, stderr)
	if code, ok := fs.parse(args); !ok {
		return code
	}
	ctx, st, _, ok := sessionAs(*db, stderr, true)
	if !ok {
		return exitFail
	}
	defer st.Close()
	l, err := demo.Load(ctx, st, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk: %s: %v\n", st.Path(), err)
		return exitFail
	}
	fmt.Fprintf(stdout, "Added %s to %s.\n", l.Summary(), st.Path())
	return exitOK
}

func runExport(args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk export", stdout, stderr)
	format := fs.String("format", "csv", "csv, json or vcard (contacts only: vCard 4.0, one card per person)")
	kind := fs.String("kind", "contacts", "contacts or patients")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if *kind != "contacts" && *kind != "patients" {
		fmt.Fprintf(stderr, "frontdesk: --kind must be contacts or patients, not %q\n", *kind)
		return exitUsage
	}
	switch {
	case *format == "vcard" && *kind == "patients":
		fmt.Fprintln(stderr, "frontdesk: --format vcard is for contacts; export patients as csv or json")
		return exitUsage
	case *format != "csv" && *format != "json" && *format != "vcard":
		fmt.Fprintf(stderr, "frontdesk: --format must be csv, json or vcard, not %q\n", *format)
		return exitUsage
	}
	// A mistyped --db must not pass for an empty contact book: session
	// opens only a database that exists.
	ctx, st, ok := readSession(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	write := export.Write
	if *kind == "patients" {
		write = export.WritePatients
	}
	if _, err := write(ctx, stdout, st, *format); err != nil {
		if errors.Is(err, context.Canceled) {
			return exitFail
		}
		fmt.Fprintf(stderr, "frontdesk: export: %v\n", err)
		return exitFail
	}
	return exitOK
}

// printableWriter passes each write through model.PrintableText: for
// messages written whole by one Fprintf each.
type printableWriter struct{ w io.Writer }

func (p printableWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, model.PrintableText(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}
