package app_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"frontdesk/document/documenttest"
	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/app"
	"frontdesk/ui/keymap"
	"frontdesk/ui/scenes"
	"frontdesk/ui/screen"
	"frontdesk/ui/theme"
	"frontdesk/watch"
)

func newApp(t *testing.T, st *store.Store) *teatest.TestModel {
	t.Helper()
	env := &screen.Env{
		Store:  st,
		Styles: theme.New(scenes.Renderer(termenv.Ascii), false),
		Keys:   keymap.Default(),
		Ctx:    store.WithActor(context.Background(), "reception"),
		Start:  screen.Session{Region: "US"},
		Watch:  watcher(t, st),
	}
	return teatest.NewTestModel(t, app.New(env), teatest.WithInitialTermSize(80, 24))
}

// watcher watches st as a process does, until the test ends.
func watcher(t *testing.T, st *store.Store) *watch.Poller {
	w := watch.NewPoller(st, 0)
	t.Cleanup(w.Close)
	return w
}

// setClinic sets the clinic's name and fax, which cover pages need.
func setClinic(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := st.SetFaxSettings(store.WithActor(t.Context(), "x"),
		model.FaxSettings{ClinicName: "Lakeside Clinic", ClinicFax: "+14165550100"}); err != nil {
		t.Fatal(err)
	}
}

// A fax started before the clinic's name and fax are set opens Settings,
// which asks for them, instead of printing a cover with no sender; once
// they are saved the fax starts.
func TestFlowNewFaxAsksForTheClinic(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts")
	press(tm, "4", "n")
	waitFor(t, tm, "The cover page needs the clinic's name and fax", "Clinic name")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	fs, err := st.FaxSettings(t.Context())
	if err != nil || fs.ClinicName != "" {
		t.Fatalf("settings %+v %v", fs, err)
	}
}

// A fax started from a patient's chart goes through the same check as one
// started from the Faxes screen or a contact: without the clinic's name and
// fax, Settings asks for them and no compose form (nor fax) is started.
func TestFlowChartFaxAsksForTheClinic(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "chart.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	ann, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}})
	if err != nil {
		t.Fatal(err)
	}
	zoe, err := st.CreatePatient(ctx, model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100",
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddPatientContact(ctx, zoe.ID, model.ContactRef{ContactID: ann.ID}); err != nil {
		t.Fatal(err)
	}
	tm := newApp(t, st)
	waitFor(t, tm, "1 contact")
	press(tm, "2", "enter")
	waitFor(t, tm, "Preferred contacts (1)")
	press(tm, "f")
	waitFor(t, tm, "The cover page needs the clinic's name and fax", "Clinic name")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
	if v := fm.View(); strings.Contains(v, "Cover note") || !strings.Contains(v, "Clinic name") {
		t.Errorf("the screen after f on the chart:\n%s", v)
	}
	if fs, _ := st.ListFaxes(ctx, store.FaxFilter{}); len(fs) != 0 {
		t.Errorf("faxes: %+v", fs)
	}
}

// press sends keys as scenes.Keys reads them ("enter", "tab", text...).
func press(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		for _, msg := range scenes.Keys(k) {
			tm.Send(msg)
		}
	}
}

// A receptionist creates a multiple-entity contact with two people, edits
// one, switches the contact to single (a split into two contacts) and
// deletes one of them; the database must hold exactly what remains.
func TestFlowGroupEditSplitDelete(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "flow.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts yet")

	press(tm, "n", "Cardiology West", "tab", "416-555-0142", "tab", "Ann", "tab", "Lee", "ctrl+s")
	waitFor(t, tm, "Added Cardiology West")

	press(tm, "enter")
	waitFor(t, tm, "Group name and fax")
	press(tm, "a", "Bo", "tab", "Ng", "ctrl+s")
	waitFor(t, tm, "Saved Cardiology West", "Ng, Bo")

	// The first person, Ann Lee, gets a title: first name, last name, name, title.
	press(tm, "down", "e", "tab", "tab", "tab", "Dr.", "ctrl+s")
	waitFor(t, tm, "Title              Dr.")

	press(tm, "m")
	waitFor(t, tm, "into 2 single contacts?")
	press(tm, "y")
	waitFor(t, tm, "Split Cardiology West into 2 single contacts")

	press(tm, "esc")
	waitFor(t, tm, "2 contacts")
	press(tm, "G", "d")
	waitFor(t, tm, "Delete Ng, Bo?")
	press(tm, "y")
	waitFor(t, tm, "Deleted Ng, Bo")

	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	var got []model.Contact
	if err := st.EachContact(t.Context(), func(c model.Contact) error { got = append(got, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("the database holds %d contacts, want 1: %+v", len(got), got)
	}
	c := got[0]
	if c.Kind != model.Single || c.Fax != "+14165550142" || len(c.Entities) != 1 {
		t.Fatalf("remaining contact %+v", c)
	}
	if e := c.Entities[0]; e.FirstName != "Ann" || e.LastName != "Lee" || e.Title != "Dr." {
		t.Errorf("remaining person %+v, want Dr. Ann Lee", e)
	}
	var actions []string
	for _, id := range []int64{c.ID, c.ID + 1} {
		log, err := st.AuditLog(t.Context(), store.AuditFilter{Record: fmt.Sprintf("contact %d", id)})
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(log) // oldest first
		for _, e := range log {
			if e.Actor != "reception" {
				t.Errorf("audit entry by %q, want reception", e.Actor)
			}
			actions = append(actions, e.Action)
		}
	}
	if want := "create update update split create delete"; strings.Join(actions, " ") != want {
		t.Errorf("audit actions %q, want %q", strings.Join(actions, " "), want)
	}
}

// An idle screen writes nothing: the database poll every second must not
// repaint (it would cost bandwidth over SSH), and no cursor blinks.
func TestIdleScreenWritesNothing(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "idle.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts yet")
	press(tm, "n") // a form with a focused text field
	waitFor(t, tm, "New contact")
	// The rest of the form's first frame may still be on its way (the
	// wait above reads only up to its title): let it arrive and drop it.
	time.Sleep(300 * time.Millisecond)
	readOutput(tm)
	time.Sleep(2*watch.DefaultEvery + 500*time.Millisecond)
	if b := readOutput(tm); len(b) > 0 {
		t.Errorf("an idle screen wrote %d bytes: %q", len(b), b)
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// A change made by another session (another process, here another store
// handle on the same file) shows in the list without any key pressed.
func TestOtherSessionsChangesShow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	other, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts yet")
	_, err = other.CreateContact(store.WithActor(t.Context(), "other"), model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Zoë", LastName: "Ouellet"}}})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, tm, "Ouellet, Zoë", "1 contact")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// Two sessions edit one contact: the second save does not silently
// overwrite the first; it says so, keeps what was typed, and a second
// ctrl+s saves the changes made here on top of the other session's.
func TestConflictingEditsAreNotLost(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "other")
	c, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}})
	if err != nil {
		t.Fatal(err)
	}
	tm := newApp(t, st)
	waitFor(t, tm, "Lee, Ann")
	press(tm, "e")
	waitFor(t, tm, "Edit Lee, Ann")

	// Meanwhile, another session gives Ann a title.
	c.Entities[0].Title = "Dr."
	if _, err := st.UpdateContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	// This session changes her fax number: fax is the first field.
	press(tm, "ctrl+k") // the palette opens over the form...
	press(tm, "esc")    // ...and closes: keys still reach the form after it
	for range 14 {
		press(tm, "backspace")
	}
	press(tm, "416-555-0199", "ctrl+s")
	waitFor(t, tm, "Someone else saved this contact")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Saved Lee, Ann")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	got, err := st.GetContact(t.Context(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Fax != "+14165550199" || got.Version != 3 {
		t.Errorf("after the knowing save: fax %s, version %d", got.Fax, got.Version)
	}
	if got.Entities[0].Title != "Dr." {
		t.Errorf("the other session's title was lost: %+v", got.Entities[0])
	}
}

