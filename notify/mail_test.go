package notify

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"frontdesk/model"
)

// mailbox is an SMTP server on loopback that keeps what it receives and
// refuses the recipient it is told to.
type mailbox struct {
	mu     sync.Mutex
	got    []received
	refuse string
	login  string
	tls    bool // the session was encrypted
	host   string
	port   int
}

type received struct {
	from string
	to   []string
	data []byte
	tls  bool
}

type mailSession struct {
	box  *mailbox
	conn *smtp.Conn
	cur  received
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
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox here"}
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
	_, s.cur.tls = s.conn.TLSConnectionState()
	s.box.mu.Lock()
	s.box.got = append(s.box.got, s.cur)
	s.box.mu.Unlock()
	return nil
}
func (s *mailSession) Reset()        { s.cur = received{} }
func (s *mailSession) Logout() error { return nil }

// newMailbox starts a server: mode "none" speaks in the clear, "starttls"
// offers STARTTLS, "tls" is TLS from the start. The certificate it shows
// is trusted by the client config returned.
func newMailbox(t *testing.T, mode string) (*mailbox, *tls.Config) {
	t.Helper()
	box := &mailbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &mailSession{box: box, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	cert, roots := selfSigned(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	switch mode {
	case "starttls":
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	case "tls":
		l = tls.NewListener(l, &tls.Config{Certificates: []tls.Certificate{cert}})
	}
	host, port, _ := net.SplitHostPort(l.Addr().String())
	box.host = host
	box.port, _ = strconv.Atoi(port)
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return box, &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"}
}

func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, roots
}

func (b *mailbox) messages() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.got...)
}

// A mail arrives with both its parts, as alternatives, and the headers
// it was given, in each TLS mode, logged in.
func TestMailerSends(t *testing.T) {
	for _, mode := range []string{"none", "starttls", "tls"} {
		t.Run(mode, func(t *testing.T) {
			box, tc := newMailbox(t, mode)
			m := MailerFor(model.MailSettings{Host: box.host, Port: box.port, TLS: mode, User: "desk", Password: "s3cret",
				From: "Lakeside Clinic <desk@clinic.example>"})
			m.tlsConfig = tc
			err := m.Send(t.Context(), Mail{To: "dr.lee@cardio.example", Subject: "A document from Lakeside Clinic",
				Text: "Open https://share.clinic.example/s/abc", HTML: "<p>Open <a href=\"https://share.clinic.example/s/abc\">the document</a></p>",
				MessageID: "share-7@clinic.example"})
			if err != nil {
				t.Fatal(err)
			}
			got := box.messages()
			if len(got) != 1 || got[0].from != "desk@clinic.example" || len(got[0].to) != 1 || got[0].to[0] != "dr.lee@cardio.example" {
				t.Fatalf("received %+v", got)
			}
			if got[0].tls != (mode != "none") || box.login != "desk" {
				t.Errorf("encrypted %v, login %q", got[0].tls, box.login)
			}
			msg, err := mail.ReadMessage(strings.NewReader(string(got[0].data)))
			if err != nil {
				t.Fatal(err)
			}
			h := msg.Header
			if h.Get("Subject") != "A document from Lakeside Clinic" || h.Get("Message-Id") != "<share-7@clinic.example>" ||
				!strings.Contains(h.Get("From"), "<desk@clinic.example>") || h.Get("To") != "<dr.lee@cardio.example>" || h.Get("Date") == "" {
				t.Errorf("headers %v", h)
			}
			mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
			if err != nil || mt != "multipart/alternative" {
				t.Fatalf("content type %q %v", h.Get("Content-Type"), err)
			}
			parts := map[string]string{}
			mr := multipart.NewReader(msg.Body, params["boundary"])
			for {
				p, err := mr.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(p)
				ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
				parts[ct] = string(b)
			}
			if !strings.Contains(parts["text/plain"], "https://share.clinic.example/s/abc") || !strings.Contains(parts["text/html"], "<a href=") {
				t.Errorf("parts %q", parts)
			}
		})
	}
}

// A recipient the server refuses is an error that says the server's
// reason, in its words, and names the server.
func TestMailerRefused(t *testing.T) {
	box, _ := newMailbox(t, "none")
	box.refuse = "nobody@cardio.example"
	m := Mailer{Host: box.host, Port: box.port, TLS: "none", From: "desk@clinic.example"}
	err := m.Send(t.Context(), Mail{To: "nobody@cardio.example", Subject: "x", Text: "x"})
	t.Logf("%v", err)
	if want := "refused the recipient nobody@cardio.example: no such mailbox here"; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("refused: %v", err)
	}
}

// Every way a mail can fail is said in plain words, naming the server.
func TestMailerFailures(t *testing.T) {
	plain, _ := newMailbox(t, "none")
	secure, _ := newMailbox(t, "starttls")
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedPort := closed.Addr().(*net.TCPAddr).Port
	closed.Close()
	tests := []struct {
		name string
		m    Mailer
		want string
	}{
		{"no STARTTLS", Mailer{Host: plain.host, Port: plain.port, TLS: "starttls", From: "desk@clinic.example"}, "offers no STARTTLS"},
		{"an untrusted certificate", Mailer{Host: secure.host, Port: secure.port, TLS: "starttls", From: "desk@clinic.example"}, "does not trust"},
		{"a bad login", Mailer{Host: plain.host, Port: plain.port, TLS: "none", User: "desk", Password: "wrong", From: "desk@clinic.example"},
			"refused the login of desk"},
		{"nobody there", Mailer{Host: "127.0.0.1", Port: closedPort, TLS: "none", From: "desk@clinic.example"}, "cannot be reached"},
		{"no server", Mailer{From: "desk@clinic.example"}, "no mail server"},
		{"a from that is no address", Mailer{Host: plain.host, Port: plain.port, TLS: "none", From: "desk"}, `"desk" is not an address`},
	}
	for _, tc := range tests {
		err := tc.m.Send(t.Context(), Mail{To: "dr.lee@cardio.example", Subject: "x", Text: "x"})
		t.Logf("%s: %v", tc.name, err)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
