package settings

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"frontdesk/model"
	"frontdesk/notify"
	"frontdesk/ui/screen"
)

// triedMsg is the outcome of a test, for the status line and, in full
// (a server's reason can be long), above the fields.
type triedMsg struct {
	owner *Screen
	text  string
	err   bool
}

// tryTimeout bounds a test: a server that never answers must not leave
// the admin waiting without a word.
const tryTimeout = 30 * time.Second

// label names a field of the form in a sentence.
func label(k string) string {
	switch k {
	case keyTestMail:
		return "Test mail to"
	case keyTestSMS:
		return "Test SMS to"
	}
	return model.ShareLabel(k)
}

// firstProblem is the first of keys (in that order) with a problem, said
// as what to fix; "" when none has one.
func firstProblem(problems map[string]string, keys ...string) string {
	for _, k := range keys {
		if p := problems[k]; p != "" {
			return "Fix " + label(k) + " first: " + strings.TrimSuffix(p, ".") + "."
		}
	}
	return ""
}

func refuse(text string) tea.Cmd {
	return func() tea.Msg { return screen.StatusMsg{Text: text, Err: true} }
}

// testMail mails a test through sharing's mail settings as typed (saved
// or not), to the address typed for it or else the from address. The
// mail goes in a command; its outcome comes to the status line.
func (s *Screen) testMail() tea.Cmd {
	v := s.Form.Values()
	region := strings.ToUpper(strings.TrimSpace(v[keyRegion]))
	ss, _ := shareOf(v, region)
	if p := firstProblem(shareProblems(v, region), "mail.same_as_fax", "mail.host", "mail.port", "mail.tls", "mail.from", keyTestMail); p != "" {
		return refuse(p)
	}
	if ss.Mail.Host == "" {
		if ss.Mail.SameAsFax {
			return refuse("A test mail needs a mail server: fill Mail server of the faxes, or turn Mail as the fax's off.")
		}
		return refuse("A test mail needs a mail server: fill " + label("mail.host") + ".")
	}
	to := strings.TrimSpace(v[keyTestMail])
	if to == "" {
		to = ss.Mail.From
	}
	if to == "" {
		return refuse("Type an address in Test mail to, or fill " + label("mail.from") + ".")
	}
	if ss.Mail.From == "" {
		return refuse("A test mail needs the address it comes from: fill " + label("mail.from") + ".")
	}
	owner, m, ctx, host := s, notify.MailerFor(ss.Mail), s.env.Ctx, ss.Mail.Host
	msg := notify.Mail{To: to, Subject: "A test of frontdesk's sharing mail",
		Text: "This is a test of the mail settings frontdesk shares documents with.\n\nIt came through " + host +
			": contacts will get their links this way. No need to answer.\n",
		HTML: "<p>This is a test of the mail settings frontdesk shares documents with.</p><p>It came through " + host +
			": contacts will get their links this way. No need to answer.</p>"}
	send := func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, tryTimeout)
		defer cancel()
		if err := m.Send(ctx, msg); err != nil {
			return triedMsg{owner, "Test mail not sent: " + strings.TrimSuffix(err.Error(), ".") + ".", true}
		}
		return triedMsg{owner, "Test mail sent to " + to + " through " + host + ".", false}
	}
	return tea.Sequence(screen.Status("Sending a test mail to "+to+"…"), send)
}

// testSMS texts a test through sharing's SMS settings as typed, to the
// number typed for it.
func (s *Screen) testSMS() tea.Cmd {
	v := s.Form.Values()
	region := strings.ToUpper(strings.TrimSpace(v[keyRegion]))
	ss, _ := shareOf(v, region)
	if p := firstProblem(shareProblems(v, region), "sms.url", "sms.account", "sms.token", "sms.from", keyTestSMS); p != "" {
		return refuse(p)
	}
	for _, k := range []string{"sms.url", "sms.account", "sms.token", "sms.from"} {
		if ss.Value(k) == "" {
			return refuse("A test SMS needs the whole SMS gateway: fill " + label(k) + ".")
		}
	}
	to, err := model.ParseFax(v[keyTestSMS], region)
	if err != nil {
		return refuse("Type the mobile number to text in Test SMS to.")
	}
	owner, sms, ctx, shown := s, notify.SMSFor(ss.SMS), s.env.Ctx, model.FormatFax(to, region)
	send := func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, tryTimeout)
		defer cancel()
		id, err := sms.Send(ctx, to, "A test of frontdesk's SMS codes: the clinic's codes will come from this number. No need to answer.")
		if err != nil {
			return triedMsg{owner, "Test SMS not sent: " + strings.TrimSuffix(err.Error(), ".") + ".", true}
		}
		return triedMsg{owner, "Test SMS sent to " + shown + " (the gateway's id " + id + ").", false}
	}
	return tea.Sequence(screen.Status("Sending a test SMS to "+shown+"…"), send)
}

// tried shows a test's outcome.
func (s *Screen) tried(msg triedMsg) tea.Cmd {
	if s.Form != nil {
		s.Form.Notice, s.Form.NoticeErr = msg.text, msg.err
	}
	return func() tea.Msg { return screen.StatusMsg{Text: msg.text, Err: msg.err} }
}
