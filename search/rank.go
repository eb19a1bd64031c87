package search

import (
	"bytes"
	"runtime"
	"strings"
	"unsafe"

	"github.com/sahilm/fuzzy"
)

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

// shares splits 0…n-1 into one range per core (a single one for a small n)
// and runs f on each at once.
func shares(n int, f func(lo, hi int)) {
	workers := max(1, min(runtime.GOMAXPROCS(0), n/1024))
	per := (n + workers - 1) / workers
	parallel(workers, func(w int) {
		if lo, hi := w*per, min(n, (w+1)*per); lo < hi {
			f(lo, hi)
		}
	})
}

// lazyRank puts a tier's hits in order of their sahilm/fuzzy score, best
// first, ties in display order. Every hit must be scored before the best is
// known, but only the rows the list reaches need sorting: the rest wait in
// a heap.
type lazyRank struct {
	out    []uint32 // the tier's part of Result.ranked; out[:done] is in order
	ids    []uint32 // the tier's hits in display order
	scores []int    // by index in ids
	heap   []int32  // indexes in ids not yet in out, best on top
	done   int
}

// rankBatch is how many more hits lazyRank orders when the list needs one:
// a few screenfuls, so that scrolling does not come back for each row.
const rankBatch = 256

func (ix *Index) newLazyRank(terms []term, out []uint32) *lazyRank {
	l := &lazyRank{out: out, ids: append([]uint32(nil), out...), scores: make([]int, len(out))}
	shares(len(out), func(lo, hi int) {
		for k := range terms {
			ix.addScores(&terms[k], l.ids[lo:hi], l.scores[lo:hi])
		}
	})
	l.heap = make([]int32, len(out))
	for k := range l.heap {
		l.heap[k] = int32(k)
	}
	for k := len(l.heap)/2 - 1; k >= 0; k-- {
		l.down(k)
	}
	return l
}

// rankTo puts out[:i+1] in order, and a batch more.
func (l *lazyRank) rankTo(i int) {
	if i < l.done {
		return
	}
	for end := min(len(l.out), i+1+rankBatch); l.done < end; l.done++ {
		top, last := l.heap[0], len(l.heap)-1
		l.heap[0] = l.heap[last]
		l.heap = l.heap[:last]
		l.down(0)
		l.out[l.done] = l.ids[top]
	}
}

// before orders hits: the higher score first, then display order.
func (l *lazyRank) before(a, b int32) bool {
	if sa, sb := l.scores[a], l.scores[b]; sa != sb {
		return sa > sb
	}
	return a < b
}

func (l *lazyRank) down(k int) {
	h := l.heap
	for {
		c := 2*k + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && l.before(h[c+1], h[c]) {
			c++
		}
		if !l.before(h[c], h[k]) {
			return
		}
		h[k], h[c] = h[c], h[k]
		k = c
	}
}

// addScores adds t's sahilm/fuzzy score in each record of ids to scores: its
// best score in one part of the text (the name, a person, the
// organization, …), or in the whole text when no part holds the term. Parts
// rather than texts, as the library penalises every unmatched character:
// scoring whole texts would rank the shortest records first whatever
// matched. The library is slow (a few nanoseconds a byte), so each distinct
// string is scored once: parts repeat across a contact list (an
// organization, a specialty, a common name).
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
