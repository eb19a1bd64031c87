// Command portalshots photographs the sharing portal's pages with headless
// chromium, at a phone's width and at a desktop's, as PNGs in screenshots/
// for the README: the portal runs in process on a database of its own,
// holding one shared lab result.
//
//	go run ./cmd/portalshots [-out screenshots]
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"frontdesk/letter"
	"frontdesk/model"
	"frontdesk/portal"
	"frontdesk/portal/portaltest"
	"frontdesk/store"
)

func main() {
	out := flag.String("out", "screenshots", "the folder to write the PNGs to")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "portalshots:", err)
		os.Exit(1)
	}
}

// codes texts nothing: it records the code, so that the pictures can
// show the page that asks for it.
type codes struct{ st *store.Store }

func (c codes) SendCode(ctx context.Context, sh model.Share) error {
	return c.st.IssueShareCode(ctx, sh.ID, "123456")
}

func run(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "portalshots")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ctx := store.WithActor(context.Background(), "sec")
	st, err := store.Open(ctx, filepath.Join(dir, "portal.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.SetFaxSettings(ctx, model.FaxSettings{ClinicName: "Lakeside Clinic", ClinicFax: "+14165550100"}); err != nil {
		return err
	}
	p, err := st.CreatePatient(ctx, model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100",
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}})
	if err != nil {
		return err
	}
	ann, err := st.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: "+14165550101",
		Entities: []model.Entity{{FirstName: "Ann", LastName: "Lee", Email: "ann@cardio.example", Mobile: "+14165550123"}}})
	if err != nil {
		return err
	}
	pdf, err := letter.PDF(letter.Letter{ClinicName: "Lakeside Clinic", ClinicFax: "(416) 555-0100", Date: time.Now(),
		To: "Dr. Ann Lee, Cardiology", Patient: "Zoë Ouellet", Author: "Dr. Ana Ruiz",
		Body: "Complete blood count, drawn on 1 December.\n\nHaemoglobin 138 g/L, white cells 6.1, platelets 240: all within range."})
	if err != nil {
		return err
	}
	doc, err := st.AddPatientDocument(ctx, model.PatientDocument{PatientID: p.ID, Kind: model.PDocLab, Title: "CBC results",
		Date: model.Date{Year: 2026, Month: 12, Day: 1}}, model.Document{Name: "cbc.pdf", Data: pdf})
	if err != nil {
		return err
	}
	share := func(level model.ShareLevel, token string) error {
		sh, err := st.CreateShare(ctx, model.Share{DocumentID: doc.ID, ContactID: ann.ID, Level: level}, store.HashSecret(token))
		if err != nil {
			return err
		}
		return st.ShareMailed(ctx, sh.ID, nil)
	}
	linkToken, smsToken, revokedToken := strings.Repeat("L", 43), strings.Repeat("S", 43), strings.Repeat("R", 43)
	for _, s := range []struct {
		level model.ShareLevel
		token string
	}{{model.LevelLink, linkToken}, {model.LevelSMS, smsToken}, {model.LevelLink, revokedToken}} {
		if err := share(s.level, s.token); err != nil {
			return err
		}
	}
	if shares, err := st.Shares(ctx, store.ShareFilter{}); err == nil && len(shares) > 0 {
		st.RevokeShare(ctx, shares[0].ID) // the newest: the revoked token's
	}
	srv := httptest.NewTLSServer(portal.New(portal.Config{Store: st, Codes: codes{st}}))
	defer srv.Close()

	bctx, stop, err := portaltest.Browser(filepath.Join(dir, "chromium"))
	if err != nil {
		return err
	}
	defer stop()
	shot := func(name string, width, height int64, steps ...chromedp.Action[chromedp.Void]) error {
		ctx, cancel := context.WithTimeout(bctx, time.Minute)
		defer cancel()
		steps = append([]chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(width, height)}, steps...)
		if err := chromedp.Do(ctx, steps...); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Println(filepath.Join(out, name+".png"))
		return os.WriteFile(filepath.Join(out, name+".png"), png, 0o644)
	}
	link := func(token string) string { return srv.URL + "/s/" + url.PathEscape(token) }
	steps := []struct {
		name          string
		width, height int64
		do            []chromedp.Action[chromedp.Void]
	}{
		{"portal-landing", 390, 700, []chromedp.Action[chromedp.Void]{chromedp.Navigate(link(linkToken)),
			chromedp.WaitVisible(chromedp.ID("button"))}},
		{"portal-document", 1000, 760, []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.ID("button")),
			chromedp.WaitReady(chromedp.ID("pdf")), chromedp.Sleep(4 * time.Second)}}, // the PDF viewer draws
		{"portal-code", 390, 700, []chromedp.Action[chromedp.Void]{chromedp.Navigate(link(smsToken)),
			chromedp.WaitVisible(chromedp.ID("button")), chromedp.Click(chromedp.ID("button")),
			chromedp.WaitVisible(chromedp.ID("code")), chromedp.SetValue(chromedp.ID("code"), "000000"),
			chromedp.Click(chromedp.ID("button")), chromedp.WaitVisible(chromedp.ID("problem"))}},
		{"portal-revoked", 390, 700, []chromedp.Action[chromedp.Void]{chromedp.Navigate(link(revokedToken)),
			chromedp.WaitVisible(chromedp.ID("title"))}},
	}
	for _, s := range steps {
		if err := shot(s.name, s.width, s.height, s.do...); err != nil {
			return err
		}
	}
	return nil
}
