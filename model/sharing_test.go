package model

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckShareSetting(t *testing.T) {
	tests := []struct {
		key, value string
		want       string // part of the problem; "" for none
	}{
		{"sharing.enabled", "on", ""},
		{"sharing.enabled", " OFF ", ""},
		{"sharing.enabled", "", ""},
		{"sharing.enabled", "maybe", "on or off"},
		{"sharing.level", "link", ""},
		{"sharing.level", "SMS", ""},
		{"sharing.level", "code", "link"},
		{"sharing.public_url", "", ""},
		{"sharing.public_url", "https://share.clinic.example", ""},
		{"sharing.public_url", "https://clinic.example/share/", ""},
		{"sharing.public_url", "http://localhost:8080", ""},
		{"sharing.public_url", "http://127.0.0.1:8080", ""},
		{"sharing.public_url", "http://[::1]:8080", ""},
		{"sharing.public_url", "http://share.clinic.example", "https://"},
		{"sharing.public_url", "ftp://share.clinic.example", "https://"},
		{"sharing.public_url", "share.clinic.example", "whole address"},
		{"sharing.public_url", "/share", "whole address"},
		{"sharing.public_url", "https://u:p@share.clinic.example", "without a login"},
		{"sharing.public_url", "https://share.clinic.example/?a=1", "without a login"},
		{"mail.host", "mail.clinic.example", ""},
		{"mail.host", "smtp://mail.clinic.example", "name alone"},
		{"mail.port", "", ""},
		{"mail.port", "465", ""},
		{"mail.port", "0", "1 to 65535"},
		{"mail.port", "65536", "1 to 65535"},
		{"mail.port", "smtp", "1 to 65535"},
		{"mail.tls", "starttls", ""},
		{"mail.tls", "TLS", ""},
		{"mail.tls", "none", ""},
		{"mail.tls", "required", "starttls, tls"},
		{"mail.from", "desk@clinic.example", ""},
		{"mail.from", "Lakeside Clinic <desk@clinic.example>", ""},
		{"mail.from", "desk", "write an address"},
		{"mail.from", "desk@", "write an address"},
		{"mail.password", " spaces kept ", ""},
		{"mail.same_as_fax", "on", ""},
		{"mail.same_as_fax", "2", "on or off"},
		{"sms.url", "https://api.twilio.com", ""},
		{"sms.url", "http://api.twilio.com", "https://"},
		{"sms.account", "AC0123456789abcdef0123456789abcdef", ""},
		{"sms.account", "AC01/../x", "letters and digits"},
		{"sms.from", "+14165550100", ""},
		{"sms.from", "+1 416 555 0100", ""},
		{"sms.from", "416 555 0100", "country code"},
		{"sms.from", "+1 555", "not a valid number"},
		{"sms.token", "x\x1b[2J", "control characters"},
		{"sms.nope", "x", "no such setting"},
	}
	for _, tc := range tests {
		got := CheckShareSetting(tc.key, tc.value)
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%s=%q: %q, want %q", tc.key, tc.value, got, tc.want)
		}
	}
}

// Set writes values as the sender reads them.
func TestShareSettingsSet(t *testing.T) {
	var s ShareSettings
	for _, kv := range [][2]string{{"sharing.enabled", "ON"}, {"sharing.level", "SMS"}, {"sharing.public_url", " https://share.clinic.example/ "},
		{"mail.port", "2525"}, {"mail.tls", ""}, {"mail.password", " pw "}, {"sms.from", "+1 (416) 555-0100"}, {"sms.url", "https://api.twilio.com/"}} {
		if err := s.Set(kv[0], kv[1]); err != nil {
			t.Fatalf("%s=%q: %v", kv[0], kv[1], err)
		}
	}
	want := ShareSettings{Enabled: true, Level: "sms", PublicURL: "https://share.clinic.example",
		Mail: MailSettings{Port: 2525, TLS: "starttls", Password: " pw "}, SMS: SMSSettings{From: "+14165550100", URL: "https://api.twilio.com"}}
	if s != want {
		t.Errorf("got  %+v\nwant %+v", s, want)
	}
	for _, k := range ShareKeys {
		var again ShareSettings
		if err := again.Set(k, s.Value(k)); err != nil || again.Value(k) != s.Value(k) {
			t.Errorf("%s does not read back: %q %v", k, again.Value(k), err)
		}
	}
	err := s.Set("mail.port", "x")
	var se *SettingsError
	if !errors.As(err, &se) || se.Problems["mail.port"] == "" || s.Mail.Port != 2525 {
		t.Errorf("a bad port: %v, port %d", err, s.Mail.Port)
	}
	if err := s.Set("mail.nope", "x"); !errors.Is(err, ErrUnknownSetting) || !strings.Contains(err.Error(), "mail.nope") {
		t.Errorf("an unknown key: %v", err)
	}
}

