package search

// Result is the outcome of one Search: the hits, ranked. The fields above
// the line never change once Search returns, so that the next keystroke's
// Search may read them on another goroutine; those below belong to the
// goroutine that calls Hit.
type Result struct {
	ix         *Index
	query      string
	folded     string
	terms      []term
	size       int      // the index's length when searched
	everything bool     // an empty query: every record, in display order
	all        []uint32 // the hits in display order
	tiers      []uint8  // the tier of each of all, tierLow for 1 and 0
	lowStart   int      // ranked[lowStart:] are the hits of tiers 1 and 0

	// ---
	// ranked holds the hits of tiers 5 to 2 in rank order, then those of
	// tiers 1 and 0, ranked as Hit reaches them.
	ranked    []uint32
	zeroStart int       // ranked[zeroStart:] are tier 0; -1 until split
	tier1     *lazyRank // nil until Hit reaches tier 1
	tier0     *lazyRank // nil until Hit reaches tier 0
}

// Query returns the query the result is for, as given to Search.
func (r *Result) Query() string { return r.query }

// Len returns the number of hits.
func (r *Result) Len() int {
	if r.everything {
		return r.size
	}
	return len(r.all)
}

// Hit returns the record number of the i-th hit in rank order. Cheap for the
// first screenful; may rank more lazily as i grows (not safe for concurrent
// use; only the UI goroutine calls it). It panics when i is out of range,
// like an index of a slice.
func (r *Result) Hit(i int) int {
	if r.everything {
		if i < 0 || i >= r.size {
			panic("search: hit index out of range")
		}
		return i
	}
	if i >= r.lowStart && i < len(r.ranked) {
		r.rankLow(i)
	}
	return int(r.ranked[i])
}

// rankLow ranks the hits of tiers 1 and 0 as far as position i needs. The
// first time, it splits them into tier 1 then tier 0, both in display
// order; then each tier is scored when i first reaches it, and put in order
// a few screenfuls at a time.
func (r *Result) rankLow(i int) {
	if r.zeroStart < 0 {
		r.zeroStart = r.lowStart + r.ix.splitLow(r.terms, r.ranked[r.lowStart:])
	}
	if i < r.zeroStart {
		if r.tier1 == nil {
			r.tier1 = r.ix.newLazyRank(r.terms, r.ranked[r.lowStart:r.zeroStart])
		}
		r.tier1.rankTo(i - r.lowStart)
		return
	}
	if r.tier0 == nil {
		r.tier0 = r.ix.newLazyRank(r.terms, r.ranked[r.zeroStart:])
	}
	r.tier0.rankTo(i - r.zeroStart)
}
