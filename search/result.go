package search

import (
	"bytes"
	"cmp"
	"runtime"
	"slices"
	"strings"

	"github.com/sahilm/fuzzy"
)

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
	lowStart   int      // ranked[lowStart:] are the hits of tiers 1 and 0

	// ---
	ranked    []uint32 // the hits in rank order, as far as ranked yet
	zeroStart int      // ranked[zeroStart:] are tier 0; -1 until split
	sorted1   bool     // tier 1 ranked by the fuzzy score
	sorted0   bool     // tier 0 ranked by the fuzzy score
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

// rankLow ranks the hits of tiers 1 and 0 as far as position i needs: the
// first time, it splits them into tier 1 then tier 0 (both keep display
// order) and ranks tier 1; tier 0 is ranked when i reaches it.
func (r *Result) rankLow(i int) {
	if r.zeroStart < 0 {
		low := r.ranked[r.lowStart:]
		var part, spread []uint32
		for _, id := range low {
			if r.inOnePart(r.ix.text(id)) {
				part = append(part, id)
			} else {
				spread = append(spread, id)
			}
		}
		copy(low, part)
		copy(low[len(part):], spread)
		r.zeroStart = r.lowStart + len(part)
	}
	if !r.sorted1 {
		r.sorted1 = true
		r.ix.fuzzySort(r.terms, r.ranked[r.lowStart:r.zeroStart])
	}
	if i >= r.zeroStart && !r.sorted0 {
		r.sorted0 = true
		r.ix.fuzzySort(r.terms, r.ranked[r.zeroStart:])
	}
}

// inOnePart reports whether a hit is of tier 1 rather than 0: every term is a
// substring or a subsequence of a single part.
func (r *Result) inOnePart(text []byte) bool {
	for k := range r.terms {
		t := &r.terms[k]
		if !bytes.Contains(text, t.b) && partTier(text, t) == tierSpread {
			return false
		}
	}
	return true
}

// fuzzySort orders ids by sahilm/fuzzy's score of their texts, summed over
// the terms, best first; ties keep display order. The library scores one
// string after another, so the ids are shared out between the cores.
func (ix *Index) fuzzySort(terms []term, ids []uint32) {
	if len(ids) < 2 {
		return
	}
	texts := make([]string, len(ids))
	for k, id := range ids {
		texts[k] = fuzzyText(ix.str(id))
	}
	scores := make([]int, len(ids))
	workers := min(runtime.GOMAXPROCS(0), (len(ids)+1023)/1024)
	per := (len(ids) + workers - 1) / workers
	parallel(workers, func(w int) {
		lo, hi := w*per, min(len(ids), (w+1)*per)
		if lo >= hi {
			return
		}
		part := texts[lo:hi]
		matched := make([]int, len(part))
		for k := range terms {
			for _, m := range fuzzy.FindNoSort(terms[k].fuzzy, part) {
				scores[lo+m.Index] += m.Score
				matched[m.Index]++
			}
		}
		// The library folds letters its own way: a text it misses (there
		// should be none) goes last rather than in the middle.
		for k, n := range matched {
			if n < len(terms) {
				scores[lo+k] = minScore
			}
		}
	})
	order := make([]int, len(ids))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	sorted := make([]uint32, len(ids))
	for k, o := range order {
		sorted[k] = ids[o]
	}
	copy(ids, sorted)
}

// minScore ranks below any score the library gives (it is bounded by a few
// dozen points per character).
const minScore = -1 << 40

// fuzzyText returns s as the fuzzy library can read it: the library takes a
// NUL byte for the end of its input and panics past it.
func fuzzyText(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "\x01")
}
