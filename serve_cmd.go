package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"frontdesk/store"
	"frontdesk/transport"
)

// runServe is the clinic's sender: it hands the outbox to the spool
// folder's gateway, records the gateway's results, and takes in the faxes
// of the inbox folder, until ctx ends. One sender runs per database; a
// second one waits for the first to stop.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, db := flags("frontdesk serve", stderr)
	spool := fs.String("spool", "", "the spool folder holding outbox/, inbox/, received/ and rejected/ (default: spool beside the database)")
	every := fs.Duration("every", 2*time.Second, "how often the outbox and the inbox are looked at")
	if !parse(fs, args, stderr) {
		return exitUsage
	}
	if *every <= 0 {
		fmt.Fprintln(stderr, "frontdesk serve: --every must be a positive duration such as 2s")
		return exitUsage
	}
	actx, st, ok := session(*db, stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	ctx = store.WithActor(ctx, store.Actor(actx))
	dir := *spool
	if dir == "" {
		dir = filepath.Join(filepath.Dir(st.Path()), "spool")
	}
	for _, sub := range []string{"outbox", "inbox"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			fmt.Fprintf(stderr, "frontdesk serve: %v\n", err)
			return exitFail
		}
	}

	host, _ := os.Hostname()
	holder := fmt.Sprintf("frontdesk serve, process %d on %s, since %s", os.Getpid(), host, time.Now().Format(time.StampMicro))
	lease := max(30*time.Second, 5**every)
	worker := &transport.Worker{Store: st, Transport: transport.Spool{Dir: dir}, Lease: lease}
	inbox := transport.Inbox{Dir: dir, Settle: time.Second}
	fmt.Fprintf(stdout, "frontdesk serve: sending and receiving through %s; ctrl+c stops\n", dir)

	tick := time.NewTicker(*every)
	defer tick.Stop()
	waiting := ""
	for {
		held, other, err := st.HoldSender(ctx, holder, lease)
		switch {
		case ctx.Err() != nil:
		case err != nil:
			fmt.Fprintf(stderr, "frontdesk serve: %v\n", err)
		case !held:
			if waiting != other {
				fmt.Fprintf(stdout, "frontdesk serve: %s is sending for this database; waiting for it to stop\n", other)
			}
			waiting = other
		default:
			if waiting != "" {
				fmt.Fprintln(stdout, "frontdesk serve: the other sender stopped; sending")
			}
			waiting = ""
			serveRound(ctx, st, worker, inbox, stdout, stderr)
		}
		select {
		case <-ctx.Done():
			// A fresh context: the one that ended cannot give the place up.
			st.ReleaseSender(store.WithActor(context.Background(), store.Actor(ctx)), holder)
			fmt.Fprintln(stdout, "frontdesk serve: stopped")
			return exitOK
		case <-tick.C:
		}
	}
}

// serveRound sends what the outbox holds and takes in what the inbox does.
func serveRound(ctx context.Context, st *store.Store, w *transport.Worker, in transport.Inbox, stdout, stderr io.Writer) {
	for ctx.Err() == nil {
		handed, err := w.Step(ctx)
		if err != nil {
			if ctx.Err() == nil {
				fmt.Fprintf(stderr, "frontdesk serve: sending: %v\n", err)
			}
			break
		}
		if !handed {
			break
		}
	}
	if ctx.Err() != nil {
		return
	}
	in.Region, _ = st.Region(ctx)
	got, rejected, err := in.Collect(ctx, st)
	for _, f := range got {
		from := f.Number
		if f.ContactID != 0 {
			from = f.Name + " " + f.Number
		}
		if from == "" {
			from = "an unknown number"
		}
		fmt.Fprintf(stdout, "frontdesk serve: fax %d received from %s, %d pages\n", f.ID, from, f.Pages)
	}
	for _, r := range rejected {
		fmt.Fprintf(stderr, "frontdesk serve: not taken in: %s\n", r)
	}
	if err != nil && ctx.Err() == nil {
		fmt.Fprintf(stderr, "frontdesk serve: receiving: %v\n", err)
	}
}
