// Package sharing shares patients' documents with outside contacts: it
// checks the clinic's sharing settings, makes each link's token and each
// SMS code (random, from crypto/rand), has the store keep their hashes,
// and mails the link and texts the code. The terminal interface, the
// command line and the portal all share through it.
package sharing

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"math/big"
	"strings"
	"time"

	"frontdesk/model"
	"frontdesk/notify"
	"frontdesk/store"
)

// Mailer sends a mail (notify.Mailer does, over SMTP).
type Mailer interface {
	Send(ctx context.Context, m notify.Mail) error
}

// Texter sends a text message (notify.SMS does, to a Twilio-shaped API).
type Texter interface {
	Send(ctx context.Context, to, body string) (string, error)
}

// Service shares documents.
type Service struct {
	Store *store.Store
	// Mailer and Texter build the senders from the settings; nil: those
	// of package notify.
	Mailer func(model.MailSettings) Mailer
	Texter func(model.SMSSettings) Texter
}

// ErrOff refuses to share while the clinic has sharing off.
var ErrOff = errors.New("sharing is off: an admin turns it on in Settings (Sharing)")

func (s *Service) settings(ctx context.Context) (model.ShareSettings, error) {
	set, err := s.Store.ShareSettings(ctx)
	if err != nil {
		return set, err
	}
	if !set.Enabled {
		return set, ErrOff
	}
	return set, nil
}

func (s *Service) mailer(m model.MailSettings) Mailer {
	if s.Mailer != nil {
		return s.Mailer(m)
	}
	return notify.MailerFor(m)
}

func (s *Service) texter(t model.SMSSettings) Texter {
	if s.Texter != nil {
		return s.Texter(t)
	}
	return notify.SMSFor(t)
}

// Token is a new link's token: 256 random bits in unpadded base64url.
func Token() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Code is a new SMS code: six random digits.
func Code() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand does not fail on the systems frontdesk runs on
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// Link is the address of a token's landing page, made from the clinic's
// public address (never from a request's Host).
func Link(publicURL, token string) string {
	return strings.TrimRight(publicURL, "/") + "/s/" + token
}

// Share shares the patient document docID with the contact contactID (its
// person entityID, or 0 for the contact's first person with an email) and
// mails the link. A mail the server refused leaves the share "not
// delivered" with the reason, and the share is returned all the same: it
// can be resent.
func (s *Service) Share(ctx context.Context, docID, contactID, entityID int64) (model.Share, error) {
	set, err := s.settings(ctx)
	if err != nil {
		return model.Share{}, err
	}
	token := Token()
	sh, err := s.Store.CreateShare(ctx, model.Share{DocumentID: docID, ContactID: contactID, EntityID: entityID,
		Level: set.Level}, store.HashSecret(token))
	if err != nil {
		return sh, err
	}
	return s.mail(ctx, set, sh, token)
}

// Resend gives the share a new link and mails it; the old link stops at
// once.
func (s *Service) Resend(ctx context.Context, id int64) (model.Share, error) {
	set, err := s.settings(ctx)
	if err != nil {
		return model.Share{}, err
	}
	token := Token()
	sh, err := s.Store.ResendShare(ctx, id, store.HashSecret(token))
	if err != nil {
		return sh, err
	}
	return s.mail(ctx, set, sh, token)
}

// Revoke ends a share: its link stops at once. It needs no settings: a
// clinic that turned sharing off may still end what it shared.
func (s *Service) Revoke(ctx context.Context, id int64) error { return s.Store.RevokeShare(ctx, id) }

func (s *Service) mail(ctx context.Context, set model.ShareSettings, sh model.Share, token string) (model.Share, error) {
	fax, err := s.Store.FaxSettings(ctx)
	if err != nil {
		return sh, err
	}
	m := Message(fax.ClinicName, sh, Link(set.PublicURL, token))
	sendErr := s.mailer(set.Mail).Send(ctx, m)
	if err := s.Store.ShareMailed(ctx, sh.ID, sendErr); err != nil {
		return sh, err
	}
	if got, err := s.Store.Share(ctx, sh.ID); err == nil {
		sh = got
	}
	return sh, nil
}

// Message is the mail of a share's link: the clinic, the document's kind
// and title, the link and when it expires — never the patient's clinical
// details.
func Message(clinic string, sh model.Share, link string) notify.Mail {
	if strings.TrimSpace(clinic) == "" {
		clinic = "Your clinic"
	}
	kind := strings.ToLower(sh.DocumentKind.Label())
	expires := "It expires 24 hours after this mail if it is not opened; once opened, it stays valid."
	step := ""
	if sh.Level == model.LevelSMS {
		step = "You will be asked for a code sent by text message to your mobile " + model.MaskMobile(sh.Mobile) + "."
	}
	text := fmt.Sprintf(`Hello %s,

%s shared a %s with you: %s.

View document: %s

%s %s

If you did not expect this mail, you can ignore it.
`, sh.Name, clinic, kind, sh.DocumentTitle, link, expires, step)
	esc := html.EscapeString
	htm := fmt.Sprintf(`<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">
<p>Hello %s,</p>
<p>%s shared a %s with you: <strong>%s</strong>.</p>
<p><a href="%s" style="display:inline-block;padding:10px 18px;background:#0b57d0;color:#fff;text-decoration:none;border-radius:4px">View document</a></p>
<p style="color:#555">%s %s</p>
<p style="color:#555">If you did not expect this mail, you can ignore it.</p>
</body></html>`, esc(sh.Name), esc(clinic), esc(kind), esc(sh.DocumentTitle), esc(link), esc(expires), esc(step))
	return notify.Mail{To: sh.Email, Subject: clinic + " shared a " + kind + " with you", Text: text, HTML: htm,
		MessageID: fmt.Sprintf("share-%d-%d", sh.ID, time.Now().UnixNano())}
}

// SendCode makes a new code for the share, has the store record it (it
// refuses one too soon or one too many), and texts it to the share's
// mobile.
func (s *Service) SendCode(ctx context.Context, sh model.Share) error {
	set, err := s.Store.ShareSettings(ctx)
	if err != nil {
		return err
	}
	fax, err := s.Store.FaxSettings(ctx)
	if err != nil {
		return err
	}
	code := Code()
	if err := s.Store.IssueShareCode(ctx, sh.ID, code); err != nil {
		return err
	}
	clinic := strings.TrimSpace(fax.ClinicName)
	if clinic == "" {
		clinic = "your clinic"
	}
	body := fmt.Sprintf("%s is the code to see the document %s shared with you. It works for 10 minutes.", code, clinic)
	_, err = s.texter(set.SMS).Send(ctx, sh.Mobile, body)
	return err
}
