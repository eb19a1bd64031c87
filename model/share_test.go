package model

import (
	"strings"
	"testing"
	"time"
)

func TestShareStateAt(t *testing.T) {
	sent := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		state ShareState
		sent  time.Time
		after time.Duration
		want  ShareState
	}{
		{ShareSent, sent, LinkLife, ShareSent},
		{ShareSent, sent, LinkLife + time.Minute, ShareExpired},
		{ShareSending, sent, LinkLife + time.Minute, ShareExpired},
		{ShareOpened, sent, 30 * 24 * time.Hour, ShareOpened}, // once opened, valid indefinitely
		{ShareRevoked, sent, LinkLife + time.Minute, ShareRevoked},
		{ShareNotDelivered, sent, LinkLife + time.Minute, ShareNotDelivered},
		{ShareSending, time.Time{}, 48 * time.Hour, ShareSending}, // never mailed: no clock yet
	}
	for _, tt := range tests {
		s := Share{State: tt.state, Sent: tt.sent}
		if got := s.StateAt(sent.Add(tt.after)); got != tt.want {
			t.Errorf("%s sent %v, %v later: %s, want %s", tt.state, tt.sent, tt.after, got, tt.want)
		}
	}
	if e := (Share{State: ShareSent, Sent: sent}).Expires(); !e.Equal(sent.Add(LinkLife)) {
		t.Errorf("expires %v", e)
	}
	if e := (Share{State: ShareOpened, Sent: sent}).Expires(); !e.IsZero() {
		t.Errorf("an opened share expires %v", e)
	}
}

func TestParseToken(t *testing.T) {
	good := strings.Repeat("aZ0-_", 8) + "abc"
	tests := map[string]bool{
		good:                             true,
		good[:TokenLen-1]:                false,
		good + "a":                       false,
		good[:TokenLen-1] + "=":          false,
		good[:TokenLen-1] + "/":          false,
		good[:TokenLen-2] + "é":          false,
		"":                               false,
		strings.Repeat(" ", 43):          false,
		strings.Repeat("A", 42) + "\x00": false,
	}
	for in, want := range tests {
		if _, ok := ParseToken(in); ok != want {
			t.Errorf("ParseToken(%q) = %v, want %v", in, ok, want)
		}
	}
}

func TestParseCode(t *testing.T) {
	tests := map[string]string{
		"123456":    "123456",
		" 123 456 ": "123456",
		"123-456":   "123456",
		"12345":     "",
		"1234567":   "",
		"12345a":    "",
		"１２３４５６":    "", // full-width digits are not typed by a keypad
		"":          "",
	}
	for in, want := range tests {
		got, ok := ParseCode(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func FuzzParseToken(f *testing.F) {
	f.Add(strings.Repeat("a", TokenLen))
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		tok, ok := ParseToken(s)
		if ok && (tok != s || len(tok) != TokenLen) {
			t.Fatalf("ParseToken(%q) = %q", s, tok)
		}
	})
}

func FuzzParseCode(f *testing.F) {
	f.Add("123 456")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := ParseCode(s)
		if !ok {
			return
		}
		if len(code) != CodeLen || strings.Trim(code, "0123456789") != "" {
			t.Fatalf("ParseCode(%q) = %q", s, code)
		}
	})
}

func TestMaskMobile(t *testing.T) {
	for in, want := range map[string]string{"+14165550123": "•••• 0123", "+1": "••••", "": "••••"} {
		if got := MaskMobile(in); got != want {
			t.Errorf("MaskMobile(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSharedFileName(t *testing.T) {
	got := SharedFileName("Lakeside: Clinic/West", PDocLab, Date{Year: 2026, Month: 12, Day: 2})
	if want := "Lakeside Clinic West - Lab result - 2026-12-02.pdf"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestShareNeedsEveryPermission(t *testing.T) {
	for _, r := range Roles {
		want := r == RoleAdmin || r == RoleSecretary
		if got := r.Grants(PermShare); got != want {
			t.Errorf("%s grants sharing: %v, want %v", r, got, want)
		}
	}
	if got := RolesFor(PermShare); got != "admin or secretary" {
		t.Errorf("RolesFor: %q", got)
	}
}
