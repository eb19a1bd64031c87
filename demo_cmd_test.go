package main

import (
	"bytes"
	"context"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"frontdesk/store"
	"frontdesk/ui/app"
	"frontdesk/ui/keymap"
	"frontdesk/ui/scenes"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
)

// holding is what a database holds, counted the ways the screens read
// it: the admin who loaded the demo is "admin" whatever their login.
type holding struct {
	contacts, patients, employers, groups, routes int
	inboxes                                       map[string]int // username -> messages in their inbox
}

func countHolding(t *testing.T, db string) holding {
	t.Helper()
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := t.Context()
	h := holding{inboxes: map[string]int{}}
	h.contacts, _ = st.CountContacts(ctx)
	st.ListPatients(ctx, func(*store.PatientRow) error { h.patients++; return nil })
	st.ListEmployers(ctx, func(*store.EmployerRow) error { h.employers++; return nil })
	gs, _ := st.Groups(ctx)
	h.groups = len(gs)
	m, err := st.Matrix(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h.routes = len(m.Routes)
	users, _ := st.Users(ctx)
	for _, u := range users {
		name := u.Username
		if len(u.Roles) > 0 && u.Roles[0] == "admin" {
			name = "admin"
		}
		in, err := st.Inbox(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		h.inboxes[name] = len(in)
	}
	return h
}

// D on the empty contact book loads what `frontdesk demo` loads, through
// the same code: patients, routing and inboxes too, not only contacts;
// and `frontdesk demo` then refuses the database, which holds data now.
func TestDemoKeyLoadsWhatTheDemoCommandLoads(t *testing.T) {
	dir := t.TempDir()
	cli, tui := filepath.Join(dir, "cli.db"), filepath.Join(dir, "tui.db")
	if code, out, errs := runCmd(t, "demo", "--db", cli); code != 0 {
		t.Fatalf("demo: %d %s %s", code, out, errs)
	}

	st, err := store.Open(t.Context(), tui)
	if err != nil {
		t.Fatal(err)
	}
	ctx := store.WithActor(context.Background(), "reception")
	me, err := st.ActingUser(ctx, "Reception") // as the terminal interface starts
	if err != nil {
		t.Fatal(err)
	}
	env := &screen.Env{Store: st, Styles: theme.New(scenes.Renderer(termenv.Ascii), false), Keys: keymap.Default(),
		Ctx: ctx, Start: screen.Session{Region: "US", User: me}}
	tm := teatest.NewTestModel(t, app.New(env), teatest.WithInitialTermSize(80, 24))
	wait := func(texts ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			for _, s := range texts {
				if !bytes.Contains(b, []byte(s)) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	wait("No contacts yet")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("D")})
	wait("Loaded 360 demo contacts")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
	wait("250 patients")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("5")})
	wait("Dr. Marcus Lee", "Front Office")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	st.Close()

	want, got := countHolding(t, cli), countHolding(t, tui)
	if got.patients != 250 || got.routes == 0 || got.groups == 0 {
		t.Errorf("D loaded %+v: no patients, routes or groups", got)
	}
	messages := 0
	for _, n := range got.inboxes {
		messages += n
	}
	if messages == 0 {
		t.Errorf("D put no message in any inbox: %v", got.inboxes)
	}
	if got.contacts != want.contacts || got.patients != want.patients || got.employers != want.employers ||
		got.groups != want.groups || got.routes != want.routes || !maps.Equal(got.inboxes, want.inboxes) {
		t.Errorf("D loaded\n%+v\nfrontdesk demo loads\n%+v", got, want)
	}

	// Once loaded, the demo command refuses the database, saying why.
	code, _, errs := runCmd(t, "demo", "--db", cli)
	if code != exitFail || !strings.Contains(errs, "already holds 360 contacts, 250 patients, 12 employers and 10 other users") {
		t.Errorf("demo again: %d %q", code, errs)
	}
}