// Keys that arrive together (fast typing, a slow link) are held while the
// screen the first of them opened is still loading, not lost: "e" opens
// the form, and what follows lands in its first field.
func TestKeysTypedAheadOfALoadingScreenAreKept(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "ahead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.CreateContact(store.WithActor(t.Context(), "x"), model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}}); err != nil {
		t.Fatal(err)
	}
	tm := newApp(t, st)
	waitFor(t, tm, "Lee, Ann")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("e 99")})
	waitFor(t, tm, "(416) 555-0101 99")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// A new contact with a fax number another contact has is saved only after
// the user is told whose number it is.
func TestSharedFaxIsPointedOut(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "fax.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.CreateContact(store.WithActor(t.Context(), "x"), model.Contact{Kind: model.Single, Fax: "+14385550130",
		Entities: []model.Entity{{FirstName: "François", LastName: "Bélanger"}}}); err != nil {
		t.Fatal(err)
	}
	tm := newApp(t, st)
	waitFor(t, tm, "Bélanger, François")
	press(tm, "n", "tab", "438-555-0130", "tab", "Test", "ctrl+s")
	waitFor(t, tm, "is also the fax of Bélanger, François")
	if n, _ := st.CountContacts(t.Context()); n != 1 {
		t.Fatalf("saved before the user was told: %d contacts", n)
	}
	press(tm, "ctrl+s")
	waitFor(t, tm, "Added Test.")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if n, _ := st.CountContacts(t.Context()); n != 2 {
		t.Errorf("%d contacts after the knowing save", n)
	}
}

// At the front desk: a new patient, a preferred contact added on the chart
// with the picker, then removed again; the database follows each step.
func TestFlowPatientChartPreferredContacts(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "pat.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	lab, err := st.CreateContact(ctx, model.Contact{Kind: model.Group, GroupName: "LifeLabs", Fax: "+14165550101",
		Entities: []model.Entity{{Name: "Intake"}, {FirstName: "Hélène", LastName: "Tremblay"}}})
	if err != nil {
		t.Fatal(err)
	}
	tm := newApp(t, st)
	waitFor(t, tm, "LifeLabs")
	press(tm, "2")
	waitFor(t, tm, "No patients yet")
	press(tm, "n", "Zoë", "tab", "Ouellet", "tab", "1984-03-07", "tab", "A-100", "ctrl+s")
	waitFor(t, tm, "Added Ouellet, Zoë.")
	press(tm, "enter")
	waitFor(t, tm, "Preferred contacts (0)")
	press(tm, "a")
	waitFor(t, tm, "Add a preferred contact")
	press(tm, "helene", "enter")
	waitFor(t, tm, "Preferred contacts (1)")

	var pid int64
	st.ListPatients(t.Context(), func(r *store.PatientRow) error { pid = r.ID; return nil })
	pcs, err := st.PatientContacts(t.Context(), pid)
	if err != nil || len(pcs) != 1 || pcs[0].Ref != (model.ContactRef{ContactID: lab.ID, EntityID: lab.Entities[1].ID}) {
		t.Fatalf("preferred contacts %+v %v: want Hélène Tremblay of LifeLabs", pcs, err)
	}
	press(tm, "d")
	waitFor(t, tm, "Remove Tremblay, Hélène")
	press(tm, "y")
	waitFor(t, tm, "Preferred contacts (0)")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if pcs, _ := st.PatientContacts(t.Context(), pid); len(pcs) != 0 {
		t.Errorf("after removal: %+v", pcs)
	}
	p, _ := st.GetPatient(t.Context(), pid)
	if p.Chart != "A-100" || p.BirthDate.String() != "1984-03-07" {
		t.Errorf("patient %+v", p)
	}
}

// The employer flow: an employer is created, a contact linked to it from
// the contact form, a patient of that employer created; the suggestions
// for that patient hold the employer's contact; another contact is added on
// the chart by hand and removed.
func TestFlowEmployerSuggestions(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "emp.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	for _, c := range []model.Contact{
		{Kind: model.Single, Fax: "+15145550101", Entities: []model.Entity{{Name: "Bombardier Health Office"}}},
		{Kind: model.Single, Fax: "+15145550102", Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}},
	} {
		if _, err := st.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	tm := newApp(t, st)
	waitFor(t, tm, "2 contacts")
	press(tm, "3")
	waitFor(t, tm, "No employers yet")
	press(tm, "n", "Bombardier", "ctrl+s")
	waitFor(t, tm, "Added Bombardier.")
	// Contacts: the health office is linked to the employer, from its form
	// (the employers are its last field).
	press(tm, "1", "/", "health", "enter", "e")
	waitFor(t, tm, "Edit Bombardier Health Office")
	press(tm, "shift+tab", "enter", "bomb", "enter", "esc", "ctrl+s")
	waitFor(t, tm, "Saved Bombardier Health Office.")
	// Patients: a patient of Bombardier.
	press(tm, "2")
	waitFor(t, tm, "No patients yet")
	press(tm, "n", "Zoë", "tab", "Ouellet", "tab", "1984-03-07", "tab", "A-100", "tab", "tab", "tab", "tab", "bombardier", "ctrl+s")
	waitFor(t, tm, "Added Ouellet, Zoë.")
	var pid int64
	st.ListPatients(t.Context(), func(r *store.PatientRow) error { pid = r.ID; return nil })
	sug, err := st.Suggestions(t.Context(), pid)
	if err != nil || len(sug) != 1 || sug[0].Name != "Bombardier Health Office" || !sug[0].FromEmployer {
		t.Fatalf("suggestions %+v %v", sug, err)
	}
	// The chart: Ann Lee by hand, then removed.
	press(tm, "enter")
	waitFor(t, tm, "Employer         Bombardier")
	press(tm, "a")
	waitFor(t, tm, "Add a preferred contact")
	press(tm, "lee", "enter")
	waitFor(t, tm, "Preferred contacts (1)")
	sug, _ = st.Suggestions(t.Context(), pid)
	if len(sug) != 2 || sug[0].Name != "Lee, Ann" || sug[1].Name != "Bombardier Health Office" {
		t.Errorf("suggestions after the hand-added contact: %+v", sug)
	}
	press(tm, "d", "y")
	waitFor(t, tm, "Preferred contacts (0)")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if pcs, _ := st.PatientContacts(t.Context(), pid); len(pcs) != 0 {
		t.Errorf("after removal: %+v", pcs)
	}
}

