package transport

import (
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"frontdesk/model"
	"frontdesk/store"
)

// mailbox is an SMTP server on loopback that keeps what it receives and
// refuses the recipients it is told to.
type mailbox struct {
	mu      sync.Mutex
	got     []received
	refuse  string // a recipient refused
	login   string // who logged in
	srv     *smtp.Server
	address string
}

type received struct {
	from string
	to   []string
	data []byte
}

type mailSession struct {
	box *mailbox
	cur received
}

func (s *mailSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *mailSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != "desk" || pass != "s3cret" {
			return errors.New("bad credentials")
		}
		s.box.mu.Lock()
		s.box.login = user
		s.box.mu.Unlock()
		return nil
	}), nil
}
func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error { s.cur.from = from; return nil }
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	if to == s.box.refuse {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no fax line at this number"}
	}
	s.cur.to = append(s.cur.to, to)
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = b
	s.box.mu.Lock()
	s.box.got = append(s.box.got, s.cur)
	s.box.mu.Unlock()
	return nil
}
func (s *mailSession) Reset()        { s.cur = received{} }
func (s *mailSession) Logout() error { return nil }

func newMailbox(t *testing.T) *mailbox {
	t.Helper()
	box := &mailbox{}
	box.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &mailSession{box: box}, nil
	}))
	box.srv.Domain = "localhost"
	box.srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	box.address = l.Addr().String()
	go box.srv.Serve(l)
	t.Cleanup(func() { box.srv.Close() })
	return box
}

func (b *mailbox) messages() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.got...)
}

// A fax goes to the email-to-fax gateway as a message to the address made
// from its number, logged in, with its documents attached and its note as
// the body; a refused address fails the fax with the server's reason, and
// a retry sends it once the gateway takes it.
func TestEmailGatewaySendsWithAttachments(t *testing.T) {
	st, w, _, f := setup(t)
	box := newMailbox(t)
	host, port, _ := net.SplitHostPort(box.address)
	p, _ := strconv.Atoi(port)
	w.Transport = Email{Host: host, Port: p, TLS: "none", Username: "desk", Password: "s3cret",
		From: "desk@clinic.example", To: "{number}@fax.example.com"}
	box.refuse = "14165550101@fax.example.com"
	ctx := store.WithActor(t.Context(), "worker")

	if _, err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	failed := status(t, st, f.ID)
	if failed.Status != model.StatusFailed || !strings.Contains(failed.Reason, "no fax line at this number") {
		t.Fatalf("a refused address: %s %q", failed.Status, failed.Reason)
	}

	box.mu.Lock()
	box.refuse = ""
	box.mu.Unlock()
	if err := st.RetryFax(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if sent := status(t, st, f.ID); sent.Status != model.StatusSent {
		t.Fatalf("after the retry: %s %q", sent.Status, sent.Reason)
	}
	got := box.messages()
	if len(got) != 1 || got[0].from != "desk@clinic.example" || len(got[0].to) != 1 || got[0].to[0] != "14165550101@fax.example.com" {
		t.Fatalf("messages: %+v", got)
	}
	if box.login != "desk" {
		t.Errorf("logged in as %q", box.login)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(got[0].data)))
	if err != nil {
		t.Fatal(err)
	}
	if id := msg.Header.Get("Message-Id"); !strings.Contains(id, "-fax-1-2@") { // the retry is its second sending
		t.Errorf("Message-Id %q", id)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("content type %q %v", mt, err)
	}
	parts := multipart.NewReader(msg.Body, params["boundary"])
	var body, attached string
	for {
		part, err := parts.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(part)
		if part.Header.Get("Content-Transfer-Encoding") == "base64" {
			b, _ = base64.StdEncoding.DecodeString(strings.ReplaceAll(string(b), "\r\n", ""))
		}
		if part.FileName() != "" {
			attached = part.FileName() + "=" + string(b)
		} else {
			body = string(b)
		}
	}
	if attached != "01-letter.pdf="+string(letterPDF) || !strings.Contains(body, "hi") {
		t.Errorf("attachment %q, body %q", attached, body)
	}
}

func TestEmailAddressNeedsTheNumber(t *testing.T) {
	if _, err := (Email{To: "fax@example.com"}).Address("+14165550101"); err == nil {
		t.Error("an address without {number} was taken")
	}
	if a, err := (Email{To: "{number}@fax.example.com"}).Address("+442071234567"); err != nil || a != "442071234567@fax.example.com" {
		t.Errorf("address %q %v", a, err)
	}
}
