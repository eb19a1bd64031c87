package store_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// TestMessageHandledOnce walks a message routed to three people (Amy and
// Ben of Front Office, and Dr. Chen) through every way of handling it, and
// checks where it stands for each of them afterwards: their state, what
// their inbox says and their count of unread messages.
func TestMessageHandledOnce(t *testing.T) {
	type act struct {
		by   string // the recipient acting
		do   string // "read", "done", "unread", or "pass:USERNAME" / "pass:front"
		note string
	}
	type want struct {
		short  string // the inbox's State column
		unread int
	}
	cases := []struct {
		name    string
		acts    []act
		err     string // the last act's refusal, if any
		had     string // who already had it, when the last act passes it on
		want    map[string]want
		holders int // recipients it is open for
	}{
		{name: "routed", want: map[string]want{"amy": {"unread", 1}, "ben": {"unread", 1}, "chen": {"unread", 1}}, holders: 3},
		{name: "read by one", acts: []act{{by: "amy", do: "read"}},
			want: map[string]want{"amy": {"read", 0}, "ben": {"unread", 1}, "chen": {"unread", 1}}, holders: 3},
		{name: "done by one is done for all", acts: []act{{by: "amy", do: "read"}, {by: "amy", do: "done"}},
			want:    map[string]want{"amy": {"done", 0}, "ben": {"done by Amy Ng", 0}, "chen": {"done by Amy Ng", 0}},
			holders: 0},
		{name: "passed on leaves every other inbox", acts: []act{{by: "amy", do: "pass:ruiz", note: "she wants a call back"}},
			want: map[string]want{"amy": {"Dr. Ana Ruiz has it", 0}, "ben": {"Dr. Ana Ruiz has it", 0},
				"chen": {"Dr. Ana Ruiz has it", 0}, "ruiz": {"unread", 1}}, holders: 1},
		{name: "passed on, then done", acts: []act{{by: "amy", do: "pass:ruiz"}, {by: "ruiz", do: "done"}},
			want: map[string]want{"amy": {"done by Dr. Ana Ruiz", 0}, "ben": {"done by Dr. Ana Ruiz", 0},
				"chen": {"done by Dr. Ana Ruiz", 0}, "ruiz": {"done", 0}}},
		{name: "passed to one who has it", acts: []act{{by: "ben", do: "read"}, {by: "amy", do: "pass:ben"}}, had: "ben",
			want: map[string]want{"amy": {"Ben Roy has it", 0}, "ben": {"unread", 1}, "chen": {"Ben Roy has it", 0}}, holders: 1},
		{name: "passed to a group", acts: []act{{by: "chen", do: "pass:front"}}, had: "amy,ben",
			want: map[string]want{"amy": {"unread", 1}, "ben": {"unread", 1}, "chen": {"Amy Ng +1 have it", 0}}, holders: 2},
		{name: "who no longer holds it may not mark it done", acts: []act{{by: "amy", do: "pass:ruiz"}, {by: "ben", do: "done"}},
			err:  "Dr. Ana Ruiz has message",
			want: map[string]want{"ben": {"Dr. Ana Ruiz has it", 0}, "ruiz": {"unread", 1}}, holders: 1},
		{name: "nor pass it on", acts: []act{{by: "amy", do: "pass:ruiz"}, {by: "amy", do: "pass:ben"}},
			err:  "Dr. Ana Ruiz has message",
			want: map[string]want{"amy": {"Dr. Ana Ruiz has it", 0}, "ben": {"Dr. Ana Ruiz has it", 0}, "ruiz": {"unread", 1}}, holders: 1},
		{name: "nor take it back", acts: []act{{by: "amy", do: "pass:ruiz"}, {by: "chen", do: "unread"}},
			err:  "Dr. Ana Ruiz has message",
			want: map[string]want{"chen": {"Dr. Ana Ruiz has it", 0}}, holders: 1},
		{name: "opening a closed message does not reopen it", acts: []act{{by: "amy", do: "done"}, {by: "ben", do: "read"}},
			want: map[string]want{"ben": {"done by Amy Ng", 0}}},
		{name: "a done message reopens for one", acts: []act{{by: "amy", do: "done"}, {by: "ben", do: "unread"}},
			want: map[string]want{"amy": {"Ben Roy has it", 0}, "ben": {"unread", 1}, "chen": {"Ben Roy has it", 0}}, holders: 1},
		{name: "a done message may be passed on", acts: []act{{by: "amy", do: "done"}, {by: "ben", do: "pass:ruiz"}},
			want: map[string]want{"amy": {"Dr. Ana Ruiz has it", 0}, "ben": {"Dr. Ana Ruiz has it", 0}, "ruiz": {"unread", 1}}, holders: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newClinic(t)
			cell := model.Cell{ProviderID: c.ruiz.ID, CategoryID: c.appointments}
			if err := c.s.SetRoute(c.admin, cell, []model.Recipient{{GroupID: c.front.ID}, {UserID: c.chen.ID}}); err != nil {
				t.Fatal(err)
			}
			got, err := c.s.IngestMessages(c.desk, []store.MessageIn{{Chart: "A-100", Category: "Appointments", Subject: "Move my visit"}})
			if err != nil || got[0].Err != nil || len(got[0].To) != 3 {
				t.Fatalf("ingest: %+v %v", got, err)
			}
			id := got[0].ID
			users := map[string]model.User{"amy": c.amy, "ben": c.ben, "chen": c.chen, "ruiz": c.ruiz}
			var last error
			var passed store.Passed
			for _, a := range tc.acts {
				u, as := users[a.by], store.WithActor(t.Context(), a.by)
				if who, ok := strings.CutPrefix(a.do, "pass:"); ok {
					to := model.Recipient{UserID: users[who].ID}
					if who == "front" {
						to = model.Recipient{GroupID: c.front.ID}
					}
					passed, last = c.s.Reassign(as, id, u.ID, to, a.note)
				} else {
					last = c.s.MarkMessage(as, id, u.ID, model.MessageState(a.do))
				}
			}
			switch {
			case tc.err == "" && last != nil:
				t.Fatalf("last act: %v", last)
			case tc.err != "":
				var held *store.HeldError
				if !errors.As(last, &held) || !errors.Is(last, store.ErrConflict) || !strings.Contains(last.Error(), tc.err) {
					t.Fatalf("last act: %v, want a refusal %q", last, tc.err)
				}
			}
			var had []string
			for _, u := range passed.Had {
				had = append(had, u.Username)
			}
			if strings.Join(had, ",") != tc.had {
				t.Errorf("already had it: %v, want %q", had, tc.had)
			}
			for name, w := range tc.want {
				u := users[name]
				it, err := c.s.InboxMessage(t.Context(), id, u.ID)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if s := it.Handling(func(r store.RoutedUser) string { return r.Name }).Short(); s != w.short {
					t.Errorf("%s's inbox says %q, want %q", name, s, w.short)
				}
				if n, _ := c.s.UnreadCount(t.Context(), u.ID); n != w.unread {
					t.Errorf("%s has %d unread, want %d", name, n, w.unread)
				}
				if list, _ := c.s.Inbox(t.Context(), u.ID); len(list) != 1 || list[0].State != it.State {
					t.Errorf("%s's list: %+v", name, list)
				}
			}
			rs, _ := c.s.MessageRecipients(t.Context(), id)
			open := 0
			for _, r := range rs {
				if (model.Handling{State: r.State}).Open() {
					open++
				}
			}
			if open != tc.holders {
				t.Errorf("open for %d recipients, want %d: %+v", open, tc.holders, rs)
			}
		})
	}
}

