package sharing_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"frontdesk/document/documenttest"
	"frontdesk/model"
	"frontdesk/notify/notifytest"
	"frontdesk/portal"
	"frontdesk/sharing"
	"frontdesk/store"
)

var codeRE = regexp.MustCompile(`^(\d{6}) is the code`)

type fixture struct {
	st     *store.Store
	ctx    context.Context
	svc    *sharing.Service
	box    *notifytest.Mailbox
	sms    *notifytest.SMSGateway
	portal *httptest.Server
	doc    int64
	ann    model.Contact
	pdf    []byte
}

func newFixture(t *testing.T, level string) *fixture {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sharing.db")
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{st: st, ctx: store.WithActor(t.Context(), "sec"), box: notifytest.NewMailbox(t),
		sms: notifytest.NewSMSGateway(t)}
	f.svc = &sharing.Service{Store: st}
	f.portal = httptest.NewTLSServer(portal.New(portal.Config{Store: st, Codes: f.svc}))
	t.Cleanup(f.portal.Close)
	if _, err := st.SetFaxSettings(f.ctx, model.FaxSettings{ClinicName: "Lakeside Clinic", ClinicFax: "+14165550100"}); err != nil {
		t.Fatal(err)
	}
	// In the order an admin would: what sharing needs before turning it on.
	for _, kv := range [][2]string{
		{"sharing.public_url", f.portal.URL}, {"mail.host", "127.0.0.1"}, {"mail.port", strconv.Itoa(f.box.Port)},
		{"mail.tls", "none"}, {"mail.from", "records@lakeside.example"},
		{"sms.url", f.sms.URL}, {"sms.account", "AC123"}, {"sms.token", "tok"}, {"sms.from", "+14165550999"},
		{"sharing.level", level}, {"sharing.enabled", "on"},
	} {
		if err := st.SetShareSetting(f.ctx, kv[0], kv[1]); err != nil {
			t.Fatalf("%s: %v", kv[0], err)
		}
	}
	p, err := st.CreatePatient(f.ctx, model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100",
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}})
	if err != nil {
		t.Fatal(err)
	}
	if f.ann, err = st.CreateContact(f.ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee", Email: "ann@cardio.example", Mobile: "+14165550123"}}}); err != nil {
		t.Fatal(err)
	}
	f.pdf = documenttest.PDF(1, "CBC results")
	d, err := st.AddPatientDocument(f.ctx, model.PatientDocument{PatientID: p.ID, Kind: model.PDocLab, Title: "CBC results",
		Date: model.Date{Year: 2026, Month: 12, Day: 1}}, model.Document{Name: "cbc.pdf", Data: f.pdf})
	if err != nil {
		t.Fatal(err)
	}
	f.doc = d.ID
	return f
}

var linkRE = regexp.MustCompile(`View document: (\S+)`)

