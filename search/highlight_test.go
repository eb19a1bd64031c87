package search

import (
	"slices"
	"testing"
)

func TestHighlight(t *testing.T) {
	for _, tc := range []struct {
		text, query string
		want        []int
	}{
		{"Tremblay, Hélène", "helene", []int{10, 11, 12, 13, 14, 15}},
		{"Tremblay, Hélène", "HÉL", []int{10, 11, 12}},
		{"Tremblay, Hélène", "tremblay helene", []int{0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15}},
		{"Smith, John", "john smith", []int{0, 1, 2, 3, 4, 7, 8, 9, 10}},
		{"Côté, Émilie", "cote em", []int{0, 1, 2, 3, 6, 7}},
		{"Straße", "strasse", []int{0, 1, 2, 3, 4, 5}}, // ß folds to ss: one rune, two bytes
		{"Joanne Annan", "ann", []int{7, 8, 9}},        // a word start, not the first occurrence
		{"Asmith, Bob", "smi", []int{1, 2, 3}},         // no word start: the substring
		{"Sam Mills Inc", "smi", []int{0, 4, 10}},      // the library's best spread match
		{"Smith, John", "smith smi", []int{0, 1, 2, 3, 4}},
		{"(416) 555-0101", "416-555", []int{1, 2, 3, 6, 7, 8}},
		{"Tremblay", "xyz", nil},
		{"Tremblay", "trem xyz", []int{0, 1, 2, 3}}, // the terms that match
		{"Tremblay", "", nil},
		{"", "smi", nil},
	} {
		if got := Highlight(tc.text, tc.query); !slices.Equal(got, tc.want) {
			t.Errorf("Highlight(%q, %q) = %v, want %v", tc.text, tc.query, got, tc.want)
		}
	}
}

func BenchmarkHighlight(b *testing.B) {
	for b.Loop() {
		Highlight("Tremblay, Hélène", "helene")
	}
}
