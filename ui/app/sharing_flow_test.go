package app_test

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/emersion/go-smtp"

	"frontdesk/model"
	"frontdesk/store"
)

// toSharing moves the focus from the first field of Settings (the region)
// to the first of sharing's, going round backwards past the 16 fields of
// the sharing section.
func toSharing(tm *teatest.TestModel) {
	for range 16 {
		press(tm, "shift+tab")
	}
}

// An admin sets sharing up on the Settings screen: a bad portal address
// is shown beside its field as it is typed, the settings saved are in the
// database, and the password is never shown when the screen opens again.
func TestFlowSharingSettings(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "sharing.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tm := newApp(t, st)
	waitFor(t, tm, "No contacts yet")
	press(tm, ":", "settings", "enter")
	waitFor(t, tm, "Settings: faxes and sharing", "Send through")
	toSharing(tm)
	press(tm, "ctrl+u", "on", "tab", "ctrl+u", "sms", "tab", "http://share.clinic.example")
	waitFor(t, tm, "must start with https://")
	press(tm, "ctrl+u", "https://share.clinic.example", "tab", "tab", "mail.clinic.example", "tab", "2525",
		"tab", "ctrl+u", "tls", "tab", "desk", "tab", "s3cret", "tab", "Lakeside Clinic <desk@clinic.example>",
		"tab", "tab", "https://api.twilio.com", "tab", "AC1", "tab", "tok3n", "tab", "416 555 0100")
	waitFor(t, tm, "with its country code")
	press(tm, "ctrl+u", "+1 416 555 0100", "ctrl+s")
	waitFor(t, tm, "Settings saved.")
	got, err := st.ShareSettings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := model.ShareSettings{Enabled: true, Level: "sms", PublicURL: "https://share.clinic.example",
		Mail: model.MailSettings{Host: "mail.clinic.example", Port: 2525, TLS: "tls", User: "desk", Password: "s3cret",
			From: "Lakeside Clinic <desk@clinic.example>"},
		SMS: model.SMSSettings{URL: "https://api.twilio.com", Account: "AC1", Token: "tok3n", From: "+14165550100"}}
	if got != want {
		t.Errorf("saved %+v\nwant  %+v", got, want)
	}
	press(tm, ":", "settings", "enter")
	waitFor(t, tm, "Send through")
	toSharing(tm)
	var shown []byte
	waitForOutput(t, tm, func(b []byte) bool {
		shown = append(shown, b...)
		return bytes.Contains(shown, []byte("https://share.clinic.example")) && bytes.Contains(shown, []byte("******"))
	})
	if bytes.Contains(shown, []byte("s3cret")) || bytes.Contains(shown, []byte("tok3n")) {
		t.Error("a secret was shown")
	}
	// The mail borrowed from the fax gateway: its own fields are hidden.
	press(tm, "tab", "tab", "tab", "ctrl+u", "on")
	waitForOutput(t, tm, func(b []byte) bool { return !bytes.Contains([]byte(screenOf(tm)), []byte("Share mail server")) })
	tm.Quit()
}

// inbox is an SMTP server on loopback that keeps the recipients of what
// it receives, and refuses one.
type inbox struct {
	mu     sync.Mutex
	to     []string
	data   [][]byte
	refuse string
}

type inboxSession struct {
	box *inbox
	to  []string
}

func (s *inboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *inboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == s.box.refuse {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable"}
	}
	s.to = append(s.to, to)
	return nil
}
func (s *inboxSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.box.mu.Lock()
	s.box.to = append(s.box.to, s.to...)
	s.box.data = append(s.box.data, b)
	s.box.mu.Unlock()
	return err
}
func (s *inboxSession) Reset()        { s.to = nil }
func (s *inboxSession) Logout() error { return nil }

func newInbox(t *testing.T) (*inbox, int) {
	t.Helper()
	box := &inbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &inboxSession{box: box}, nil }))
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return box, l.Addr().(*net.TCPAddr).Port
}

// ctrl+t mails a test through the settings as typed, before they are
// saved: to the address typed, and the server's refusal comes to the
// status line in its words; ctrl+g texts a test through the gateway.
func TestFlowSettingsTestMailAndSMS(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "testmail.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	box, port := newInbox(t)
	box.refuse = "nobody@cardio.example"
	var mu sync.Mutex
	var texted []string
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		texted = append(texted, r.URL.Path+" "+r.PostFormValue("To")+" "+r.PostFormValue("From"))
		mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"sid": "SM42", "status": "queued"}`))
	}))
	defer gw.Close()

	tm := newApp(t, st)
	waitFor(t, tm, "No contacts yet")
	press(tm, ":", "settings", "enter")
	waitFor(t, tm, "Send through")
	toSharing(tm)
	press(tm, "ctrl+t")
	waitFor(t, tm, "A test mail needs a mail server")
	press(tm, "tab", "tab", "tab", "tab", "127.0.0.1", "tab", strconv.Itoa(port), "tab", "ctrl+u", "none",
		"tab", "tab", "tab", "desk@clinic.example", "tab", "dr.lee@cardio.example", "ctrl+t")
	waitFor(t, tm, "Test mail sent to dr.lee@cardio.example through 127.0.0.1.")
	box.mu.Lock()
	if len(box.to) != 1 || box.to[0] != "dr.lee@cardio.example" || !bytes.Contains(box.data[0], []byte("multipart/alternative")) {
		t.Errorf("received %q", box.to)
	}
	box.mu.Unlock()
	// From the palette, as from its key.
	press(tm, "ctrl+u", "nobody@cardio.example", "ctrl+k", "send a test mail", "enter")
	waitFor(t, tm, "Test mail not sent: the mail server", "refused the recipient", "nobody@cardio.example: mailbox unavailable.")

	press(tm, "tab", gw.URL, "tab", "AC1", "tab", "tok", "tab", "+14165550100", "tab", "416 555 0199", "ctrl+g")
	waitFor(t, tm, "Test SMS sent to (416) 555-0199 (the gateway's id SM42).")
	mu.Lock()
	if len(texted) != 1 || texted[0] != "/2010-04-01/Accounts/AC1/Messages.json +14165550199 +14165550100" {
		t.Errorf("texted %q", texted)
	}
	mu.Unlock()
	// Nothing was saved: the tests try what is typed.
	if ss, _ := st.ShareSettings(t.Context()); ss.Mail.Host != "" || ss.SMS.URL != "" {
		t.Errorf("saved %+v", ss)
	}
	tm.Quit()
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
