package faxes

import (
	"fmt"
	"time"

	"frontdesk/model"
)

// UnansweredAfter is how long a fax handed to the gateway may wait for its
// result before the screens say the gateway has not answered: on the
// default spool folder, nothing may be watching it.
const UnansweredAfter = 10 * time.Minute

// Heading names where a fax stands with its other end: "Queued for",
// "Sending to", "Sent to", "Failed to", or "From" a received one.
func Heading(f model.Fax) string {
	if f.Direction == model.Incoming {
		return "From"
	}
	switch f.Status {
	case model.StatusQueued:
		return "Queued for"
	case model.StatusSending:
		return "Sending to"
	case model.StatusFailed:
		return "Failed to"
	}
	return "Sent to"
}

// Unanswered is what a fax waiting too long for its gateway says, or "".
func Unanswered(f model.Fax, now time.Time) string {
	if f.Direction != model.Outgoing || f.Status != model.StatusSending || now.Sub(f.Updated) < UnansweredAfter {
		return ""
	}
	return fmt.Sprintf("the gateway has not answered for %d minutes: is a fax gateway watching the spool folder?",
		int(now.Sub(f.Updated).Minutes()))
}

// UnansweredNote says how many faxes wait for a gateway that has not
// answered, or "".
func UnansweredNote(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "1 fax waits for a gateway that has not answered"
	}
	return fmt.Sprintf("%d faxes wait for a gateway that has not answered", n)
}
