package app_test

import (
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"frontdesk/model"
	"frontdesk/store"
)

// Two sessions on one database: one sets the clinic's region in Settings,
// and the other, open meanwhile, shows and reads fax numbers the new way;
// nothing of the first session's screen is shared with the second.
func TestFlowRegionReachesOtherSessions(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "region.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "x")
	if _, err := st.CreateContact(admin, model.Contact{Kind: model.Single, Fax: "+442079460000",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}}); err != nil {
		t.Fatal(err)
	}
	a, b := newApp(t, st), newApp(t, st)
	waitFor(t, a, "1 contact")
	waitFor(t, b, "+44 20 7946 0000") // another country's number, in full
	press(a, ":", "settings", "enter")
	waitFor(t, a, "Settings: faxes and sharing")
	press(a, "ctrl+u", "gb", "ctrl+s")
	waitFor(t, a, "Settings saved.")

	waitFor(t, b, "020 7946 0000") // now a number of the clinic's country
	press(b, "n", "tab", "020 7946 0001", "tab", "Bo", "tab", "Ng", "ctrl+s")
	waitFor(t, b, "Added")
	for _, tm := range []*teatest.TestModel{a, b} {
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	}
	var faxes []string
	if err := st.EachContact(t.Context(), func(c model.Contact) error { faxes = append(faxes, c.Fax); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(faxes) != 2 || faxes[1] != "+442079460001" {
		t.Errorf("faxes %q: the second session did not read its number as British", faxes)
	}
}

// An admin gives a clinician the front-desk role while the clinician's
// session is open: the session's permissions follow, without signing in
// again.
func TestFlowRolesFollowTheAdmin(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "roles.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	if _, err := st.ActingUser(admin, "Root"); err != nil {
		t.Fatal(err)
	}
	doc, err := st.CreateUser(admin, model.User{Name: "Dr. Ana Ruiz", Username: "ruiz", Kind: model.KindProvider, Active: true,
		Roles: []model.Role{model.RoleClinician}})
	if err != nil {
		t.Fatal(err)
	}
	tm := newAppAs(t, st, doc)
	waitFor(t, tm, "No contacts yet")
	press(tm, "n")
	waitFor(t, tm, "You may not edit contacts")

	doc.Roles = []model.Role{model.RoleClinician, model.RoleFrontDesk}
	if _, err := st.UpdateUser(admin, doc); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tm, "n new") // the help bar offers the key again
	press(tm, "n", "tab", "416-555-0142", "tab", "Bo", "tab", "Ng", "ctrl+s")
	waitFor(t, tm, "Added")

	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if n, _ := st.CountContacts(t.Context()); n != 1 {
		t.Errorf("%d contacts, want 1", n)
	}
}

// holdWriteLock takes the database's write lock from another handle, as
// another process's change would, until the returned func is called.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	other, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	held, done, ended := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		ended <- other.WithTx(t.Context(), func(*sql.Tx) error {
			close(held)
			<-done
			return nil
		})
	}()
	<-held
	var once sync.Once
	release = func() {
		once.Do(func() {
			close(done)
			if err := <-ended; err != nil {
				t.Error(err)
			}
			other.Close()
		})
	}
	t.Cleanup(release)
	return release
}

// A contact saved while another handle holds the write lock: the screen
// goes on drawing, the status line says what the save waits for, and once
// the lock is free the contact is saved, not lost.
func TestFlowSaveWaitsForTheLockAndSays(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wait.db")
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts yet")
	release := holdWriteLock(t, path)
	// Typing is not held up by the lock: the form shows what is typed.
	press(tm, "n", "tab", "416-555-0142", "tab", "Bo", "tab", "Ng")
	waitFor(t, tm, "416-555-0142", "Ng")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Waiting for another user's change…")
	if n, _ := st.CountContacts(t.Context()); n != 0 {
		t.Fatalf("%d contacts while the lock is held", n)
	}
	release()
	waitFor(t, tm, "Added")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	var got []model.Contact
	if err := st.EachContact(t.Context(), func(c model.Contact) error { got = append(got, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Fax != "+14165550142" || got[0].Entities[0].LastName != "Ng" {
		t.Errorf("saved %+v", got)
	}
}

// A save that waits for the lock longer than the store allows gives up
// with a word: it says it did not save, and the form keeps what was
// typed; ctrl+s once the lock is free saves it.
func TestFlowSaveGivesUpWithAWord(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "gaveup.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.SetWriteWait(1500 * time.Millisecond)
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts yet")
	// Another session of this process holds the write connection.
	held, done, ended := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		ended <- st.WithTx(store.WithActor(t.Context(), "other"), func(*sql.Tx) error {
			close(held)
			<-done
			return nil
		})
	}()
	<-held
	press(tm, "n", "tab", "416-555-0142", "tab", "Bo", "tab", "Ng", "ctrl+s")
	waitFor(t, tm, "Waiting for another user's change…")
	waitFor(t, tm, "Not saved: waited 2 seconds for another user's change.", "Ng")
	close(done)
	if err := <-ended; err != nil {
		t.Fatal(err)
	}
	if n, _ := st.CountContacts(t.Context()); n != 0 {
		t.Fatalf("%d contacts after giving up", n)
	}
	press(tm, "ctrl+s")
	waitFor(t, tm, "Added")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if n, _ := st.CountContacts(t.Context()); n != 1 {
		t.Errorf("%d contacts, want 1", n)
	}
}
