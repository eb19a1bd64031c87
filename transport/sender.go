package transport

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"frontdesk/model"
	"frontdesk/private"
	"frontdesk/store"
)

// Sender is a database's one sender: every round it hands the outbox to
// the spool folder's gateway, records the gateway's results and takes in
// the inbox. Any number may run on one database (a server, each terminal
// session); the one holding the sender's place works, the others wait for
// it to stop or die.
type Sender struct {
	Store *store.Store
	Dir   string // the spool folder: its inbox is taken in
	// Transport sends the outbox: the spool folder's when nil, or the one
	// the clinic's settings choose, read again every round, when
	// FromSettings is set.
	Transport    Transport
	FromSettings bool
	Every        time.Duration // how often a round is done
	// Holder names this sender to the others waiting.
	Holder string

	// Each is told what was received, rejected, or failed, as it happens;
	// nil ones are not.
	Waiting  func(other string) // another sender holds the place
	Resumed  func()             // this one holds it again after waiting
	Received func(model.Fax)
	Rejected func(Rejected)
	Failed   func(error)
}

// Run does rounds until ctx ends, then gives the sender's place up.
func (s *Sender) Run(ctx context.Context) error {
	every := s.Every
	if every <= 0 {
		every = 2 * time.Second
	}
	for _, sub := range []string{"outbox", "inbox"} {
		if err := private.MkdirAll(filepath.Join(s.Dir, sub)); err != nil {
			return err
		}
	}
	lease := max(30*time.Second, 5*every)
	tr := s.Transport
	if tr == nil {
		tr = Spool{Dir: s.Dir}
	}
	worker := &Worker{Store: s.Store, Transport: tr, Lease: lease}
	inbox := Inbox{Dir: s.Dir, Settle: time.Second}
	tick := time.NewTicker(every)
	defer tick.Stop()
	waiting := ""
	for {
		held, other, err := s.Store.HoldSender(ctx, s.Holder, lease)
		switch {
		case ctx.Err() != nil:
		case err != nil:
			s.fail(err)
		case !held:
			if waiting != other && s.Waiting != nil {
				s.Waiting(other)
			}
			waiting = other
		default:
			if waiting != "" && s.Resumed != nil {
				s.Resumed()
			}
			waiting = ""
			if s.FromSettings {
				fs, err := s.Store.FaxSettings(ctx)
				if err != nil {
					if ctx.Err() == nil {
						s.fail(err)
					}
					break
				}
				worker.Transport = FromSettings(fs, s.Dir)
			}
			s.round(ctx, worker, inbox, lease)
		}
		select {
		case <-ctx.Done():
			// A fresh context: the one that ended cannot give the place up.
			return s.Store.ReleaseSender(store.WithActor(context.Background(), store.Actor(ctx)), s.Holder)
		case <-tick.C:
		}
	}
}

func (s *Sender) fail(err error) {
	if s.Failed != nil {
		s.Failed(err)
	}
}

// round sends what the outbox holds and takes in what the inbox does.
func (s *Sender) round(ctx context.Context, w *Worker, in Inbox, lease time.Duration) {
	for ctx.Err() == nil {
		// A long outbox outlasts a lease: keep the sender's place, or stop
		// sending as soon as another sender has it.
		if held, _, err := s.Store.HoldSender(ctx, s.Holder, lease); err != nil || !held {
			return
		}
		handed, err := w.SendNext(ctx)
		if err != nil {
			if ctx.Err() == nil {
				s.fail(fmt.Errorf("sending: %w", err))
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
	if err := w.CheckAll(ctx); err != nil && ctx.Err() == nil {
		s.fail(err)
	}
	in.Region, _ = s.Store.Region(ctx)
	got, rejected, err := in.Collect(ctx, s.Store)
	for _, f := range got {
		if s.Received != nil {
			s.Received(f)
		}
	}
	for _, r := range rejected {
		if s.Rejected != nil {
			s.Rejected(r)
		}
	}
	if err != nil && ctx.Err() == nil {
		s.fail(fmt.Errorf("receiving: %w", err))
	}
}