// The contact form links the contact to employers with a multi-picker, and
// unlinks them again.
func TestContactFormLinksEmployers(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "cf.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	var ids []int64
	for _, n := range []string{"Bombardier", "Hydro-Québec", "Saputo"} {
		e, err := st.CreateEmployer(ctx, model.Employer{Name: n})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts yet")
	// The employers are the form's last field: shift+tab wraps to it.
	press(tm, "n", "tab", "514-555-0101", "tab", "Health Office", "shift+tab", "shift+tab", "shift+tab")
	waitFor(t, tm, "> Employers")
	press(tm, "enter")
	waitFor(t, tm, "enter ticks")
	press(tm, "bomb", "enter", "backspace", "backspace", "backspace", "backspace", "sap", "enter", "esc")
	waitFor(t, tm, "Bombardier; Saputo")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Added Health Office.")
	var c model.Contact
	st.EachContact(t.Context(), func(x model.Contact) error { c = x; return nil })
	linked, _ := st.EmployersOfContact(t.Context(), c.ID)
	if len(linked) != 2 {
		t.Fatalf("linked to %v, want Bombardier and Saputo", linked)
	}
	// Edit: untick Bombardier.
	press(tm, "e")
	waitFor(t, tm, "Bombardier; Saputo")
	press(tm, "shift+tab", "enter", "bomb", "enter", "esc")
	waitFor(t, tm, "[Saputo ")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Saved Health Office.")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	linked, _ = st.EmployersOfContact(t.Context(), c.ID)
	if len(linked) != 1 || linked[0] != ids[2] {
		t.Errorf("linked to %v after the edit, want only Saputo (%d)", linked, ids[2])
	}
}

// The Settings screen, from the command palette: email chosen without a
// server or addresses is refused field by field; once they are given, the
// settings are saved for every session and the password is never shown.
func TestFlowSettings(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "settings.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts yet")
	press(tm, ":", "settings", "enter")
	waitFor(t, tm, "Settings: faxes and sharing", "Send through")
	press(tm, "tab", "ctrl+u", "email", "tab", "tab", "mail.clinic.example", "tab", "2525", "tab", "desk", "tab", "s3cret", "ctrl+s")
	waitFor(t, tm, "the clinic's address the gateway knows is needed")
	if fs, _ := st.FaxSettings(t.Context()); fs.Transport != model.TransportSpool {
		t.Fatalf("saved with problems: %+v", fs)
	}
	press(tm, "desk@clinic.example", "tab", "{number}@fax.example.com", "ctrl+s")
	waitFor(t, tm, "Settings saved.")
	fs, err := st.FaxSettings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := model.FaxSettings{Transport: "email", SMTPHost: "mail.clinic.example", SMTPPort: "2525", SMTPUser: "desk",
		SMTPPass: "s3cret", MailFrom: "desk@clinic.example", MailTo: "{number}@fax.example.com"}
	if fs != want {
		t.Errorf("saved %+v\nwant  %+v", fs, want)
	}
	press(tm, ":", "settings", "enter")
	var shown []byte
	waitForOutput(t, tm, func(b []byte) bool {
		shown = b
		return bytes.Contains(b, []byte("mail.clinic.example")) && bytes.Contains(b, []byte("******"))
	})
	if bytes.Contains(shown, []byte("s3cret")) {
		t.Error("the password was shown")
	}
	// The region, first: another country's numbers from now on.
	press(tm, "ctrl+u", "xx")
	waitFor(t, tm, "two-letter country code")
	press(tm, "backspace", "backspace", "fr", "ctrl+s")
	waitFor(t, tm, "Settings saved.")
	if r, _ := st.Region(t.Context()); r != "FR" {
		t.Errorf("region %q, want FR", r)
	}
}

