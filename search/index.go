// Package search is the contact list's filter: an in-memory index of the
// records' folded search texts (model.Summary.Search), searched as the user
// types, one keystroke at a time, over hundreds of thousands of records.
//
// A record is a hit when every term of the query is an in-order subsequence
// of its text. Hits are ranked by tiers (the name starts with the term, a
// word of the name does, a word of another part does, the term is a
// substring, a subsequence within one part, a subsequence spread across
// parts): the first four keep display order, the last two are ranked by
// github.com/sahilm/fuzzy, lazily, when the list scrolls that far.
package search

import (
	"math"
	"sync"
	"unsafe"
)

// avgText is a guess of a search text's length, to size the arena up front.
const avgText = 128

// Index holds the folded search texts of a list's records in display order.
// Immutable once built; safe for concurrent searches.
//
// Every text lives in one byte arena addressed by offsets, so that a million
// records cost their bytes and four more each, with no string headers for
// the garbage collector to scan.
type Index struct {
	arena []byte
	offs  []uint32 // record i is arena[offs[i]:offs[i+1]]
	bufs  sync.Pool
}

// NewIndex returns an empty index with room for sizeHint records.
func NewIndex(sizeHint int) *Index {
	sizeHint = max(sizeHint, 0)
	offs := make([]uint32, 1, sizeHint+1)
	return &Index{arena: make([]byte, 0, sizeHint*avgText), offs: offs}
}

// Add copies text into the index and returns the record's number (0-based,
// in the order of the calls, which is the display order). The text is
// expected folded (model.Summary.Search); it is matched byte for byte.
func (ix *Index) Add(text []byte) int {
	if uint64(len(ix.arena))+uint64(len(text)) > math.MaxUint32 {
		panic("search: the index holds at most 4 GiB of text")
	}
	ix.arena = append(ix.arena, text...)
	ix.offs = append(ix.offs, uint32(len(ix.arena)))
	return len(ix.offs) - 2
}

// Len returns the number of records.
func (ix *Index) Len() int { return len(ix.offs) - 1 }

// Text returns record i's text. It shares the index's memory: callers must
// not modify it.
func (ix *Index) Text(i int) []byte {
	a, b := ix.offs[i], ix.offs[i+1]
	return ix.arena[a:b:b]
}

// text is Text without the checks of an int index, for the scanning loops.
func (ix *Index) text(id uint32) []byte {
	return ix.arena[ix.offs[id]:ix.offs[id+1]]
}

// str returns record id's text as a string without copying, for the fuzzy
// library's Source: the arena's bytes never change once added.
func (ix *Index) str(id uint32) string {
	t := ix.text(id)
	if len(t) == 0 {
		return ""
	}
	return unsafe.String(&t[0], len(t))
}

// Append adds every record of o after the records of ix, in order, so that
// an index loaded in parts (one per core) becomes one.
func (ix *Index) Append(o *Index) {
	if uint64(len(ix.arena))+uint64(len(o.arena)) > math.MaxUint32 {
		panic("search: the index holds at most 4 GiB of text")
	}
	base := uint32(len(ix.arena))
	ix.arena = append(ix.arena, o.arena...)
	for _, off := range o.offs[1:] {
		ix.offs = append(ix.offs, base+off)
	}
}
