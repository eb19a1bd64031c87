package scenes_test

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"frontdesk/ui/scenes"
)

// TestScreens compares every scene, at 80x24 and at 60x20, with its golden
// file (go test ./ui/scenes -update rewrites them). The views are drawn
// without colours, as on a monochrome terminal: bold, underline and reverse
// still mark the focus.
func TestScreens(t *testing.T) {
	for _, sc := range scenes.All() {
		st, err := scenes.Open(t.Context(), t.TempDir(), sc)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.Name, size[0], size[1]), func(t *testing.T) {
				view, err := scenes.Run(st, sc, scenes.Renderer(termenv.Ascii), size[0], size[1])
				if err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, []byte(view))
			})
		}
		st.Close()
	}
}