// The fax history: all faxes newest first, a status filter that finds the
// failed one, its page with the reason, and the retry that queues it again;
// h on a contact opens the history of that contact alone.
func TestFlowFaxHistory(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "faxes.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	ann, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}})
	if err != nil {
		t.Fatal(err)
	}
	var failed model.Fax
	for i, n := range []string{"+14165550101", "+14165550199", "+14165550101"} {
		f := model.Fax{Kind: model.KindFax, Number: n, Documents: pdfDoc("letter.pdf")}
		if n == ann.Fax {
			f.ContactID = ann.ID
		}
		if f, err = st.QueueFax(ctx, f); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			failed = f
		}
	}
	if c, ok, err := st.ClaimFax(ctx, time.Minute); err != nil || !ok || c.ID != failed.ID {
		t.Fatalf("claim: %v %v %v", c.ID, ok, err)
	}
	if err := st.FinishFax(ctx, failed.ID, false, "busy line"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReceiveFax(ctx, "+14165550101", 2, pdfDoc("scan.pdf"), time.Now()); err != nil {
		t.Fatal(err)
	}
	zoe, err := st.CreatePatient(ctx, model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100",
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.QueueFax(ctx, model.Fax{Kind: model.KindReferral, Referral: model.Referral{Reason: "echo"},
		Number: ann.Fax, ContactID: ann.ID, PatientID: zoe.ID, Documents: pdfDoc("referral.pdf")}); err != nil {
		t.Fatal(err)
	}

	tm := newApp(t, st)
	waitFor(t, tm, "1 contact")
	press(tm, "4")
	waitFor(t, tm, "1/5 · 5 faxes", "(416) 555-0199", "received", "Ouellet, Zo")
	press(tm, "s", "s", "s", "s")
	waitFor(t, tm, "[status: failed]", "1/1 · 1 faxes")
	press(tm, "enter")
	waitFor(t, tm, "failed: busy line", "letter.pdf", "History")
	press(tm, "r")
	waitFor(t, tm, "is queued again")
	if f, _, _ := st.GetFax(ctx, failed.ID); f.Status != model.StatusQueued {
		t.Errorf("after the retry: %s", f.Status)
	}
	press(tm, "esc", "backspace")
	waitFor(t, tm, "All faxes", "5 faxes")
	// The whole number: a search of its last digits alone also finds the
	// faxes sent at 19:19 or on 2019-01-09 (the dates are searched too).
	press(tm, "/", "(416) 555-0199")
	waitFor(t, tm, "1/1 · 5 faxes")
	// Dates: a day long past holds none; a day that is not is refused.
	press(tm, "esc", "t", "2026-13-40", "enter")
	waitFor(t, tm, "is not a day of the calendar")
	press(tm, "esc", "t", "2001-01-01", "enter")
	waitFor(t, tm, "[dates: 2001-01-01]", "No faxes here yet.")
	press(tm, "backspace", "t", time.Now().Format("2006-01-02"), "enter")
	waitFor(t, tm, "1/5 · 5 faxes")
	press(tm, "backspace")
	// Contact and patient chosen from pickers on the screen itself.
	press(tm, "c")
	waitFor(t, tm, "Faxes of which contact?")
	press(tm, "lee", "enter")
	waitFor(t, tm, "[contact: Lee, Ann]", "1/4 · 4 faxes")
	press(tm, "p")
	waitFor(t, tm, "Faxes of which patient?")
	press(tm, "A-100", "enter")
	waitFor(t, tm, "[contact: Lee, Ann] [patient: Ouellet, Zoë]", "1/1 · 1 faxes")
	press(tm, "backspace", "backspace")
	waitFor(t, tm, "All faxes")

	press(tm, "esc", "esc", "1", "h")
	waitFor(t, tm, "[contact: Lee, Ann]", "1/4 · 4 faxes")
	// From the patient's chart: that contact's faxes about that patient.
	press(tm, "esc", "2", "enter")
	waitFor(t, tm, "Preferred contacts (1)")
	press(tm, "h")
	waitFor(t, tm, "[contact: Lee, Ann] [patient: Ouellet, Zoë]", "1/1 · 1 faxes", "referral")
}

// f on a contact: a fax about a patient, by chart number, with a document;
// asked before it goes, then queued with its cover page first, and the
// contact joins the patient's preferred contacts. f on that preferred
// contact in the chart: a referral, refused until it has a reason and a
// document that is one.
func TestFlowComposeFax(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), filepath.Join(dir, "compose.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	ann, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}})
	if err != nil {
		t.Fatal(err)
	}
	zoe, err := st.CreatePatient(ctx, model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100",
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}})
	if err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(dir, "results.pdf")
	results := documenttest.PDF(1, "results")
	os.WriteFile(doc, results, 0o600)
	photo := filepath.Join(dir, "photo.jpg")
	os.WriteFile(photo, []byte{0xff, 0xd8, 0xff, 0xe0}, 0o644)

	setClinic(t, st)
	tm := newApp(t, st)
	waitFor(t, tm, "1 contact")
	press(tm, "f")
	waitFor(t, tm, "Fax to Lee, Ann: about which patient?", "No patient", "Ouellet, Zoë")
	press(tm, "A-100", "enter")
	waitFor(t, tm, "Fax to Lee, Ann, (416) 555-0101", "Patient chart", "A-100")
	// The document by its folder: enter browses, a name's start and tab
	// complete it, enter picks it. (A plain fax has no reason nor
	// specialty to pass.)
	press(tm, "tab", "tab", "enter")
	waitFor(t, tm, "Add a document", "Path:")
	press(tm, "ctrl+u", dir+"/res", "tab")
	waitFor(t, tm, "results.pdf")
	press(tm, "enter")
	waitFor(t, tm, "results.pdf", "PDF", "1 page")
	press(tm, "tab", "Results enclosed", "ctrl+s")
	waitFor(t, tm, "Send this fax to Lee, Ann?", "1 page and the cover page", "preferred contacts")
	press(tm, "y")
	waitFor(t, tm, "Fax 1 to Lee, Ann queued, 2 pages with the cover.")
	f, _, err := st.GetFax(ctx, 1)
	if err != nil || f.ContactID != ann.ID || f.PatientID != zoe.ID || f.Pages != 2 || len(f.Documents) != 2 ||
		f.Documents[1].Name != "results.pdf" || f.Note != "Results enclosed" || f.Status != model.StatusQueued {
		t.Fatalf("queued: %+v %v", f, err)
	}
	if b, _ := st.DocumentData(ctx, f.Documents[1].ID); !bytes.Equal(b, results) {
		t.Error("the document was not kept as it was")
	}
	if b, _ := st.DocumentData(ctx, f.Documents[0].ID); !bytes.Contains(b, []byte("Ouellet, Zo")) {
		t.Error("the cover page does not name the patient")
	}
	if pcs, _ := st.PatientContacts(ctx, zoe.ID); len(pcs) != 1 || pcs[0].Ref.ContactID != ann.ID {
		t.Errorf("preferred contacts of the patient: %+v", pcs)
	}

	press(tm, "2", "enter")
	waitFor(t, tm, "Preferred contacts (1)")
	press(tm, "f")
	waitFor(t, tm, "Fax to Lee, Ann", "A-100")
	press(tm, "tab", "ctrl+u", "referral", "ctrl+s")
	waitFor(t, tm, "a referral needs its reason")
	press(tm, "echo", "tab", "Cardiology", "tab", photo, "enter")
	waitFor(t, tm, `photo.jpg" is`, "image/jpeg")
	press(tm, doc, "enter")
	waitFor(t, tm, "results.pdf")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Send this referral")
	press(tm, "y")
	waitFor(t, tm, "Referral 2 to Lee, Ann queued")
	if r, _, _ := st.GetFax(ctx, 2); r.Kind != model.KindReferral || r.Referral.Reason != "echo" || r.PatientID != zoe.ID {
		t.Errorf("the referral: %+v", r)
	}
}

// The documents of a fax are a list: two added (one typed, one picked in
// the folders), a text one previewed, one removed; the fax queued carries
// the one left, as it was read when added. Reason and Specialty show only
// for a referral.
func TestFlowComposeDocumentList(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), filepath.Join(dir, "list.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	if _, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}}); err != nil {
		t.Fatal(err)
	}
	results := documenttest.PDF(3, "results")
	os.WriteFile(filepath.Join(dir, "results.pdf"), results, 0o600)
	os.WriteFile(filepath.Join(dir, "note.txt"), []byte("Dear Dr Lee,\nplease see the enclosed results.\n"), 0o600)
	setClinic(t, st)
	tm := newApp(t, st)
	waitFor(t, tm, "1 contact")
	press(tm, "f", "enter")
	waitFor(t, tm, "Fax to Lee, Ann", "Patient chart", "No document yet")
	press(tm, "tab", "tab", dir+"/note.txt", "enter")
	waitFor(t, tm, "note.txt", "text", "1 page")
	press(tm, "enter")
	waitFor(t, tm, "Add a document", "Path:")
	press(tm, "ctrl+u", dir+"/res", "tab", "enter")
	waitFor(t, tm, "results.pdf", "3 pages", "2 documents, 4 pages")
	// The text previewed, as it will go.
	press(tm, "up", "ctrl+o")
	waitFor(t, tm, "note.txt · 2 lines", "please see the enclosed results.")
	press(tm, "esc", "ctrl+x")
	waitFor(t, tm, "> results.pdf")
	// A list of documents is work esc does not drop unasked.
	press(tm, "esc")
	waitFor(t, tm, "Discard your changes?")
	press(tm, "n")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Send this fax to Lee, Ann?", "3 pages and the cover page")
	// Changed on disk after it was added: what was read then goes.
	os.WriteFile(filepath.Join(dir, "results.pdf"), documenttest.PDF(1, "another patient"), 0o600)
	press(tm, "y")
	waitFor(t, tm, "Fax 1 to Lee, Ann queued, 4 pages with the cover.")
	f, _, err := st.GetFax(ctx, 1)
	if err != nil || len(f.Documents) != 2 || f.Documents[1].Name != "results.pdf" || f.Pages != 4 || f.Kind != model.KindFax {
		t.Fatalf("queued: %+v %v", f, err)
	}
	if b, _ := st.DocumentData(ctx, f.Documents[1].ID); !bytes.Equal(b, results) {
		t.Error("the results sent are not the ones added")
	}
}

