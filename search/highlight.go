package search

import (
	"bytes"
	"slices"

	"github.com/sahilm/fuzzy"

	"frontdesk/model"
)

// Highlight returns the indexes of the runes of text (a displayed, unfolded
// string such as "Tremblay, Hélène") that query matches, in increasing
// order, for highlighting; nil when nothing matches. It folds text with
// model.FoldMap.
//
// Each term is shown where a person would look for it: a substring at the
// start of a word, else a substring anywhere, else the characters
// sahilm/fuzzy matches; the result is the union over the terms.
func Highlight(text, query string) []int {
	_, terms := parseQuery(query)
	if len(terms) == 0 || text == "" {
		return nil
	}
	folded, src := model.FoldMap(text)
	fb := []byte(folded)
	var idx []int
	for k := range terms {
		t := &terms[k]
		if p := bestSubstring(fb, t.b); p >= 0 {
			for b := p; b < p+len(t.b); b++ {
				idx = append(idx, src[b])
			}
			continue
		}
		if !subseq(fb, t) {
			continue
		}
		for _, m := range fuzzy.FindNoSort(t.fuzzy, []string{fuzzyText(folded)}) {
			for _, b := range m.MatchedIndexes {
				idx = append(idx, src[b])
			}
		}
	}
	if len(idx) == 0 {
		return nil
	}
	slices.Sort(idx)
	return slices.Compact(idx)
}

// bestSubstring returns where term occurs in text at the start of a word,
// else where it first occurs, else -1.
func bestSubstring(text, term []byte) int {
	first := bytes.Index(text, term)
	for p := first; p >= 0; {
		if wordStart(text, p) {
			return p
		}
		q := bytes.Index(text[p+1:], term)
		if q < 0 {
			break
		}
		p += 1 + q
	}
	return first
}
