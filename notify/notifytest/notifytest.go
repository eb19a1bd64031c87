// Package notifytest gives tests what sharing sends through: a real SMTP
// server on loopback that keeps the mail it receives, and a stand-in for
// the SMS gateway (there is no phone line in a test) that speaks Twilio's
// API shape and keeps each message.
package notifytest

import (
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// Mailbox is an SMTP server on loopback, in the clear, without a login.
type Mailbox struct {
	Host string
	Port int

	mu     sync.Mutex
	got    [][]byte
	refuse string
}

// Mail is one mail received, its parts decoded.
type Mail struct {
	To      []string
	Subject string
	Text    string
	HTML    string
}

type session struct {
	box *Mailbox
	to  []string
}

func (s *session) Mail(string, *smtp.MailOptions) error { return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	if to == s.box.refuse {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox here"}
	}
	s.to = append(s.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.box.mu.Lock()
	s.box.got = append(s.box.got, b)
	s.box.mu.Unlock()
	return err
}
func (s *session) Reset()        { s.to = nil }
func (s *session) Logout() error { return nil }

// NewMailbox starts a mailbox until the test ends.
func NewMailbox(t testing.TB) *Mailbox {
	t.Helper()
	box := &Mailbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{box: box}, nil }))
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	box.Host, box.Port = "127.0.0.1", l.Addr().(*net.TCPAddr).Port
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return box
}

// Refuse makes the server refuse mail to addr ("" refuses none) with a
// 550 "no such mailbox here".
func (b *Mailbox) Refuse(addr string) {
	b.mu.Lock()
	b.refuse = addr
	b.mu.Unlock()
}

// Count is how many mails arrived.
func (b *Mailbox) Count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.got)
}

// Last is the last mail received; it fails the test when none came.
func (b *Mailbox) Last(t testing.TB) Mail {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.got) == 0 {
		t.Fatal("no mail arrived")
	}
	m, err := mail.ReadMessage(strings.NewReader(string(b.got[len(b.got)-1])))
	if err != nil {
		t.Fatal(err)
	}
	var out Mail
	dec := new(mime.WordDecoder)
	out.Subject, _ = dec.DecodeHeader(m.Header.Get("Subject"))
	out.To = m.Header["To"]
	media, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(media, "multipart/") {
		body, _ := io.ReadAll(m.Body)
		out.Text = string(body)
		return out
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		body, _ := io.ReadAll(p) // quoted-printable is decoded by the reader
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			out.HTML = string(body)
		} else {
			out.Text = string(body)
		}
	}
	return out
}

// SMSGateway stands in for the SMS gateway: an HTTP server on loopback
// that answers Twilio's API shape and keeps each message.
type SMSGateway struct {
	URL string

	mu   sync.Mutex
	sent []url.Values
}

// NewSMSGateway starts a gateway until the test ends.
func NewSMSGateway(t testing.TB) *SMSGateway {
	g := &SMSGateway{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		g.mu.Lock()
		g.sent = append(g.sent, r.PostForm)
		g.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]any{"sid": "SM1", "status": "queued"})
	}))
	g.URL = srv.URL
	t.Cleanup(srv.Close)
	return g
}

// Last is the last message sent: to whom, and what it said.
func (g *SMSGateway) Last(t testing.TB) (to, body string) {
	t.Helper()
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.sent) == 0 {
		t.Fatal("no SMS sent")
	}
	m := g.sent[len(g.sent)-1]
	return m.Get("To"), m.Get("Body")
}
