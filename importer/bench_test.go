package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"frontdesk/store"
)

// BenchmarkImport measures a whole import of a generated file (a third of
// the rows in groups of 2-8 sharing a fax): read, validate, plan and write,
// into an empty database, as `frontdesk import` does it (in one go, under
// its memory limit). It reports rows per second, the peak of the Go heap in
// use and the peak of the process's resident memory (Linux).
func BenchmarkImport(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			benchImport(b, n, func(ctx context.Context, st *store.Store, file string, s Settings, known *Known) error {
				_, _, err := Import(ctx, st, file, s, known, nil)
				return err
			})
		})
	}
}

// BenchmarkImportPlanThenWrite is BenchmarkImport the wizard's way: the
// plan first (its Validate step), then the writing (its Import step).
func BenchmarkImportPlanThenWrite(b *testing.B) {
	benchImport(b, 1_000_000, func(ctx context.Context, st *store.Store, file string, s Settings, known *Known) error {
		p, err := NewPlan(ctx, file, s, known, nil)
		if err != nil {
			return err
		}
		_, err = p.Write(ctx, st, nil)
		return err
	})
}

func benchImport(b *testing.B, n int, run func(ctx context.Context, st *store.Store, file string, s Settings, known *Known) error) {
	file := filepath.Join(os.TempDir(), fmt.Sprintf("frontdesk-import-v2-%d.csv", n))
	if _, err := os.Stat(file); err != nil {
		writeCSV(b, file, n)
	}
	benchImportFile(b, file, n, genHeader, run)
}

// BenchmarkImportWide is BenchmarkImport over a file as a provider
// registry's extract is: 300 columns, of which the 17 of the contacts'
// fields are mapped, the rest of realistic widths and mostly empty
// (about 1.5 GB for its million rows). It is generated once into the
// temporary folder and kept for the next run; FRONTDESK_BENCH_ROWS=N
// makes it N rows.
func BenchmarkImportWide(b *testing.B) {
	n := 1_000_000
	if r, err := strconv.Atoi(os.Getenv("FRONTDESK_BENCH_ROWS")); err == nil && r > 0 {
		n = r // a smaller file, for a profile
	}
	file := filepath.Join(os.TempDir(), fmt.Sprintf("frontdesk-import-wide-%d.csv", n))
	if _, err := os.Stat(file); err != nil {
		writeWideCSV(b, file, n)
	}
	benchImportFile(b, file, n, wideMapping(), func(ctx context.Context, st *store.Store, file string, s Settings, known *Known) error {
		_, _, err := Import(ctx, st, file, s, known, nil)
		return err
	})
}

// benchImportFile runs an import of the file of n rows with mapping in
// each round, into an empty database, and reports rows per second and the
// peaks of the heap and of the resident memory.
func benchImportFile(b *testing.B, file string, n int, mapping []string, run func(ctx context.Context, st *store.Store, file string, s Settings, known *Known) error) {
	defer LimitMemory()()
	dir := b.TempDir()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			if v := ms.HeapInuse; v > peak.Load() {
				peak.Store(v)
			}
		}
	}()
	resetPeakRSS()
	i := 0
	for b.Loop() {
		i++
		ctx := store.WithActor(context.Background(), "bench")
		st, err := store.Open(ctx, filepath.Join(dir, fmt.Sprintf("b%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		known, _ := LoadKnown(ctx, st)
		if err := run(ctx, st, file, Settings{Mapping: mapping, Region: "US"}, known); err != nil {
			b.Fatal(err)
		}
		st.Close()
	}
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "MiB-peak-heap")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(float64(rss)/(1<<20), "MiB-peak-rss")
	}
}

// resetPeakRSS starts the process's resident memory peak again from now
// (Linux: "5" in /proc/self/clear_refs); peakRSS reads it (VmHWM), 0 when
// it cannot.
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
