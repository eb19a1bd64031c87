package portal_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"frontdesk/document/documenttest"
	"frontdesk/model"
	"frontdesk/portal"
	"frontdesk/store"
)

// fixture is a portal over TLS on loopback, on a database holding a
// patient's lab result and a contact to share it with; its clock is moved
// by hand.
type fixture struct {
	t     testing.TB
	st    *store.Store
	ctx   context.Context
	srv   *httptest.Server
	codes *codes
	doc   int64
	ann   model.Contact
	pdf   []byte
	mu    sync.Mutex
	now   time.Time
}

// codes stands in for the SMS gateway: it records each code sent.
type codes struct {
	st   *store.Store
	mu   sync.Mutex
	sent []string
	n    int
}

func (c *codes) SendCode(ctx context.Context, sh model.Share) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	code := fmt.Sprintf("%06d", 100000+c.n)
	if err := c.st.IssueShareCode(ctx, sh.ID, code); err != nil {
		return err
	}
	c.sent = append(c.sent, code)
	return nil
}

func (c *codes) last() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.sent) == 0 {
		return ""
	}
	return c.sent[len(c.sent)-1]
}

func newFixture(t *testing.T, cfg portal.Config) *fixture {
	t.Helper()
	return newFixtureTB(t, cfg, 0)
}

