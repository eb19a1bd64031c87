package faxes

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

func TestParseRange(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.Local)
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.Local) }
	tests := []struct {
		in       string
		from, to time.Time
		err      string
	}{
		{"2026-11-01", day(2026, 11, 1), day(2026, 11, 1), ""},
		{"2026-11-01 to 2026-11-20", day(2026, 11, 1), day(2026, 11, 20), ""},
		{"1 Nov 2026..20/11/2026", day(2026, 11, 1), day(2026, 11, 20), ""},
		{"2026-11-20 to 2026-11-01", time.Time{}, time.Time{}, "comes before"},
		{"2026-13-40", time.Time{}, time.Time{}, `the date "2026-13-40"`},
		{"2026-11-01 to soon", time.Time{}, time.Time{}, `the last date "soon"`},
		{"", time.Time{}, time.Time{}, "is required"},
	}
	for _, tt := range tests {
		from, to, err := parseRange(tt.in, now)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !from.Equal(tt.from) || !to.Equal(tt.to) {
			t.Errorf("%q: %v %v %v", tt.in, from, to, err)
		}
	}
}

func TestSearchReadsOnWithoutHoldingKeys(t *testing.T) {
	env := &screen.Env{Keys: keymap.Default(), Styles: theme.New(lipgloss.NewRenderer(io.Discard), false), Start: screen.Session{Region: "US"}}
	l := NewList(env, Filter{})
	l.SetSize(80, 24)
	l.Init()
	page := func(from int64, name func(int64) string) []model.Fax {
		var rows []model.Fax
		for id := from; id > from-pageSize; id-- {
			rows = append(rows, model.Fax{ID: id, Name: name(id), Number: "+14165550199", Created: time.Unix(id, 0)})
		}
		return rows
	}
	l.Update(pageMsg{owner: l, gen: l.gen, limit: pageSize, rows: page(400, func(id int64) string { return fmt.Sprint("Lab ", id) })})
	l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	_, cmd := l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("lab 3")})
	if cmd == nil || !l.loading {
		t.Fatal("a search with older faxes left does not read on")
	}
	if l.Busy() {
		t.Error("the screen is busy (keys held) while a search reads on")
	}
	sel, _ := l.selected()
	// Older faxes that match better arrive: the selection stays on its fax.
	l.Update(pageMsg{owner: l, gen: l.gen, after: true, limit: pageSize, rows: page(200, func(int64) string { return "Lab 3" })})
	if now, _ := l.selected(); now.ID != sel.ID {
		t.Errorf("selection moved from fax %d to %d as a page arrived", sel.ID, now.ID)
	}
}

// Once the search is typed (enter), the keys after it wait for the rows
// it reads on for: "open" typed ahead opens a fax among every match, as
// it would for a user who waited.
func TestKeysAfterASearchWaitForItsRows(t *testing.T) {
	env := &screen.Env{Keys: keymap.Default(), Styles: theme.New(lipgloss.NewRenderer(io.Discard), false), Start: screen.Session{Region: "US"}}
	l := NewList(env, Filter{})
	l.SetSize(80, 24)
	l.Init()
	var rows []model.Fax
	for id := int64(400); id > 200; id-- {
		rows = append(rows, model.Fax{ID: id, Name: fmt.Sprint("Lab ", id), Number: "+14165550199", Created: time.Unix(id, 0)})
	}
	l.Update(pageMsg{owner: l, gen: l.gen, limit: pageSize, rows: rows})
	l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("cardio")}) // nothing read yet matches
	l.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if !l.Busy() {
		t.Fatal("keys typed after the search do not wait for the rows it reads on for")
	}
	l.Update(pageMsg{owner: l, gen: l.gen, after: true, limit: pageSize,
		rows: []model.Fax{{ID: 7, Name: "Cardiology West", Number: "+14165550142", Created: time.Unix(7, 0)}}})
	if l.Busy() {
		t.Fatal("still busy once every row is read")
	}
	if f, ok := l.selected(); !ok || f.ID != 7 {
		t.Errorf("selected %+v, want the fax that matches", f)
	}
}
