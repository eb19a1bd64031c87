package model

import (
	"errors"
	"strings"
	"time"
	"unicode"
)

// ShareState is what happened last to a share. ShareExpired is never
// stored: a share sent and not opened within LinkLife of its link is
// expired by the clock (see Share.StateAt).
type ShareState string

// The states of a share.
const (
	ShareSending      ShareState = "sending"       // the mail is on its way
	ShareSent         ShareState = "sent"          // the mail server took it
	ShareNotDelivered ShareState = "not_delivered" // the mail server refused it
	ShareOpened       ShareState = "opened"        // the contact pressed the button (and gave the code)
	ShareExpired      ShareState = "expired"       // not opened within LinkLife
	ShareRevoked      ShareState = "revoked"       // staff ended it
)

// ShareStates lists the states, as the Shares screen's filter cycles them.
var ShareStates = []ShareState{ShareSending, ShareSent, ShareNotDelivered, ShareOpened, ShareExpired, ShareRevoked}

// Label is the state as the screens write it.
func (s ShareState) Label() string {
	if s == ShareNotDelivered {
		return "not delivered"
	}
	return string(s)
}

// ShareLevel is how a contact proves it is them.
type ShareLevel string

// The security levels of sharing.
const (
	LevelLink ShareLevel = "link" // the link alone
	LevelSMS  ShareLevel = "sms"  // the link, then a code sent by SMS to the contact's mobile
)

// The rules of a share's link and codes.
const (
	// LinkLife is how long a link sent waits to be opened; once opened it
	// stays valid.
	LinkLife = 24 * time.Hour
	// CodeLife is how long an SMS code may be typed.
	CodeLife = 10 * time.Minute
	// CodeTries are the wrong tries that kill a code: a new one must be
	// asked for. They are counted per code, so that nobody can lock a
	// contact out by guessing.
	CodeTries = 5
	// CodeEvery is the least time between two codes of a share.
	CodeEvery = time.Minute
	// CodesPerDay are the codes a share may be sent in a day.
	CodesPerDay = 5
)

// Share is a patient's document made available to an outside contact
// through the portal.
type Share struct {
	ID         int64
	DocumentID int64 // the patient document
	ContactID  int64 // 0 once the contact is deleted
	EntityID   int64 // the person of the contact, or 0
	Name       string
	Email      string
	Mobile     string // E.164
	Level      ShareLevel
	State      ShareState // as stored: see StateAt
	Reason     string     // why the mail was not delivered
	SharedBy   string
	Created    time.Time
	Sent       time.Time // of the current link; zero before
	Opened     time.Time
	OpenedFrom string // the address
	OpenedWith string // the browser
	Revoked    time.Time
	RevokedBy  string

	// What the lists show, read with the share.
	DocumentKind  PatientDocKind
	DocumentTitle string
	DocumentDate  Date
	PatientID     int64
	PatientName   string
	PatientChart  string
}

// StateAt is the share's state at now: a share sent (or still being
// sent) and not opened within LinkLife of its link is expired.
func (s Share) StateAt(now time.Time) ShareState {
	if (s.State == ShareSent || s.State == ShareSending) && !s.Sent.IsZero() && now.Sub(s.Sent) > LinkLife {
		return ShareExpired
	}
	return s.State
}

// Expires is when the share's link expires unopened; zero when it does not
// (opened, revoked, never sent).
func (s Share) Expires() time.Time {
	if s.State != ShareSent && s.State != ShareSending || s.Sent.IsZero() {
		return time.Time{}
	}
	return s.Sent.Add(LinkLife)
}

// ErrNoEmail refuses a share with a contact that has no email address.
var ErrNoEmail = errors.New("has no email address: add one to the contact first")

// ErrNoMobile refuses a share at the SMS level with a contact that has no
// mobile number.
var ErrNoMobile = errors.New("has no mobile number, which the clinic's sharing level needs for its code: add one to the contact first")

// MaskMobile shows a mobile number as the portal names it to the contact:
// "•••• 0123".
func MaskMobile(e164 string) string {
	var digits []rune
	for _, r := range e164 {
		if unicode.IsDigit(r) {
			digits = append(digits, r)
		}
	}
	if len(digits) < 4 {
		return "••••"
	}
	return "•••• " + string(digits[len(digits)-4:])
}

// TokenLen is the length of a share's token as written in its link: 32
// random bytes (256 bits) in unpadded base64url.
const TokenLen = 43

// ParseToken reads a token from a link's path: exactly TokenLen
// characters of the base64url alphabet, or false.
func ParseToken(s string) (string, bool) {
	if len(s) != TokenLen {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return "", false
		}
	}
	return s, true
}

// CodeLen is the digits of an SMS code.
const CodeLen = 6

// ParseCode reads a code as a contact types it: six digits, spaces and
// dashes between them allowed ("123 456"), or false.
func ParseCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if b.Len() == CodeLen {
				return "", false
			}
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\t':
		default:
			return "", false
		}
	}
	if b.Len() != CodeLen {
		return "", false
	}
	return b.String(), true
}

// SharedFileName is the name a shared document downloads as:
// "Lakeside Clinic - Lab result - 2026-12-02.pdf", with what a file name
// may not hold left out.
func SharedFileName(clinic string, kind PatientDocKind, date Date) string {
	name := strings.TrimSpace(clinic)
	if name == "" {
		name = "Document"
	}
	name += " - " + kind.Label() + " - " + date.String() + ".pdf"
	name = strings.Map(func(r rune) rune {
		switch {
		case r < ' ' || r == 0x7f:
			return -1
		case strings.ContainsRune(`/\:*?"<>|`, r):
			return ' '
		}
		return r
	}, name)
	return strings.Join(strings.Fields(name), " ")
}
