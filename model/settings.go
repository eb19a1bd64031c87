package model

import (
	"strconv"
	"strings"
)

// The transports a clinic can send faxes through.
const (
	TransportSpool   = "spool"
	TransportEmail   = "email"
	TransportHylaFAX = "hylafax"
)

// FaxSettings are the clinic's choices for sending faxes, as the Settings
// screen edits them. Each field is kept as text, under its Key.
type FaxSettings struct {
	Transport  string // spool (the default), email or hylafax
	SpoolDir   string // empty: spool beside the database
	SMTPHost   string
	SMTPPort   string // 587 when empty
	SMTPUser   string
	SMTPPass   string
	SMTPTLS    string // starttls (the default), required or none
	MailFrom   string
	MailTo     string // {number}@gateway.example
	SendFax    string // "sendfax" when empty
	FaxStat    string // "faxstat" when empty
	HylaHost   string
	ClinicName string
	ClinicFax  string
}

// SettingKeys name the fields of FaxSettings, in the order the Settings
// screen shows them.
var SettingKeys = []string{"transport", "spool_dir", "smtp_host", "smtp_port", "smtp_user", "smtp_password",
	"smtp_tls", "mail_from", "mail_to", "sendfax", "faxstat", "hylafax_host", "clinic_name", "clinic_fax"}

// Field returns the field of key.
func (s *FaxSettings) Field(key string) *string {
	switch key {
	case "transport":
		return &s.Transport
	case "spool_dir":
		return &s.SpoolDir
	case "smtp_host":
		return &s.SMTPHost
	case "smtp_port":
		return &s.SMTPPort
	case "smtp_user":
		return &s.SMTPUser
	case "smtp_password":
		return &s.SMTPPass
	case "smtp_tls":
		return &s.SMTPTLS
	case "mail_from":
		return &s.MailFrom
	case "mail_to":
		return &s.MailTo
	case "sendfax":
		return &s.SendFax
	case "faxstat":
		return &s.FaxStat
	case "hylafax_host":
		return &s.HylaHost
	case "clinic_name":
		return &s.ClinicName
	case "clinic_fax":
		return &s.ClinicFax
	}
	return nil
}

// Clean trims the settings and checks them: problems are keyed by
// SettingKeys. The clinic's fax number is written as E.164.
func (s FaxSettings) Clean(region string) (FaxSettings, map[string]string) {
	for _, k := range SettingKeys {
		if k == "smtp_password" { // kept exactly as typed
			continue
		}
		p := s.Field(k)
		*p = strings.TrimSpace(cleanControls(*p, false))
	}
	s.Transport, s.SMTPTLS = strings.ToLower(s.Transport), strings.ToLower(s.SMTPTLS)
	problems := map[string]string{}
	switch s.Transport {
	case "":
		s.Transport = TransportSpool
	case TransportSpool, TransportHylaFAX:
	case TransportEmail:
		if s.SMTPHost == "" {
			problems["smtp_host"] = "the mail server is needed to send by email"
		}
		if !strings.Contains(s.MailTo, "{number}") || !strings.Contains(s.MailTo, "@") {
			problems["mail_to"] = "write the gateway's address with {number}, as {number}@fax.example.com"
		}
		if !strings.Contains(s.MailFrom, "@") {
			problems["mail_from"] = "the clinic's address the gateway knows is needed"
		}
	default:
		problems["transport"] = "choose spool, email or hylafax"
	}
	if s.SMTPPort != "" {
		if n, err := strconv.Atoi(s.SMTPPort); err != nil || n < 1 || n > 65535 {
			problems["smtp_port"] = "a port is a number from 1 to 65535"
		}
	}
	switch s.SMTPTLS {
	case "", "starttls", "required", "none":
	default:
		problems["smtp_tls"] = "choose starttls, required or none"
	}
	if s.ClinicFax != "" {
		if n, err := ParseFax(s.ClinicFax, region); err != nil {
			problems["clinic_fax"] = err.Error()
		} else {
			s.ClinicFax = n
		}
	}
	return s, problems
}
