// Package contactindex is the contact list of a process, loaded once and
// shared read-only by every session: the rows the Contacts screen draws
// and the search index its filter runs over. Fifty sessions on a list of
// 100,000 contacts hold one copy of it, and read it once per change.
package contactindex

import (
	"context"
	"sync"
	"sync/atomic"

	"frontdesk/store"
	"frontdesk/watch"
)

// Index is the shared contact list. A reload builds a new Snapshot beside
// the current one and swaps it in when it is ready: until then every
// session goes on drawing and searching the previous one.
type Index struct {
	st   *store.Store
	w    watch.Watcher // nil: nothing says when the list is current, every Get reads it
	load func(context.Context) (*Snapshot, error)
	// changes reads the store's count of changes to the contacts: a
	// change the watcher saw that left it as the snapshot read it (a fax
	// queued, a sign-in) costs one row, not the whole list.
	changes func(context.Context) (int64, error)

	cur atomic.Pointer[current]

	mu      sync.Mutex
	pending *reload // the reload under way, nil when none
	// next is the reload to begin once pending is done, shared by every
	// Get that came after pending began: one read at a time, however
	// many sessions sign in or save meanwhile (each is a change).
	next *reload
}

// current is the snapshot sessions get, with the watcher's version it is
// known to be current at: its own load's, or a later one at which the
// count of changes to the contacts was still the snapshot's.
type current struct {
	snap    *Snapshot
	version int64
}

// reload is one read of the list, shared by every Get waiting for it.
type reload struct {
	version int64 // the watcher's version when it began
	done    chan struct{}
	snap    *Snapshot
	err     error
}

// New returns the contact list of st, loaded at the first Get. w is the
// process's watcher: a Get reads the list again only when w has seen a
// change since the current snapshot was read.
func New(st *store.Store, w watch.Watcher) *Index {
	ix := &Index{st: st, w: w}
	ix.load = func(ctx context.Context) (*Snapshot, error) { return Load(ctx, st) }
	ix.changes = st.ContactsChanges
	return ix
}

// Current is the latest snapshot loaded, or nil before the first. It
// never waits.
func (ix *Index) Current() *Snapshot {
	if c := ix.cur.Load(); c != nil {
		return c.snap
	}
	return nil
}

// Get returns a snapshot that holds every change the watcher had seen when
// Get was called: the current one when it is that recent, else the one a
// reload brings, that reload shared by every caller asking meanwhile. One
// reload runs at a time: a Get that the running one is too old for waits
// for the next, which begins when it ends. ctx ending stops the wait, not
// the reload others may be waiting for.
func (ix *Index) Get(ctx context.Context) (*Snapshot, error) {
	var want int64
	if ix.w != nil {
		want = ix.w.Version()
		if c := ix.cur.Load(); c != nil && c.version >= want {
			return c.snap, nil
		}
	}
	ix.mu.Lock()
	var r *reload
	switch {
	case ix.pending == nil:
		r = &reload{version: want, done: make(chan struct{})}
		ix.pending = r
		go ix.run(context.WithoutCancel(ctx), r)
	case ix.w != nil && ix.pending.version >= want:
		r = ix.pending
	default:
		if ix.next == nil {
			ix.next = &reload{done: make(chan struct{})}
		}
		r = ix.next
	}
	ix.mu.Unlock()
	select {
	case <-r.done:
		return r.snap, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// run reads the list for r and swaps it in, unless a reload that began
// later has already swapped in a newer one; then it begins the next
// reload, if any Get waits for one.
func (ix *Index) run(ctx context.Context, r *reload) {
	defer func() {
		ix.mu.Lock()
		ix.pending = nil
		if n := ix.next; n != nil {
			ix.next = nil
			if ix.w != nil {
				n.version = ix.w.Version() // what it will see, at least
			}
			ix.pending = n
			go ix.run(ctx, n)
		}
		ix.mu.Unlock()
		close(r.done)
	}()
	if s := ix.unchanged(ctx); s != nil {
		r.snap = s
		ix.swap(&current{snap: s, version: r.version}, r)
		return
	}
	s, err := ix.load(ctx)
	if err != nil {
		r.err = err
		return
	}
	s.version = r.version
	ix.swap(&current{snap: s, version: r.version}, r)
}

// unchanged is the current snapshot when the contacts are as it read
// them, by the store's count of their changes; nil when they changed, or
// the count cannot say (no watcher, no snapshot yet, an error: read the
// list).
func (ix *Index) unchanged(ctx context.Context) *Snapshot {
	c := ix.cur.Load()
	if c == nil || ix.w == nil || ix.changes == nil {
		return nil
	}
	n, err := ix.changes(ctx)
	if err != nil || n != c.snap.changes {
		return nil
	}
	return c.snap
}

// swap makes c current and r's answer, unless what is current is known
// to be current at a later version: then that is r's answer.
func (ix *Index) swap(c *current, r *reload) {
	for {
		old := ix.cur.Load()
		if old != nil && old.version > c.version {
			r.snap = old.snap
			return
		}
		if ix.cur.CompareAndSwap(old, c) {
			r.snap = c.snap
			return
		}
	}
}

// Version is the watcher's version when the snapshot's load began: of two
// snapshots of one Index, the one of the higher version is the newer.
func (s *Snapshot) Version() int64 {
	if s == nil {
		return -1
	}
	return s.version
}
