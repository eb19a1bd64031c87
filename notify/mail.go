// Package notify sends what sharing tells outside contacts: mails over
// SMTP and SMS through a gateway that speaks Twilio's API.
package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"

	"github.com/wneessen/go-mail"

	"frontdesk/model"
)

// Mail is one message: a plain text and, when HTML is set, the same in
// HTML, as alternatives of one another.
type Mail struct {
	To, Subject, Text, HTML string
	// MessageID, when set, is the message's Message-ID (without the angle
	// brackets): a resend under the same id is the same message.
	MessageID string
}

// Mailer sends mails through one SMTP server.
type Mailer struct {
	Host                 string
	Port                 int    // 0: 587, or 465 for TLS from the start
	TLS                  string // "none", "starttls" (the default: refused without it) or "tls" (from the start)
	User, Password, From string

	tlsConfig *tls.Config // nil: the system's roots for Host
}

// MailerFor is the mailer of the clinic's mail settings.
func MailerFor(s model.MailSettings) Mailer {
	return Mailer{Host: s.Host, Port: s.Port, TLS: s.TLS, User: s.User, Password: s.Password, From: s.From}
}

// Send mails msg. A refusal by the server is an error that says the
// server's reason.
func (m Mailer) Send(ctx context.Context, msg Mail) error {
	if m.Host == "" {
		return errors.New("no mail server is set")
	}
	g := mail.NewMsg()
	if err := g.From(m.From); err != nil {
		return fmt.Errorf("the from address %q is not an address", m.From)
	}
	if err := g.To(msg.To); err != nil {
		return fmt.Errorf("%q is not an address", msg.To)
	}
	g.Subject(msg.Subject)
	if msg.MessageID != "" {
		g.SetMessageIDWithValue(msg.MessageID)
	} else {
		g.SetMessageID()
	}
	g.SetDate()
	g.SetBodyString(mail.TypeTextPlain, msg.Text)
	if msg.HTML != "" {
		g.AddAlternativeString(mail.TypeTextHTML, msg.HTML)
	}
	opts := []mail.Option{mail.WithPort(m.port())}
	switch m.TLS {
	case model.MailTLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case model.MailTLSImplicit:
		opts = append(opts, mail.WithSSL())
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if m.tlsConfig != nil {
		opts = append(opts, mail.WithTLSConfig(m.tlsConfig))
	}
	if m.User != "" {
		auth := mail.SMTPAuthPlain
		if m.TLS == model.MailTLSNone { // the clinic chose to send the password in the clear
			auth = mail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, mail.WithSMTPAuth(auth), mail.WithUsername(m.User), mail.WithPassword(m.Password))
	}
	c, err := mail.NewClient(m.Host, opts...)
	if err != nil {
		return fmt.Errorf("the mail server %s: %v", m.Host, err)
	}
	if err := c.DialAndSendWithContext(ctx, g); err != nil {
		return m.failure(ctx, err, msg.To)
	}
	return nil
}

func (m Mailer) port() int {
	switch {
	case m.Port != 0:
		return m.Port
	case m.TLS == model.MailTLSImplicit:
		return 465
	}
	return 587
}

// smtpReply finds a server's reply in go-mail's error text: the code,
// the enhanced code and the words, the latter sometimes quoted.
var smtpReply = regexp.MustCompile(`\b[45]\d\d "?(?:[245]\.\d{1,3}\.\d{1,3} )?([^"]+?)"?(?:, affected |$)`)

// failure says why a mail did not go, in plain words: what the server
// refused and its reason, or why it could not be spoken to.
func (m Mailer) failure(ctx context.Context, err error, to string) error {
	where := "the mail server " + net.JoinHostPort(m.Host, strconv.Itoa(m.port()))
	text := err.Error()
	reason := text
	if r := smtpReply.FindStringSubmatch(text); r != nil {
		reason = strings.TrimSuffix(strings.TrimSpace(r[1]), ".")
	}
	var se *mail.SendError
	var cert *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var op *net.OpError
	switch {
	case errors.As(err, &se) && se.Reason == mail.ErrSMTPRcptTo:
		return fmt.Errorf("%s refused the recipient %s: %s", where, to, reason)
	case errors.As(err, &se) && se.Reason == mail.ErrSMTPMailFrom:
		return fmt.Errorf("%s refused the from address %s: %s", where, m.From, reason)
	case errors.As(err, &se):
		return fmt.Errorf("%s refused the mail: %s", where, reason)
	case strings.Contains(text, "does not support STARTTLS"):
		return fmt.Errorf("%s offers no STARTTLS: choose tls if it speaks TLS from the start (port 465), or none to send in the clear", where)
	case errors.As(err, &cert), errors.As(err, &unknown):
		return fmt.Errorf("%s shows a certificate this machine does not trust (%v)", where, errors.Unwrap(err))
	case strings.Contains(text, "SMTP AUTH"):
		return fmt.Errorf("%s refused the login of %s: %s", where, m.User, reason)
	case ctx.Err() != nil:
		return fmt.Errorf("%s: stopped before the mail was sent (%v)", where, ctx.Err())
	case errors.As(err, &op):
		return fmt.Errorf("%s cannot be reached: %v", where, op.Err)
	}
	return fmt.Errorf("%s: %s", where, reason)
}
