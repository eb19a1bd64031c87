package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// runeSubseq is the plain definition of a hit's term: its runes appear in
// text in order.
func runeSubseq(text, term string) bool {
	tr := []rune(term)
	k := 0
	for _, r := range text {
		if k < len(tr) && r == tr[k] {
			k++
		}
	}
	return k == len(tr)
}

func FuzzSearch(f *testing.F) {
	f.Add("smi", strings.Join(tiered, "\n"))
	f.Add("helene 416", "tremblay, helene\x1fhelene tremblay\x1f(416) 555-0101\x1f4165550101\nsmith, john")
	f.Add("Sam Mills", "sam mills inc\x00\x1fx\nsmith\x1f\x1f")
	f.Add("é\xc3", "\xc3\xa9t\xc3\nété\x1fÉ")
	f.Add("(416) -", "(416)\n416\n-")
	f.Fuzz(func(t *testing.T, query, texts string) {
		records := strings.Split(texts, "\n")
		ix := NewIndex(len(records))
		for _, s := range records {
			ix.Add([]byte(s))
		}
		r := search(t, ix, query, nil)
		_, terms := parseQuery(query)

		isHit := make([]bool, len(records))
		for _, id := range hits(r) {
			if isHit[id] {
				t.Fatalf("record %d is hit twice", id)
			}
			isHit[id] = true
		}
		for id, text := range records {
			all := true
			for _, tm := range terms {
				if tm.digits { // numbers match as typed, in a row
					all = all && strings.Contains(text, string(tm.b))
					continue
				}
				all = all && runeSubseq(text, string(tm.b))
			}
			if isHit[id] && !all {
				t.Fatalf("record %d %q is a hit of %q without every term", id, text, query)
			}
			// Completeness holds where runes are well defined.
			if !isHit[id] && all && utf8.ValidString(text) && utf8.ValidString(query) {
				t.Fatalf("record %d %q is no hit of %q but has every term", id, text, query)
			}
		}

		prefix := query[:len(query)/2]
		if inc := search(t, ix, query, search(t, ix, prefix, nil)); !slices.Equal(hits(inc), hits(r)) {
			t.Fatalf("%q after %q: %v, fresh %v", query, prefix, hits(inc), hits(r))
		}

		for _, text := range records {
			idx := Highlight(text, query)
			n := utf8.RuneCountInString(text)
			for k, i := range idx {
				if i < 0 || i >= n || k > 0 && idx[k-1] >= i {
					t.Fatalf("Highlight(%q, %q) = %v: out of order or past %d runes", text, query, idx, n)
				}
			}
		}
	})
}
