package watch

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"frontdesk/store"
)

// DefaultEvery is how often a Poller looks for the commits of other
// processes; those of its own process it hears of at once.
const DefaultEvery = time.Second

// Poller watches a SQLite database: it polls PRAGMA data_version (one
// query for the whole process, however many sessions) and is called by
// the store after each of the process's own commits.
type Poller struct {
	hub     Hub
	st      *store.Store
	version atomic.Int64

	mu   sync.Mutex // one look at a time
	last int64      // the data_version last read

	unhook func()
	cancel context.CancelFunc
	done   chan struct{}
}

var _ Watcher = (*Poller)(nil)

// NewPoller starts watching st, looking for other processes' commits
// every so often (DefaultEvery when every is 0), until Close.
func NewPoller(st *store.Store, every time.Duration) *Poller {
	if every <= 0 {
		every = DefaultEvery
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Poller{st: st, cancel: cancel, done: make(chan struct{})}
	p.last, _ = st.DataVersion(ctx) // unread, the first look sets it
	p.unhook = st.OnCommit(p.committed)
	go p.run(ctx, every)
	return p
}

// Subscribe returns a subscription to the database's changes.
func (p *Poller) Subscribe(ctx context.Context) *Subscription { return p.hub.Subscribe(ctx) }

// Version is the latest change's.
func (p *Poller) Version() int64 { return p.version.Load() }

// Subscribers is how many subscriptions are open.
func (p *Poller) Subscribers() int { return p.hub.Len() }

// Close stops watching and closes every subscription.
func (p *Poller) Close() {
	p.unhook()
	p.cancel()
	<-p.done
	p.hub.Close()
}

func (p *Poller) run(ctx context.Context, every time.Duration) {
	defer close(p.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			p.look(ctx, false)
		}
	}
}

// committed is told of a commit of this process: the change is counted
// and published before the commit's caller goes on.
func (p *Poller) committed() { p.look(context.Background(), true) }

// look reads data_version and publishes a change when it moved. sure (a
// commit it was told of) publishes one even when data_version cannot be
// read; when the poll has just counted that commit, nothing more is said.
func (p *Poller) look(ctx context.Context, sure bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	v, err := p.st.DataVersion(ctx)
	switch {
	case err != nil && !sure:
		return // a busy moment: the next look reads again
	case err == nil && v == p.last:
		return
	case err == nil:
		p.last = v
	}
	p.hub.Publish(Changed{Version: p.version.Add(1)})
}
