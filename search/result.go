package search

import (
	"bytes"
	"cmp"
	"runtime"
	"slices"
	"strings"
	"unsafe"

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
		r.zeroStart = r.lowStart + r.ix.splitLow(r.terms, r.ranked[r.lowStart:])
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

// splitLow moves the hits of tier 1 (every term within a single part) before
// those of tier 0, keeping display order in both, and returns how many are
// of tier 1.
func (ix *Index) splitLow(terms []term, ids []uint32) int {
	inOne := make([]bool, len(ids))
	shares(len(ids), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			inOne[k] = inOnePart(ix.text(ids[k]), terms)
		}
	})
	spread := make([]uint32, 0, len(ids))
	n := 0
	for k, id := range ids {
		if inOne[k] {
			ids[n] = id
			n++
		} else {
			spread = append(spread, id)
		}
	}
	copy(ids[n:], spread)
	return n
}

// inOnePart reports whether every term is a subsequence of a single part (a
// substring is one too: a term holds no separator).
func inOnePart(text []byte, terms []term) bool {
	for k := range terms {
		if partTier(text, &terms[k]) == tierSpread {
			return false
		}
	}
	return true
}

// shares splits 0…n-1 into one range per core (none for a small n) and runs
// f on each at once.
func shares(n int, f func(lo, hi int)) {
	workers := max(1, min(runtime.GOMAXPROCS(0), n/1024))
	per := (n + workers - 1) / workers
	parallel(workers, func(w int) {
		if lo, hi := w*per, min(n, (w+1)*per); lo < hi {
			f(lo, hi)
		}
	})
}

// fuzzySort orders ids by their sahilm/fuzzy score, best first; ties keep
// display order. A record's score is the sum over the terms of the term's
// best score in one part of its text (the name, a person, the
// organization, …), or in the whole text when no part holds the term: the
// library penalises every unmatched character, so scoring whole texts would
// rank the shortest records first whatever matched.
func (ix *Index) fuzzySort(terms []term, ids []uint32) {
	if len(ids) < 2 {
		return
	}
	scores := make([]int, len(ids))
	shares(len(ids), func(lo, hi int) {
		for k := range terms {
			ix.addScores(&terms[k], ids[lo:hi], scores[lo:hi])
		}
	})
	order := make([]int, len(ids))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(scores[b], scores[a]); c != 0 {
			return c
		}
		return a - b // display order
	})
	sorted := make([]uint32, len(ids))
	for k, o := range order {
		sorted[k] = ids[o]
	}
	copy(ids, sorted)
}

// addScores adds t's score in each record of ids to scores. The library
// scores one string after another, slowly (a few nanoseconds a byte): each
// distinct string is scored once, as parts repeat across a contact list
// (an organization, a specialty, a common name).
func (ix *Index) addScores(t *term, ids []uint32, scores []int) {
	type ref struct{ owner, str int32 }
	var refs []ref
	var uniq []string
	seen := map[string]int32{}
	use := func(owner int, s string) {
		u, ok := seen[s]
		if !ok {
			u = int32(len(uniq))
			seen[s] = u
			uniq = append(uniq, s)
		}
		refs = append(refs, ref{int32(owner), u})
	}
	for j, id := range ids {
		text, n0 := ix.text(id), len(refs)
		for a := 0; a < len(text); {
			b := bytes.IndexByte(text[a:], sep)
			if b < 0 {
				b = len(text)
			} else {
				b += a
			}
			if subseq(text[a:b], t) {
				use(j, unsafe.String(&text[a], b-a))
			}
			a = b + 1
		}
		if len(refs) == n0 {
			use(j, ix.str(id))
		}
	}
	uscore := make([]int, len(uniq))
	for u := range uscore {
		uscore[u] = minScore
		uniq[u] = fuzzyText(uniq[u])
	}
	// In batches: the library appends every match to one slice, and a small
	// one stays in the cache.
	for b0 := 0; b0 < len(uniq); b0 += fuzzyBatch {
		for _, m := range fuzzy.FindNoSort(t.fuzzy, uniq[b0:min(len(uniq), b0+fuzzyBatch)]) {
			uscore[b0+m.Index] = m.Score
		}
	}
	best := make([]int, len(ids))
	for o := range best {
		best[o] = minScore
	}
	for _, r := range refs {
		best[r.owner] = max(best[r.owner], uscore[r.str])
	}
	for o, b := range best {
		scores[o] += b
	}
}

// fuzzyBatch is how many strings one call of the fuzzy library scores.
const fuzzyBatch = 256

// minScore ranks below any score the library gives: a record it does not
// match (it folds letters its own way; there should be none) goes last.
const minScore = -1 << 40

// fuzzyText returns s as the fuzzy library can read it: the library takes a
// NUL byte for the end of its input and panics past it.
func fuzzyText(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "\x01")
}
