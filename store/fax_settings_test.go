package store

import (
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/model"
)

// Fax settings are saved whole and read back; a bad one saves nothing.
func TestFaxSettingsRoundTrip(t *testing.T) {
	ctx := WithActor(t.Context(), "desk")
	st, err := Open(ctx, filepath.Join(t.TempDir(), "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if fs, err := st.FaxSettings(ctx); err != nil || fs.Transport != model.TransportSpool {
		t.Fatalf("defaults: %+v %v", fs, err)
	}
	want := model.FaxSettings{Transport: "Email", SMTPHost: "mail.clinic.example", SMTPPort: "2525", MailFrom: "desk@clinic.example",
		MailTo: "{number}@fax.example.com", ClinicName: "Lakeside Clinic", ClinicFax: "(416) 555-0100"}
	if _, err := st.SetFaxSettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := st.FaxSettings(ctx)
	if err != nil || got.Transport != "email" || got.SMTPPort != "2525" || got.ClinicFax != "+14165550100" || got.ClinicName != "Lakeside Clinic" {
		t.Fatalf("read back: %+v %v", got, err)
	}
	bad := got
	bad.SMTPPort, bad.ClinicName = "smtp", "Other"
	if _, err := st.SetFaxSettings(ctx, bad); err == nil || !strings.Contains(err.Error(), "smtp_port") {
		t.Fatalf("a bad port: %v", err)
	}
	if again, _ := st.FaxSettings(ctx); again.ClinicName != "Lakeside Clinic" {
		t.Errorf("a refused save changed the settings: %+v", again)
	}
}
