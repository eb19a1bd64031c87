package app_test

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"frontdesk/contactindex"
	"frontdesk/demo/demotest"
	"frontdesk/store"
	"frontdesk/ui/app"
	"frontdesk/ui/keymap"
	"frontdesk/ui/scenes"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
	"frontdesk/watch"
)

// shown signals once the app's Contacts screen shows its whole list.
type shown struct {
	inner tea.Model
	want  string
	ready chan struct{}
}

func (s *shown) Init() tea.Cmd { return s.inner.Init() }

func (s *shown) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := s.inner.Update(msg)
	s.inner = m
	if s.ready != nil && strings.Contains(m.View(), s.want) {
		close(s.ready)
		s.ready = nil
	}
	return s, cmd
}

func (s *shown) View() string { return s.inner.View() }

// BenchmarkSessionMemory runs 20 sessions of the app, as the server does
// (one program each), on a database of 100,000 contacts, with the
// process's one watcher and one contact list, until each shows the list.
// It reports the heap the shared list holds (MiB-index) and what each
// session adds to it (MiB/session), after a collection.
func BenchmarkSessionMemory(b *testing.B) {
	const sessions, contacts = 20, 100_000
	path := demotest.ContactsDB(b, contacts)
	heap := func() float64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapInuse) / (1 << 20)
	}
	for b.Loop() {
		b.StopTimer()
		st, err := store.Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		w := watch.NewPoller(st, 0)
		ix := contactindex.New(st, w)
		base := heap()
		if _, err := ix.Get(context.Background()); err != nil {
			b.Fatal(err)
		}
		withIndex := heap()
		b.StartTimer()

		ctx, cancel := context.WithCancel(store.WithActor(context.Background(), "bench"))
		var done []chan struct{}
		for range sessions {
			env := &screen.Env{Store: st, Styles: theme.New(scenes.Renderer(termenv.ANSI256), false), Keys: keymap.Default(),
				Ctx: ctx, Start: screen.Session{Region: "US"}, Watch: w, Contacts: ix}
			ready := make(chan struct{})
			m := &shown{inner: app.New(env), want: fmt.Sprintf("1/%d", contacts), ready: ready}
			p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer(),
				tea.WithoutSignalHandler(), tea.WithContext(ctx))
			end := make(chan struct{})
			go func() { p.Run(); close(end) }()
			p.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
			<-ready
			done = append(done, end)
		}
		b.StopTimer()
		all := heap()
		b.ReportMetric(withIndex-base, "MiB-index")
		b.ReportMetric((all-withIndex)/sessions, "MiB/session")
		cancel()
		for _, end := range done {
			<-end
		}
		w.Close()
		st.Close()
		b.StartTimer()
	}
}
