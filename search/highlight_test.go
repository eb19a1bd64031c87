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

func TestHighlightRow(t *testing.T) {
	for _, tc := range []struct {
		cols  []string
		query string
		want  [][]int
	}{
		// Found by its name: the organization's scattered s-m-i stays dark.
		{[]string{"Smith, John", "Bloor West Family"}, "smi", [][]int{{0, 1, 2}, nil}},
		// A word start beats an earlier column's substring.
		{[]string{"Asmith, Bob", "Smiths Falls"}, "smi", [][]int{nil, {0, 1, 2}}},
		// Each term in its own best column.
		{[]string{"Tremblay, Hélène", "Cardiology"}, "card hel", [][]int{{10, 11, 12}, {0, 1, 2, 3}}},
		// Digits match the fax column, with or without punctuation.
		{[]string{"Lee, Ann", "(416) 555-0101"}, "4165550101", [][]int{nil, {1, 2, 3, 6, 7, 8, 10, 11, 12, 13}}},
		{[]string{"Lee, Ann", "(416) 555-0101"}, "555-0101", [][]int{nil, {6, 7, 8, 10, 11, 12, 13}}},
		{[]string{"Lee", "x"}, "", [][]int{nil, nil}},
	} {
		got := HighlightRow(tc.cols, tc.query)
		if len(got) != len(tc.want) {
			t.Fatalf("HighlightRow(%q, %q) = %v", tc.cols, tc.query, got)
		}
		for i := range got {
			if !slices.Equal(got[i], tc.want[i]) {
				t.Errorf("HighlightRow(%q, %q)[%d] = %v, want %v", tc.cols, tc.query, i, got[i], tc.want[i])
			}
		}
	}
}
