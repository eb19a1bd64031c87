package model

import (
	"errors"
	"fmt"
	"time"
)

// Direction tells a fax sent from one received.
type Direction string

// The two directions of a fax.
const (
	Outgoing Direction = "out"
	Incoming Direction = "in"
)

// FaxKind tells a plain fax from a referral.
type FaxKind string

// The kinds of an outgoing fax.
const (
	KindFax      FaxKind = "fax"
	KindReferral FaxKind = "referral"
)

// FaxStatus is where a fax stands. Outgoing: queued, sending, then sent or
// failed (and queued again on a retry). Incoming: received.
type FaxStatus string

// The states of a fax.
const (
	StatusQueued   FaxStatus = "queued"
	StatusSending  FaxStatus = "sending"
	StatusSent     FaxStatus = "sent"
	StatusFailed   FaxStatus = "failed"
	StatusReceived FaxStatus = "received"
)

// ErrTransition is a status change the rules do not allow.
var ErrTransition = errors.New("a fax cannot go")

// transitions are the allowed status changes.
var transitions = map[FaxStatus][]FaxStatus{
	StatusQueued:  {StatusSending},
	StatusSending: {StatusSent, StatusFailed, StatusQueued}, // queued again: taken back after a crash
	StatusFailed:  {StatusQueued},                           // a retry
}

// CanMove reports whether a fax may go from one status to another.
func CanMove(from, to FaxStatus) error {
	for _, s := range transitions[from] {
		if s == to {
			return nil
		}
	}
	return fmt.Errorf("%w from %s to %s", ErrTransition, from, to)
}

// Fax is one fax in or out, with what it was about. The recipient's (or
// sender's) name and number are kept as they were when it was sent: the
// history must not change when a contact does.
type Fax struct {
	ID        int64
	Direction Direction
	Kind      FaxKind
	Status    FaxStatus
	Reason    string // why it failed
	Number    string // E.164
	Name      string // the contact's name at the time, or ""
	ContactID int64  // 0: a number only
	EntityID  int64  // 0: the whole contact
	PatientID int64  // 0: about no patient
	Note      string // the cover note
	Referral  Referral
	Pages     int
	Documents []Document // in the order they are sent, the cover page first
	// Paths are the documents of a fax recorded before documents were kept
	// in the database: their file paths, for the history only.
	Paths    []string
	Created  time.Time
	Updated  time.Time
	Attempts int
}

// Referral is what a referral adds to a fax.
type Referral struct {
	Reason    string
	Specialty string
}

// Validate checks an outgoing fax before it is queued.
func (f Fax) Validate() Problems {
	var ps Problems
	add := func(fl Field, msg string) { ps = append(ps, Problem{-1, fl, msg}) }
	if f.Number == "" {
		add(FieldFax, ErrNumberEmpty.Error())
	} else if e, err := ParseFax(f.Number, DefaultRegion); err != nil || e != f.Number {
		add(FieldFax, "is not a fax number in E.164 form")
	}
	if f.Kind != KindFax && f.Kind != KindReferral {
		add("kind", fmt.Sprintf("must be fax or referral, not %q", f.Kind))
	}
	if f.Kind == KindReferral && f.Referral.Reason == "" {
		add("reason", "is required for a referral")
	}
	if len(f.Documents) == 0 {
		add("documents", "at least one document is required")
	}
	return ps
}

// Who names the other end of a fax for people: the name it had when the
// fax went or came, else its number written for region, else "an unknown
// number".
func (f Fax) Who(region string) string {
	switch {
	case f.Name != "":
		return f.Name
	case f.Number != "":
		return FormatFax(f.Number, region)
	}
	return "an unknown number"
}
