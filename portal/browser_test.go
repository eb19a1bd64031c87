package portal_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"frontdesk/document"
	"frontdesk/model"
	"frontdesk/portal"
	"frontdesk/portal/portaltest"
)

// chrome starts a browser of its own (its own profile: its own cookies)
// and returns a context to drive it.
func chrome(t *testing.T) context.Context { return portaltest.Chrome(t) }

// run runs steps within a minute.
func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// value runs a within a minute and returns what it gives.
func value[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// submit runs steps that end in a form's submission and waits for the
// page it loads.
func submit(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	return value(t, ctx, chromedp.Text(chromedp.ID(id)))
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	return value(t, ctx, chromedp.Location())
}

// A link-level share in a real browser: the page the link shows opens
// nothing; the button does; the PDF shows, prints and downloads; a second
// browser must press the button again.
func TestBrowserOpensPrintsAndDownloads(t *testing.T) {
	f := newFixture(t, portal.Config{})
	sh, token := f.share(model.LevelLink)
	link := f.srv.URL + "/s/" + token
	ctx := chrome(t)
	run(t, ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("button")))
	if got := text(t, ctx, "title"); got != "Lakeside Clinic shared a document with you" {
		t.Errorf("landing title %q", got)
	}
	if got := f.state(sh.ID); got != model.ShareSent {
		t.Fatalf("a GET in a browser opened the share: %s", got)
	}
	submit(t, ctx, chromedp.Click(chromedp.ID("button")))
	run(t, ctx, chromedp.WaitReady(chromedp.ID("pdf")))
	if got := f.state(sh.ID); got != model.ShareOpened {
		t.Fatalf("after the button: %s", got)
	}
	// The PDF the page shows is the document.
	head := value(t, ctx, chromedp.Evaluate[string](`fetch(document.getElementById("pdf").src).then(r => r.arrayBuffer()).then(b =>
		new TextDecoder().decode(new Uint8Array(b).slice(0, 8)) + " " + b.byteLength)`, chromedp.EvalAwaitPromise))
	if !strings.HasPrefix(head, "%PDF-") || !strings.HasSuffix(head, " "+strconv.Itoa(len(f.pdf))) {
		t.Errorf("the page's PDF: %q", head)
	}
	// Print prints.
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`window.__printed = 0;
		window.print = () => { window.__printed++ };
		try { document.getElementById("pdf").contentWindow.print = () => { window.__printed++ } } catch (e) {}`),
		chromedp.Click(chromedp.ID("print")))
	printed := value(t, ctx, chromedp.Evaluate[int](`window.__printed`))
	if printed != 1 {
		t.Errorf("print was called %d times", printed)
	}
	// Download saves the PDF under the clinic's name for it.
	dir := t.TempDir()
	run(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
		return err
	}), chromedp.Click(chromedp.ID("download")))
	want := filepath.Join(dir, "Lakeside Clinic - Lab result - 2026-12-01.pdf")
	var got []byte
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(want); err == nil && len(b) == len(f.pdf) {
			got = b
			break
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(dir)
			t.Fatalf("no download at %s; the folder holds %v", want, entries)
		}
	}
	if d, err := document.Check("download.pdf", got); err != nil || d.Kind != model.DocPDF || d.Pages != 2 {
		t.Errorf("the download: %+v %v", d, err)
	}
	// A second browser must press the button again.
	other := chrome(t)
	run(t, other, chromedp.Navigate(link+"/view"), chromedp.WaitVisible(chromedp.ID("button")))
	if loc := location(t, other); loc != link {
		t.Errorf("a second browser on the document's page went to %s", loc)
	}
}

