package app_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// A message routed to the three people of Front Office is one item: Amy
// passes it to the provider with a note, and it leaves Ben's and Carla's
// unread (their inbox says who has it, and Ben may not mark it done);
// the provider reads the note and passes it to Ben, told that Ben had it
// already; Ben marks it done, and Carla sees who did.
func TestFlowMessageHandledOnce(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "once.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	if _, err := st.ActingUser(admin, "Root Admin"); err != nil {
		t.Fatal(err)
	}
	user := func(name, username string, kind model.UserKind, role model.Role) model.User {
		u, err := st.CreateUser(admin, model.User{Name: name, Username: username, Kind: kind, Active: true, Roles: []model.Role{role}})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	ruiz := user("Dr. Ana Ruiz", "ruiz", model.KindProvider, model.RoleClinician)
	amy := user("Amy Ng", "amy", model.KindStaff, model.RoleFrontDesk)
	ben := user("Ben Roy", "ben", model.KindStaff, model.RoleFrontDesk)
	carla := user("Carla Díaz", "carla", model.KindStaff, model.RoleFrontDesk)
	front, err := st.SaveGroup(admin, model.StaffGroup{Name: "Front Office", Members: []int64{amy.ID, ben.ID, carla.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreatePatient(admin, model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100",
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}, Provider: ruiz.Name}); err != nil {
		t.Fatal(err)
	}
	cats, _ := st.Categories(t.Context(), false)
	if err := st.SetRoute(admin, model.Cell{ProviderID: ruiz.ID, CategoryID: cats[0].ID}, []model.Recipient{{GroupID: front.ID}}); err != nil {
		t.Fatal(err)
	}
	got, err := st.IngestMessages(admin, []store.MessageIn{{Chart: "A-100", Category: "Appointments", Subject: "Move my visit"}})
	if err != nil || got[0].Err != nil || len(got[0].To) != 3 {
		t.Fatal(err, got)
	}
	id := got[0].ID
	unread := func(want map[*model.User]int) {
		t.Helper()
		for u, n := range want {
			if got, _ := st.UnreadCount(t.Context(), u.ID); got != n {
				t.Errorf("%s has %d unread, want %d", u.Name, got, n)
			}
		}
	}

	// Amy passes it on, with a note.
	tm := newAppAs(t, st, amy)
	waitFor(t, tm, "1 unread message (6 Inbox)")
	press(tm, "6")
	waitFor(t, tm, "Messages for Amy Ng · 1 unread", "Move my visit")
	press(tm, "r")
	waitFor(t, tm, "to whom?")
	press(tm, "ruiz", "enter")
	waitFor(t, tm, "A note for Dr. Ana Ruiz (optional):")
	press(tm, "She wants a call back", "enter")
	waitFor(t, tm, "Message 1 passed to Dr. Ana Ruiz.", "Dr. Ana Ruiz has it")
	tm.Quit()
	unread(map[*model.User]int{&amy: 0, &ben: 0, &carla: 0, &ruiz: 1})
	if it, err := st.InboxMessage(t.Context(), id, ruiz.ID); err != nil || it.Note != "She wants a call back" {
		t.Errorf("the provider's message: %+v %v", it, err)
	}

	// Ben sees who has it, on the list and on the page, and may not mark
	// it done.
	tm = newAppAs(t, st, ben)
	waitFor(t, tm, "No contacts yet")
	press(tm, "6")
	waitFor(t, tm, "Messages for Ben Roy · 0 unread", "Dr. Ana Ruiz has it")
	press(tm, "enter")
	waitFor(t, tm, "Dr. Ana Ruiz has it now")
	press(tm, "d")
	waitFor(t, tm, "Dr. Ana Ruiz has message 1 now")
	tm.Quit()
	unread(map[*model.User]int{&ben: 0, &ruiz: 1})

	// The provider reads the note and passes it to Ben, who had it.
	tm = newAppAs(t, st, ruiz)
	waitFor(t, tm, "1 unread message (6 Inbox)")
	press(tm, "6")
	waitFor(t, tm, "Move my visit")
	press(tm, "enter")
	waitFor(t, tm, "reassigned by Amy Ng", "She wants a call back", "you have it (read)")
	press(tm, "r")
	waitFor(t, tm, "to whom?")
	press(tm, "ben")
	waitFor(t, tm, "has it already")
	press(tm, "enter")
	waitFor(t, tm, "Already has this message: Ben Roy (done).")
	press(tm, "enter")
	waitFor(t, tm, "Already with Ben Roy: it is unread for them now.", "Ben Roy has it")
	tm.Quit()
	unread(map[*model.User]int{&amy: 0, &ben: 1, &carla: 0, &ruiz: 0})

	// Ben marks it done: done for everyone.
	tm = newAppAs(t, st, ben)
	waitFor(t, tm, "1 unread message (6 Inbox)")
	press(tm, "6", "d")
	waitFor(t, tm, "is done")
	tm.Quit()
	tm = newAppAs(t, st, carla)
	waitFor(t, tm, "No contacts yet")
	press(tm, "6")
	waitFor(t, tm, "Messages for Carla Díaz · 0 unread", "done by Ben Roy")
	tm.Quit()
	unread(map[*model.User]int{&amy: 0, &ben: 0, &carla: 0, &ruiz: 0})
	rs, _ := st.MessageRecipients(t.Context(), id)
	for _, r := range rs {
		if r.State != model.MessageDone {
			t.Errorf("%s: %s", r.Username, r.State)
		}
	}
	log, _ := st.AuditLog(store.WithActor(t.Context(), "root"), store.AuditFilter{Record: fmt.Sprintf("message %d", id)})
	slices.Reverse(log) // oldest first
	var acts []string
	for _, e := range log {
		acts = append(acts, e.Actor+" "+e.Action)
	}
	want := []string{"root receive", "amy reassign", "ruiz read", "ruiz reassign", "ben done"}
	if len(acts) != len(want) {
		t.Fatalf("log: %v, want %v", acts, want)
	}
	for i := range want {
		if acts[i] != want[i] {
			t.Errorf("log: %v, want %v", acts, want)
			break
		}
	}
}

// A message taken by phone: the patient is looked up by date of birth
// (two patients were born that day; the second is chosen), shown before
// saving, and the message typed on two lines is saved as typed.
func TestFlowTakeMessageByBirthDate(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "phone.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	if _, err := st.ActingUser(admin, "Root Admin"); err != nil {
		t.Fatal(err)
	}
	amy, err := st.CreateUser(admin, model.User{Name: "Amy Ng", Username: "amy", Kind: model.KindStaff, Active: true, Roles: []model.Role{model.RoleFrontDesk}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []model.Patient{
		{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100", BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}},
		{FirstName: "Max", LastName: "Ouellet", Chart: "A-200", BirthDate: model.Date{Year: 2001, Month: 3, Day: 31}},
		{FirstName: "Noël", LastName: "Ali", Chart: "A-300", BirthDate: model.Date{Year: 2001, Month: 3, Day: 31}},
	} {
		p.Provider = "Dr. Ana Ruiz"
		if _, err := st.CreatePatient(admin, p); err != nil {
			t.Fatal(err)
		}
	}
	ruiz, _ := st.UserByUsername(t.Context(), "ana.ruiz")

	tm := newAppAs(t, st, amy)
	waitFor(t, tm, "No contacts yet")
	press(tm, "6", "n")
	waitFor(t, tm, "taken by phone", "name, chart number or date of birth")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Not saved: choose the patient first")
	press(tm, "March 31, 2001")
	// Noël Ali and Max Ouellet, by name (the rows were drawn before: the
	// screen repaints only the lines that change).
	waitFor(t, tm, "Date of birth 31 March 2001 · 2 patients")
	press(tm, "down", "enter")
	waitFor(t, tm, "Ouellet, Max · chart A-200 · born 31 March 2001")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Not saved: the category is one of: Appointments")
	press(tm, "test", "tab", "tab", "Are my results in?", "enter", "Please call me back.")
	waitFor(t, tm, "Please call me back.")
	press(tm, "ctrl+s")
	waitFor(t, tm, "routed to Dr. Ana Ruiz.")
	tm.Quit()

	inbox, err := st.Inbox(t.Context(), ruiz.ID)
	if err != nil || len(inbox) != 1 {
		t.Fatalf("the provider's inbox: %+v %v", inbox, err)
	}
	m := inbox[0]
	if m.Chart != "A-200" || m.Category != "Test results" || m.Source != "phone" || m.Subject != "" ||
		m.Body != "Are my results in?\nPlease call me back." {
		t.Errorf("the message: %+v", m)
	}
}
