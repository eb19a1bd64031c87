package app_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"frontdesk/document"
	"frontdesk/document/documenttest"
	"frontdesk/model"
	"frontdesk/notify/notifytest"
	"frontdesk/store"
)

// chartFixture is a database with one patient, Zoë Ouellet, and the
// clinic's name and fax.
func chartFixture(t *testing.T) (*store.Store, model.Patient) {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "docs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	setClinic(t, st)
	p, err := st.CreatePatient(store.WithActor(t.Context(), "x"), model.Patient{FirstName: "Zoë", LastName: "Ouellet",
		Chart: "A-100", BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}})
	if err != nil {
		t.Fatal(err)
	}
	return st, p
}

func quit(t *testing.T, tm *teatest.TestModel) {
	t.Helper()
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// A file that is not what its name says is refused, named, and nothing is
// kept; a PDF is added to the chart, titled for its file.
func TestFlowAddDocumentFromFile(t *testing.T) {
	st, p := chartFixture(t)
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "scan.pdf"), filepath.Join(dir, "cbc-results.pdf")
	if err := os.WriteFile(bad, []byte("not a PDF at all\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, documenttest.PDF(2, "CBC"), 0o600); err != nil {
		t.Fatal(err)
	}
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts")
	press(tm, "2", "enter")
	waitFor(t, tm, "Preferred contacts (0)")
	press(tm, "o")
	waitFor(t, tm, "No documents yet")
	press(tm, "a")
	waitFor(t, tm, "Add a document to the chart of Zoë Ouellet")
	press(tm, bad, "tab", "ctrl+u", "lab result", "ctrl+s")
	waitFor(t, tm, "scan.pdf", "Not added")
	if docs, _ := st.PatientDocuments(t.Context(), p.ID, true); len(docs) != 0 {
		t.Fatalf("a file refused was kept: %+v", docs)
	}
	press(tm, "shift+tab", "ctrl+u", good, "ctrl+s")
	waitFor(t, tm, "Added the lab result “cbc-results” (2 pages)")
	waitFor(t, tm, "1 document")
	quit(t, tm)

	docs, err := st.PatientDocuments(t.Context(), p.ID, true)
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents %+v %v", docs, err)
	}
	d := docs[0]
	if d.Kind != model.PDocLab || d.Title != "cbc-results" || d.Pages != 2 || d.Format != model.DocPDF || d.AddedBy != "reception" ||
		d.Date != model.DateOf(time.Now()) && d.Date != model.DateOf(time.Now().Add(-time.Minute)) {
		t.Errorf("document %+v", d)
	}
}

// A letter written in the editor is filed as a PDF; leaving one with text
// asks first.
func TestFlowWriteLetter(t *testing.T) {
	st, p := chartFixture(t)
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts")
	press(tm, "2", "enter")
	waitFor(t, tm, "Preferred contacts (0)")
	press(tm, "o")
	waitFor(t, tm, "No documents yet")
	press(tm, "w")
	waitFor(t, tm, "A letter about Zoë Ouellet")
	press(tm, "Dr. Ann Lee, Cardiology West", "tab", "Referral for an echo", "tab",
		"Dear Dr. Lee,", "enter", "enter", "Zoë has had palpitations since June.", "esc")
	waitFor(t, tm, "Discard this letter?")
	press(tm, "n", "ctrl+s")
	waitFor(t, tm, "Filed the letter “Referral for an echo” (1 page)")
	quit(t, tm)

	docs, err := st.PatientDocuments(t.Context(), p.ID, false)
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents %+v %v", docs, err)
	}
	if d := docs[0]; d.Kind != model.PDocLetter || d.Title != "Referral for an echo" {
		t.Errorf("letter %+v", d)
	}
	b, err := st.PatientDocumentPDF(t.Context(), docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := document.Check("letter.pdf", b)
	if err != nil || pdf.Kind != model.DocPDF || pdf.Pages != 1 {
		t.Fatalf("the letter's PDF: %+v %v", pdf, err)
	}
}

