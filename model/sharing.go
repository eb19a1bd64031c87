package model

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The ways a mail server is spoken to: in the clear, STARTTLS on a plain
// connection (refused when the server cannot), or TLS from the start
// (SMTPS, port 465).
const (
	MailTLSNone     = "none"
	MailTLSStartTLS = "starttls"
	MailTLSImplicit = "tls"
)

// ShareSettings are the clinic's choices for sharing documents with
// outside contacts: a mail with a link to the portal, and for the sms
// level a code by SMS.
type ShareSettings struct {
	Enabled   bool
	Level     ShareLevel // LevelLink (the default) or LevelSMS
	PublicURL string     // the portal's address as contacts reach it, as https://share.clinic.example
	Mail      MailSettings
	SMS       SMSSettings
}

// MailSettings are how sharing's mails leave: an SMTP server and the
// address they come from.
type MailSettings struct {
	Host                 string
	Port                 int    // 0: 587, or 465 for TLS from the start
	TLS                  string // MailTLSNone, MailTLSStartTLS (the default) or MailTLSImplicit
	User, Password, From string
	// SameAsFax takes the server, the login and the from address of the
	// email-to-fax gateway's settings instead of the fields above.
	SameAsFax bool
}

// SMSSettings are the SMS gateway that sends the codes, one that speaks
// Twilio's API.
type SMSSettings struct {
	URL, Account, Token, From string
}

// ShareKeys name the settings of sharing, in the order the Settings
// screen and `frontdesk settings list` show them.
var ShareKeys = []string{"sharing.enabled", "sharing.level", "sharing.public_url",
	"mail.host", "mail.port", "mail.tls", "mail.user", "mail.password", "mail.from", "mail.same_as_fax",
	"sms.url", "sms.account", "sms.token", "sms.from"}

// mailKeys are the keys that mail.same_as_fax takes from the fax settings.
var mailKeys = []string{"mail.host", "mail.port", "mail.tls", "mail.user", "mail.password", "mail.from"}

// ShareMailKey reports whether key is one of the mail settings that
// mail.same_as_fax replaces by the fax gateway's.
func ShareMailKey(key string) bool { return slices.Contains(mailKeys, key) }

// ErrUnknownSetting is the error of a key no setting has.
var ErrUnknownSetting = errors.New("no such setting")

// SettingsError is the error of settings that cannot be saved: the problem
// of each key.
type SettingsError struct{ Problems map[string]string }

func (e *SettingsError) Error() string {
	var parts []string
	for _, k := range append(slices.Clone(ShareKeys), sortedKeys(e.Problems)...) {
		if p, ok := e.Problems[k]; ok && !slices.Contains(parts, k+": "+p) {
			parts = append(parts, k+": "+p)
		}
	}
	return strings.Join(parts, "; ")
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// CheckShareSetting returns what is wrong with value, typed for key, or ""
// when it will do. Only the field itself is checked: the rules between
// fields are ShareSettings.Check's.
func CheckShareSetting(key, value string) string {
	if key != "mail.password" && key != "sms.token" { // kept exactly as typed
		value = strings.TrimSpace(value)
	}
	if hasControl(value) {
		return "control characters are not allowed"
	}
	switch key {
	case "sharing.enabled", "mail.same_as_fax":
		if _, ok := parseOnOff(value); !ok {
			return "say on or off"
		}
	case "sharing.level":
		switch strings.ToLower(value) {
		case "", string(LevelLink), string(LevelSMS):
		default:
			return "say link (the link alone) or sms (the link and a code by SMS)"
		}
	case "sharing.public_url", "sms.url":
		if value != "" {
			return checkWebAddress(value)
		}
	case "mail.host":
		if strings.ContainsAny(value, " /:@") {
			return "write the server's name alone, as mail.clinic.example"
		}
	case "mail.port":
		if value != "" {
			if n, err := strconv.Atoi(value); err != nil || n < 1 || n > 65535 {
				return "a port is a number from 1 to 65535"
			}
		}
	case "mail.tls":
		switch strings.ToLower(value) {
		case "", MailTLSNone, MailTLSStartTLS, MailTLSImplicit:
		default:
			return "say starttls, tls (from the start, port 465) or none"
		}
	case "mail.from":
		if value != "" {
			if _, err := mail.ParseAddress(value); err != nil {
				return "write an address, as desk@clinic.example or Lakeside Clinic <desk@clinic.example>"
			}
		}
	case "sms.account":
		for _, r := range value {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
				return "an account is letters and digits, as AC0123456789abcdef0123456789abcdef"
			}
		}
	case "sms.from":
		if value != "" {
			if _, err := parseE164(value); err != nil {
				return err.Error()
			}
		}
	case "mail.user", "mail.password", "sms.token":
	default:
		return ErrUnknownSetting.Error()
	}
	return ""
}

