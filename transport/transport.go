// Package transport sends faxes out of the outbox: the Transport interface
// that a fax gateway is reached through, the spool-folder transport (the
// default: a job folder per fax that any gateway can watch), and the Worker
// that moves faxes from queued to sent or failed.
package transport

import (
	"context"
	"errors"
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
	// Send hands the fax over as job, a name unique to this database and
	// this sending of the fax, and returns the transport's name for it.
	Send(ctx context.Context, f model.Fax, job string) (handle string, err error)
	// Check asks how the fax of handle went.
	Check(ctx context.Context, f model.Fax, handle string) (Outcome, error)
}

// A Resumer is a transport that can be given a job again after a sender
// stopped while handing it over: Send finds the job it already has and
// does not send it twice. A transport that is not one (an email sent or
// not cannot be asked about) has such a fax reported as unknown instead.
type Resumer interface{ Resumes() bool }

// ReasonUnknown is why a fax whose sender stopped while handing it over,
// to a transport that cannot be asked, failed.
const ReasonUnknown = "sending state unknown: the sender stopped while handing this fax to the gateway; " +
	"check the gateway before retrying, or it may go twice"

// ReasonNoDocuments is why a fax that has no stored documents failed.
const ReasonNoDocuments = "no stored documents: it was queued before frontdesk kept documents; send it again as a new fax"

// Worker sends the faxes of the outbox through a transport.
type Worker struct {
	Store     *store.Store
	Transport Transport
	// Lease is how long a fax being handed over is the worker's: after
	// that, another worker may take it back (this one is taken for dead).
	Lease time.Duration

	dbID  string            // the database's identity, read once
	crash func(step string) // a test's kill at a step, or nil
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
	w.step("claimed")
	// Only the stored bytes are sent: a fax recorded with paths only, before
	// frontdesk kept documents, is not sent by reading them now.
	if len(f.Documents) == 0 {
		return true, w.Store.FinishFax(context.WithoutCancel(ctx), f.ID, false, ReasonNoDocuments)
	}
	if err := w.Store.LoadDocuments(ctx, f.Documents); errors.Is(err, store.ErrDamaged) {
		return true, w.Store.FinishFax(context.WithoutCancel(ctx), f.ID, false, err.Error())
	} else if err != nil {
		return true, err // taken back once its lease is over
	}
	if w.dbID == "" {
		if w.dbID, err = w.Store.DatabaseID(ctx); err != nil {
			return true, err
		}
	}
	// The job is recorded before the transport sees it: a sender that
	// stops from here on leaves the record, and the next one resumes that
	// job instead of handing the fax over as another.
	job, resumed, err := w.Store.IntendSend(ctx, f.ID, fmt.Sprintf("%s-fax-%d-%d", w.dbID, f.ID, f.Attempts))
	if err != nil {
		return true, err
	}
	w.step("intended")
	// What the transport did is recorded even when the sender is stopping:
	// a fax handed over and not recorded would go twice.
	if r, ok := w.Transport.(Resumer); resumed && (!ok || !r.Resumes()) {
		return true, w.Store.FinishFax(context.WithoutCancel(ctx), f.ID, false, ReasonUnknown)
	}
	handle, serr := w.Transport.Send(ctx, f, job)
	ctx = context.WithoutCancel(ctx)
	w.step("sent")
	if serr != nil {
		return true, w.Store.FinishFax(ctx, f.ID, false, serr.Error())
	}
	if err := w.Store.HandOver(ctx, f.ID, handle); err != nil {
		return true, err
	}
	w.step("handed")
	return true, nil
}

// step is where a test stops a worker as a kill would.
func (w *Worker) step(name string) {
	if w.crash != nil {
		w.crash(name)
	}
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
