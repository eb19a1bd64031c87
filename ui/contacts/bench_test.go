package contacts

import (
	"context"
	"os"
	"runtime"
	"testing"

	"github.com/muesli/termenv"

	"frontdesk/demo/demotest"
	"frontdesk/store"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"

	"github.com/charmbracelet/lipgloss"
)

// BenchmarkStartup measures what a user waits for between launching
// frontdesk and seeing the contact list: opening the database (schema
// check), reading the region, loading the whole list with its search index,
// and drawing the first screen at 80x24. It reports the heap the loaded
// list keeps after a collection (MiB-heap), and all the memory the Go
// runtime holds from the system (MiB-sys).
func BenchmarkStartup(b *testing.B) {
	path := demotest.ContactsDB(b, 100_000)
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(termenv.ANSI256)
	var kept *List
	for b.Loop() {
		ctx := context.Background()
		st, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		region, err := st.Region(ctx)
		if err != nil {
			b.Fatal(err)
		}
		env := &screen.Env{Store: st, Styles: theme.New(r, false), Keys: keymap.Default(), Ctx: ctx, Start: screen.Session{Region: region}, Nav: &screen.Nav{}}
		l := NewList(env)
		l.SetSize(80, 21)
		l.Update(l.Init()())
		if l.data.Len() != 100_000 {
			b.Fatalf("loaded %d contacts", l.data.Len())
		}
		_ = l.View()
		kept = l
		st.Close()
	}
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MiB-heap")
	b.ReportMetric(float64(ms.Sys-ms.HeapReleased)/(1<<20), "MiB-sys")
	runtime.KeepAlive(kept)
}
