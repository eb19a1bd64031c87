package transport

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/wneessen/go-mail"

	"frontdesk/model"
)

// Email is the email-to-fax gateway transport: each fax is a message,
// its documents attached and its note the body, sent over SMTP to an
// address made from the fax number. The gateway's acceptance of the
// message is the fax sent; one refused is the fax failed, with the
// server's reason.
type Email struct {
	Host     string
	Port     int // 587 unless set
	Username string
	Password string
	// TLS is "starttls" (the default: encrypted if the server can),
	// "required" or "none".
	TLS string
	// From is the clinic's address the gateway knows.
	From string
	// To is the address template: {number} becomes the number's digits
	// with the country code and without the +, as in
	// {number}@fax.example.com.
	To string
}

var _ Transport = Email{}

// Address is where a fax to number (E.164) is mailed.
func (e Email) Address(number string) (string, error) {
	if !strings.Contains(e.To, "{number}") || !strings.Contains(e.To, "@") {
		return "", fmt.Errorf("the gateway address %q has no {number} or no @: write it as {number}@fax.example.com", e.To)
	}
	return strings.ReplaceAll(e.To, "{number}", strings.TrimPrefix(number, "+")), nil
}

// Send mails the fax. Its Message-ID names the job (the database, the fax
// and its sending), so a gateway that keeps them can tell a message sent
// again. Email cannot be asked whether a message went: the Worker never
// sends it again after a crash during the hand-over (it is not a Resumer).
func (e Email) Send(ctx context.Context, f model.Fax, job string) (string, error) {
	to, err := e.Address(f.Number)
	if err != nil {
		return "", err
	}
	m := mail.NewMsg()
	if err := m.From(e.From); err != nil {
		return "", fmt.Errorf("the clinic's address %q: %w", e.From, err)
	}
	if err := m.To(to); err != nil {
		return "", fmt.Errorf("the gateway address %q: %w", to, err)
	}
	subject := "Fax"
	if f.Kind == model.KindReferral {
		subject = "Referral"
		if f.Referral.Reason != "" {
			subject += ": " + f.Referral.Reason
		}
	}
	if f.Name != "" {
		subject += " to " + f.Name
	}
	m.Subject(subject)
	m.SetMessageIDWithValue(fmt.Sprintf("frontdesk-%s@%s", job, e.Host))
	m.SetDate()
	m.SetBodyString(mail.TypeTextPlain, f.Note)
	for i, d := range f.Documents {
		m.AttachReadSeeker(fileName(i, d), bytes.NewReader(d.Data), mail.WithFileContentType(contentType(d.Kind)))
	}
	policy := mail.TLSOpportunistic
	switch e.TLS {
	case "required":
		policy = mail.TLSMandatory
	case "none":
		policy = mail.NoTLS
	}
	port := e.Port
	if port == 0 {
		port = 587
	}
	opts := []mail.Option{mail.WithTLSPolicy(policy), mail.WithPort(port)}
	if e.Username != "" {
		auth := mail.SMTPAuthPlain
		if policy == mail.NoTLS { // the clinic chose to send the password in the clear
			auth = mail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, mail.WithSMTPAuth(auth), mail.WithUsername(e.Username), mail.WithPassword(e.Password))
	}
	c, err := mail.NewClient(e.Host, opts...)
	if err != nil {
		return "", err
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		return "", fmt.Errorf("the mail server %s: %w", e.Host, err)
	}
	id := m.GetGenHeader(mail.HeaderMessageID)
	return strings.Join(id, ""), nil
}

// Check: a message the server took is a fax sent.
func (e Email) Check(ctx context.Context, f model.Fax, handle string) (Outcome, error) {
	return Outcome{Done: true, Sent: true}, nil
}

// contentType is the MIME type a document of kind is attached as; text is
// kept as UTF-8.
func contentType(k model.DocumentKind) mail.ContentType {
	switch k {
	case model.DocPDF:
		return mail.ContentType("application/pdf")
	case model.DocTIFF:
		return mail.ContentType("image/tiff")
	}
	return mail.ContentType("text/plain; charset=utf-8")
}