// n on the Faxes screen: the patient first, then the recipient among the
// patient's preferred contacts, the employer's suggestions and every
// contact; or a number only, which saves nothing and links nothing.
func TestFlowNewFaxChoosingTheRecipient(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), filepath.Join(dir, "new.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	ann, _ := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}})
	office, _ := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+15145550102",
		Entities: []model.Entity{{Name: "Bombardier Health Office"}}})
	emp, err := st.CreateEmployer(ctx, model.Employer{Name: "Bombardier"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddEmployerContact(ctx, emp.ID, model.ContactRef{ContactID: office.ID}); err != nil {
		t.Fatal(err)
	}
	zoe, err := st.CreatePatient(ctx, model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100",
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}, EmployerID: emp.ID})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddPatientContact(ctx, zoe.ID, model.ContactRef{ContactID: ann.ID}); err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(dir, "letter.txt")
	os.WriteFile(doc, []byte("Dear colleague,\n"), 0o644)

	setClinic(t, st)
	tm := newApp(t, st)
	waitFor(t, tm, "2 contacts")
	// The employer's suggestion.
	press(tm, "4", "n")
	waitFor(t, tm, "About which patient?", "No patient")
	press(tm, "a-100", "enter") // by chart number
	waitFor(t, tm, "To whom? (about chart A-100)", "preferred", "via EMPLOYER", "Fax number only")
	press(tm, "health office", "enter")
	waitFor(t, tm, "Fax to Bombardier Health Office", "A-100")
	press(tm, "tab", "tab", doc, "enter", "ctrl+s", "y")
	waitFor(t, tm, "Fax 1 to Bombardier Health Office queued")
	if f, _, _ := st.GetFax(ctx, 1); f.ContactID != office.ID || f.PatientID != zoe.ID {
		t.Errorf("the fax via the employer: %+v", f)
	}
	pcs, _ := st.PatientContacts(ctx, zoe.ID)
	if len(pcs) != 2 {
		t.Errorf("the employer's suggestion did not join the chart: %+v", pcs)
	}
	// A number only: nothing saved, nothing linked.
	press(tm, "n")
	waitFor(t, tm, "About which patient?")
	press(tm, "ouellet", "enter")
	waitFor(t, tm, "Fax number only")
	press(tm, "number only", "enter")
	waitFor(t, tm, "Fax to a number (nothing is saved)")
	press(tm, "613 555 0199", "tab", "tab", "tab", doc, "enter", "ctrl+s", "y")
	waitFor(t, tm, "Fax 2 to (613) 555-0199 queued")
	f, _, _ := st.GetFax(ctx, 2)
	if f.ContactID != 0 || f.Number != "+16135550199" || f.PatientID != zoe.ID {
		t.Errorf("the fax to a number: %+v", f)
	}
	if n, _ := st.CountContacts(ctx); n != 2 {
		t.Errorf("%d contacts: a number-only fax saved one", n)
	}
	if pcs, _ := st.PatientContacts(ctx, zoe.ID); len(pcs) != 2 {
		t.Errorf("a number-only fax changed the chart: %+v", pcs)
	}
}

// "Save a new contact" while sending: a number of a group adds the person
// to it, a number of a single contact makes it a group named as the user
// says, each told before saving; then the fax goes to the new person, who
// joins the patient's preferred contacts.
func TestFlowNewFaxSavesANewContact(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), filepath.Join(dir, "newc.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	lab, _ := st.CreateContact(ctx, model.Contact{Kind: model.Group, GroupName: "LifeLabs", Fax: "+14165550101",
		Entities: []model.Entity{{Name: "Intake"}}})
	bo, _ := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550102",
		Entities: []model.Entity{{FirstName: "Bo", LastName: "Ng", Organization: "Lakeshore Cardiology"}}})
	zoe, _ := st.CreatePatient(ctx, model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100",
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}})
	doc := filepath.Join(dir, "letter.txt")
	os.WriteFile(doc, []byte("Dear colleague,\n"), 0o644)

	setClinic(t, st)
	tm := newApp(t, st)
	waitFor(t, tm, "2 contacts")
	press(tm, "4", "n")
	waitFor(t, tm, "About which patient?")
	press(tm, "ouellet", "enter")
	waitFor(t, tm, "Save a new contact")
	press(tm, "save a new", "enter")
	waitFor(t, tm, "Save a new contact, then send")
	press(tm, "Ann", "tab", "Lee", "tab", "416 555 0101")
	waitFor(t, tm, "This number is LifeLabs's: the person joins that group.")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Fax to Lee, Ann", "A-100")
	press(tm, "tab", "tab", doc, "enter", "ctrl+s", "y")
	waitFor(t, tm, "Fax 1 to Lee, Ann queued")
	got, _ := st.GetContact(ctx, lab.ID)
	if len(got.Entities) != 2 || got.Entities[1].LastName != "Lee" {
		t.Fatalf("LifeLabs: %+v", got.Entities)
	}
	f, _, _ := st.GetFax(ctx, 1)
	if f.ContactID != lab.ID || f.EntityID != got.Entities[1].ID || f.PatientID != zoe.ID {
		t.Errorf("the fax: %+v", f)
	}
	if pcs, _ := st.PatientContacts(ctx, zoe.ID); len(pcs) != 1 || pcs[0].Ref.EntityID != got.Entities[1].ID {
		t.Errorf("preferred contacts: %+v", pcs)
	}

	press(tm, "n")
	waitFor(t, tm, "About which patient?")
	press(tm, "ouellet", "enter")
	waitFor(t, tm, "Save a new contact")
	press(tm, "save a new", "enter")
	waitFor(t, tm, "Save a new contact, then send")
	press(tm, "Cy", "tab", "Roy", "tab", "416 555 0102")
	waitFor(t, tm, "it becomes the group Lakeshore Cardiology")
	press(tm, "tab", "Lakeshore Heart")
	waitFor(t, tm, "it becomes the group Lakeshore Heart")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Fax to Roy, Cy", "A-100")
	press(tm, "tab", "tab", doc, "enter", "ctrl+s", "y")
	waitFor(t, tm, "Fax 2 to Roy, Cy queued")
	got, _ = st.GetContact(ctx, bo.ID)
	if got.Kind != model.Group || got.GroupName != "Lakeshore Heart" || len(got.Entities) != 2 || got.Entities[1].LastName != "Roy" {
		t.Fatalf("Bo's contact: %+v", got)
	}
	if n, _ := st.CountContacts(ctx); n != 2 {
		t.Errorf("%d contacts, want 2", n)
	}
	f, _, _ = st.GetFax(ctx, 2)
	if f.ContactID != bo.ID || f.EntityID != got.Entities[1].ID || f.PatientID != zoe.ID || f.Number != "+14165550102" {
		t.Errorf("the fax to Cy: %+v", f)
	}
	if pcs, _ := st.PatientContacts(ctx, zoe.ID); len(pcs) != 2 {
		t.Errorf("preferred contacts: %+v", pcs)
	}
}