// A received fax is filed into a chart from its page and stays in the
// history; filing it twice is refused with the store's reason.
func TestFlowFileReceivedFax(t *testing.T) {
	st, p := chartFixture(t)
	ctx := store.WithActor(t.Context(), "x")
	f, err := st.ReceiveFax(ctx, "+14165550101", 1, []model.Document{{Name: "labs.pdf", Data: documenttest.PDF(1, "Labs")}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts")
	press(tm, "4", "enter")
	waitFor(t, tm, "file into a chart")
	press(tm, "c")
	waitFor(t, tm, "into whose chart?")
	press(tm, "ouellet", "enter")
	waitFor(t, tm, "into the chart of Ouellet, Zoë")
	press(tm, "ctrl+u", "lab result", "tab", "Potassium", "ctrl+s")
	waitFor(t, tm, "Filed fax "+strconv.FormatInt(f.ID, 10)+" in the chart of Ouellet, Zoë")
	press(tm, "c")
	waitFor(t, tm, "into whose chart?")
	press(tm, "ouellet", "enter")
	waitFor(t, tm, "into the chart of Ouellet, Zoë")
	press(tm, "ctrl+s")
	waitFor(t, tm, "is filed in this chart already")
	quit(t, tm)

	docs, err := st.PatientDocuments(t.Context(), p.ID, true)
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents %+v %v", docs, err)
	}
	if d := docs[0]; d.FaxID != f.ID || d.Kind != model.PDocLab || d.Title != "Potassium" || d.Pages != 1 {
		t.Errorf("filed %+v", d)
	}
	if got, _, err := st.GetFax(t.Context(), f.ID); err != nil || got.PatientID != p.ID {
		t.Errorf("the fax after filing: %+v %v", got, err)
	}
}

// shareFixture adds to the chart a lab result, two contacts (one without
// an email), and sets sharing up with the mail server box.
func shareFixture(t *testing.T, box *notifytest.Mailbox) (*store.Store, model.Patient, model.PatientDocument) {
	t.Helper()
	st, p := chartFixture(t)
	ctx := store.WithActor(t.Context(), "x")
	for _, c := range []model.Contact{
		{Kind: model.Single, Fax: "+14165550101", Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee", Email: "ann@cardio.example"}}},
		{Kind: model.Single, Fax: "+14165550102", Entities: []model.Entity{{FirstName: "Bo", LastName: "Ng"}}},
	} {
		if _, err := st.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	d, err := st.AddPatientDocument(ctx, model.PatientDocument{PatientID: p.ID, Kind: model.PDocLab, Title: "CBC results",
		Date: model.Date{Year: 2026, Month: 12, Day: 1}}, model.Document{Name: "cbc.pdf", Data: documenttest.PDF(1, "CBC")})
	if err != nil {
		t.Fatal(err)
	}
	if box != nil {
		for _, kv := range [][2]string{
			{"sharing.public_url", "https://share.lakeside.example"}, {"mail.host", box.Host}, {"mail.port", strconv.Itoa(box.Port)},
			{"mail.tls", "none"}, {"mail.from", "records@lakeside.example"}, {"sharing.level", "link"}, {"sharing.enabled", "on"},
		} {
			if err := st.SetShareSetting(ctx, kv[0], kv[1]); err != nil {
				t.Fatalf("%s: %v", kv[0], err)
			}
		}
	}
	return st, p, d
}

// From the chart's documents: s, the contact, yes; the mail goes through
// a real SMTP server and the share is in the store. A contact without an
// email is listed after, and refused with the reason.
func TestFlowShareDocument(t *testing.T) {
	box := notifytest.NewMailbox(t)
	st, _, d := shareFixture(t, box)
	tm := newApp(t, st)
	waitFor(t, tm, "2 contacts")
	press(tm, "2", "enter")
	waitFor(t, tm, "Preferred contacts (0)")
	press(tm, "o")
	waitFor(t, tm, "CBC results")
	press(tm, "s")
	waitFor(t, tm, "Share “CBC results” with whom?", "no email")
	press(tm, "ng", "enter")
	waitFor(t, tm, "Bo Ng has no email address")
	press(tm, "s")
	waitFor(t, tm, "with whom?")
	press(tm, "lee", "enter")
	waitFor(t, tm, "Share the lab result “CBC results” of Zoë Ouellet with Ann", "<ann@cardio.example>?")
	press(tm, "y")
	waitFor(t, tm, "Sent Ann Lee <ann@cardio.example> a link")
	press(tm, "enter")
	waitFor(t, tm, "Shares (1)")
	waitForOutput(t, tm, func([]byte) bool {
		for _, line := range strings.Split(screenOf(tm), "\n") {
			if strings.Contains(line, "Ann Lee <ann@cardio.example>") && strings.Contains(line, " sent ") {
				return true
			}
		}
		return false
	})
	quit(t, tm)

	shares, err := st.Shares(t.Context(), store.ShareFilter{DocumentID: d.ID})
	if err != nil || len(shares) != 1 {
		t.Fatalf("shares %+v %v", shares, err)
	}
	if sh := shares[0]; sh.State != model.ShareSent || sh.Email != "ann@cardio.example" || sh.SharedBy != "reception" {
		t.Errorf("share %+v", sh)
	}
	if m := box.Last(t); m.Subject != "Lakeside Clinic shared a lab result with you" || !strings.Contains(m.Text, "https://share.lakeside.example/s/") {
		t.Errorf("the mail: %q\n%s", m.Subject, m.Text)
	}
}

// Sharing off is refused with where to turn it on; a user whose roles do
// not give sharing sees s refused with the reason.
func TestFlowShareRefused(t *testing.T) {
	st, _, _ := shareFixture(t, nil)
	tm := newApp(t, st)
	waitFor(t, tm, "2 contacts")
	press(tm, "2", "enter", "o")
	waitFor(t, tm, "CBC results")
	press(tm, "s")
	waitFor(t, tm, "Not shared: sharing is off; an admin turns it on in Settings")
	quit(t, tm)

	admin := store.WithActor(t.Context(), "root")
	if _, err := st.ActingUser(admin, "Root"); err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(admin, model.User{Name: "Fay Desk", Username: "fay", Kind: model.KindStaff, Active: true, Roles: []model.Role{model.RoleFrontDesk}})
	if err != nil {
		t.Fatal(err)
	}
	tm = newAppAs(t, st, u)
	waitFor(t, tm, "2 contacts")
	press(tm, "2", "enter", "o")
	waitFor(t, tm, "CBC results")
	press(tm, "s")
	waitFor(t, tm, "You may not share documents")
	quit(t, tm)
	if shares, _ := st.Shares(t.Context(), store.ShareFilter{}); len(shares) != 0 {
		t.Errorf("shares %+v", shares)
	}
}
