package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/transport"
)

// runServe is the clinic's sender: it hands the outbox to the spool
// folder's gateway, records the gateway's results, and takes in the faxes
// of the inbox folder, until ctx ends. One sender runs per database; a
// second one waits for the first to stop.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk serve", stdout, stderr)
	spool := fs.String("spool", "", "the spool folder holding outbox/, inbox/, received/ and rejected/ (default: spool beside the database)")
	every := fs.Duration("every", 2*time.Second, "how often the outbox and the inbox are looked at")
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if *every <= 0 {
		fmt.Fprintln(stderr, "frontdesk serve: --every must be a positive duration such as 2s")
		return exitUsage
	}
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
	fmt.Fprintf(stdout, "frontdesk serve: sending and receiving through %s; ctrl+c stops\n", s.Dir)
	if err := s.Run(store.WithActor(ctx, store.Actor(actx))); err != nil {
		fmt.Fprintf(stderr, "frontdesk serve: %v\n", err)
		return exitFail
	}
	fmt.Fprintln(stdout, "frontdesk serve: stopped")
	return exitOK
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
