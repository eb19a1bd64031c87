package search

import (
	"context"
	"testing"
)

func BenchmarkScratchSort0(b *testing.B) {
	c := corpus100k()
	r, _ := c.ix.Search(context.Background(), "smth", nil)
	r.Hit(0)
	ids := append([]uint32(nil), r.ranked[r.zeroStart:]...)
	b.Logf("%d ids", len(ids))
	for b.Loop() {
		c.ix.fuzzySort(r.terms, ids)
	}
}
