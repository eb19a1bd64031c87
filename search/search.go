package search

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// chunkSize is how many candidates a worker takes at a time: small enough to
// share the work evenly between the cores and to notice a cancellation
// within a fraction of a millisecond, large enough for the bookkeeping not
// to show.
const chunkSize = 8192

// scanBuf collects one worker's hits, in the order it scanned them, with
// their tiers. Buffers are pooled in the Index: a keystroke allocates only
// its Result.
type scanBuf struct {
	hits  []uint32
	tiers []uint8
}

// segment is the part of a worker's buffer that holds one chunk's hits.
type segment struct {
	buf    *scanBuf
	lo, hi int
	counts [numTiers]int32 // hits per tier
}

// Search filters and ranks the records for query. prev, when not nil, is the
// previous keystroke's result; if query extends prev's query (prev.Query()
// is a prefix of query), only prev's hits are scanned. It stops early and
// returns ctx.Err() when ctx is cancelled (a newer keystroke arrived). An
// empty query returns a Result of all records in display order. Search may
// run on another goroutine while the UI goroutine calls methods of prev:
// read only fields of prev that never change after prev was returned.
//
// The query is folded with model.Fold and split on white space into terms
// (a term spelled like a phone number, "416-555-0101", stands for its
// digits); a record is a hit when every term is an in-order subsequence of
// its text. prev must come from the same Index; another one's is ignored.
func (ix *Index) Search(ctx context.Context, query string, prev *Result) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	folded, terms := parseQuery(query)
	r := &Result{ix: ix, query: query, folded: folded, terms: terms, size: ix.Len(), zeroStart: -1}
	if len(terms) == 0 {
		r.everything = true
		return r, nil
	}
	// Comparing folded queries keeps the shortcut exact: a hit of the longer
	// query is a hit of every query its folded form extends.
	var cand []uint32
	var bound []uint8 // the candidates' previous tiers, when no new tier can beat them
	n := r.size
	if prev != nil && prev.ix == ix && prev.size == r.size && !prev.everything && strings.HasPrefix(folded, prev.folded) {
		cand, n = prev.all, len(prev.all)
		if extends(terms, prev.terms) {
			bound = prev.tiers
		}
	}

	segs := make([]segment, (n+chunkSize-1)/chunkSize)
	bufs := make([]*scanBuf, min(runtime.GOMAXPROCS(0), len(segs)))
	for w := range bufs {
		bufs[w] = ix.getBuf()
	}
	defer func() {
		for _, b := range bufs {
			ix.bufs.Put(b)
		}
	}()
	var next atomic.Int64
	var cancelled atomic.Bool
	parallel(len(bufs), func(w int) {
		buf := bufs[w]
		for {
			c := int(next.Add(1) - 1)
			if c >= len(segs) || cancelled.Load() {
				return
			}
			if ctx.Err() != nil {
				cancelled.Store(true)
				return
			}
			s := &segs[c]
			s.buf, s.lo = buf, len(buf.hits)
			ix.scan(terms, cand, bound, c*chunkSize, min(n, (c+1)*chunkSize), buf, &s.counts)
			s.hi = len(buf.hits)
		}
	})
	if cancelled.Load() {
		return nil, ctx.Err()
	}
	r.merge(segs, len(bufs))
	return r, nil
}

// parallel runs f(0) … f(n-1) at once, f(0) on the calling goroutine.
func parallel(n int, f func(w int)) {
	var wg sync.WaitGroup
	for w := 1; w < n; w++ {
		wg.Go(func() { f(w) })
	}
	if n > 0 {
		f(0)
	}
	wg.Wait()
}

func (ix *Index) getBuf() *scanBuf {
	if b, ok := ix.bufs.Get().(*scanBuf); ok {
		b.hits, b.tiers = b.hits[:0], b.tiers[:0]
		return b
	}
	return &scanBuf{}
}

// scan tests candidates lo…hi-1 (record numbers, or indexes in cand when
// cand is not nil) and appends the hits to buf. The subsequence test rejects
// most records cheaply; only hits pay for their tier, and not even those
// whose bound says they stay in the low tiers.
func (ix *Index) scan(terms []term, cand []uint32, bound []uint8, lo, hi int, buf *scanBuf, counts *[numTiers]int32) {
	test := func(id uint32, tier int) {
		text := ix.text(id)
		for k := range terms {
			if !subseq(text, &terms[k]) {
				return
			}
		}
		for k := 0; k < len(terms) && tier > tierLow; k++ {
			tier = min(tier, matchTier(text, &terms[k]))
		}
		buf.hits = append(buf.hits, id)
		buf.tiers = append(buf.tiers, uint8(tier))
		counts[tier]++
	}
	switch {
	case bound != nil:
		for k, id := range cand[lo:hi] {
			test(id, int(bound[lo+k]))
		}
	case cand != nil:
		for _, id := range cand[lo:hi] {
			test(id, tierNamePrefix)
		}
	default:
		for id := lo; id < hi; id++ {
			test(uint32(id), tierNamePrefix)
		}
	}
}

// extends reports whether each of the old terms is a prefix of the new term
// in its place: then no record's tier can rise, as a longer term matches
// only where the shorter one did.
func extends(terms, old []term) bool {
	if len(terms) < len(old) {
		return false
	}
	for k := range old {
		if !bytes.HasPrefix(terms[k].b, old[k].b) {
			return false
		}
	}
	return true
}

// merge gathers the chunks' hits and tiers into r.all and r.tiers (display
// order: the chunks are in display order and so is each chunk) and into
// r.ranked, bucketed by tier best first, each bucket in display order.
// Every chunk knows where its hits go, so the copying is shared between the
// workers too.
func (r *Result) merge(segs []segment, workers int) {
	var total int
	var tierStart [numTiers]int
	for i := range segs {
		total += segs[i].hi - segs[i].lo
	}
	// Buckets best first: 5, 4, 3, 2, then the low ones (all marked tierLow).
	at := 0
	for t := tierNamePrefix; t >= tierLow; t-- {
		tierStart[t] = at
		for i := range segs {
			at += int(segs[i].counts[t])
		}
	}
	r.lowStart = tierStart[tierLow]
	both := make([]uint32, 2*total)
	r.all, r.ranked = both[:total:total], both[total:]
	r.tiers = make([]uint8, total)

	// Each segment's starting positions in all and in every bucket.
	type dest struct {
		all  int
		tier [numTiers]int
	}
	dests := make([]dest, len(segs))
	pos := tierStart
	allPos := 0
	for i := range segs {
		dests[i] = dest{allPos, pos}
		allPos += segs[i].hi - segs[i].lo
		for t := range pos {
			pos[t] += int(segs[i].counts[t])
		}
	}
	var next atomic.Int64
	parallel(min(workers, len(segs)), func(int) {
		for {
			i := int(next.Add(1) - 1)
			if i >= len(segs) {
				return
			}
			s, d := &segs[i], dests[i]
			copy(r.all[d.all:], s.buf.hits[s.lo:s.hi])
			copy(r.tiers[d.all:], s.buf.tiers[s.lo:s.hi])
			for k, id := range s.buf.hits[s.lo:s.hi] {
				t := s.buf.tiers[s.lo+k]
				r.ranked[d.tier[t]] = id
				d.tier[t]++
			}
		}
	})
}
