package sharing_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"frontdesk/model"
	"frontdesk/portal/portaltest"
)

// The whole way, with the real parts: a share is mailed through a real
// SMTP server; the link read out of the mail opens, in chromium at a
// phone's size, after the code texted to the contact's mobile; the
// sharer is then told it was opened, once.
func TestBrowserFromTheMail(t *testing.T) {
	f := newFixture(t, "sms")
	sh, err := f.svc.Share(f.ctx, f.doc, f.ann.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	m := linkRE.FindStringSubmatch(f.box.Last(t).Text)
	if m == nil {
		t.Fatal("no link in the mail")
	}
	link := m[1]
	ctx := portaltest.Chrome(t)
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if _, err := chromedp.RunResponse(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	wait := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	wait(chromedp.EmulateViewport(390, 844), chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("button")))
	if got, _ := f.st.Share(f.ctx, sh.ID); got.State != model.ShareSent {
		t.Fatalf("the link's page opened the share: %s", got.State)
	}
	do(chromedp.Click(chromedp.ID("button")))
	to, sms := f.sms.Last(t)
	code := codeRE.FindStringSubmatch(sms)
	if to != "+14165550123" || code == nil {
		t.Fatalf("the code's text: to %s, %q", to, sms)
	}
	do(chromedp.SetValue(chromedp.ID("code"), code[1]), chromedp.Click(chromedp.ID("button")))
	wait(chromedp.WaitReady(chromedp.ID("pdf")))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(loc, "/view") {
		t.Errorf("after the code the browser is at %s (%v)", loc, err)
	}
	if got, _ := f.st.Share(f.ctx, sh.ID); got.State != model.ShareOpened {
		t.Fatalf("after the code: %s", got.State)
	}
	for i, want := range []int{1, 0} {
		opened, err := f.st.TakeOpenedShares(f.ctx, "sec")
		if err != nil || len(opened) != want {
			t.Fatalf("the sharer's news, time %d: %d shares (%v), want %d", i+1, len(opened), err, want)
		}
	}
}
