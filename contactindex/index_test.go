package contactindex

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/watch"
)

func setup(t *testing.T, names ...string) (*store.Store, *watch.Poller) {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "ix.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := watch.NewPoller(st, time.Hour)
	t.Cleanup(w.Close)
	for _, n := range names {
		add(t, st, n)
	}
	return st, w
}

func add(t *testing.T, st *store.Store, last string) {
	t.Helper()
	_, err := st.CreateContact(store.WithActor(t.Context(), "x"), model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{LastName: last}}})
	if err != nil {
		t.Fatal(err)
	}
}

// Sessions asking for the list get one snapshot, the same pointer, read
// once; the list is read again only after a change.
func TestSessionsShareOneSnapshot(t *testing.T) {
	st, w := setup(t, "Smith", "Smyth")
	ix := New(st, w)
	var loads atomic.Int32
	ix.load = func(ctx context.Context) (*Snapshot, error) { loads.Add(1); return Load(ctx, st) }

	got := make([]*Snapshot, 10)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			s, err := ix.Get(t.Context())
			if err != nil {
				t.Error(err)
			}
			got[i] = s
		})
	}
	wg.Wait()
	for i, s := range got {
		if s != got[0] || s.Len() != 2 {
			t.Fatalf("session %d has %p of %d contacts; session 0 %p", i, s, s.Len(), got[0])
		}
	}
	if n := loads.Load(); n != 1 {
		t.Errorf("the list was read %d times for 10 sessions, want once", n)
	}
	if s, _ := ix.Get(t.Context()); s != got[0] || loads.Load() != 1 {
		t.Errorf("nothing changed, yet the list was read again")
	}
	add(t, st, "Lee")
	s, err := ix.Get(t.Context())
	if err != nil || s == got[0] || s.Len() != 3 || loads.Load() != 2 {
		t.Errorf("after a change: %d contacts (%v), read %d times", s.Len(), err, loads.Load())
	}
}

// While the list is read again, the previous snapshot serves: a search
// over it runs and finishes; the new snapshot takes its place when ready.
func TestReloadSwapsWithoutBlockingSearches(t *testing.T) {
	st, w := setup(t, "Smith", "Smyth")
	ix := New(st, w)
	old, err := ix.Get(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	started, release := make(chan struct{}), make(chan struct{})
	ix.load = func(ctx context.Context) (*Snapshot, error) {
		close(started)
		<-release
		return Load(ctx, st)
	}
	add(t, st, "Smithers")
	fresh := make(chan *Snapshot)
	go func() {
		s, err := ix.Get(t.Context())
		if err != nil {
			t.Error(err)
		}
		fresh <- s
	}()
	<-started
	// The reload is held up: the list shown and its filter go on.
	if ix.Current() != old {
		t.Fatal("the snapshot changed before the reload finished")
	}
	res, err := ix.Current().Index().Search(t.Context(), "smi", nil)
	if err != nil || res.Len() != 1 {
		t.Fatalf("searching during the reload: %d hits, %v", res.Len(), err)
	}
	// A session that gives up waiting does not stop the reload.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := ix.Get(ctx); err == nil {
		t.Error("a cancelled wait returned a snapshot")
	}
	close(release)
	s := <-fresh
	if s == old || s.Len() != 3 || ix.Current() != s {
		t.Fatalf("after the reload: %d contacts, current is the new one: %v", s.Len(), ix.Current() == s)
	}
	if old.Len() != 2 {
		t.Errorf("the previous snapshot changed under its readers: %d contacts", old.Len())
	}
}

// Sessions signing in while the list is read (each sign-in is a change)
// never start reads of their own beside it: one read runs at a time, and
// those who came during it share the next, which holds their changes.
func TestOneReadAtATime(t *testing.T) {
	st, w := setup(t, "Smith")
	ix := New(st, w)
	var running, most, loads atomic.Int32
	release := make(chan struct{})
	ix.load = func(ctx context.Context) (*Snapshot, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		if loads.Add(1) == 1 {
			// The first read is slow: changes come after it read the
			// list, before it is done.
			s, err := Load(ctx, st)
			<-release
			return s, err
		}
		return Load(ctx, st)
	}
	first := make(chan *Snapshot)
	go func() {
		s, _ := ix.Get(t.Context())
		first <- s
	}()
	for loads.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	var wg sync.WaitGroup
	later := make([]*Snapshot, 20)
	for i := range later {
		add(t, st, "Lee") // a change, as a sign-in is
		wg.Go(func() {
			s, err := ix.Get(t.Context())
			if err != nil {
				t.Error(err)
			}
			later[i] = s
		})
	}
	for {
		ix.mu.Lock()
		queued := ix.next != nil
		ix.mu.Unlock()
		if queued {
			break
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	<-first
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d reads ran at once", most.Load())
	}
	if loads.Load() != 2 {
		t.Errorf("%d reads, want the first and one for all who came during it", loads.Load())
	}
	for _, s := range later {
		if s == nil || s.Len() != 21 {
			t.Fatalf("a session got %d contacts, want all 21", s.Len())
		}
	}
}

// A commit that leaves the contacts as they were (a fax queued) does not
// read the list again: the store's count of changes to the contacts says
// the snapshot is current, and sessions go on with the same one.
func TestOtherChangesDoNotReload(t *testing.T) {
	st, w := setup(t, "Smith", "Smyth")
	ix := New(st, w)
	var loads atomic.Int32
	ix.load = func(ctx context.Context) (*Snapshot, error) { loads.Add(1); return Load(ctx, st) }
	first, err := ix.Get(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	before := w.Version()
	if _, err := st.QueueFax(store.WithActor(t.Context(), "x"), model.Fax{Kind: model.KindFax, Number: "+14165550101",
		Documents: []model.Document{{Name: "note.txt", Data: []byte("Call us.\n")}}}); err != nil {
		t.Fatal(err)
	}
	if w.Version() == before {
		t.Fatal("the watcher did not see the fax queued")
	}
	for range 3 {
		s, err := ix.Get(t.Context())
		if err != nil || s != first {
			t.Fatalf("after a fax queued: %p (%v), want the same snapshot %p", s, err, first)
		}
	}
	if n := loads.Load(); n != 1 {
		t.Errorf("the list was read %d times, want once: a fax is no change to the contacts", n)
	}
	add(t, st, "Lee")
	if s, _ := ix.Get(t.Context()); s.Len() != 3 || loads.Load() != 2 {
		t.Errorf("after a contact saved: %d contacts, read %d times", s.Len(), loads.Load())
	}
}

// A contact saved by another process on the same database is read again
// once the watcher's poll sees the commit.
func TestAnotherProcessesContactReloads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix.db")
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	other, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	w := watch.NewPoller(st, 10*time.Millisecond)
	t.Cleanup(w.Close)
	add(t, st, "Smith")
	ix := New(st, w)
	var loads atomic.Int32
	ix.load = func(ctx context.Context) (*Snapshot, error) { loads.Add(1); return Load(ctx, st) }
	if s, err := ix.Get(t.Context()); err != nil || s.Len() != 1 {
		t.Fatalf("%d contacts, %v", s.Len(), err)
	}
	sub := w.Subscribe(t.Context())
	add(t, other, "Lee")
	select {
	case <-sub.C():
	case <-time.After(10 * time.Second):
		t.Fatal("the watcher never saw the other process's commit")
	}
	s, err := ix.Get(t.Context())
	if err != nil || s.Len() != 2 || loads.Load() != 2 {
		t.Errorf("after another process saved a contact: %d contacts (%v), read %d times", s.Len(), err, loads.Load())
	}
}