func hasControl(s string) bool { return cleanControls(s, false) != s }

// parseOnOff reads a switch; empty is off.
func parseOnOff(v string) (on, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "on", "yes", "true":
		return true, true
	case "", "off", "no", "false":
		return false, true
	}
	return false, false
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// checkWebAddress refuses what is not an absolute https address; http is
// allowed on this machine only (a test's server).
func checkWebAddress(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "write a whole address, as https://share.clinic.example"
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "write the address alone, without a login, ? or #"
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return ""
	case "http":
		switch h := u.Hostname(); {
		case h == "localhost", net.ParseIP(h) != nil && net.ParseIP(h).IsLoopback():
			return ""
		}
		return "must start with https:// (http is for this machine alone)"
	}
	return "must start with https://"
}

// parseE164 reads a number written with its country code (+1 416…) and
// returns it in E.164.
func parseE164(v string) (string, error) {
	if !strings.HasPrefix(strings.TrimSpace(v), "+") {
		return "", errors.New("write it with its country code, as +14165550100")
	}
	n, err := ParseFax(v, DefaultRegion)
	if err != nil {
		return "", fmt.Errorf("%s %s", "the number", err)
	}
	return n, nil
}

// Value returns the setting of key as the command line and the Settings
// screen write it ("" for an unknown key).
func (s ShareSettings) Value(key string) string {
	switch key {
	case "sharing.enabled":
		return onOff(s.Enabled)
	case "sharing.level":
		return string(s.Level)
	case "sharing.public_url":
		return s.PublicURL
	case "mail.host":
		return s.Mail.Host
	case "mail.port":
		if s.Mail.Port == 0 {
			return ""
		}
		return strconv.Itoa(s.Mail.Port)
	case "mail.tls":
		return s.Mail.TLS
	case "mail.user":
		return s.Mail.User
	case "mail.password":
		return s.Mail.Password
	case "mail.from":
		return s.Mail.From
	case "mail.same_as_fax":
		return onOff(s.Mail.SameAsFax)
	case "sms.url":
		return s.SMS.URL
	case "sms.account":
		return s.SMS.Account
	case "sms.token":
		return s.SMS.Token
	case "sms.from":
		return s.SMS.From
	}
	return ""
}

// Set changes the setting of key to value, as typed: trimmed (but for the
// password and the token), switches and choices in lower case, the SMS
// number in E.164. It refuses a value CheckShareSetting refuses (a
// *SettingsError) and a key no setting has (ErrUnknownSetting).
func (s *ShareSettings) Set(key, value string) error {
	if !slices.Contains(ShareKeys, key) {
		return fmt.Errorf("%q: %w", key, ErrUnknownSetting)
	}
	if p := CheckShareSetting(key, value); p != "" {
		return &SettingsError{Problems: map[string]string{key: p}}
	}
	if key != "mail.password" && key != "sms.token" {
		value = strings.TrimSpace(value)
	}
	switch key {
	case "sharing.enabled":
		s.Enabled, _ = parseOnOff(value)
	case "sharing.level":
		s.Level = ShareLevel(strings.ToLower(value))
		if s.Level == "" {
			s.Level = LevelLink
		}
	case "sharing.public_url":
		s.PublicURL = strings.TrimRight(value, "/")
	case "mail.host":
		s.Mail.Host = value
	case "mail.port":
		s.Mail.Port, _ = strconv.Atoi(value) // "" is 0, the default
	case "mail.tls":
		s.Mail.TLS = strings.ToLower(value)
		if s.Mail.TLS == "" {
			s.Mail.TLS = MailTLSStartTLS
		}
	case "mail.user":
		s.Mail.User = value
	case "mail.password":
		s.Mail.Password = value
	case "mail.from":
		s.Mail.From = value
	case "mail.same_as_fax":
		s.Mail.SameAsFax, _ = parseOnOff(value)
	case "sms.url":
		s.SMS.URL = strings.TrimRight(value, "/")
	case "sms.account":
		s.SMS.Account = value
	case "sms.token":
		s.SMS.Token = value
	case "sms.from":
		s.SMS.From = ""
		if value != "" {
			s.SMS.From, _ = parseE164(value)
		}
	}
	return nil
}

// ParseShareSettings reads the settings as typed, by key (a key missing is
// empty), and returns them with the problem of each field (by key) that
// could not be read; those fields keep their zero value.
func ParseShareSettings(values map[string]string) (ShareSettings, map[string]string) {
	s := ShareSettings{Level: LevelLink, Mail: MailSettings{TLS: MailTLSStartTLS}}
	problems := map[string]string{}
	for _, k := range ShareKeys {
		var se *SettingsError
		if err := s.Set(k, values[k]); errors.As(err, &se) {
			problems[k] = se.Problems[k]
		}
	}
	return s, problems
}

