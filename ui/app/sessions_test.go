package app_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"frontdesk/contactindex"
	"frontdesk/store"
	"frontdesk/ui/app"
	"frontdesk/ui/keymap"
	"frontdesk/ui/scenes"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
	"frontdesk/watch"
)

// newSession runs the app as one session of a process whose watcher and
// contact list are w and ix; the session ends with the test.
func newSession(t *testing.T, st *store.Store, w watch.Watcher, ix *contactindex.Index, actor string) *teatest.TestModel {
	t.Helper()
	ctx, cancel := context.WithCancel(store.WithActor(context.Background(), actor))
	t.Cleanup(cancel)
	env := &screen.Env{
		Store:    st,
		Styles:   theme.New(scenes.Renderer(termenv.Ascii), false),
		Keys:     keymap.Default(),
		Ctx:      ctx,
		Start:    screen.Session{Region: "US"},
		Watch:    w,
		Contacts: ix,
	}
	return teatest.NewTestModel(t, app.New(env), teatest.WithInitialTermSize(80, 24))
}

// Two sessions of one process: a contact saved in one shows in the other
// at once. The watcher does not poll during the test (an hour apart): the
// other session hears of the save from the store's word of its commit,
// and neither session asks the database on a clock of its own.
func TestSessionsSeeEachOthersSaves(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := watch.NewPoller(st, time.Hour)
	t.Cleanup(w.Close)
	ix := contactindex.New(st, w)
	ann := newSession(t, st, w, ix, "ann")
	bo := newSession(t, st, w, ix, "bo")
	waitFor(t, ann, "No contacts yet")
	waitFor(t, bo, "No contacts yet")
	if n := w.Subscribers(); n != 2 {
		t.Fatalf("%d subscribers, want the 2 sessions", n)
	}

	press(ann, "n", "Cardiology West", "tab", "416-555-0142", "tab", "Ann", "tab", "Lee", "ctrl+s")
	waitFor(t, ann, "Added Cardiology West")
	waitFor(t, bo, "Cardiology West", "1 contact")

	for _, tm := range []*teatest.TestModel{ann, bo} {
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	}
	if s := ix.Current(); s.Len() != 1 {
		t.Errorf("the shared list holds %d contacts, want 1", s.Len())
	}
}
