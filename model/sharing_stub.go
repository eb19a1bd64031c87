package model

// Stand-ins until the sharing settings land.
type ShareSettings struct {
	Enabled   bool
	Level     string
	PublicURL string
	Mail      MailSettings
	SMS       SMSSettings
}

type MailSettings struct {
	Host      string
	Port      int
	TLS       string
	User      string
	Password  string
	From      string
	SameAsFax bool
}

type SMSSettings struct{ URL, Account, Token, From string }
