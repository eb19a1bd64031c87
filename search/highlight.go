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
	return HighlightRow([]string{text}, query)[0]
}

// HighlightRow is Highlight for the columns of one displayed row: each term
// is shown once, in the column where it matches best (a word start, then a
// substring, then a spread match; the first column on a tie), so that a
// row found by its name does not also light up letters scattered over its
// other columns.
func HighlightRow(cols []string, query string) [][]int {
	out := make([][]int, len(cols))
	_, terms := parseQuery(query)
	if len(terms) == 0 {
		return out
	}
	folded := make([][]byte, len(cols))
	srcs := make([][]int, len(cols))
	for i, c := range cols {
		f, src := model.FoldMap(c)
		folded[i], srcs[i] = []byte(f), src
	}
	for k := range terms {
		t := &terms[k]
		bestCol, bestKind, bestPos := -1, 0, []int(nil)
		for i, fb := range folded {
			kind, pos := 0, []int(nil)
			if t.digits {
				// A number matches its digits in a row, whatever the
				// punctuation between them: "4165550101" in "(416) 555-0101".
				if pos = digitRun(fb, t.b); pos != nil {
					kind = 3
				}
			} else if p := bestSubstring(fb, t.b); p >= 0 {
				kind = 2
				if wordStart(fb, p) {
					kind = 3
				}
				for b := p; b < p+len(t.b); b++ {
					pos = append(pos, b)
				}
			} else if subseq(fb, t) {
				kind = 1
			}
			if kind > bestKind {
				bestCol, bestKind, bestPos = i, kind, pos
			}
		}
		if bestCol < 0 {
			continue
		}
		src := srcs[bestCol]
		if bestKind >= 2 {
			for _, b := range bestPos {
				out[bestCol] = append(out[bestCol], src[b])
			}
			continue
		}
		for _, m := range fuzzy.FindNoSort(t.fuzzy, []string{fuzzyText(string(folded[bestCol]))}) {
			for _, b := range m.MatchedIndexes {
				out[bestCol] = append(out[bestCol], src[b])
			}
		}
	}
	for i, idx := range out {
		if len(idx) == 0 {
			out[i] = nil
			continue
		}
		slices.Sort(idx)
		out[i] = slices.Compact(idx)
	}
	return out
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

// digitRun finds digits in text, in a row once everything but digits is
// left out, and returns their byte positions; nil when absent.
func digitRun(text, digits []byte) []int {
	var only []byte
	var at []int
	for i, c := range text {
		if '0' <= c && c <= '9' {
			only = append(only, c)
			at = append(at, i)
		}
	}
	p := bytes.Index(only, digits)
	if p < 0 {
		return nil
	}
	return at[p : p+len(digits)]
}
