package portal

import (
	"sync"
	"time"
)

// limiter holds each key (an address, a share) to a rate: a bucket of
// burst requests refilled at perMinute. Keys idle long enough to have a
// full bucket are forgotten, so the map does not grow without bound.
type limiter struct {
	mu        sync.Mutex
	perMinute float64
	burst     float64
	buckets   map[string]*bucket
	swept     time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(perMinute, burst int) *limiter {
	return &limiter{perMinute: float64(perMinute), burst: float64(burst), buckets: map[string]*bucket{}}
}

// allow takes a request of key at now, or reports that it must wait.
func (l *limiter) allow(key string, now time.Time) bool {
	if l == nil || l.perMinute <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	refill := func(b *bucket) {
		b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Minutes()*l.perMinute)
		b.at = now
	}
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if refill(b); b.tokens >= l.burst {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	refill(b)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
