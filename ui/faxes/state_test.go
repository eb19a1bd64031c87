package faxes

import (
	"strings"
	"testing"
	"time"

	"frontdesk/model"
)

// A fax's page is headed by where it stands, and one waiting too long for
// its gateway says so.
func TestHeadingAndUnanswered(t *testing.T) {
	at := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		f          model.Fax
		heading    string
		unanswered bool
	}{
		{model.Fax{Direction: model.Outgoing, Status: model.StatusQueued, Updated: at}, "Queued for", false},
		{model.Fax{Direction: model.Outgoing, Status: model.StatusSending, Updated: at.Add(-time.Minute)}, "Sending to", false},
		{model.Fax{Direction: model.Outgoing, Status: model.StatusSending, Updated: at.Add(-UnansweredAfter)}, "Sending to", true},
		{model.Fax{Direction: model.Outgoing, Status: model.StatusSent, Updated: at.Add(-time.Hour)}, "Sent to", false},
		{model.Fax{Direction: model.Outgoing, Status: model.StatusFailed}, "Failed to", false},
		{model.Fax{Direction: model.Incoming, Status: model.StatusReceived}, "From", false},
	} {
		if got := Heading(c.f); got != c.heading {
			t.Errorf("%s %s: heading %q, want %q", c.f.Direction, c.f.Status, got, c.heading)
		}
		if got := Unanswered(c.f, at); (got != "") != c.unanswered || (got != "" && !strings.Contains(got, "gateway")) {
			t.Errorf("%s %s: unanswered %q", c.f.Direction, c.f.Status, got)
		}
	}
	if UnansweredNote(0) != "" || UnansweredNote(2) != "2 faxes wait for a gateway that has not answered" {
		t.Error("the note")
	}
}
