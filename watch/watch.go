// Package watch tells every session of a process that the database
// changed, whoever changed it: a session of this process, another
// process on the same file, the fax sender. One watcher serves the whole
// process; sessions subscribe to it instead of each asking the database.
package watch

import (
	"context"
	"sync"
)

// Changed says the database changed since the previous Changed: what a
// session shows may be out of date.
type Changed struct {
	// Version counts the changes the watcher has seen. It only grows, so
	// a session that has already reloaded for a version ignores a Changed
	// that is not newer.
	Version int64
}

// Watcher is the one source of changes of a process.
//
// Poller, the SQLite implementation, polls PRAGMA data_version on one
// connection and is told of the process's own commits by the store at
// once. A PostgreSQL backend would implement the same interface with one
// connection that LISTENs on a channel which the tables' triggers NOTIFY
// on commit (its own commits included), publishing through a Hub; the
// sessions would not change.
type Watcher interface {
	// Subscribe returns a subscription that receives every change from
	// now on, until it is closed or ctx ends.
	Subscribe(ctx context.Context) *Subscription
	// Version is the version of the latest change seen. A commit of this
	// process is counted before the call that made it returns.
	Version() int64
}

// Subscription receives the changes of a watcher. A subscriber that reads
// slowly misses nothing that matters: a change not read yet is replaced
// by the next one, which says as much.
type Subscription struct {
	hub  *Hub
	c    chan Changed // holds at most the latest change not read
	stop func() bool  // stops the close at the end of the context
}

// C is where the changes arrive. It is closed when the subscription is.
func (s *Subscription) C() <-chan Changed { return s.c }

// Close ends the subscription and closes C. Closing twice does nothing.
func (s *Subscription) Close() {
	if s.stop != nil {
		s.stop()
	}
	s.hub.remove(s)
}

// Hub is the set of a watcher's subscriptions, for the implementations of
// Watcher to publish through. The zero Hub is ready to use.
type Hub struct {
	mu     sync.Mutex
	subs   map[*Subscription]struct{}
	closed bool
}

// Subscribe adds a subscription that ends with ctx.
func (h *Hub) Subscribe(ctx context.Context) *Subscription {
	s := &Subscription{hub: h, c: make(chan Changed, 1)}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		close(s.c)
		return s
	}
	if h.subs == nil {
		h.subs = map[*Subscription]struct{}{}
	}
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	s.stop = context.AfterFunc(ctx, func() { h.remove(s) })
	return s
}

// Publish gives c to every subscription without waiting for any: a
// change a subscriber has not read yet is dropped for c.
func (h *Hub) Publish(c Changed) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		select {
		case <-s.c:
		default:
		}
		s.c <- c // never blocks: the buffer is empty, and only Publish sends, under mu
	}
}

// Len is the number of subscriptions open.
func (h *Hub) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Close closes every subscription; later ones are closed at once.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		delete(h.subs, s)
		close(s.c)
	}
}

func (h *Hub) remove(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.c)
	}
}
