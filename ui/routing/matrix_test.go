package routing

import (
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// Every category retired, then one added: moving and drawing stay in
// bounds; a reload with fewer providers leaves no blank screenful.
func TestMatrixBounds(t *testing.T) {
	env := &screen.Env{Keys: keymap.Default(), Styles: theme.New(lipgloss.NewRenderer(io.Discard), false), Nav: &screen.Nav{}}
	s := New(env)
	s.SetSize(80, 21)
	s.Init()
	d := model.Directory{Users: map[int64]model.User{}, Groups: map[int64]model.StaffGroup{}}
	var providers []model.User
	for i := int64(1); i <= 40; i++ {
		u := model.User{ID: i, Name: "Dr. P", Kind: model.KindProvider, Active: true}
		d.Users[i], providers = u, append(providers, u)
	}
	s.Update(matrixMsg{owner: s, gen: s.gen, m: store.Matrix{Providers: providers, Dir: d}})
	for _, k := range []string{"l", "$", "right", "G"} {
		s.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		if k == "right" {
			s.Update(tea.KeyMsg{Type: tea.KeyRight})
		}
		s.View()
	}
	s.Update(matrixMsg{owner: s, gen: s.gen, m: store.Matrix{Providers: providers[:3], Dir: d,
		Categories: []model.Category{{ID: 1, Name: "Appointments"}}}})
	v := s.View()
	if s.col != 0 || s.left != 0 || s.top != 0 || !strings.Contains(v, "Appointments") || strings.Count(v, " Dr. P ") != 3 {
		t.Errorf("col %d left %d top %d:\n%s", s.col, s.left, s.top, v)
	}
}