func TestShareSettingsCheck(t *testing.T) {
	mailOK := MailSettings{Host: "mail.clinic.example", From: "desk@clinic.example", TLS: "starttls"}
	smsOK := SMSSettings{URL: "https://api.twilio.com", Account: "AC1", Token: "t", From: "+14165550100"}
	faxMail := FaxSettings{SMTPHost: "mail.clinic.example", SMTPPort: "2525", SMTPTLS: "required", SMTPUser: "desk",
		SMTPPass: "pw", MailFrom: "desk@clinic.example"}
	tests := []struct {
		name string
		s    ShareSettings
		fax  FaxSettings
		want map[string]string // part of each problem
	}{
		{"off and empty", ShareSettings{}, FaxSettings{}, nil},
		{"on, all there", ShareSettings{Enabled: true, Level: "link", PublicURL: "https://share.clinic.example", Mail: mailOK}, FaxSettings{}, nil},
		{"on, nothing", ShareSettings{Enabled: true}, FaxSettings{},
			map[string]string{"sharing.public_url": "portal's address", "mail.host": "mail server", "mail.from": "mailed from"}},
		{"sms level without the gateway", ShareSettings{Level: "sms", SMS: SMSSettings{URL: "https://api.twilio.com"}}, FaxSettings{},
			map[string]string{"sms.account": "SMS", "sms.token": "SMS", "sms.from": "SMS"}},
		{"sms level, all there", ShareSettings{Level: "sms", SMS: smsOK}, FaxSettings{}, nil},
		{"a bad port in a struct", ShareSettings{Mail: MailSettings{Port: 70000}}, FaxSettings{}, map[string]string{"mail.port": "65535"}},
		{"a level unknown", ShareSettings{Level: "pin"}, FaxSettings{}, map[string]string{"sharing.level": "link"}},
		{"same as fax", ShareSettings{Enabled: true, PublicURL: "https://share.clinic.example", Mail: MailSettings{SameAsFax: true}},
			faxMail, nil},
		{"same as fax, which has no server", ShareSettings{Enabled: true, PublicURL: "https://share.clinic.example",
			Mail: MailSettings{SameAsFax: true, Host: "ignored.example", From: "ignored@x.example"}},
			FaxSettings{MailFrom: "desk@clinic.example"}, map[string]string{"mail.same_as_fax": "Mail server"}},
		{"same as fax, whose from is no address", ShareSettings{Mail: MailSettings{SameAsFax: true}},
			FaxSettings{MailFrom: "desk"}, map[string]string{"mail.same_as_fax": "Mail from"}},
	}
	for _, tc := range tests {
		got := tc.s.WithFax(tc.fax).Check()
		if len(got) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			continue
		}
		for k, w := range tc.want {
			if !strings.Contains(got[k], w) {
				t.Errorf("%s: %s: %q, want %q", tc.name, k, got[k], w)
			}
		}
	}
}

// The fax gateway's modes mean what they mean to the fax transport:
// "required" is STARTTLS that must succeed, never TLS from the start, and
// the fax's opportunistic starttls becomes a required one for sharing.
func TestFaxShareMail(t *testing.T) {
	tests := []struct{ fax, want string }{{"", "starttls"}, {"starttls", "starttls"}, {"required", "starttls"}, {"None", "none"}}
	for _, tc := range tests {
		m := FaxSettings{SMTPHost: " mail.example ", SMTPPort: "2525", SMTPTLS: tc.fax, SMTPUser: "desk", SMTPPass: " pw", MailFrom: "d@x.example"}.ShareMail()
		want := MailSettings{Host: "mail.example", Port: 2525, TLS: tc.want, User: "desk", Password: " pw", From: "d@x.example", SameAsFax: true}
		if m != want {
			t.Errorf("fax TLS %q: %+v, want %+v", tc.fax, m, want)
		}
	}
	if m := (FaxSettings{SMTPPort: "smtp"}).ShareMail(); m.Port != 0 {
		t.Errorf("a bad fax port: %d", m.Port)
	}
}

func TestParseShareSettings(t *testing.T) {
	s, problems := ParseShareSettings(map[string]string{"sharing.enabled": "on", "mail.port": "x", "mail.host": "mail.example"})
	if len(problems) != 1 || problems["mail.port"] == "" {
		t.Errorf("problems %v", problems)
	}
	if !s.Enabled || s.Level != "link" || s.Mail.TLS != "starttls" || s.Mail.Host != "mail.example" || s.Mail.Port != 0 {
		t.Errorf("settings %+v", s)
	}
}

func TestSettingsErrorInKeyOrder(t *testing.T) {
	if got := (&SettingsError{Problems: map[string]string{"mail.port": "p", "sharing.level": "l"}}).Error(); got != "sharing.level: l; mail.port: p" {
		t.Errorf("error %q", got)
	}
}
