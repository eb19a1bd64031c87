package shares

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/keymap"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// sharesFixture is a database of five shares of two patients' documents
// with two contacts, each named by a letter in the returned map:
//
//	a  Ouellet's lab result with Ann Lee, sent
//	b  Ouellet's lab result with Bo Ng, revoked
//	c  Tremblay's letter with Ann Lee, opened
//	d  Tremblay's letter with Bo Ng, sent
//	e  Ouellet's lab result with Ann Lee, sent two days ago: expired
func sharesFixture(t *testing.T) (*store.Store, map[int64]string) {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "shares.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := store.WithActor(t.Context(), "reception")
	var patients []model.Patient
	for _, p := range []model.Patient{
		{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100", BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}},
		{FirstName: "Marc", LastName: "Tremblay", Chart: "B-200", BirthDate: model.Date{Year: 1961, Month: 9, Day: 30}},
	} {
		got, err := st.CreatePatient(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		patients = append(patients, got)
	}
	var contacts []int64
	for _, c := range []model.Contact{
		{Kind: model.Single, Fax: "+14165550101", Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee", Email: "ann@cardio.example"}}},
		{Kind: model.Single, Fax: "+14165550102", Entities: []model.Entity{{FirstName: "Bo", LastName: "Ng", Email: "bo@lab.example"}}},
	} {
		got, err := st.CreateContact(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		contacts = append(contacts, got.ID)
	}
	var docs []int64
	for i, d := range []model.PatientDocument{
		{PatientID: patients[0].ID, Kind: model.PDocLab, Title: "CBC results", Date: model.Date{Year: 2026, Month: 12, Day: 1}},
		{PatientID: patients[1].ID, Kind: model.PDocLetter, Title: "Referral to cardiology", Date: model.Date{Year: 2026, Month: 11, Day: 30}},
	} {
		got, err := st.AddPatientDocument(ctx, d, model.Document{Name: fmt.Sprintf("doc%d.txt", i), Data: []byte("Results.\n")})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, got.ID)
	}
	twoDaysAgo := store.WithClock(ctx, func() time.Time { return time.Now().Add(-48 * time.Hour) })
	names := map[int64]string{}
	for _, m := range []struct {
		name         string
		doc, contact int64
		ctx          context.Context
	}{
		{"e", docs[0], contacts[0], twoDaysAgo},
		{"a", docs[0], contacts[0], ctx},
		{"b", docs[0], contacts[1], ctx},
		{"c", docs[1], contacts[0], ctx},
		{"d", docs[1], contacts[1], ctx},
	} {
		token := "token-" + m.name
		sh, err := st.CreateShare(m.ctx, model.Share{DocumentID: m.doc, ContactID: m.contact, Level: model.LevelLink}, store.HashSecret(token))
		if err == nil {
			err = st.ShareMailed(m.ctx, sh.ID, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		names[sh.ID] = m.name
		switch m.name {
		case "b":
			err = st.RevokeShare(ctx, sh.ID)
		case "c":
			_, _, err = st.StartShareSession(ctx, store.HashSecret(token), store.HashSecret("cookie"), "203.0.113.7", "Firefox")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return st, names
}

// newTestList is the Shares screen on st, loaded, 100x30.
func newTestList(t *testing.T, st *store.Store) *List {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	env := &screen.Env{Store: st, Styles: theme.New(r, false), Keys: keymap.Default(), Nav: &screen.Nav{},
		Ctx: store.WithActor(t.Context(), "reception"), Start: screen.Session{Region: "US"}}
	l := NewList(env)
	l.SetSize(100, 30)
	drive(t, l, l.Init())
	return l
}

// drive runs cmd as the program would and hands the list what comes back
// to it, until nothing more does.
func drive(t *testing.T, l *List, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			drive(t, l, c)
		}
	case pageMsg, choicesMsg:
		_, next := l.Update(msg)
		drive(t, l, next)
	}
}

// typeKeys hands the list a key press for each of keys: a key's name, or
// text typed rune by rune.
func typeKeys(t *testing.T, l *List, keys ...string) {
	t.Helper()
	named := map[string]tea.KeyType{"enter": tea.KeyEnter, "esc": tea.KeyEsc, "backspace": tea.KeyBackspace}
	for _, k := range keys {
		if kt, ok := named[k]; ok {
			_, cmd := l.Update(tea.KeyMsg{Type: kt})
			drive(t, l, cmd)
			continue
		}
		for _, r := range k {
			_, cmd := l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			drive(t, l, cmd)
		}
	}
}

// shownNames are the letters of the shares the list shows, sorted.
func shownNames(l *List, names map[int64]string) string {
	var got []string
	for _, i := range l.shown {
		got = append(got, names[l.rows[i].ID])
	}
	slices.Sort(got)
	return strings.Join(got, "")
}

// The filters by state, contact and patient narrow the list together, in
// any order, and backspace takes off the last one; the search narrows
// what the filters leave, by the document, the patient, the contact, the
// email or the chart.
func TestListFiltersAndSearch(t *testing.T) {
	st, names := sharesFixture(t)
	tests := []struct {
		name  string
		keys  []string
		want  string
		chips string
	}{
		{"none", nil, "abcde", ""},
		{"state sent", []string{"s", "s"}, "ad", "[state: sent]"},
		{"state expired", []string{"s", "s", "s", "s", "s"}, "e", "[state: expired]"},
		{"state round to all", []string{"s", "s", "s", "s", "s", "s", "s"}, "abcde", ""},
		{"contact", []string{"c", "lee", "enter"}, "ace", "[contact: Lee, Ann]"},
		{"patient", []string{"p", "tremb", "enter"}, "cd", "[patient: Tremblay, Marc]"},
		{"contact and patient", []string{"c", "lee", "enter", "p", "ouel", "enter"}, "ae", "[contact: Lee, Ann] [patient: Ouellet, Zoë]"},
		{"patient and contact", []string{"p", "ouel", "enter", "c", "lee", "enter"}, "ae", "[patient: Ouellet, Zoë] [contact: Lee, Ann]"},
		{"all three", []string{"c", "lee", "enter", "p", "ouel", "enter", "s", "s"}, "a", "[contact: Lee, Ann] [patient: Ouellet, Zoë] [state: sent]"},
		{"state then contact", []string{"s", "s", "s", "s", "s", "s", "c", "ng", "enter"}, "b", "[state: revoked] [contact: Ng, Bo]"},
		{"nothing matches", []string{"s", "s", "s", "s", "c", "ng", "enter"}, "", "[state: opened] [contact: Ng, Bo]"},
		{"a contact changed", []string{"c", "lee", "enter", "c", "ng", "enter"}, "bd", "[contact: Ng, Bo]"},
		{"backspace takes the last", []string{"c", "lee", "enter", "p", "ouel", "enter", "backspace"}, "ace", "[contact: Lee, Ann]"},
		{"backspace takes them all", []string{"s", "s", "p", "ouel", "enter", "backspace", "backspace"}, "abcde", ""},
		{"picker left", []string{"c", "lee", "esc"}, "abcde", ""},
		{"search a document", []string{"/", "referral", "enter"}, "cd", ""},
		{"search an email", []string{"/", "bo@lab", "enter"}, "bd", ""},
		{"search a chart", []string{"/", "A-100", "enter"}, "abe", ""},
		{"search under a filter", []string{"c", "lee", "enter", "/", "tremblay", "enter"}, "c", "[contact: Lee, Ann]"},
		{"search a state", []string{"/", "revoked", "enter"}, "b", ""},
		{"search cleared", []string{"/", "tremblay", "enter", "esc"}, "abcde", ""},
		{"search given up", []string{"/", "tremblay", "esc"}, "abcde", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestList(t, st)
			typeKeys(t, l, tt.keys...)
			if got := shownNames(l, names); got != tt.want {
				t.Errorf("shown %q, want %q", got, tt.want)
			}
			var chips []string
			for _, c := range l.chips {
				chips = append(chips, "["+c.label+"]")
			}
			if got := strings.Join(chips, " "); got != tt.chips {
				t.Errorf("filters %q, want %q", got, tt.chips)
			}
			view := l.View()
			switch {
			case tt.want == "" && !strings.Contains(view, "No share matches the filters."):
				t.Errorf("an empty result does not say so:\n%s", view)
			case tt.chips != "" && !strings.Contains(view, "Filters: "+tt.chips):
				t.Errorf("the filters are not shown:\n%s", view)
			}
		})
	}
}

// Of two reads of a share's page in flight, the older coming back last
// does not undo the newer: the page shows the share as the newer read it.
func TestDetailDropsALateRead(t *testing.T) {
	st, _ := sharesFixture(t)
	l := newTestList(t, st)
	sh, _ := l.selected()
	d := NewDetail(l.env, sh.ID)
	d.SetSize(100, 30)
	older, newer := d.Init(), d.Init()
	late, early := older(), newer()
	m := early.(detailMsg)
	m.share.State = model.ShareOpened // stands for what changed between the reads
	d.Update(m)
	d.Update(late)
	if d.share.State != model.ShareOpened {
		t.Errorf("the late read replaced the newer: %s", d.share.State)
	}
	if !strings.Contains(d.View(), "State      opened") {
		t.Errorf("the page:\n%s", d.View())
	}
}
