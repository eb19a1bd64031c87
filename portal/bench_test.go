package portal_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"frontdesk/model"
	"frontdesk/portal"
)

// BenchmarkPortal: clients at once (200; FRONTDESK_BENCH_CLIENTS) each
// asking, in turn, for the landing page of a valid link, of an expired
// one, of an unknown one, and for the document of a share they opened.
// Reported: the latency of pages and of the PDF at p50 and p95, and the
// bytes allocated per PDF served over the PDF's size.
func BenchmarkPortal(b *testing.B) {
	clients := 200
	if n, err := strconv.Atoi(os.Getenv("FRONTDESK_BENCH_CLIENTS")); err == nil && n > 0 {
		clients = n
	}
	f := newFixtureTB(b, portal.Config{PerAddress: -1, PerShare: -1}, benchPDFSize)
	// Each client: its own share, opened by it, and an expired one.
	type client struct {
		b       *browser
		token   string
		expired string
	}
	cs := make([]client, clients)
	for i := range cs {
		_, expired := f.share(model.LevelLink)
		cs[i].expired = expired
	}
	f.wait(model.LinkLife + time.Minute)
	for i := range cs {
		_, token := f.share(model.LevelLink)
		br := f.browser()
		page := br.get("/s/" + token)
		if r := br.press(page, "/s/"+token+"/open", url.Values{}); r.url != "/s/"+token+"/view" {
			b.Fatalf("open: %s", r.url)
		}
		cs[i].b, cs[i].token = br, token
	}
	var mu sync.Mutex
	var pages, pdfs []time.Duration
	var before, after runtime.MemStats
	b.ResetTimer()
	runtime.ReadMemStats(&before)
	var served int
	for range b.N {
		var wg sync.WaitGroup
		for _, c := range cs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine, minePDF []time.Duration
				for _, path := range []string{"/s/" + c.token + "/view", "/s/" + c.expired, "/s/" + strings.Repeat("Z", 43)} {
					start := time.Now()
					if status := fetch(c.b, path); status == http.StatusTooManyRequests || status >= 500 {
						panic(fmt.Sprintf("%s: %d", path, status))
					}
					mine = append(mine, time.Since(start))
				}
				start := time.Now()
				fetch(c.b, "/s/"+c.token+"/pdf")
				minePDF = append(minePDF, time.Since(start))
				mu.Lock()
				pages, pdfs = append(pages, mine...), append(pdfs, minePDF...)
				served++
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	runtime.ReadMemStats(&after)
	b.StopTimer()
	report(b, pages, pdfs)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(served)/float64(len(f.pdf)), "alloc/pdf-size")
}

// benchPDFSize is the document's size: a few scanned pages.
const benchPDFSize = 256 << 10

// BenchmarkPortalFloor is BenchmarkPortal's load on a TLS server of
// nothing but net/http, answering each page with the same bytes and the
// document with the same PDF: the floor the portal's figures compare to.
func BenchmarkPortalFloor(b *testing.B) {
	clients := 200
	if n, err := strconv.Atoi(os.Getenv("FRONTDESK_BENCH_CLIENTS")); err == nil && n > 0 {
		clients = n
	}
	page := []byte(strings.Repeat("<p>This link does not open a document.</p>\n", 30))
	pdf := []byte(strings.Repeat("x", benchPDFSize))
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if strings.HasSuffix(r.URL.Path, "/pdf") {
			w.Header().Set("Content-Type", "application/pdf")
			w.Write(pdf)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	cs := make([]*http.Client, clients)
	for i := range cs {
		cs[i] = &http.Client{Transport: srv.Client().Transport.(*http.Transport).Clone()}
		get(cs[i], srv.URL+"/warm")
	}
	var mu sync.Mutex
	var pages, pdfs []time.Duration
	var before, after runtime.MemStats
	b.ResetTimer()
	runtime.ReadMemStats(&before)
	for range b.N {
		var wg sync.WaitGroup
		for _, c := range cs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				for _, path := range []string{"/view", "/expired", "/unknown"} {
					start := time.Now()
					get(c, srv.URL+path)
					mine = append(mine, time.Since(start))
				}
				start := time.Now()
				get(c, srv.URL+"/pdf")
				took := time.Since(start)
				mu.Lock()
				pages, pdfs = append(pages, mine...), append(pdfs, took)
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	runtime.ReadMemStats(&after)
	b.StopTimer()
	report(b, pages, pdfs)
	// What TLS and the clients allocate per document, with none of ours:
	// BenchmarkPortal's figure over this one is the portal's own copies.
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(len(pdfs))/float64(len(pdf)), "alloc/pdf-size")
}

func get(c *http.Client, u string) {
	resp, err := c.Get(u)
	if err != nil {
		panic(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func report(b *testing.B, pages, pdfs []time.Duration) {
	pct := func(d []time.Duration, p float64) float64 {
		slices.Sort(d)
		return float64(d[int(float64(len(d)-1)*p)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(pages, 0.50), "page-p50-ms")
	b.ReportMetric(pct(pages, 0.95), "page-p95-ms")
	b.ReportMetric(pct(pdfs, 0.50), "pdf-p50-ms")
	b.ReportMetric(pct(pdfs, 0.95), "pdf-p95-ms")
}

// fetch asks for path and reads the answer through.
func fetch(b *browser, path string) int {
	resp, err := b.c.Get(b.f.srv.URL + path)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}