// The note given when passing a message on is kept for its new recipient
// and in the audit log.
func TestReassignNote(t *testing.T) {
	c := newClinic(t)
	got, err := c.s.IngestMessages(c.desk, []store.MessageIn{{Chart: "A-100", Category: "Appointments", Subject: "Move my visit"}})
	if err != nil || got[0].Err != nil {
		t.Fatal(err, got)
	}
	id, ruiz := got[0].ID, store.WithActor(t.Context(), "ruiz")
	if _, err := c.s.Reassign(ruiz, id, c.ruiz.ID, model.Recipient{UserID: c.amy.ID}, strings.Repeat("x", 1001)); err == nil {
		t.Error("a note of 1001 characters was taken")
	}
	p, err := c.s.Reassign(ruiz, id, c.ruiz.ID, model.Recipient{UserID: c.amy.ID}, "  Call her back before noon. ")
	if err != nil || len(p.To) != 1 || len(p.Had) != 0 {
		t.Fatalf("reassign: %+v %v", p, err)
	}
	it, err := c.s.InboxMessage(t.Context(), id, c.amy.ID)
	if err != nil || it.Note != "Call her back before noon." || it.Why != "reassigned by Dr. Ana Ruiz" {
		t.Errorf("amy's message: %+v %v", it, err)
	}
	if _, err := c.s.InboxMessage(t.Context(), id, c.ben.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ben never had it: %v", err)
	}
	log, _ := c.s.AuditLog(store.WithActor(t.Context(), "root"), store.AuditFilter{Record: fmt.Sprintf("message %d", id)})
	slices.Reverse(log) // oldest first
	if d := log[len(log)-1].Detail; d != "ruiz to Amy Ng: Call her back before noon." {
		t.Errorf("audit: %q", d)
	}
}
