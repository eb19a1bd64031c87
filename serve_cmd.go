package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"frontdesk/model"
	"frontdesk/server"
	"frontdesk/store"
	"frontdesk/transport"
)

// runServe is the clinic server: frontdesk over SSH for the staff, and
// the clinic's sender, which hands the outbox to the spool folder's
// gateway, records the gateway's results, and takes in the faxes of the
// inbox folder, until ctx ends. One sender runs per database; a second
// one waits for the first to stop.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk serve", stdout, stderr)
	spool := fs.String("spool", "", "the spool folder holding outbox/, inbox/, received/ and rejected/ (default: spool beside the database)")
	every := fs.Duration("every", 2*time.Second, "how often the outbox and the inbox are looked at")
	sshAddr := fs.String("ssh", ":2222", `where staff connect over SSH ("off": no SSH, the sender only)`)
	idle := fs.Duration("idle", 30*time.Minute, "close an SSH session after this long without a key (0: never)")
	grace := fs.Duration("grace", 10*time.Second, "how long sessions have to save when the server stops")
	portalAddr := fs.String("portal", "off", `where outside contacts open shared documents, such as :8443 ("off": no portal)`)
	cert := fs.String("portal-cert", "", "the portal's TLS certificate (PEM), with --portal-key")
	key := fs.String("portal-key", "", "the portal's TLS key (PEM)")
	proxies := fs.String("portal-proxy", "", "the addresses of the reverse proxies in front of the portal, comma-separated\n"+
		"(127.0.0.1, 10.0.0.0/8): TLS is theirs, and only their X-Forwarded-For is believed")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if *every <= 0 {
		fmt.Fprintln(stderr, "frontdesk serve: --every must be a positive duration such as 2s")
		return exitUsage
	}
	if *idle < 0 || *grace < 0 {
		fmt.Fprintln(stderr, "frontdesk serve: --idle and --grace take a duration such as 30m or 10s")
		return exitUsage
	}
	// Sessions, the sender and the server's log write at once.
	stdout, stderr = &syncWriter{w: stdout}, &syncWriter{w: stderr}
	// The sender is the clinic's service, whatever account runs it: it
	// needs no frontdesk user, and the audit log names the account.
	actx := actorContext()
	st, ok := openStore(actx, *db, true, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	s := &transport.Sender{
		Store:        st,
		Dir:          spoolDir(actx, *spool, st),
		FromSettings: true,
		Every:        *every,
		Holder:       senderName("frontdesk serve"),
		Waiting: func(other string) {
			fmt.Fprintf(stdout, "frontdesk serve: %s is sending for this database; waiting for it to stop\n", other)
		},
		Resumed: func() { fmt.Fprintln(stdout, "frontdesk serve: the other sender stopped; sending") },
		Received: func(f model.Fax) {
			from := f.Number
			if f.ContactID != 0 {
				from = f.Name + " " + f.Number
			}
			if from == "" {
				from = "an unknown number"
			}
			fmt.Fprintf(stdout, "frontdesk serve: fax %d received from %s, %d pages\n", f.ID, model.Printable(from), f.Pages)
		},
		Rejected: func(r transport.Rejected) {
			fmt.Fprintf(stderr, "frontdesk serve: not taken in: %s\n", model.Printable(r.String()))
		},
		Failed: func(err error) { fmt.Fprintf(stderr, "frontdesk serve: %v\n", err) },
	}
	var web *portalService
	if *portalAddr != "off" {
		cfg := portalConfig{addr: *portalAddr, cert: *cert, key: *key, proxies: *proxies}
		if web, ok = startPortal(actx, st, cfg, stdout, stderr); !ok {
			return exitFail
		}
	}
	var ssh *sshService
	if *sshAddr != "off" {
		if ssh, ok = startSSH(actx, st, *sshAddr, *idle, *grace, stdout, stderr); !ok {
			return exitFail
		}
	}
	fmt.Fprintf(stdout, "frontdesk serve: sending and receiving through %s; ctrl+c stops\n", s.Dir)
	sctx, stopSending := context.WithCancel(store.WithActor(ctx, store.Actor(actx)))
	sent := make(chan error, 1)
	go func() { sent <- s.Run(sctx) }()
	// Until stopped, or until the sender fails; then the sessions are
	// told and ended before the sender stops.
	var sendErr error
	senderDone := false
	select {
	case <-ctx.Done():
	case sendErr = <-sent:
		senderDone = true
	}
	code := exitOK
	if ssh != nil && !ssh.stop(*grace, stderr) {
		code = exitFail
	}
	if web != nil && !web.stop(stderr) {
		code = exitFail
	}
	stopSending()
	if !senderDone {
		sendErr = <-sent
	}
	if sendErr != nil {
		fmt.Fprintf(stderr, "frontdesk serve: %v\n", sendErr)
		code = exitFail
	}
	fmt.Fprintln(stdout, "frontdesk serve: stopped")
	return code
}