// / on the Faxes screen searches older faxes than the first page: the
// pages are read on while the search is typed.
func TestFlowFaxSearchReadsOlderPages(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "search.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	for i := range 450 {
		f := model.Fax{Kind: model.KindFax, Number: "+14165550199", Name: "Lab " + strconv.Itoa(i), Documents: pdfDoc("a.pdf")}
		if i == 0 {
			f.Name = "Zebra Clinic" // the oldest: not on the first page
		}
		if _, err := st.QueueFax(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts yet")
	press(tm, "4")
	waitFor(t, tm, "200+ faxes")
	press(tm, "/", "zebra")
	waitFor(t, tm, "Zebra Clinic", "1/1 · 450 faxes")
	press(tm, "enter")
	waitFor(t, tm, "enter open")
	tm.Quit()
}

// newAppAs runs the app as user, signed in under its login name.
func newAppAs(t *testing.T, st *store.Store, u model.User) *teatest.TestModel {
	t.Helper()
	env := &screen.Env{
		Store:  st,
		Styles: theme.New(scenes.Renderer(termenv.Ascii), false),
		Keys:   keymap.Default(),
		Ctx:    store.WithActor(context.Background(), u.Username),
		Start:  screen.Session{Region: "US", User: u},
		Watch:  watcher(t, st),
	}
	return teatest.NewTestModel(t, app.New(env), teatest.WithInitialTermSize(80, 24))
}

// A clinician may not edit the contact book: the keys are refused with
// the reason, the help bar does not offer them, the palette shows them
// disabled, and the full help names the permission missing.
func TestFlowPermissionsRefuseKeys(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "perm.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	if _, err := st.ActingUser(admin, "Root"); err != nil {
		t.Fatal(err)
	}
	doc, err := st.CreateUser(admin, model.User{Name: "Dr. Ana Ruiz", Username: "ruiz", Kind: model.KindProvider, Active: true,
		Roles: []model.Role{model.RoleClinician}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateContact(admin, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetFaxSettings(admin, model.FaxSettings{ClinicName: "Lakeside Clinic", ClinicFax: "+14165550100"}); err != nil {
		t.Fatal(err)
	}
	tm := newAppAs(t, st, doc)
	waitFor(t, tm, "1 contact", "enter open")
	press(tm, "n")
	waitFor(t, tm, "You may not edit contacts: that takes the role admin, secretary or front desk.")
	press(tm, ":", "delete")
	waitFor(t, tm, "not allowed: needs edit")
	press(tm, "enter")
	waitFor(t, tm, "Delete contact: not allowed: needs edit contacts.")
	press(tm, "?")
	waitFor(t, tm, "not allowed: needs edit contacts")
	press(tm, "esc")
	// What the role allows still works: a fax to the contact.
	press(tm, "f")
	waitFor(t, tm, "about which patient?")
	if n, _ := st.CountContacts(t.Context()); n != 1 {
		t.Errorf("%d contacts", n)
	}
}

// The whole story: an admin sets Appointments to Front Office for
// all providers from the All providers row (after the list of what
// changes), a portal's message comes in, and every Front Office member
// finds it in their inbox, the count on the status line; a front-desk
// user sees the matrix read-only.
func TestFlowRoutingToInboxes(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "routing.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	root, err := st.ActingUser(admin, "Root Admin")
	if err != nil {
		t.Fatal(err)
	}
	user := func(name, username string, kind model.UserKind, role model.Role) model.User {
		u, err := st.CreateUser(admin, model.User{Name: name, Username: username, Kind: kind, Active: true, Roles: []model.Role{role}})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	ruiz := user("Dr. Ana Ruiz", "ruiz", model.KindProvider, model.RoleClinician)
	user("Dr. Li Chen", "chen", model.KindProvider, model.RoleClinician)
	amy := user("Amy Ng", "amy", model.KindStaff, model.RoleFrontDesk)
	ben := user("Ben Roy", "ben", model.KindStaff, model.RoleFrontDesk)
	if _, err := st.SaveGroup(admin, model.StaffGroup{Name: "Front Office", Members: []int64{amy.ID, ben.ID}}); err != nil {
		t.Fatal(err)
	}
	zoe := model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100", BirthDate: model.Date{Year: 1984, Month: 3, Day: 7},
		Provider: ruiz.Name}
	if _, err := st.CreatePatient(admin, zoe); err != nil {
		t.Fatal(err)
	}

	tm := newAppAs(t, st, root)
	waitFor(t, tm, "No contacts yet")
	press(tm, "5")
	waitFor(t, tm, "Dr. Li Chen", "All providers · Appointments: blank")
	press(tm, "enter")
	waitFor(t, tm, "For every provider")
	press(tm, "a", "front", "enter", "esc")
	waitFor(t, tm, "Front Office (group: Amy Ng, Ben Roy)")
	press(tm, "ctrl+s")
	waitFor(t, tm, "All providers · Appointments: Front Office")
	press(tm, "A")
	waitFor(t, tm, "2 cells of 2 providers change", "Dr. Ana Ruiz · Appointments: (the provider) → Front Office")
	press(tm, "y")
	waitFor(t, tm, "Applied to all providers: 2 cells changed.")
	m, _ := st.Matrix(t.Context())
	for _, p := range m.Providers {
		if r := m.Routes[model.Cell{ProviderID: p.ID, CategoryID: m.Categories[0].ID}]; len(r) != 1 || r[0].GroupID == 0 {
			t.Errorf("%s's appointments: %+v", p.Name, r)
		}
	}
	tm.Quit()

	got, err := st.IngestMessages(admin, []store.MessageIn{{Chart: "A-100", Category: "Appointments", Subject: "Move my visit"}})
	if err != nil || got[0].Err != nil {
		t.Fatal(err, got)
	}
	// Ben reads it first: once Amy marks it done, it is done for both.
	for _, u := range []model.User{ben, amy} {
		tm := newAppAs(t, st, u)
		waitFor(t, tm, "1 unread message (6 Inbox)")
		press(tm, "6")
		waitFor(t, tm, "Messages for "+u.Name+" · 1 unread", "Move my visit")
		press(tm, "enter")
		// Its line in "Routed to" is drawn once the read is recorded.
		waitFor(t, tm, "Ouellet, Zoë, chart A-100", u.Name+" ("+u.Username+") · read")
		if u.ID == amy.ID {
			press(tm, "d")
			waitFor(t, tm, "is done")
			// A front-desk user reads the matrix and may not change it.
			press(tm, "5")
			waitFor(t, tm, "Read-only: changing the routing takes the role admin.")
			press(tm, "enter")
			waitFor(t, tm, "You may not edit routing")
		}
		tm.Quit()
	}
	rs, _ := st.MessageRecipients(t.Context(), got[0].ID)
	states := map[string]model.MessageState{}
	for _, r := range rs {
		states[r.Username] = r.State
	}
	if len(rs) != 2 || states["amy"] != model.MessageDone || states["ben"] != model.MessageDone {
		t.Errorf("after Amy marked it done: %v", states)
	}
}

// A message taken by phone is routed like a portal's; its recipient
// passes it to someone else, recorded, and it leaves their unread.
func TestFlowInboxPhoneAndReassign(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "inbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	if _, err := st.ActingUser(admin, "Root Admin"); err != nil {
		t.Fatal(err)
	}
	amy, _ := st.CreateUser(admin, model.User{Name: "Amy Ng", Username: "amy", Kind: model.KindStaff, Active: true, Roles: []model.Role{model.RoleFrontDesk}})
	if _, err := st.CreatePatient(admin, model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100",
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}, Provider: "Dr. Ana Ruiz"}); err != nil {
		t.Fatal(err)
	}
	ruiz, _ := st.UserByUsername(t.Context(), "ana.ruiz")
	tm := newAppAs(t, st, amy)
	waitFor(t, tm, "No contacts yet")
	press(tm, "6")
	waitFor(t, tm, "No messages for you.")
	press(tm, "n")
	waitFor(t, tm, "taken by phone")
	press(tm, "A-100", "enter", "test", "tab", "Results?", "ctrl+s")
	waitFor(t, tm, "routed to Dr. Ana Ruiz.")
	inbox, _ := st.Inbox(t.Context(), ruiz.ID)
	if len(inbox) != 1 || inbox[0].Category != "Test results" || inbox[0].Source != "phone" {
		t.Fatalf("the provider's inbox: %+v", inbox)
	}
	tm.Quit()

	tm = newAppAs(t, st, ruiz)
	waitFor(t, tm, "1 unread message (6 Inbox)")
	press(tm, "6")
	waitFor(t, tm, "Results?")
	press(tm, "r")
	waitFor(t, tm, "to whom?")
	press(tm, "amy", "enter")
	waitFor(t, tm, "A note for Amy Ng (optional):")
	press(tm, "enter")
	waitFor(t, tm, "passed to Amy Ng")
	if n, _ := st.UnreadCount(t.Context(), amy.ID); n != 1 {
		t.Errorf("amy has %d unread", n)
	}
	if n, _ := st.UnreadCount(t.Context(), ruiz.ID); n != 0 {
		t.Errorf("the provider has %d unread", n)
	}
	if log, _ := st.AuditLog(store.WithActor(t.Context(), "root"), store.AuditFilter{Record: fmt.Sprintf("message %d", inbox[0].ID)}); len(log) == 0 || log[0].Action != "reassign" {
		t.Errorf("log: %+v", log)
	}
}

