package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/model"
)

// Sharing is set up one key at a time, in the order the rules allow; each
// key reads back as written, a bad value or an unknown key changes
// nothing, and the password never reaches the audit log.
func TestSetShareSettingOneByOne(t *testing.T) {
	ctx := WithActor(t.Context(), "root")
	st, err := Open(ctx, filepath.Join(t.TempDir(), "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.ActingUser(ctx, "Root"); err != nil {
		t.Fatal(err)
	}
	ss, err := st.ShareSettings(ctx)
	if err != nil || ss.Enabled || ss.Level != "link" || ss.Mail.TLS != "starttls" {
		t.Fatalf("defaults: %+v %v", ss, err)
	}
	// Sharing on before there is a portal and a mail server: refused.
	var se *model.SettingsError
	if err := st.SetShareSetting(ctx, "sharing.enabled", "on"); !errors.As(err, &se) || se.Problems["sharing.public_url"] == "" {
		t.Fatalf("sharing on with nothing set: %v", err)
	}
	for _, kv := range [][2]string{{"sharing.public_url", "https://share.clinic.example/"}, {"mail.host", "mail.clinic.example"},
		{"mail.port", "2525"}, {"mail.user", "desk"}, {"mail.password", "s3cret"}, {"mail.from", "desk@clinic.example"},
		{"sharing.enabled", "on"}, {"sms.url", "https://api.twilio.com"}, {"sms.account", "AC1"}, {"sms.token", "tok3n"},
		{"sms.from", "+1 416 555 0100"}, {"sharing.level", "sms"}} {
		if err := st.SetShareSetting(ctx, kv[0], kv[1]); err != nil {
			t.Fatalf("%s=%s: %v", kv[0], kv[1], err)
		}
	}
	want := model.ShareSettings{Enabled: true, Level: "sms", PublicURL: "https://share.clinic.example",
		Mail: model.MailSettings{Host: "mail.clinic.example", Port: 2525, TLS: "starttls", User: "desk", Password: "s3cret", From: "desk@clinic.example"},
		SMS:  model.SMSSettings{URL: "https://api.twilio.com", Account: "AC1", Token: "tok3n", From: "+14165550100"}}
	if got, err := st.ShareSettings(ctx); err != nil || got != want {
		t.Fatalf("read back: %+v %v\nwant %+v", got, err, want)
	}
	for _, tc := range []struct{ key, value, problem string }{
		{"mail.port", "smtp", "mail.port"},
		{"mail.host", "", "mail.host"}, // sharing is on
		{"sms.token", "", "sms.token"}, // the level is sms
		{"sharing.public_url", "http://share.clinic.example", "sharing.public_url"},
	} {
		if err := st.SetShareSetting(ctx, tc.key, tc.value); !errors.As(err, &se) || se.Problems[tc.problem] == "" {
			t.Errorf("%s=%q: %v", tc.key, tc.value, err)
		}
	}
	if err := st.SetShareSetting(ctx, "mail.hots", "x"); !errors.Is(err, model.ErrUnknownSetting) {
		t.Errorf("an unknown key: %v", err)
	}
	if got, _ := st.ShareSettings(ctx); got != want {
		t.Errorf("a refused change changed the settings: %+v", got)
	}
	log, err := st.AuditLog(ctx, AuditFilter{Record: "setting"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range log {
		for _, f := range append(append(model.Fields{}, e.Before...), e.After...) {
			if strings.Contains(f.Value, "s3cret") || strings.Contains(f.Value, "tok3n") {
				t.Errorf("a secret in the audit log: %+v", e)
			}
		}
		if strings.Contains(e.Detail, "s3cret") || strings.Contains(e.Detail, "tok3n") {
			t.Errorf("a secret in the audit detail: %q", e.Detail)
		}
		found = found || e.Detail == "sharing setting mail.password changed"
	}
	if !found || len(log) != 12 {
		t.Errorf("%d audit entries (want 12), the password's found %v", len(log), found)
	}
}

// Saved whole, with the mail taken from the fax gateway: the mail fields
// of their own are kept apart and come back when same_as_fax is off.
func TestSetShareSettingsSameAsFax(t *testing.T) {
	ctx := WithActor(t.Context(), "root")
	st, err := Open(ctx, filepath.Join(t.TempDir(), "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.ActingUser(ctx, "Root"); err != nil {
		t.Fatal(err)
	}
	own := model.MailSettings{Host: "mail.own.example", TLS: "tls", From: "share@clinic.example"}
	ss := model.ShareSettings{Enabled: true, Level: "LINK", PublicURL: "https://share.clinic.example", Mail: own}
	saved, err := st.SetShareSettings(ctx, ss)
	if err != nil || saved.Level != "link" || saved.Mail != own {
		t.Fatalf("saved %+v %v", saved, err)
	}
	ss.Mail.SameAsFax = true
	var se *model.SettingsError
	if _, err := st.SetShareSettings(ctx, ss); !errors.As(err, &se) || !strings.Contains(se.Problems["mail.same_as_fax"], "Mail server") {
		t.Fatalf("same as a fax with no mail server: %v", err)
	}
	if _, err := st.SetFaxSettings(ctx, model.FaxSettings{Transport: "email", SMTPHost: "mail.fax.example", SMTPPort: "2525",
		SMTPTLS: "required", SMTPUser: "fax", SMTPPass: "pw", MailFrom: "fax@clinic.example", MailTo: "{number}@fax.example.com"}); err != nil {
		t.Fatal(err)
	}
	saved, err = st.SetShareSettings(ctx, ss)
	fromFax := model.MailSettings{Host: "mail.fax.example", Port: 2525, TLS: "starttls", User: "fax", Password: "pw",
		From: "fax@clinic.example", SameAsFax: true}
	if err != nil || saved.Mail != fromFax {
		t.Fatalf("same as fax: %+v %v", saved, err)
	}
	if got, _ := st.ShareSettings(ctx); got.Mail != fromFax {
		t.Errorf("read back %+v", got.Mail)
	}
	if err := st.SetShareSetting(ctx, "mail.same_as_fax", "off"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.ShareSettings(ctx); got.Mail != own {
		t.Errorf("off again: %+v, want the own %+v", got.Mail, own)
	}
}

// Only those who may edit settings change sharing's.
func TestShareSettingsAdminsOnly(t *testing.T) {
	root := WithActor(t.Context(), "root")
	st, err := Open(root, filepath.Join(t.TempDir(), "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.ActingUser(root, "Root"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(root, model.User{Name: "Amy Ng", Username: "amy", Kind: model.KindStaff, Active: true,
		Roles: []model.Role{model.RoleFrontDesk}}); err != nil {
		t.Fatal(err)
	}
	amy := WithActor(t.Context(), "amy")
	if err := st.SetShareSetting(amy, "mail.host", "mail.example"); err == nil || !strings.Contains(err.Error(), "admin") {
		t.Errorf("the front desk set a setting: %v", err)
	}
	if _, err := st.SetShareSettings(amy, model.ShareSettings{}); err == nil || !strings.Contains(err.Error(), "admin") {
		t.Errorf("the front desk saved the settings: %v", err)
	}
	if ss, _ := st.ShareSettings(root); ss.Mail.Host != "" {
		t.Errorf("changed: %+v", ss)
	}
}
