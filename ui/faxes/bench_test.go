package faxes

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"frontdesk/store"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// BenchmarkHistoryScreen opens the Faxes screen over 1M faxes and changes
// its filter, each time reading the page and drawing it at 80x24. It uses
// the database store's BenchmarkFaxHistory builds.
func BenchmarkHistoryScreen(b *testing.B) {
	path := filepath.Join(os.TempDir(), "frontdesk-bench-faxes.db")
	if _, err := os.Stat(path); err != nil {
		b.Skip("run go test -bench FaxHistory ./store first: it builds the 1M-fax database")
	}
	ctx := store.WithActor(context.Background(), "bench")
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(termenv.ANSI256)
	env := &screen.Env{Store: st, Styles: theme.New(r, false), Keys: keymap.Default(), Ctx: ctx, Start: screen.Session{Region: "US"}, Nav: &screen.Nav{}}
	run := func(l *List, cmd tea.Cmd) {
		for cmd != nil {
			_, cmd = l.Update(cmd())
		}
		if l.err != nil || l.View() == "" {
			b.Fatal("nothing shown", l.err)
		}
	}
	b.Run("open", func(b *testing.B) {
		for b.Loop() {
			l := NewList(env, Filter{})
			l.SetSize(80, 21)
			run(l, l.Init())
		}
	})
	b.Run("filter", func(b *testing.B) {
		l := NewList(env, Filter{})
		l.SetSize(80, 21)
		run(l, l.Init())
		for b.Loop() {
			run(l, l.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'s'}}))
		}
	})
}
