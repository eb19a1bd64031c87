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

	cur atomic.Pointer[Snapshot]

	mu      sync.Mutex
	pending *reload // the reload under way, nil when none
	// next is the reload to begin once pending is done, shared by every
	// Get that came after pending began: one read at a time, however
	// many sessions sign in or save meanwhile (each is a change).
	next *reload
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
	return ix
}

// Current is the latest snapshot loaded, or nil before the first. It
// never waits.
func (ix *Index) Current() *Snapshot { return ix.cur.Load() }

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
		if s := ix.cur.Load(); s != nil && s.version >= want {
			return s, nil
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
	s, err := ix.load(ctx)
	if err != nil {
		r.err = err
		return
	}
	s.version = r.version
	for {
		old := ix.cur.Load()
		if old != nil && old.version > s.version {
			r.snap = old
			return
		}
		if ix.cur.CompareAndSwap(old, s) {
			r.snap = s
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
