package search

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"frontdesk/demo"
	"frontdesk/model"
)

// corpus is a contact list as the UI loads it: the search texts in display
// order, and the names shown in the rows.
type corpus struct {
	ix    *Index
	names []string
	setup string // how long building it took, and where the time went
}

var (
	corpus100k = sync.OnceValue(func() *corpus { return buildCorpus(100_000) })
	corpus1M   = sync.OnceValue(func() *corpus { return buildCorpus(1_000_000) })
)

func buildCorpus(n int) *corpus {
	t0 := time.Now()
	cs := demo.Generate(n, 1)
	tGen := time.Since(t0)

	t0 = time.Now()
	type row struct{ key, name, search string }
	rows := make([]row, n)
	workers := runtime.GOMAXPROCS(0)
	parallel(workers, func(w int) {
		for i := w; i < n; i += workers {
			s := cs[i].Summarize(model.DefaultRegion)
			rows[i] = row{s.SortKey, s.Name, s.Search}
		}
	})
	cs = nil
	tSum := time.Since(t0)

	t0 = time.Now()
	slices.SortFunc(rows, func(a, b row) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.search, b.search)
	})
	c := &corpus{ix: NewIndex(n), names: make([]string, n)}
	for i, r := range rows {
		c.ix.Add([]byte(r.search))
		c.names[i] = r.name
	}
	tIndex := time.Since(t0)
	ms := func(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
	c.setup = fmt.Sprintf("setup: generate %v, summarize %v, sort and index %v; %.0f MB of text",
		ms(tGen), ms(tSum), ms(tIndex), float64(len(c.ix.arena))/1e6)
	runtime.GC()
	return c
}

// keystroke is what the list does for one keystroke: search, then show the
// first screenful with its highlights.
func keystroke(b *testing.B, c *corpus, query string, prev *Result) *Result {
	r, err := c.ix.Search(context.Background(), query, prev)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 20 && i < r.Len(); i++ {
		if Highlight(c.names[r.Hit(i)], query) == nil {
			b.Fatalf("%q: no highlight in %q", query, c.names[r.Hit(i)])
		}
	}
	return r
}

// BenchmarkContactFilter measures one keystroke in the contact list: a search
// with no previous result ("smi", the worst: a third of the records match),
// the next keystroke narrowing it ("smit" after "smi"), and a narrow query.
func BenchmarkContactFilter(b *testing.B) {
	sizes := []struct {
		name   string
		corpus func() *corpus
	}{{"100k", corpus100k}, {"1M", corpus1M}}
	for _, size := range sizes {
		b.Run(size.name, func(b *testing.B) {
			c := size.corpus()
			b.Log(c.setup)
			var r *Result
			for b.Loop() {
				r = keystroke(b, c, "smi", nil)
			}
			b.ReportMetric(float64(r.Len()), "hits")
		})
		b.Run(size.name+"-smit-after-smi", func(b *testing.B) {
			c := size.corpus()
			prev := keystroke(b, c, "smi", nil)
			var r *Result
			for b.Loop() {
				r = keystroke(b, c, "smit", prev)
			}
			b.ReportMetric(float64(r.Len()), "hits")
		})
		for _, q := range []string{"tremblay", "smth"} {
			b.Run(size.name+"-"+q, func(b *testing.B) {
				c := size.corpus()
				var r *Result
				for b.Loop() {
					r = keystroke(b, c, q, nil)
				}
				b.ReportMetric(float64(r.Len()), "hits")
			})
		}
	}
}
