// Package transport sends faxes out of the outbox: the Transport interface
// that a fax gateway is reached through, the spool-folder transport (the
// default: a job folder per fax that any gateway can watch), and the Worker
// that moves faxes from queued to sent or failed.
package transport

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

// Outcome is what a transport knows of a fax it accepted.
type Outcome struct {
	Done   bool // the gateway is finished with it
	Sent   bool
	Reason string // why it failed
}

// Transport hands faxes to a fax gateway and asks how they went.
type Transport interface {
	// Send hands the fax over and returns the transport's name for it.
	// Sending a fax again that was handed over and not finished must not
	// send it twice: the transport returns the same handle.
	Send(ctx context.Context, f model.Fax) (handle string, err error)
	// Check asks how the fax of handle went.
	Check(ctx context.Context, f model.Fax, handle string) (Outcome, error)
}

// Worker sends the faxes of the outbox through a transport.
type Worker struct {
	Store     *store.Store
	Transport Transport
	// Lease is how long a fax being handed over is the worker's: after
	// that, another worker may take it back (this one is taken for dead).
	Lease time.Duration
}

// Step does one round of work: it hands the next queued fax to the
// transport, and records the outcome of every fax the transport finished.
// handed reports whether a fax was handed over (there may be more).
func (w *Worker) Step(ctx context.Context) (handed bool, err error) {
	if handed, err = w.SendNext(ctx); err != nil {
		return handed, err
	}
	return handed, w.CheckAll(ctx)
}

// SendNext hands the next queued fax, if any, to the transport.
func (w *Worker) SendNext(ctx context.Context) (handed bool, err error) {
	lease := w.Lease
	if lease <= 0 {
		lease = 5 * time.Minute
	}
	f, ok, err := w.Store.ClaimFax(ctx, lease)
	if err != nil || !ok {
		return false, err
	}
	handle, serr := w.Transport.Send(ctx, f)
	// What the transport did is recorded even when the sender is stopping:
	// a fax handed over and not recorded would go twice.
	ctx = context.WithoutCancel(ctx)
	if serr != nil {
		return true, w.Store.FinishFax(ctx, f.ID, false, serr.Error())
	}
	return true, w.Store.HandOver(ctx, f.ID, handle)
}

// CheckAll asks the transport about every fax it was handed, and records
// the outcome of those it finished.
func (w *Worker) CheckAll(ctx context.Context) error {
	fs, hs, err := w.Store.AwaitingResult(ctx)
	if err != nil {
		return err
	}
	for i, f := range fs {
		out, err := w.Transport.Check(ctx, f, hs[i])
		if err != nil {
			return fmt.Errorf("checking fax %d: %w", f.ID, err)
		}
		if out.Done {
			if err := w.Store.FinishFax(ctx, f.ID, out.Sent, out.Reason); err != nil {
				return err
			}
		}
	}
	return nil
}

// FromSettings is the transport the clinic's settings choose; spool is the
// spool folder in use.
func FromSettings(fs model.FaxSettings, spool string) Transport {
	switch fs.Transport {
	case model.TransportEmail:
		port, _ := strconv.Atoi(fs.SMTPPort)
		return Email{Host: fs.SMTPHost, Port: port, Username: fs.SMTPUser, Password: fs.SMTPPass, TLS: fs.SMTPTLS,
			From: fs.MailFrom, To: fs.MailTo}
	case model.TransportHylaFAX:
		return HylaFAX{SendFax: fs.SendFax, FaxStat: fs.FaxStat, Host: fs.HylaHost}
	}
	return Spool{Dir: spool}
}
