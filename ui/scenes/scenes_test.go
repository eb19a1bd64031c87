package scenes_test

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"frontdesk/store"
	"frontdesk/ui/scenes"
)

// TestScreens compares every scene, at 80x24 and at 60x20, with its golden
// file (go test ./ui/scenes -update rewrites them). The views are drawn
// without colours, as on a monochrome terminal: bold, underline and reverse
// still mark the focus.
func TestScreens(t *testing.T) {
	// The scenes change nothing: one database with the demo data and one
	// empty database serve them all.
	type db struct {
		st  *store.Store
		dir string
	}
	type kind struct{ empty, staff, faxes, shares bool }
	dbs := map[kind]db{}
	for _, k := range []kind{{false, false, false, false}, {true, false, false, false}, {false, true, false, false},
		{false, false, true, false}, {false, false, false, true}} {
		dir := t.TempDir()
		st, err := scenes.Open(t.Context(), dir, scenes.Scene{Name: "scenes", Empty: k.empty, Staff: k.staff, Faxes: k.faxes,
			Shares: k.shares})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		dbs[k] = db{st, dir}
	}
	for _, sc := range scenes.All() {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.Name, size[0], size[1]), func(t *testing.T) {
				d := dbs[kind{sc.Empty, sc.Staff, sc.Faxes, sc.Shares}]
				if sc.Mutates || len(sc.Files) > 0 { // a folder of its own
					d.dir = t.TempDir()
					st, err := scenes.Open(t.Context(), d.dir, sc)
					if err != nil {
						t.Fatal(err)
					}
					defer st.Close()
					d.st = st
				}
				view, err := scenes.Run(d.st, d.dir, sc, scenes.Renderer(termenv.Ascii), size[0], size[1])
				if err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, []byte(view))
			})
		}
	}
}
