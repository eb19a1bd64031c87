package routing

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// BenchmarkMatrixScreen opens the Routing screen over 200 providers x 12
// categories (reading the matrix and drawing it at 80x24), and moves
// between cells, each key drawn (target: 16 ms a key).
func BenchmarkMatrixScreen(b *testing.B) {
	ctx := store.WithActor(context.Background(), "bench")
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "matrix.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	admin, err := st.ActingUser(ctx, "Bench Admin")
	if err != nil {
		b.Fatal(err)
	}
	for i := range 6 {
		if _, err := st.SaveCategory(ctx, model.Category{Name: fmt.Sprintf("Extra %d", i+1)}); err != nil {
			b.Fatal(err)
		}
	}
	g, err := st.SaveGroup(ctx, model.StaffGroup{Name: "Front Office", Members: []int64{admin.ID}})
	if err != nil {
		b.Fatal(err)
	}
	var ps []model.Patient
	for i := range 200 {
		ps = append(ps, model.Patient{FirstName: "Pat", LastName: fmt.Sprint("Ient", i), Chart: fmt.Sprintf("P-%04d", i+1),
			BirthDate: model.Date{Year: 1980, Month: 1, Day: 1}, Provider: fmt.Sprintf("Dr. Provider %04d", i+1)})
	}
	if err := st.CreatePatients(ctx, ps); err != nil {
		b.Fatal(err)
	}
	cats, _ := st.Categories(ctx, false)
	filled := map[int64][]model.Recipient{}
	for _, c := range cats {
		filled[c.ID] = []model.Recipient{{GroupID: g.ID}, {UserID: admin.ID}}
	}
	if _, err := st.ApplyAllProviders(ctx, filled); err != nil {
		b.Fatal(err)
	}
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(termenv.ANSI256)
	env := &screen.Env{Store: st, Styles: theme.New(r, false), Keys: keymap.Default(), Ctx: ctx, Start: screen.Session{Region: "US", User: admin}, Nav: &screen.Nav{}}
	open := func() *Matrix {
		s := New(env)
		s.SetSize(80, 21)
		for cmd := s.Init(); cmd != nil; {
			_, cmd = s.Update(cmd())
		}
		if len(s.m.Providers) != 200 || len(s.m.Categories) != 12 || s.View() == "" {
			b.Fatalf("%d providers, %d categories", len(s.m.Providers), len(s.m.Categories))
		}
		return s
	}
	b.Run("open", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			open()
		}
	})
	b.Run("key", func(b *testing.B) {
		s := open()
		keys := []tea.KeyMsg{{Type: tea.KeyDown}, {Type: tea.KeyRight}, {Type: tea.KeyDown}, {Type: tea.KeyRight}}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			k := keys[i%len(keys)]
			if s.row == len(s.m.Providers) {
				s.row = 0
			}
			if s.col == len(s.m.Categories)-1 {
				s.col = 0
			}
			s.Update(k)
			if s.View() == "" {
				b.Fatal("nothing drawn")
			}
		}
	})
}