// sshService is the SSH side of the server, running.
type sshService struct {
	srv    *server.Server
	served chan error
}

// startSSH listens on addr and serves staff there, with the host key
// kept beside the database.
func startSSH(ctx context.Context, st *store.Store, addr string, idle, grace time.Duration, stdout, stderr io.Writer) (*sshService, bool) {
	srv, err := server.New(server.Config{
		Store:       st,
		HostKeyPath: st.Path() + ".host_key",
		Log:         prefixWriter{"frontdesk serve: ", stdout},
		Idle:        idle,
		Grace:       grace,
	})
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk serve: %v\n", err)
		return nil, false
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk serve: SSH: %v (another serve may be running; --ssh ADDR serves elsewhere)\n", err)
		return nil, false
	}
	fmt.Fprintf(stdout, "frontdesk serve: staff connect over SSH on %s; host key %s\n", l.Addr(), srv.Fingerprint())
	if keys, err := st.UserKeys(ctx, 0); err == nil && len(keys) == 0 {
		fmt.Fprintln(stdout, "frontdesk serve: no user has an SSH key yet: frontdesk user add LOGIN --name NAME --role admin, then frontdesk user key add LOGIN FILE")
	}
	svc := &sshService{srv: srv, served: make(chan error, 1)}
	go func() { svc.served <- srv.Serve(l) }()
	return svc, true
}

// stop tells the sessions, gives them grace to save, and ends them.
func (s *sshService) stop(grace time.Duration, stderr io.Writer) bool {
	ctx, cancel := context.WithTimeout(context.Background(), grace+10*time.Second)
	defer cancel()
	ok := true
	if err := s.srv.Shutdown(ctx); err != nil {
		fmt.Fprintf(stderr, "frontdesk serve: %v\n", err)
		ok = false
	}
	if err := <-s.served; err != nil {
		fmt.Fprintf(stderr, "frontdesk serve: SSH: %v\n", err)
		ok = false
	}
	return ok
}

// syncWriter lets several goroutines write whole lines to one stream.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// prefixWriter starts every write with prefix.
type prefixWriter struct {
	prefix string
	w      io.Writer
}

func (p prefixWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, p.prefix+string(b)); err != nil {
		return 0, err
	}
	return len(b), nil
}

// spoolDir is the spool folder asked for, else the settings' one, else the
// one beside the database.
func spoolDir(ctx context.Context, asked string, st *store.Store) string {
	if asked != "" {
		return asked
	}
	if fs, err := st.FaxSettings(ctx); err == nil && fs.SpoolDir != "" {
		return fs.SpoolDir
	}
	return filepath.Join(filepath.Dir(st.Path()), "spool")
}

// senderName tells the other senders of a database who holds its place.
func senderName(what string) string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s, process %d on %s, since %s", what, os.Getpid(), host, time.Now().Format(time.StampMicro))
}
