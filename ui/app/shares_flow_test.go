package app_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"

	"frontdesk/model"
	"frontdesk/notify/notifytest"
	"frontdesk/portal"
	"frontdesk/store"
)

var linkRE = regexp.MustCompile(`https://share\.lakeside\.example/s/([A-Za-z0-9_-]{43})`)

// tokenOf is the token of the link in the last mail box received.
func tokenOf(t *testing.T, box *notifytest.Mailbox) string {
	t.Helper()
	m := box.Last(t)
	got := linkRE.FindStringSubmatch(m.Text)
	if got == nil {
		t.Fatalf("no link in the mail:\n%s", m.Text)
	}
	return got[1]
}

// linkState is what the link of token may do, as the portal reads it.
func linkState(t *testing.T, st *store.Store, token string) store.LinkState {
	t.Helper()
	l, err := st.ShareByToken(t.Context(), store.HashSecret(token))
	if err != nil {
		t.Fatalf("the link %s…: %v", token[:6], err)
	}
	return l.State
}

// shareFromChart shares the lab result of the chart with Ann Lee as a
// user does, from the chart's documents, and returns the share and its
// link's token.
func shareFromChart(t *testing.T, tm *teatest.TestModel, st *store.Store, box *notifytest.Mailbox) (model.Share, string) {
	t.Helper()
	waitFor(t, tm, "2 contacts")
	press(tm, "2", "enter")
	waitFor(t, tm, "Preferred contacts (0)")
	press(tm, "o")
	waitFor(t, tm, "CBC results")
	press(tm, "s")
	waitFor(t, tm, "with whom?")
	press(tm, "lee", "enter")
	waitFor(t, tm, "<ann@cardio.example>?")
	press(tm, "y")
	waitFor(t, tm, "Sent Ann Lee <ann@cardio.example> a link")
	shares, err := st.Shares(t.Context(), store.ShareFilter{})
	if err != nil || len(shares) != 1 {
		t.Fatalf("shares %+v %v", shares, err)
	}
	return shares[0], tokenOf(t, box)
}

// openShare goes to the Shares tab and opens its only share's page.
func openShare(t *testing.T, tm *teatest.TestModel) {
	t.Helper()
	press(tm, "7")
	waitFor(t, tm, "Lab result: CBC r", "1/1 · 1 shares")
	press(tm, "enter")
	waitFor(t, tm, "Audit trail", "mailed")
}