// The Staff screen (palette): an admin adds a user with a role, then a
// group with that user; the last admin cannot drop the role.
func TestFlowStaffScreen(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "staff.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	root, err := st.ActingUser(admin, "Root Admin")
	if err != nil {
		t.Fatal(err)
	}
	tm := newAppAs(t, st, root)
	waitFor(t, tm, "No contacts yet")
	press(tm, ":", "staff", "enter")
	waitFor(t, tm, "1 users · tab shows the groups", "Root Admin")
	press(tm, "n")
	waitFor(t, tm, "New user")
	press(tm, "Nadia Haddad", "tab", "Nadia", "tab", "enter")
	waitFor(t, tm, "Kind: enter chooses")
	press(tm, "prov", "enter", "tab", "enter")
	waitFor(t, tm, "Roles: enter ticks")
	press(tm, "cli", "enter", "esc", "ctrl+s")
	waitFor(t, tm, "Saved Nadia Haddad (nadia).", "2 users")
	nadia, err := st.UserByUsername(t.Context(), "nadia")
	if err != nil || !nadia.Is(model.RoleClinician) || nadia.Kind != model.KindProvider || !nadia.Active {
		t.Fatalf("nadia: %+v %v", nadia, err)
	}
	press(tm, "tab", "n")
	waitFor(t, tm, "New staff group")
	press(tm, "Nurses", "tab", "enter")
	waitFor(t, tm, "Members: enter ticks")
	press(tm, "nadia", "enter", "esc", "ctrl+s")
	waitFor(t, tm, "Saved the group Nurses: 1 members.")
	gs, _ := st.Groups(t.Context())
	if len(gs) != 1 || gs[0].Name != "Nurses" || len(gs[0].Members) != 1 || gs[0].Members[0] != nadia.ID {
		t.Errorf("groups: %+v", gs)
	}
	// The last admin keeps the role: the refusal shows beside Roles.
	press(tm, "tab", "G", "e")
	waitFor(t, tm, "Edit Root Admin")
	press(tm, "tab", "tab", "tab", "enter")
	waitFor(t, tm, "Roles: enter ticks")
	press(tm, "enter", "esc", "ctrl+s")
	waitFor(t, tm, "last active admin")
}

