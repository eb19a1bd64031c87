package watch_test

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/watch"
)

func open(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func addContact(t *testing.T, st *store.Store, last string) {
	t.Helper()
	_, err := st.CreateContact(store.WithActor(t.Context(), "x"), model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{LastName: last}}})
	if err != nil {
		t.Fatal(err)
	}
}

// receive returns the next change on s, failing after a while.
func receive(t *testing.T, s *watch.Subscription) watch.Changed {
	t.Helper()
	select {
	case c, ok := <-s.C():
		if !ok {
			t.Fatal("the subscription closed")
		}
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no change came")
	}
	return watch.Changed{}
}

// A commit of the process reaches every subscriber before the call that
// made it returns, counted once; an unsubscribed one hears nothing more,
// and its channel is closed.
func TestPollerTellsEverySubscriber(t *testing.T) {
	st := open(t, filepath.Join(t.TempDir(), "w.db"))
	w := watch.NewPoller(st, time.Hour) // only the commits' word, no poll
	defer w.Close()
	a, b := w.Subscribe(t.Context()), w.Subscribe(t.Context())
	v0 := w.Version()

	addContact(t, st, "Lee")
	if w.Version() != v0+1 {
		t.Fatalf("version %d after a commit, want %d", w.Version(), v0+1)
	}
	for _, s := range []*watch.Subscription{a, b} {
		select {
		case c := <-s.C():
			if c.Version != v0+1 {
				t.Errorf("changed %+v, want version %d", c, v0+1)
			}
		default:
			t.Fatal("the change was not there when the commit returned")
		}
	}

	b.Close()
	b.Close() // twice does nothing
	if _, ok := <-b.C(); ok {
		t.Fatal("a closed subscription still receives")
	}
	addContact(t, st, "Ng")
	addContact(t, st, "Roy")
	// A slow reader finds only the latest change: it says all.
	if c := receive(t, a); c.Version != v0+3 {
		t.Errorf("changed %+v, want the latest, %d", c, v0+3)
	}
	if n := w.Subscribers(); n != 1 {
		t.Errorf("%d subscribers, want 1", n)
	}
}

// Another process's commit is found by the poll.
func TestPollerSeesOtherProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	st, other := open(t, path), open(t, path)
	w := watch.NewPoller(st, 10*time.Millisecond)
	defer w.Close()
	s := w.Subscribe(t.Context())
	addContact(t, other, "Lee")
	if c := receive(t, s); c.Version != 1 {
		t.Errorf("changed %+v", c)
	}
}

// A subscription ends with its context; Close ends the poller's goroutine
// and every subscription left.
func TestPollerLetsGo(t *testing.T) {
	st := open(t, filepath.Join(t.TempDir(), "w.db"))
	before := runtime.NumGoroutine()
	w := watch.NewPoller(st, 5*time.Millisecond)
	ctx, cancel := context.WithCancel(t.Context())
	a := w.Subscribe(ctx)
	b := w.Subscribe(t.Context())
	cancel()
	if _, ok := <-a.C(); ok {
		t.Fatal("a subscription outlived its context")
	}
	w.Close()
	if _, ok := <-b.C(); ok {
		t.Fatal("a subscription outlived the poller")
	}
	if late := w.Subscribe(t.Context()); late != nil {
		if _, ok := <-late.C(); ok {
			t.Fatal("a subscription to a closed poller is open")
		}
	}
	addContact(t, st, "Lee") // the store no longer calls the poller
	// The poller's goroutine is gone once Close returns; the runtime's own
	// may take a moment to settle.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines, %d before the poller", runtime.NumGoroutine(), before)
		}
		runtime.Gosched()
	}
}
