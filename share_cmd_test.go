package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"frontdesk/document/documenttest"
	"frontdesk/model"
	"frontdesk/notify/notifytest"
	"frontdesk/store"
)

// shareDB is a database with sharing set up to mail through box, a
// patient's lab result (its id) and a contact with an email (its id) and
// one without.
func shareDB(t *testing.T, box *notifytest.Mailbox) (db string, doc, ann, bob int64) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "fd.db")
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "sec")
	if _, err := st.SetFaxSettings(ctx, model.FaxSettings{ClinicName: "Lakeside Clinic", ClinicFax: "+14165550100"}); err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][2]string{{"sharing.public_url", "https://share.lakeside.example"}, {"mail.host", box.Host},
		{"mail.port", strconv.Itoa(box.Port)}, {"mail.tls", "none"}, {"mail.from", "records@lakeside.example"},
		{"sharing.enabled", "on"}} {
		if err := st.SetShareSetting(ctx, kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	p, err := st.CreatePatient(ctx, model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100",
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := st.AddPatientDocument(ctx, model.PatientDocument{PatientID: p.ID, Kind: model.PDocLab, Title: "CBC results",
		Date: model.Date{Year: 2026, Month: 12, Day: 1}}, model.Document{Name: "cbc.pdf", Data: documenttest.PDF(1, "CBC")})
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee", Email: "ann@cardio.example"}}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550102",
		Entities: []model.Entity{{FirstName: "Bob", LastName: "Roy"}}})
	if err != nil {
		t.Fatal(err)
	}
	return db, d.ID, a.ID, b.ID
}

var mailLinkRE = regexp.MustCompile(`View document: (https://share\.lakeside\.example/s/\S+)`)

func TestShareCommands(t *testing.T) {
	box := notifytest.NewMailbox(t)
	db, doc, ann, bob := shareDB(t, box)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }

	code, out, errs := runCmd(t, "share", id(doc), "--contact", id(ann), "--db", db)
	if code != exitOK {
		t.Fatalf("share: %d %s", code, errs)
	}
	share := strings.TrimSpace(out)
	first := mailLinkRE.FindStringSubmatch(box.Last(t).Text)
	if first == nil {
		t.Fatalf("no link from the public address in the mail:\n%s", box.Last(t).Text)
	}
	// Refused, with the reason and nothing shared.
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"share", id(doc), "--contact", id(bob)}, exitFail, "Bob Roy has no email address"},
		{[]string{"share", id(doc)}, exitUsage, "--contact ID are needed"},
		{[]string{"share", "x", "--contact", id(ann)}, exitUsage, `"x" is not a document id`},
		{[]string{"share", "999", "--contact", id(ann)}, exitFail, "document 999: not found"},
		{[]string{"share", "list", "--state", "lost"}, exitUsage, "--state must be"},
		{[]string{"share", "revoke"}, exitUsage, "one share ID is needed"},
	} {
		code, _, errs := runCmd(t, append(tt.args, "--db", db)...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: %d %q, want %d and %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
	list := func() []map[string]any {
		t.Helper()
		code, out, errs := runCmd(t, "share", "list", "--json", "--db", db)
		var l []map[string]any
		if err := json.Unmarshal([]byte(out), &l); err != nil || code != exitOK {
			t.Fatalf("list: %v %s %s", err, out, errs)
		}
		return l
	}
	if l := list(); len(l) != 1 || l[0]["id"] != float64(mustInt(t, share)) || l[0]["document_id"] != float64(doc) ||
		l[0]["contact_id"] != float64(ann) || l[0]["state"] != "sent" || l[0]["sent_at"] == "" || l[0]["opened_at"] != "" {
		t.Fatalf("list after sharing: %v", l)
	}
	if code, out, errs := runCmd(t, "share", "resend", share, "--db", db); code != exitOK || !strings.Contains(out, "new link") {
		t.Fatalf("resend: %d %s %s", code, out, errs)
	}
	if second := mailLinkRE.FindStringSubmatch(box.Last(t).Text); second == nil || second[1] == first[1] {
		t.Errorf("the resent link: %v", second)
	}
	if code, _, errs := runCmd(t, "share", "revoke", share, "--db", db); code != exitOK {
		t.Fatalf("revoke: %s", errs)
	}
	if l := list(); l[0]["state"] != "revoked" {
		t.Errorf("after revoke: %v", l)
	}
	if code, _, errs := runCmd(t, "share", "resend", share, "--db", db); code != exitFail || !strings.Contains(errs, "was revoked") {
		t.Errorf("resend after revoke: %d %q", code, errs)
	}
	// A mail the server refuses: the share is kept, not delivered, and said.
	box.Refuse("ann@cardio.example")
	code, out, errs = runCmd(t, "share", id(doc), "--contact", id(ann), "--db", db)
	if code != exitFail || strings.TrimSpace(out) == "" || !strings.Contains(errs, "no such mailbox here") {
		t.Errorf("refused mail: %d %q %q", code, out, errs)
	}
	if l := list(); l[0]["state"] != "not_delivered" {
		t.Errorf("after a refused mail: %v", l[0])
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