// WithFax returns the settings with the mail settings of the fax gateway
// when SameAsFax asks for them.
func (s ShareSettings) WithFax(fax FaxSettings) ShareSettings {
	if s.Mail.SameAsFax {
		s.Mail = fax.ShareMail()
	}
	return s
}

// ShareMail is the email-to-fax gateway's mail server as sharing uses it.
// The fax's "starttls" upgrades to TLS when the server offers it and
// sends in the clear otherwise; a mail that carries a patient's link must
// not, so both it and "required" are sharing's starttls, which refuses a
// server without TLS. The fax speaks STARTTLS on any port: it never means
// sharing's tls (from the start).
func (f FaxSettings) ShareMail() MailSettings {
	m := MailSettings{Host: strings.TrimSpace(f.SMTPHost), TLS: MailTLSStartTLS, User: strings.TrimSpace(f.SMTPUser),
		Password: f.SMTPPass, From: strings.TrimSpace(f.MailFrom), SameAsFax: true}
	if strings.EqualFold(strings.TrimSpace(f.SMTPTLS), "none") {
		m.TLS = MailTLSNone
	}
	if n, err := strconv.Atoi(strings.TrimSpace(f.SMTPPort)); err == nil && n > 0 && n <= 65535 {
		m.Port = n
	}
	return m
}

// Check returns the problems of the settings, by key: each field's, and
// the rules between them. Sharing on needs the portal's address and a mail
// server and from address; the sms level needs the whole SMS gateway.
// With SameAsFax, the mail settings are expected filled from the fax
// settings (WithFax), and their problems are said on mail.same_as_fax.
func (s ShareSettings) Check() map[string]string {
	problems := map[string]string{}
	for _, k := range ShareKeys {
		if p := CheckShareSetting(k, s.Value(k)); p != "" {
			problems[k] = p
		}
	}
	// Set writes choices in lower case; a struct made otherwise is checked
	// as the sender reads it ("" is the default).
	if s.Level != "" && s.Level != LevelLink && s.Level != LevelSMS {
		problems["sharing.level"] = CheckShareSetting("sharing.level", "?")
	}
	if s.Mail.TLS != "" && s.Mail.TLS != MailTLSNone && s.Mail.TLS != MailTLSStartTLS && s.Mail.TLS != MailTLSImplicit {
		problems["mail.tls"] = CheckShareSetting("mail.tls", "?")
	}
	if s.Enabled {
		if s.PublicURL == "" {
			problems["sharing.public_url"] = "the portal's address is needed to share"
		}
		if s.Mail.Host == "" {
			problems["mail.host"] = "the mail server is needed to share"
		}
		if s.Mail.From == "" {
			problems["mail.from"] = "the address shares are mailed from is needed to share"
		}
	}
	if s.Level == LevelSMS {
		for _, k := range []string{"sms.url", "sms.account", "sms.token", "sms.from"} {
			if s.Value(k) == "" && problems[k] == "" {
				problems[k] = "needed to send codes by SMS (the sms level)"
			}
		}
	}
	if s.Mail.SameAsFax {
		for _, k := range mailKeys {
			if p, ok := problems[k]; ok {
				delete(problems, k)
				if problems["mail.same_as_fax"] == "" {
					problems["mail.same_as_fax"] = "the fax settings' " + faxMailLabel[k] + ": " + p
				}
			}
		}
	}
	return problems
}

// faxMailLabel names, in the fax settings, what mail.same_as_fax takes.
var faxMailLabel = map[string]string{"mail.host": "Mail server", "mail.port": "Mail port", "mail.tls": "Mail TLS",
	"mail.user": "Mail user", "mail.password": "Mail password", "mail.from": "Mail from"}

// shareLabels name the sharing settings in the audit log, as the Settings
// screen does.
var shareLabels = map[string]string{
	"sharing.enabled": "Sharing", "sharing.level": "Share security", "sharing.public_url": "Portal address",
	"mail.host": "Share mail server", "mail.port": "Share mail port", "mail.tls": "Share mail TLS",
	"mail.user": "Share mail user", "mail.password": "Share mail password", "mail.from": "Share mail from",
	"mail.same_as_fax": "Mail as the fax's", "sms.url": "SMS gateway", "sms.account": "SMS account",
	"sms.token": "SMS token", "sms.from": "SMS from",
}

// ShareLabel is how a person reads the setting of key.
func ShareLabel(key string) string {
	if l := shareLabels[key]; l != "" {
		return l
	}
	return key
}

// AuditFields are the sharing settings as the audit log keeps them (the
// password and the token are masked when the log records them, see
// MaskSecrets). They are the settings' own: with SameAsFax, the mail
// fields kept for the day it is turned off.
func (s ShareSettings) AuditFields() Fields {
	var fs Fields
	for _, k := range ShareKeys {
		fs.Add(k, ShareLabel(k), s.Value(k))
	}
	return fs
}
