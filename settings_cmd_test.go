package main

import (
	"encoding/json"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// An admin sets the clinic up from a script: one key at a time, the fax
// ones under fax.KEY; list shows them all, the secrets masked; a key that
// does not exist is bad usage, a value refused says why and changes
// nothing; someone else may not set anything.
func TestSettingsCommands(t *testing.T) {
	me, err := user.Current()
	if err != nil {
		t.Skip("no OS user:", err)
	}
	db := filepath.Join(t.TempDir(), "fd.db")
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	admin := store.WithActor(t.Context(), me.Username)
	if _, err := st.ActingUser(admin, "Me"); err != nil {
		t.Fatal(err)
	}
	st.Close()

	for _, kv := range [][2]string{{"region", "ca"}, {"fax.clinic_name", "Lakeside Clinic"}, {"fax.smtp_password", "faxpw"},
		{"sharing.public_url", "https://share.clinic.example"}, {"mail.host", "mail.clinic.example"}, {"mail.port", "465"},
		{"mail.tls", "tls"}, {"mail.user", "desk"}, {"mail.password", "s3cret"}, {"mail.from", "desk@clinic.example"},
		{"sharing.enabled", "on"}, {"sms.url", "https://api.twilio.com"}, {"sms.account", "AC1"}, {"sms.token", "tok3n"},
		{"sms.from", "+1 416 555 0100"}, {"sharing.level", "sms"}} {
		code, out, errs := runCmd(t, "settings", "set", kv[0], kv[1], "--db", db)
		if code != 0 || !strings.HasPrefix(out, "Set "+kv[0]) {
			t.Fatalf("set %s %q: %d %q %q", kv[0], kv[1], code, out, errs)
		}
		if strings.Contains(out, "s3cret") || strings.Contains(out, "tok3n") {
			t.Errorf("a secret echoed: %q", out)
		}
	}

	code, out, errs := runCmd(t, "settings", "list", "--json", "--db", db)
	var list []settingJSON
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil {
		t.Fatalf("list: %d %q %q", code, out, errs)
	}
	got := map[string]string{}
	for _, s := range list {
		got[s.Key] = s.Value
	}
	if len(list) != 1+len(model.SettingKeys)+len(model.ShareKeys) {
		t.Errorf("%d settings listed", len(list))
	}
	for k, want := range map[string]string{"region": "CA", "fax.clinic_name": "Lakeside Clinic", "fax.smtp_password": "******",
		"fax.smtp_user": "", "fax.transport": "spool", "sharing.enabled": "on", "sharing.level": "sms", "mail.port": "465",
		"mail.password": "******", "sms.token": "******", "sms.from": "+14165550100", "mail.same_as_fax": "off"} {
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
	code, text, _ := runCmd(t, "settings", "list", "--db", db)
	if code != 0 || !strings.Contains(text, "mail.host") || !strings.Contains(text, "mail.clinic.example") {
		t.Errorf("list, text: %d %q", code, text)
	}
	if strings.Contains(out+text, "s3cret") || strings.Contains(out+text, "tok3n") || strings.Contains(out+text, "faxpw") {
		t.Error("a secret listed")
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"mail.hots", "x"}, 2, `no setting is named "mail.hots"; the keys are region, fax.transport`},
		{[]string{"mail.port"}, 2, "say the KEY of a setting and its VALUE"},
		{[]string{"mail.port", "smtp"}, 1, "mail.port: a port is a number from 1 to 65535"},
		{[]string{"mail.host", ""}, 1, "mail.host: the mail server is needed to share"},
		{[]string{"sms.from", "416 555 0100"}, 1, "sms.from: write it with its country code"},
		{[]string{"fax.smtp_port", "x"}, 1, "fax.smtp_port: a port is a number"},
		{[]string{"region", "xx"}, 1, `region: "XX" is not a region code`},
	} {
		code, out, errs := runCmd(t, append(append([]string{"settings", "set"}, tc.args...), "--db", db)...)
		if code != tc.code || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("set %q: %d %q %q, want %d %q", tc.args, code, out, errs, tc.code, tc.want)
		}
	}
	st, err = store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	if ss, _ := st.ShareSettings(t.Context()); ss.Mail.Port != 465 || ss.Mail.Host != "mail.clinic.example" {
		t.Errorf("a refused value changed the settings: %+v", ss.Mail)
	}

	// The OS user as front desk: refused, and nothing changes.
	u, _ := st.UserByUsername(t.Context(), me.Username)
	if _, err := st.CreateUser(admin, model.User{Name: "Boss", Username: "boss-" + me.Username, Kind: model.KindStaff, Active: true,
		Roles: []model.Role{model.RoleAdmin}}); err != nil {
		t.Fatal(err)
	}
	u.Roles = []model.Role{model.RoleFrontDesk}
	if _, err := st.UpdateUser(admin, u); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, args := range [][]string{{"mail.host", "evil.example"}, {"fax.clinic_name", "Other"}, {"region", "FR"}} {
		if code, _, errs := runCmd(t, append(append([]string{"settings", "set"}, args...), "--db", db)...); code != 1 || !strings.Contains(errs, "that takes the role admin") {
			t.Errorf("the front desk set %s: %d %s", args[0], code, errs)
		}
	}
	if code, out, _ := runCmd(t, "settings", "list", "--json", "--db", db); code != 0 || strings.Contains(out, "evil") || strings.Contains(out, "Other") {
		t.Errorf("after the refusals: %d %s", code, out)
	}
	// The account that owns the database and is no active user (the
	// server's) sets the clinic up with the owner's authority.
	st, err = store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	boss := store.WithActor(t.Context(), "boss-"+me.Username)
	u, _ = st.UserByUsername(t.Context(), me.Username)
	u.Active = false
	if _, err := st.UpdateUser(boss, u); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, out, errs := runCmd(t, "settings", "set", "fax.clinic_name", "Lakeside Family Clinic", "--db", db); code != 0 {
		t.Errorf("the owner's account: %d %q %q", code, out, errs)
	}
	// A command that only reads makes no database.
	if code, _, _ := runCmd(t, "settings", "list", "--db", filepath.Join(t.TempDir(), "none.db")); code != 1 {
		t.Errorf("list of no database: %d", code)
	}
}