// newFixtureTB is newFixture, its document padded to at least size bytes.
func newFixtureTB(t testing.TB, cfg portal.Config, size int) *fixture {
	t.Helper()
	path := filepath.Join(t.TempDir(), "portal.db")
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, st: st, now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	f.ctx = store.WithClock(store.WithActor(t.Context(), "sec"), f.clock)
	if _, err := st.SetFaxSettings(f.ctx, model.FaxSettings{ClinicName: "Lakeside Clinic", ClinicFax: "+14165550100"}); err != nil {
		t.Fatal(err)
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
	f.pdf = documenttest.PDF(2, "CBC results")
	if pad := size - len(f.pdf); pad > 0 {
		f.pdf = append(f.pdf, "\n%"+strings.Repeat("x", pad)+"\n"...)
	}
	d, err := st.AddPatientDocument(f.ctx, model.PatientDocument{PatientID: p.ID, Kind: model.PDocLab, Title: "CBC results",
		Date: model.Date{Year: 2026, Month: 12, Day: 1}}, model.Document{Name: "cbc.pdf", Data: f.pdf})
	if err != nil {
		t.Fatal(err)
	}
	f.doc = d.ID
	f.codes = &codes{st: st}
	cfg.Store, cfg.Codes, cfg.Clock = st, f.codes, f.clock
	f.srv = httptest.NewTLSServer(portal.New(cfg))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) wait(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// share shares the document with Ann at level, as mailed, and returns the
// link's token.
func (f *fixture) share(level model.ShareLevel) (model.Share, string) {
	f.t.Helper()
	token := strings.Repeat("A", 11) + fmt.Sprintf("%032d", time.Now().UnixNano())
	sh, err := f.st.CreateShare(f.ctx, model.Share{DocumentID: f.doc, ContactID: f.ann.ID, Level: level}, store.HashSecret(token))
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.st.ShareMailed(f.ctx, sh.ID, nil); err != nil {
		f.t.Fatal(err)
	}
	return sh, token
}

// browser is a browser of its own: its own cookies.
type browser struct {
	f *fixture
	c *http.Client
}

func (f *fixture) browser() *browser {
	jar, _ := cookiejar.New(nil)
	// A transport of its own: its own connections, as a browser has.
	tr := f.srv.Client().Transport.(*http.Transport).Clone()
	return &browser{f, &http.Client{Transport: tr, Jar: jar}}
}

type response struct {
	status int
	url    string
	header http.Header
	body   string
}

func (b *browser) do(method, path string, form url.Values) response {
	b.f.t.Helper()
	var req *http.Request
	var err error
	if method == http.MethodPost {
		req, err = http.NewRequest(method, b.f.srv.URL+path, strings.NewReader(form.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	} else {
		req, err = http.NewRequest(method, b.f.srv.URL+path, nil)
	}
	if err != nil {
		b.f.t.Fatal(err)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Request.URL.Path, resp.Header, string(body)}
}

func (b *browser) get(path string) response { b.f.t.Helper(); return b.do(http.MethodGet, path, nil) }

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// press posts the form of the page at path (its first, or the one
// posting to action), with fields.
func (b *browser) press(page response, action string, fields url.Values) response {
	b.f.t.Helper()
	m := csrfRE.FindStringSubmatch(page.body)
	if m == nil {
		b.f.t.Fatalf("no form on %s:\n%s", page.url, page.body)
	}
	if fields == nil {
		fields = url.Values{}
	}
	fields.Set("csrf", m[1])
	return b.do(http.MethodPost, action, fields)
}

func (f *fixture) state(id int64) model.ShareState {
	f.t.Helper()
	sh, err := f.st.Share(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return sh.StateAt(f.clock())
}

func TestLandingChangesNothing(t *testing.T) {
	f := newFixture(t, portal.Config{})
	sh, token := f.share(model.LevelLink)
	b := f.browser()
	for range 3 { // a mail scanner fetches it, and again
		page := b.get("/s/" + token)
		if page.status != http.StatusOK || !strings.Contains(page.body, "Lakeside Clinic shared a document with you") ||
			!strings.Contains(page.body, "lab result") || !strings.Contains(page.body, "View document") {
			t.Fatalf("landing: %d\n%s", page.status, page.body)
		}
		if strings.Contains(page.body, "Ouellet") || strings.Contains(page.body, "CBC") {
			t.Fatalf("the landing page names the patient or the document:\n%s", page.body)
		}
		for h, want := range map[string]string{
			"Content-Security-Policy": "default-src 'self'", "Referrer-Policy": "no-referrer",
			"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
		} {
			if got := page.header.Get(h); !strings.Contains(got, want) {
				t.Errorf("%s: %q", h, got)
			}
		}
	}
	if got := f.state(sh.ID); got != model.ShareSent {
		t.Errorf("after GETs: %s", got)
	}
	// A POST without the page's token opens nothing.
	if r := b.do(http.MethodPost, "/s/"+token+"/open", url.Values{"csrf": {"forged"}}); r.status != http.StatusForbidden {
		t.Errorf("forged POST: %d", r.status)
	}
	if r := f.browser().do(http.MethodPost, "/s/"+token+"/open", url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("POST without a cookie: %d", r.status)
	}
	if got := f.state(sh.ID); got != model.ShareSent {
		t.Errorf("after forged POSTs: %s", got)
	}
}

func TestLinkLevelOpensWithTheButton(t *testing.T) {
	f := newFixture(t, portal.Config{})
	sh, token := f.share(model.LevelLink)
	b := f.browser()
	view := b.press(b.get("/s/"+token), "/s/"+token+"/open", nil)
	if view.url != "/s/"+token+"/view" || !strings.Contains(view.body, `<iframe id="pdf"`) ||
		!strings.Contains(view.body, "Lab result: CBC results") {
		t.Fatalf("after the button: %s\n%s", view.url, view.body)
	}
	if got := f.state(sh.ID); got != model.ShareOpened {
		t.Errorf("after the button: %s", got)
	}
	pdf := b.get("/s/" + token + "/pdf")
	if pdf.status != http.StatusOK || pdf.header.Get("Content-Type") != "application/pdf" || pdf.body != string(f.pdf) {
		t.Fatalf("pdf: %d %s, %d bytes", pdf.status, pdf.header.Get("Content-Type"), len(pdf.body))
	}
	if cc := pdf.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("pdf Cache-Control %q", cc)
	}
	// A viewer reading further parts of the PDF is not another viewing.
	viewed := func() int {
		entries, err := f.st.AuditLog(f.ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if e.Subject == "share" && e.Action == "viewed" {
				n++
			}
		}
		return n
	}
	before := viewed()
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/s/"+token+"/pdf", nil)
	req.Header.Set("Range", "bytes=100-199")
	part, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	part.Body.Close()
	if part.StatusCode != http.StatusPartialContent || viewed() != before || before != 1 {
		t.Errorf("a part of the PDF: %d; viewed %d then %d", part.StatusCode, before, viewed())
	}
	dl := b.get("/s/" + token + "/pdf?download=1")
	if cd := dl.header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="Lakeside Clinic - Lab result - 2026-12-01.pdf"`) {
		t.Errorf("download: %q", cd)
	}
	// Back on the link, the same browser goes straight to the document;
	// another browser must press the button again.
	if again := b.get("/s/" + token); again.url != "/s/"+token+"/view" {
		t.Errorf("the same browser again: %s", again.url)
	}
	other := f.browser()
	if r := other.get("/s/" + token + "/pdf"); r.url != "/s/"+token || r.header.Get("Content-Type") == "application/pdf" {
		t.Errorf("a new browser got the document: %s %s", r.url, r.header.Get("Content-Type"))
	}
	// Once opened, the link stays valid.
	f.wait(30 * 24 * time.Hour)
	if r := other.press(other.get("/s/"+token), "/s/"+token+"/open", nil); r.url != "/s/"+token+"/view" {
		t.Errorf("a month on: %s\n%s", r.url, r.body)
	}
}

func TestSMSLevelNeedsTheCode(t *testing.T) {
	f := newFixture(t, portal.Config{})
	sh, token := f.share(model.LevelSMS)
	b := f.browser()
	landing := b.get("/s/" + token)
	if !strings.Contains(landing.body, "•••• 0123") {
		t.Errorf("landing does not name the masked mobile:\n%s", landing.body)
	}
	page := b.press(landing, "/s/"+token+"/open", nil)
	if page.url != "/s/"+token+"/code" || !strings.Contains(page.body, "•••• 0123") || f.codes.last() == "" {
		t.Fatalf("after the button: %s, code %q\n%s", page.url, f.codes.last(), page.body)
	}
	if got := f.state(sh.ID); got != model.ShareSent {
		t.Fatalf("opened before the code: %s", got)
	}
	if r := b.get("/s/" + token + "/pdf"); r.url != "/s/"+token+"/code" {
		t.Errorf("the document before the code: %s", r.url)
	}
	code := f.codes.last()
	for i := 1; i <= model.CodeTries; i++ {
		page = b.press(page, "/s/"+token+"/code", url.Values{"code": {"000000"}})
		if page.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code %d: %d", i, page.status)
		}
	}
	if !strings.Contains(page.body, "five wrong tries") {
		t.Errorf("fifth wrong code:\n%s", page.body)
	}
	if page = b.press(page, "/s/"+token+"/code", url.Values{"code": {code}}); !strings.Contains(page.body, "five wrong tries") {
		t.Errorf("the dead code worked: %s", page.url)
	}
	if page = b.press(page, "/s/"+token+"/code", url.Values{"code": {"12a456"}}); !strings.Contains(page.body, "Type the 6 digits") {
		t.Errorf("letters in the code:\n%s", page.body)
	}
	// A new code at once is refused; a minute on, it goes.
	page = b.press(page, "/s/"+token+"/code/new", nil)
	if !strings.Contains(page.body, "wait a minute") {
		t.Errorf("a new code at once:\n%s", page.body)
	}
	f.wait(model.CodeEvery)
	page = b.press(page, "/s/"+token+"/code/new", nil)
	if !strings.Contains(page.body, "A new code is on its way") || f.codes.last() == code {
		t.Fatalf("a new code:\n%s", page.body)
	}
	view := b.press(page, "/s/"+token+"/code", url.Values{"code": {f.codes.last()[:3] + " " + f.codes.last()[3:]}})
	if view.url != "/s/"+token+"/view" {
		t.Fatalf("the right code: %s\n%s", view.url, view.body)
	}
	if got := f.state(sh.ID); got != model.ShareOpened {
		t.Errorf("after the code: %s", got)
	}
	// A second browser passes the same steps again.
	other := f.browser()
	if r := other.get("/s/" + token + "/view"); r.url != "/s/"+token {
		t.Errorf("a second browser skipped the steps: %s", r.url)
	}
}

func TestClosedLinksSayWhy(t *testing.T) {
	f := newFixture(t, portal.Config{})
	_, expired := f.share(model.LevelLink)
	revokedShare, revoked := f.share(model.LevelLink)
	resentShare, old := f.share(model.LevelLink)
	if err := f.st.RevokeShare(f.ctx, revokedShare.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.ResendShare(f.ctx, resentShare.ID, store.HashSecret(strings.Repeat("B", 43))); err != nil {
		t.Fatal(err)
	}
	b := f.browser()
	for token, want := range map[string]string{
		revoked:                 "no longer shared",
		old:                     "replaced by a newer one",
		strings.Repeat("C", 43): "does not open a document",
		"short":                 "does not open a document",
	} {
		r := b.get("/s/" + token)
		if !strings.Contains(r.body, want) || !strings.Contains(r.body, "Lakeside Clinic") || r.status == http.StatusOK {
			t.Errorf("%s: %d, want %q:\n%s", token, r.status, want, r.body)
		}
	}
	f.wait(model.LinkLife + time.Minute)
	if r := b.get("/s/" + expired); r.status != http.StatusGone || !strings.Contains(r.body, "expired") ||
		!strings.Contains(r.body, "(416) 555-0100") {
		t.Errorf("expired: %d\n%s", r.status, r.body)
	}
}

func TestRateLimitsAndProxies(t *testing.T) {
	f := newFixture(t, portal.Config{PerAddress: 10, Proxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	_, token := f.share(model.LevelLink)
	b := f.browser()
	limited := 0
	for range 20 {
		if b.get("/s/"+token).status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("20 requests at once from one address were all served")
	}
	// Behind the proxy, each client is its own address.
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/s/"+token, nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.5")
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("another client behind the proxy: %d", resp.StatusCode)
	}
}
