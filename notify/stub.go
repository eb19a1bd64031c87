// Package notify is a stand-in until the senders land.
package notify

import (
	"context"
	"net/http"

	"frontdesk/model"
)

type Mail struct{ To, Subject, Text, HTML, MessageID string }

type Mailer struct {
	Host                      string
	Port                      int
	TLS, User, Password, From string
}

func MailerFor(s model.MailSettings) Mailer { return Mailer{} }

func (m Mailer) Send(ctx context.Context, msg Mail) error { return nil }

type SMS struct {
	URL, Account, Token, From string
	Client                    *http.Client
}

func SMSFor(s model.SMSSettings) SMS { return SMS{} }

func (s SMS) Send(ctx context.Context, to, body string) (string, error) { return "", nil }
