package store

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The sorter gives the lines back in list order (sort key, then ID), with
// their bytes intact, whether they fit in memory or were spilled in many
// runs and merged.
func TestLineSorterOrdersLikeTheList(t *testing.T) {
	type line struct {
		key  string
		id   int64
		text string
	}
	r := rand.New(rand.NewPCG(1, 2))
	var in []line
	for i := range 5000 {
		// Few keys, so that IDs decide many ties; keys that are prefixes
		// of others; accents, to compare bytes as SQLite does.
		key := []string{"smith, ann", "smith", "smíth", "zoe", "", "a"}[r.IntN(6)] + strings.Repeat("x", r.IntN(3))
		in = append(in, line{key, int64(r.IntN(1 << 40)), fmt.Sprintf("line %d \x1f%s", i, strings.Repeat("é", r.IntN(40)))})
	}
	want := slices.Clone(in)
	slices.SortFunc(want, func(a, b line) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.id, b.id))
	})
	for _, runBytes := range []int{1 << 30, 4096, 100} {
		t.Run(fmt.Sprint(runBytes), func(t *testing.T) {
			s := newLineSorter(runBytes)
			defer s.close()
			for _, l := range in {
				if err := s.add(l.key, l.id, func(b []byte) []byte { return append(b, l.text...) }); err != nil {
					t.Fatal(err)
				}
			}
			if runBytes < 1<<30 && len(s.files) < 2 {
				t.Fatalf("%d runs spilled, want several", len(s.files))
			}
			var got []line
			if err := s.each(func(key string, id int64, text string) error {
				got = append(got, line{key, id, text})
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("line %d = %+v, want %+v (%d lines, want %d)", i, got[i], want[i], len(got), len(want))
					}
				}
				t.Fatalf("%d lines, want %d", len(got), len(want))
			}
		})
	}
}

// A sorter that is closed without being read (an import that failed half
// way) ends its goroutine and lets its files go; an error of the reader
// stops the merge.
func TestLineSorterCloseAndStop(t *testing.T) {
	s := newLineSorter(64)
	for i := range 100 {
		s.add(fmt.Sprint(i), int64(i), func(b []byte) []byte { return append(b, "some line"...) })
	}
	s.close()
	s.close()
	if s.files != nil {
		t.Fatal("files kept after close")
	}

	s = newLineSorter(64)
	for i := range 100 {
		s.add(fmt.Sprint(i), int64(i), func(b []byte) []byte { return append(b, "some line"...) })
	}
	stop := fmt.Errorf("stop")
	n := 0
	err := s.each(func(string, int64, string) error {
		if n++; n == 10 {
			return stop
		}
		return nil
	})
	if err != stop || n != 10 {
		t.Fatalf("each: %v after %d lines", err, n)
	}
}