// A share made from a chart is resent from its page on the Shares tab: a
// new mail brings a new link, the old link stops at once and the new one
// opens, and the page's audit trail says so.
func TestFlowResendShare(t *testing.T) {
	box := notifytest.NewMailbox(t)
	st, _, _ := shareFixture(t, box)
	tm := newApp(t, st)
	sh, old := shareFromChart(t, tm, st, box)
	if got := linkState(t, st, old); got != store.LinkOpen {
		t.Fatalf("the link mailed is %v, not open", got)
	}
	openShare(t, tm)
	press(tm, "r")
	waitFor(t, tm, "A new link to the lab result “CBC results” shared with Ann Lee is mailed", "resent")
	waitFor(t, tm, "State      sent")
	quit(t, tm)

	if n := box.Count(); n != 2 {
		t.Fatalf("%d mails arrived, want 2", n)
	}
	renewed := tokenOf(t, box)
	if renewed == old {
		t.Fatal("the mail resent carries the old link")
	}
	if got := linkState(t, st, old); got != store.LinkReplaced {
		t.Errorf("the old link is %v, not replaced", got)
	}
	if got := linkState(t, st, renewed); got != store.LinkOpen {
		t.Errorf("the new link is %v, not open", got)
	}
	got, err := st.Share(t.Context(), sh.ID)
	if err != nil || got.State != model.ShareSent {
		t.Errorf("the share resent: %+v %v", got, err)
	}
	trail, err := st.ShareTrail(t.Context(), sh.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range trail {
		actions = append(actions, e.Action)
	}
	if want := "shared mailed resent mailed"; strings.Join(actions, " ") != want {
		t.Errorf("the trail %q, want %q", actions, want)
	}
}

// A share is revoked from its page after a question: revoked in the store
// and on the page and list, its link closed, the revoke in the trail.
func TestFlowRevokeShare(t *testing.T) {
	box := notifytest.NewMailbox(t)
	st, _, _ := shareFixture(t, box)
	tm := newApp(t, st)
	sh, token := shareFromChart(t, tm, st, box)
	openShare(t, tm)
	press(tm, "x")
	waitFor(t, tm, "Revoke this share?", "shared with Ann Lee <ann@cardio.example>")
	press(tm, "n")
	waitForOutput(t, tm, func([]byte) bool { return !strings.Contains(screenOf(tm), "Revoke this share?") })
	if got, _ := st.Share(t.Context(), sh.ID); got.State != model.ShareSent {
		t.Fatalf("a revoke declined changed the share: %+v", got)
	}
	press(tm, "x")
	waitFor(t, tm, "Revoke this share?")
	press(tm, "y")
	waitFor(t, tm, "The lab result “CBC results” shared with Ann Lee is revoked",
		"State      revoked", "Revoked    ", "by reception", "revoked    reception")
	press(tm, "esc")
	waitFor(t, tm, "Ann Lee reception revoked")
	quit(t, tm)

	got, err := st.Share(t.Context(), sh.ID)
	if err != nil || got.State != model.ShareRevoked || got.RevokedBy != "reception" {
		t.Errorf("the share revoked: %+v %v", got, err)
	}
	if got := linkState(t, st, token); got != store.LinkRevoked {
		t.Errorf("the link is %v, not revoked", got)
	}
	trail, err := st.ShareTrail(t.Context(), sh.ID)
	if err != nil || len(trail) == 0 || trail[len(trail)-1].Action != "revoked" || trail[len(trail)-1].Actor != "reception" {
		t.Errorf("the trail %+v %v", trail, err)
	}
}

// contactBrowser is an outside contact's browser on the portal: its own
// cookies.
type contactBrowser struct {
	t   *testing.T
	srv *httptest.Server
	c   *http.Client
}

func newContactBrowser(t *testing.T, srv *httptest.Server) *contactBrowser {
	jar, _ := cookiejar.New(nil)
	tr := srv.Client().Transport.(*http.Transport).Clone()
	return &contactBrowser{t, srv, &http.Client{Transport: tr, Jar: jar}}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// open does what the contact does with the link mailed: loads its page
// and presses its button. It returns the path the browser ends on.
func (b *contactBrowser) open(token string) string {
	b.t.Helper()
	resp, err := b.c.Get(b.srv.URL + "/s/" + token)
	if err != nil {
		b.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfRE.FindSubmatch(body)
	if m == nil {
		b.t.Fatalf("no button on the landing page (%d):\n%s", resp.StatusCode, body)
	}
	resp, err = b.c.PostForm(b.srv.URL+"/s/"+token+"/open", url.Values{"csrf": {string(m[1])}})
	if err != nil {
		b.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.Request.URL.Path
}

// The contact opening the link in the portal tells the running session
// of the one who shared it, once: a second browser opening it again, or
// a session started after, says nothing more.
func TestFlowShareOpenedNotice(t *testing.T) {
	box := notifytest.NewMailbox(t)
	st, _, _ := shareFixture(t, box)
	srv := httptest.NewTLSServer(portal.New(portal.Config{Store: st}))
	t.Cleanup(srv.Close)
	tm := newApp(t, st)
	sh, token := shareFromChart(t, tm, st, box)
	openShare(t, tm)

	const notice = "Ann Lee opened the lab result “CBC results” you shared"
	if got := newContactBrowser(t, srv).open(token); got != "/s/"+token+"/view" {
		t.Fatalf("the button led to %s", got)
	}
	waitFor(t, tm, notice, "State      opened")

	// A key clears the status line; from then on the notice must not be
	// drawn again.
	press(tm, "j")
	waitForOutput(t, tm, func([]byte) bool { return !strings.Contains(screenOf(tm), notice) })
	var after bytes.Buffer
	if got := newContactBrowser(t, srv).open(token); got != "/s/"+token+"/view" {
		t.Fatalf("a second browser was led to %s", got)
	}
	waitForOutput(t, tm, func(b []byte) bool {
		after.Write(b)
		return strings.Contains(screenOf(tm), "again, from 127.0.0.1")
	})
	// Round the tabs and back: work the change started has come back.
	press(tm, "1")
	waitForOutput(t, tm, func(b []byte) bool { after.Write(b); return strings.Contains(screenOf(tm), "2 contacts") })
	press(tm, "7")
	waitForOutput(t, tm, func(b []byte) bool { after.Write(b); return strings.Contains(screenOf(tm), "reception opened") })
	if bytes.Contains(after.Bytes(), []byte(notice)) || strings.Contains(screenOf(tm), notice) {
		t.Errorf("the notice was shown twice; the screen:\n%s", screenOf(tm))
	}
	quit(t, tm)

	// A session started now is not told again.
	tm = newApp(t, st)
	var fresh bytes.Buffer
	waitForOutput(t, tm, func(b []byte) bool { fresh.Write(b); return strings.Contains(screenOf(tm), "2 contacts") })
	press(tm, "7")
	waitForOutput(t, tm, func(b []byte) bool { fresh.Write(b); return strings.Contains(screenOf(tm), "reception opened") })
	if bytes.Contains(fresh.Bytes(), []byte(notice)) {
		t.Errorf("a new session was told again; the screen:\n%s", screenOf(tm))
	}
	quit(t, tm)

	if told, err := st.TakeOpenedShares(t.Context(), "reception"); err != nil || len(told) != 0 {
		t.Errorf("still to tell: %+v %v", told, err)
	}
	got, err := st.Share(t.Context(), sh.ID)
	if err != nil || got.State != model.ShareOpened || got.OpenedFrom != "127.0.0.1" {
		t.Errorf("the share opened: %+v %v", got, err)
	}
}

// A user whose roles do not give sharing sees resend and revoke refused
// with the reason, on the list and on the share's page, and nothing of
// the share changes.
func TestFlowShareActionsRefused(t *testing.T) {
	box := notifytest.NewMailbox(t)
	st, _, _ := shareFixture(t, box)
	tm := newApp(t, st)
	sh, token := shareFromChart(t, tm, st, box)
	quit(t, tm)
	before, err := st.ShareTrail(t.Context(), sh.ID)
	if err != nil {
		t.Fatal(err)
	}

	admin := store.WithActor(t.Context(), "root")
	if _, err := st.ActingUser(admin, "Root"); err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(admin, model.User{Name: "Fay Desk", Username: "fay", Kind: model.KindStaff, Active: true,
		Roles: []model.Role{model.RoleFrontDesk}})
	if err != nil {
		t.Fatal(err)
	}
	tm = newAppAs(t, st, u)
	waitFor(t, tm, "2 contacts")
	press(tm, "7")
	waitFor(t, tm, "Lab result: CBC r", "1/1 · 1 shares")
	refused(t, tm, "r")
	refused(t, tm, "x")
	press(tm, "enter")
	waitFor(t, tm, "Audit trail", "mailed")
	refused(t, tm, "r")
	refused(t, tm, "x")
	if strings.Contains(screenOf(tm), "Revoke this share?") {
		t.Error("the revoke was asked about")
	}
	quit(t, tm)

	if n := box.Count(); n != 1 {
		t.Errorf("%d mails arrived, want the first only", n)
	}
	got, err := st.Share(t.Context(), sh.ID)
	if err != nil || got.State != model.ShareSent {
		t.Errorf("the share: %+v %v", got, err)
	}
	if got := linkState(t, st, token); got != store.LinkOpen {
		t.Errorf("the link is %v, not open", got)
	}
	if after, _ := st.ShareTrail(admin, sh.ID); len(after) != len(before) {
		t.Errorf("the trail grew from %d to %d entries: %+v", len(before), len(after), after)
	}
}

// refused presses k and waits for the refusal of sharing, then clears it.
func refused(t *testing.T, tm *teatest.TestModel, k string) {
	t.Helper()
	const why = "You may not share documents: that takes the role admin or secretary."
	press(tm, k)
	waitFor(t, tm, why)
	press(tm, "j")
	waitForOutput(t, tm, func([]byte) bool { return !strings.Contains(screenOf(tm), why) })
}