// At the SMS level: five wrong codes kill the code, a new one works, and a
// second browser passes the steps again.
func TestBrowserSMSCode(t *testing.T) {
	f := newFixture(t, portal.Config{})
	sh, token := f.share(model.LevelSMS)
	link := f.srv.URL + "/s/" + token
	ctx := chrome(t)
	run(t, ctx, chromedp.Navigate(link))
	submit(t, ctx, chromedp.Click(chromedp.ID("button")))
	first := f.codes.last()
	for range model.CodeTries {
		submit(t, ctx, chromedp.SetValue(chromedp.ID("code"), "000000"), chromedp.Click(chromedp.ID("button")))
	}
	if got := text(t, ctx, "problem"); !strings.Contains(got, "five wrong tries") {
		t.Fatalf("after five wrong codes: %q", got)
	}
	submit(t, ctx, chromedp.SetValue(chromedp.ID("code"), first), chromedp.Click(chromedp.ID("button")))
	if got := f.state(sh.ID); got != model.ShareSent {
		t.Fatalf("the dead code opened the share: %s", got)
	}
	f.wait(model.CodeEvery)
	submit(t, ctx, chromedp.Click(chromedp.ID("again")))
	if got := text(t, ctx, "problem"); !strings.Contains(got, "new code is on its way") {
		t.Fatalf("a new code: %q", got)
	}
	submit(t, ctx, chromedp.SetValue(chromedp.ID("code"), f.codes.last()), chromedp.Click(chromedp.ID("button")))
	run(t, ctx, chromedp.WaitReady(chromedp.ID("pdf")))
	if got := f.state(sh.ID); got != model.ShareOpened {
		t.Fatalf("after the right code: %s", got)
	}
	other := chrome(t)
	run(t, other, chromedp.Navigate(link+"/pdf"), chromedp.WaitVisible(chromedp.ID("button")))
	if loc := location(t, other); loc != link {
		t.Errorf("a second browser asking for the PDF went to %s", loc)
	}
}

// Links that no longer open each say why, in a browser.
func TestBrowserClosedLinks(t *testing.T) {
	f := newFixture(t, portal.Config{})
	_, expired := f.share(model.LevelLink)
	revokedShare, revoked := f.share(model.LevelLink)
	if err := f.st.RevokeShare(f.ctx, revokedShare.ID); err != nil {
		t.Fatal(err)
	}
	resentShare, old := f.share(model.LevelLink)
	if _, err := f.st.ResendShare(f.ctx, resentShare.ID, strings.Repeat("0", 64)); err != nil {
		t.Fatal(err)
	}
	f.wait(model.LinkLife + time.Minute)
	ctx := chrome(t)
	for token, want := range map[string]string{
		expired: "This link has expired",
		revoked: "This document is no longer shared",
		old:     "This link was replaced by a newer one",
	} {
		run(t, ctx, chromedp.Navigate(f.srv.URL+"/s/"+token), chromedp.WaitVisible(chromedp.ID("title")))
		if got := text(t, ctx, "title"); got != want {
			t.Errorf("%s: %q, want %q", token, got, want)
		}
	}
}

// Without JavaScript, at a phone's width, the steps and the document work
// all the same: plain forms, and links to the PDF.
func TestBrowserWithoutJavaScript(t *testing.T) {
	f := newFixture(t, portal.Config{})
	sh, token := f.share(model.LevelLink)
	ctx := chrome(t)
	run(t, ctx, chromedp.EmulateViewport(390, 844), chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(f.srv.URL+"/s/"+token))
	narrow := func(page string) {
		t.Helper()
		if width := value(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); width > 390 {
			t.Errorf("the %s page is %dpx wide on a 390px phone", page, width)
		}
	}
	narrow("landing")
	submit(t, ctx, chromedp.Click(chromedp.ID("button")))
	if got := f.state(sh.ID); got != model.ShareOpened {
		t.Fatalf("without JavaScript, after the button: %s", got)
	}
	href := value(t, ctx, chromedp.AttributeValue(chromedp.ID("print"), "href"))
	if !href.Exists || href.Value != "/s/"+token+"/pdf" {
		t.Errorf("Print without JavaScript links to %+v", href)
	}
	narrow("document")
	// The code's page too, on a share at the sms level.
	_, smsToken := f.share(model.LevelSMS)
	run(t, ctx, chromedp.Navigate(f.srv.URL+"/s/"+smsToken))
	submit(t, ctx, chromedp.Click(chromedp.ID("button")))
	run(t, ctx, chromedp.WaitVisible(chromedp.ID("code")))
	narrow("code")
}