// Deleting a contact a chart prefers names the patient before asking; the
// contact comes back from Deleted contacts with the chart's tie to it.
func TestFlowDeleteNamesDependentsAndRestores(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "restore.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	lab, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Hélène", LastName: "Tremblay"}}})
	if err != nil {
		t.Fatal(err)
	}
	pa, err := st.CreatePatient(ctx, model.Patient{FirstName: "Ann", LastName: "Roe", Chart: "D-1",
		BirthDate: model.Date{Year: 1980, Month: 1, Day: 2}, Provider: "Dr. Lee"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddPatientContact(ctx, pa.ID, model.ContactRef{ContactID: lab.ID}); err != nil {
		t.Fatal(err)
	}
	tm := newApp(t, st)
	waitFor(t, tm, "Tremblay, Hélène")
	press(tm, "d")
	waitFor(t, tm, "Delete Tremblay, Hélène?", "1 patient loses it", "Roe, Ann (chart D-1)", "fax history stays")
	press(tm, "y")
	waitFor(t, tm, "Deleted Tremblay, Hélène.")
	if n, _ := st.CountContacts(t.Context()); n != 0 {
		t.Fatalf("%d contacts after the delete", n)
	}
	press(tm, "R")
	waitFor(t, tm, "1 deleted contact", "Tremblay, Hélène", "reception", "restores it")
	press(tm, "r")
	waitFor(t, tm, "Restored Tremblay, Hélène with 1 patient link")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	c, err := st.GetContact(t.Context(), lab.ID)
	if err != nil || c.Fax != lab.Fax || c.Entities[0].LastName != "Tremblay" {
		t.Fatalf("contact not back: %+v %v", c, err)
	}
	pcs, err := st.PatientContacts(t.Context(), pa.ID)
	if err != nil || len(pcs) != 1 || pcs[0].Ref.ContactID != lab.ID {
		t.Errorf("the chart's preferred contact is not back: %+v %v", pcs, err)
	}
	if gone, _ := st.DeletedContacts(t.Context()); len(gone) != 0 {
		t.Errorf("still in the archive: %+v", gone)
	}
}

// An opened contact shows its latest faxes, opens its whole history with h,
// and faxes the person selected in it with f, as the list does.
func TestFlowContactPageFaxes(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), filepath.Join(dir, "page.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	lab, err := st.CreateContact(ctx, model.Contact{Kind: model.Group, GroupName: "LifeLabs", Fax: "+14165550101",
		Entities: []model.Entity{{Name: "Intake"}, {FirstName: "Bo", LastName: "Ng"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReceiveFax(ctx, lab.Fax, 4, pdfDoc("results.pdf"), time.Now()); err != nil {
		t.Fatal(err)
	}
	setClinic(t, st)
	tm := newApp(t, st)
	waitFor(t, tm, "1 contact")
	press(tm, "enter")
	waitFor(t, tm, "Recent faxes", "in  received  4 pages")
	press(tm, "h")
	waitFor(t, tm, "[contact: LifeLabs]", "1/1 · 1 faxes")
	press(tm, "esc")
	waitFor(t, tm, "Group name and fax")
	press(tm, "G", "f")
	waitFor(t, tm, "Fax to Ng, Bo: about which patient?")
	press(tm, "enter")
	waitFor(t, tm, "Fax to Ng, Bo, (416) 555-0101")
	doc := filepath.Join(dir, "results.pdf")
	if err := os.WriteFile(doc, documenttest.PDF(1, "results"), 0o600); err != nil {
		t.Fatal(err)
	}
	press(tm, "tab", "tab", doc, "enter")
	waitFor(t, tm, "results.pdf")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Send this fax to Ng, Bo?")
	press(tm, "y")
	waitFor(t, tm, "to Ng, Bo queued")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	fs, err := st.ListFaxes(t.Context(), store.FaxFilter{ContactID: lab.ID, Direction: model.Outgoing})
	if err != nil || len(fs) != 1 || fs[0].EntityID != lab.Entities[1].ID || fs[0].Number != lab.Fax {
		t.Fatalf("the fax from the contact's page: %+v %v", fs, err)
	}
}

// A group split by mistake is put back together from the page of one of
// its parts, which points out the other on its number; the chart that
// preferred the other part keeps that person, in the group.
func TestFlowSplitThenMergeBack(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "merge.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	lab, err := st.CreateContact(ctx, model.Contact{Kind: model.Group, GroupName: "Cardiology West", Fax: "+14165550142",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}, {FirstName: "Bo", LastName: "Ng"}}})
	if err != nil {
		t.Fatal(err)
	}
	tm := newApp(t, st)
	waitFor(t, tm, "1 contact")
	press(tm, "m")
	waitFor(t, tm, "into 2 single contacts?")
	press(tm, "y")
	waitFor(t, tm, "Split Cardiology West into 2 single contacts", "2 contacts")

	// Bo, a contact of his own now, becomes a chart's preferred contact.
	var bo int64
	st.ListContacts(t.Context(), func(r *store.ListRow) error {
		if string(r.Name) == "Ng, Bo" {
			bo = r.ID
		}
		return nil
	})
	pa, err := st.CreatePatient(ctx, model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100",
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddPatientContact(ctx, pa.ID, model.ContactRef{ContactID: bo}); err != nil {
		t.Fatal(err)
	}

	press(tm, "g", "enter")
	waitFor(t, tm, "Lee, Ann", "Also on this number (M merges): Ng, Bo")
	press(tm, "M")
	waitFor(t, tm, "Lee, Ann joins which group", "same number · single")
	press(tm, "enter")
	waitFor(t, tm, "Group name:")
	press(tm, "ctrl+u", "Cardiology West", "enter")
	waitFor(t, tm, "Make one group of Lee, Ann and Ng, Bo?", "Cardiology West")
	press(tm, "y")
	waitFor(t, tm, "Cardiology West now has 2 people.", "Group name and fax")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	var got []model.Contact
	st.EachContact(t.Context(), func(c model.Contact) error { got = append(got, c); return nil })
	if len(got) != 1 || got[0].ID != lab.ID || got[0].Kind != model.Group || got[0].GroupName != "Cardiology West" ||
		got[0].Fax != lab.Fax || len(got[0].Entities) != 2 || got[0].Entities[1].LastName != "Ng" {
		t.Fatalf("after the merge: %+v", got)
	}
	pcs, err := st.PatientContacts(t.Context(), pa.ID)
	want := model.ContactRef{ContactID: lab.ID, EntityID: got[0].Entities[1].ID}
	if err != nil || len(pcs) != 1 || pcs[0].Ref != want {
		t.Errorf("the chart's preferred contact: %+v %v, want Bo Ng in the group %+v", pcs, err, want)
	}
}

// Removing a person from a group names the charts that prefer that person
// before asking; declining changes nothing.
func TestFlowRemovePersonNamesDependents(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "person.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "x")
	lab, err := st.CreateContact(ctx, model.Contact{Kind: model.Group, GroupName: "LifeLabs", Fax: "+14165550101",
		Entities: []model.Entity{{Name: "Intake"}, {FirstName: "Bo", LastName: "Ng"}}})
	if err != nil {
		t.Fatal(err)
	}
	pa, err := st.CreatePatient(ctx, model.Patient{FirstName: "Ann", LastName: "Roe", Chart: "D-1",
		BirthDate: model.Date{Year: 1980, Month: 1, Day: 2}})
	if err != nil {
		t.Fatal(err)
	}
	bo := model.ContactRef{ContactID: lab.ID, EntityID: lab.Entities[1].ID}
	if err := st.AddPatientContact(ctx, pa.ID, bo); err != nil {
		t.Fatal(err)
	}
	tm := newApp(t, st)
	waitFor(t, tm, "1 contact")
	press(tm, "enter")
	waitFor(t, tm, "Group name and fax")
	press(tm, "G", "d")
	waitFor(t, tm, "Remove Ng, Bo from LifeLabs?", "1 patient loses Ng, Bo", "Roe, Ann (chart D-1)")
	press(tm, "n")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if pcs, _ := st.PatientContacts(t.Context(), pa.ID); len(pcs) != 1 || pcs[0].Ref != bo {
		t.Errorf("declining changed the chart: %+v", pcs)
	}
	if c, _ := st.GetContact(t.Context(), lab.ID); len(c.Entities) != 2 {
		t.Errorf("declining removed someone: %+v", c)
	}
}

// An admin changes a contact's fax, opens the audit log from the palette,
// narrows it to the contact and opens the change: the old and the new fax
// show, the field marked as changed. A front-desk user sees the command
// disabled, with the role it takes, and the store refuses them the log.
func TestFlowAuditLog(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := store.WithActor(t.Context(), "root")
	root, err := st.ActingUser(admin, "Root Admin")
	if err != nil {
		t.Fatal(err)
	}
	amy, err := st.CreateUser(admin, model.User{Name: "Amy Ng", Username: "amy", Kind: model.KindStaff, Active: true,
		Roles: []model.Role{model.RoleFrontDesk}})
	if err != nil {
		t.Fatal(err)
	}
	ann, err := st.CreateContact(admin, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateContact(admin, model.Contact{Kind: model.Single, Fax: "+14165550102",
		Entities: []model.Entity{{FirstName: "Bob", LastName: "Roy"}}}); err != nil {
		t.Fatal(err)
	}

	tm := newAppAs(t, st, root)
	waitFor(t, tm, "2 contacts", "enter open")
	press(tm, "e", "ctrl+u", "416 555 0199", "ctrl+s")
	waitFor(t, tm, "Saved Lee, Ann")
	press(tm, ":", "audit log", "enter")
	waitFor(t, tm, "Audit log", "changes")
	// The filters: the record, typed; enter applies them.
	press(tm, "f", fmt.Sprintf("contact %d", ann.ID), "tab", "root", "enter")
	waitFor(t, tm, "1/2 changes")
	press(tm, "enter")
	waitFor(t, tm, "update contact "+strconv.FormatInt(ann.ID, 10), "1 field changed",
		"~ Fax", "(416) 555-0101", "(416) 555-0199")
	press(tm, "esc", "down", "enter")
	waitFor(t, tm, "create contact", "Nothing before: 4 fields set", "+ Fax")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	// A date that is no date is refused where it was typed.
	tm = newAppAs(t, st, root)
	waitFor(t, tm, "2 contacts")
	press(tm, ":", "audit log", "enter")
	waitFor(t, tm, "changes")
	press(tm, "f", "tab", "tab", "31/02/2026", "enter")
	waitFor(t, tm, "From: “31/02/2026” is not a day of the calendar")
	press(tm, "ctrl+u", "2026-01-01", "tab", "1 Jan 2100", "enter")
	waitFor(t, tm, "1/6 changes", "To     2100-01-01") // the dates as read
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	desk := newAppAs(t, st, amy)
	waitFor(t, desk, "2 contacts")
	press(desk, ":", "audit log")
	waitFor(t, desk, "that takes the role admin")
	press(desk, "enter")
	waitFor(t, desk, "Audit log: who changed what: that takes the role admin.")
	desk.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	fm := desk.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
	if strings.Contains(fm.View(), "When") {
		t.Errorf("the front desk opened the audit log:\n%s", fm.View())
	}
	if _, err := st.AuditLog(store.WithActor(t.Context(), "amy"), store.AuditFilter{}); err == nil {
		t.Error("the store let the front desk read the audit log")
	}
}

// pdfDoc is a one-page PDF named name, to queue or receive.
func pdfDoc(name string) []model.Document {
	return []model.Document{{Name: name, Data: documenttest.PDF(1, name)}}
}