// open follows a link as a contact's browser does: the page, the button.
func (f *fixture) open(t *testing.T, link string) (*http.Client, *http.Response, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: f.portal.Client().Transport.(*http.Transport).Clone(), Jar: jar}
	resp, err := c.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(string(body))
	if m == nil {
		t.Fatalf("%s: no button:\n%s", link, body)
	}
	resp, err = c.PostForm(link+"/open", url.Values{"csrf": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	return c, resp, string(body)
}

// A share mails the contact a link to the portal (plain text and HTML,
// the clinic and the document, never the patient), and the link opens it.
func TestShareMailsALinkThatOpens(t *testing.T) {
	f := newFixture(t, "link")
	sh, err := f.svc.Share(f.ctx, f.doc, f.ann.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if sh.State != model.ShareSent || sh.Email != "ann@cardio.example" {
		t.Fatalf("share: %s to %s", sh.State, sh.Email)
	}
	m0 := f.box.Last(t)
	subject, text, html := m0.Subject, m0.Text, m0.HTML
	if subject != "Lakeside Clinic shared a lab result with you" {
		t.Errorf("subject %q", subject)
	}
	for _, part := range []string{text, html} {
		if !strings.Contains(part, "CBC results") || !strings.Contains(part, "24 hours") || strings.Contains(part, "Ouellet") {
			t.Errorf("a part of the mail:\n%s", part)
		}
	}
	m := linkRE.FindStringSubmatch(text)
	if m == nil || !strings.HasPrefix(m[1], f.portal.URL+"/s/") || !strings.Contains(html, m[1]) {
		t.Fatalf("no link to the portal in the mail:\n%s", text)
	}
	_, resp, _ := f.open(t, m[1])
	if resp.Request.URL.Path != strings.TrimPrefix(m[1], f.portal.URL)+"/view" {
		t.Errorf("after the button: %s", resp.Request.URL)
	}
	if got, _ := f.st.Share(f.ctx, sh.ID); got.State != model.ShareOpened {
		t.Errorf("after the button: %s", got.State)
	}
	// Resent: a new mail, a new link; the old one says it was replaced.
	if _, err := f.svc.Resend(f.ctx, sh.ID); err != nil {
		t.Fatal(err)
	}
	text2 := f.box.Last(t).Text
	if m2 := linkRE.FindStringSubmatch(text2); m2 == nil || m2[1] == m[1] {
		t.Fatalf("the resent mail's link: %v", m2)
	}
	resp, err = f.portal.Client().Get(m[1])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "replaced by a newer one") {
		t.Errorf("the old link after a resend:\n%s", body)
	}
}

// A mail the server refuses leaves the share "not delivered" with the
// server's reason; once the address is right, a resend delivers it.
func TestShareNotDelivered(t *testing.T) {
	f := newFixture(t, "link")
	f.box.Refuse("ann@cardio.example")
	sh, err := f.svc.Share(f.ctx, f.doc, f.ann.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if sh.State != model.ShareNotDelivered || !strings.Contains(sh.Reason, "no such mailbox here") {
		t.Fatalf("%s %q", sh.State, sh.Reason)
	}
	f.box.Refuse("")
	if sh, err = f.svc.Resend(f.ctx, sh.ID); err != nil || sh.State != model.ShareSent {
		t.Fatalf("resend: %v %v", sh.State, err)
	}
}

// At the sms level the button texts a code to the contact's mobile, and
// the code opens the document.
func TestShareWithACode(t *testing.T) {
	f := newFixture(t, "sms")
	sh, err := f.svc.Share(f.ctx, f.doc, f.ann.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	text := f.box.Last(t).Text
	if !strings.Contains(text, "•••• 0123") {
		t.Errorf("the mail does not say a code will come:\n%s", text)
	}
	link := linkRE.FindStringSubmatch(text)[1]
	c, resp, body := f.open(t, link)
	if !strings.HasSuffix(resp.Request.URL.Path, "/code") {
		t.Fatalf("after the button: %s", resp.Request.URL)
	}
	to, sms := f.sms.Last(t)
	sent := codeRE.FindStringSubmatch(sms)
	if sent == nil {
		t.Fatalf("no code in %q", sms)
	}
	code := sent[1]
	if to != "+14165550123" {
		t.Errorf("the code went to %s", to)
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)[1]
	resp, err = c.PostForm(link+"/code", url.Values{"csrf": {csrf}, "code": {code}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.HasSuffix(resp.Request.URL.Path, "/view") {
		t.Fatalf("after the code: %s", resp.Request.URL)
	}
	if got, _ := f.st.Share(f.ctx, sh.ID); got.State != model.ShareOpened {
		t.Errorf("after the code: %s", got.State)
	}
}

func TestShareRefusals(t *testing.T) {
	f := newFixture(t, "sms")
	noMobile, err := f.st.CreateContact(f.ctx, model.Contact{Kind: model.Single, Fax: "+14165550102",
		Entities: []model.Entity{{FirstName: "Bob", LastName: "Roy", Email: "bob@lab.example"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Share(f.ctx, f.doc, noMobile.ID, 0); !errors.Is(err, model.ErrNoMobile) {
		t.Errorf("no mobile at the sms level: %v", err)
	}
	if err := f.st.SetShareSetting(f.ctx, "sharing.enabled", "off"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Share(f.ctx, f.doc, f.ann.ID, 0); !errors.Is(err, sharing.ErrOff) {
		t.Errorf("sharing off: %v", err)
	}
	if shares, _ := f.st.Shares(f.ctx, store.ShareFilter{}); len(shares) != 0 {
		t.Errorf("%d shares after refusals", len(shares))
	}
}

func TestCode(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c := sharing.Code()
		if _, ok := model.ParseCode(c); !ok {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
	}
	if len(seen) < 190 {
		t.Errorf("200 codes, %d different", len(seen))
	}
	if tok := sharing.Token(); len(tok) != model.TokenLen {
		t.Errorf("token %q", tok)
	} else if _, ok := model.ParseToken(tok); !ok {
		t.Errorf("token %q does not parse", tok)
	}
}
