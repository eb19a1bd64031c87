package scenes_test

import (
	"frontdesk/document/documenttest"
	"frontdesk/model"
	"strings"
	"testing"
	"time"

	"github.com/muesli/termenv"

	"frontdesk/store"
	"frontdesk/ui/scenes"
)

// TestFocusWithoutColour drives every list on a terminal without colours
// (no reverse video either) and checks that the selected row is the one
// marked "> ", and that the marker moves with the cursor.
func TestFocusWithoutColour(t *testing.T) {
	dir := t.TempDir()
	st, err := scenes.Open(t.Context(), dir, scenes.Scene{Name: "focus", Staff: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Two received faxes, from numbers no contact has, newest first.
	ctx := store.WithActor(t.Context(), "demo")
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.Local)
	for i, n := range []string{"+12095550002", "+12095550001"} {
		if _, err := st.ReceiveFax(ctx, n, 1, []model.Document{{Name: "scan.pdf", Data: documenttest.PDF(1, "scan")}}, at.Add(-time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	start := scenes.Step{Until: "360 contacts"}
	steps := func(keys ...string) []scenes.Step { return []scenes.Step{start, {Keys: keys}} }
	for _, c := range []struct {
		list          string
		open          []scenes.Step
		first, second string // what the marked line holds, before and after the key
		key           string
		as            string // the user, when not the admin
		behind        bool   // the list is drawn over another, marked too
	}{
		{"contacts", []scenes.Step{start}, "> Adams, Adaeze", "> Adams, Mei", "j", "", false},
		{"patients", steps("2"), "> Adams, Grace", "> Adams, John", "j", "", false},
		{"employers", steps("3"), "> Air Canada", "> Bombardier", "j", "", false},
		{"faxes", steps("4"), "> 2026-11-20 09:00 in  (209) 555-0002", "> 2026-11-20 08:00 in  (209) 555-0001", "j", "", false},
		{"routing", steps("5"), "All providers       │> ", "Dr. Amélie Gagnon   │> Front Office", "j", "", false},
		{"inbox", steps("6"), "> 11-20 01:35", "> 11-19 21:02", "j", "amy.ng", false},
		{"staff", steps(":", "staff", "enter"), "> Amy Ng", "> Benoît Roy", "j", "", false},
		{"palette", steps(":", "con"), "> New contact", "> Open contact", "down", "", true},
		{"import mapping", named(t, "import-map").Steps, "> First Name", "> Last Name", "j", "", false},
		{"import file", steps("i"), "> clinic-export.csv", "> focus.db", "down", "", false},
		{"fax recipient", []scenes.Step{start, {Keys: []string{"4", "n"}, Until: "About which patient?"}, {Keys: []string{"enter"}}},
			"> Save a new contact", "> Fax number only", "down", "", false},
		{"contact's people", named(t, "contact-group").Steps[:2], "> Group name and fax", "> Côté, William", "j", "", false},
		{"patient chart", named(t, "patient-chart").Steps, "> Johnson, Samuel", "> Smith, Anna", "j", "", false},
		{"routing cell", named(t, "routing-cell").Steps, "> Front Office (group", "> Front Office (group", "j", "", false},
	} {
		t.Run(c.list, func(t *testing.T) {
			before := append(append([]scenes.Step{}, c.open...), scenes.Step{Until: c.first})
			marks := 1
			if c.behind {
				marks = 2
			}
			sc := scenes.Scene{Name: "focus", Staff: true, As: c.as, Steps: before}
			view, err := scenes.Run(st, dir, sc, scenes.Renderer(termenv.Ascii), 80, 24)
			if err != nil {
				t.Fatal(err)
			}
			checkMarked(t, view, c.first, marks)
			sc.Steps = append(before, scenes.Step{Keys: []string{c.key}, Until: c.second})
			if view, err = scenes.Run(st, dir, sc, scenes.Renderer(termenv.Ascii), 80, 24); err != nil {
				t.Fatal(err)
			}
			checkMarked(t, view, c.second, marks)
		})
	}
}

// checkMarked fails unless marks lines are marked as selected, one of
// them holding want.
func checkMarked(t *testing.T, view, want string, marks int) {
	t.Helper()
	if n := strings.Count(view, "> "); n != marks {
		t.Fatalf("%d rows are marked, want %d:\n%s", n, marks, view)
	}
	if !strings.Contains(view, want) {
		t.Fatalf("the marked row is not %q:\n%s", want, view)
	}
}

// named returns the scene called name.
func named(t *testing.T, name string) scenes.Scene {
	for _, sc := range scenes.All() {
		if sc.Name == name {
			return sc
		}
	}
	t.Fatalf("no scene %s", name)
	return scenes.Scene{}
}
