package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"frontdesk/model"
)

// SMS sends text messages through a gateway that speaks Twilio's API:
// POST {URL}/2010-04-01/Accounts/{Account}/Messages.json with the form
// fields To, From and Body, logged in as Account with Token.
type SMS struct {
	URL, Account, Token, From string
	// Client is the HTTP client (nil: one that gives up after 30 seconds).
	Client *http.Client
}

// SMSFor is the SMS sender of the clinic's SMS settings.
func SMSFor(s model.SMSSettings) SMS {
	return SMS{URL: s.URL, Account: s.Account, Token: s.Token, From: s.From}
}

// smsReply is what the gateway answers, for a message taken or refused.
type smsReply struct {
	SID          string          `json:"sid"`
	Status       string          `json:"status"`
	ErrorCode    json.RawMessage `json:"error_code"` // a number, or null
	ErrorMessage string          `json:"error_message"`
	// Message is the reason of a refused request (Twilio's 4xx replies).
	Message string `json:"message"`
	Code    int    `json:"code"`
}

// Send texts body to the number to (E.164) and returns the gateway's id
// of the message. A refusal is an error naming the gateway's reason.
func (s SMS) Send(ctx context.Context, to, body string) (id string, err error) {
	if s.URL == "" || s.Account == "" {
		return "", errors.New("no SMS gateway is set")
	}
	where := "the SMS gateway " + hostOf(s.URL)
	endpoint := strings.TrimRight(s.URL, "/") + "/2010-04-01/Accounts/" + url.PathEscape(s.Account) + "/Messages.json"
	form := url.Values{"To": {to}, "From": {s.From}, "Body": {body}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("%s: %v", where, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(s.Account, s.Token)
	c := s.Client
	if c == nil {
		c = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := c.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the address is the gateway's, said already
		}
		return "", fmt.Errorf("%s cannot be reached: %v", where, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("%s: the reply was cut: %v", where, err)
	}
	var r smsReply
	jsonErr := json.Unmarshal(raw, &r)
	reason := r.ErrorMessage
	if reason == "" {
		reason = r.Message
	}
	code := strings.Trim(string(r.ErrorCode), `"`)
	if code == "null" || code == "0" {
		code = ""
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized && reason == "":
		return "", fmt.Errorf("%s refused the account %s and its token", where, s.Account)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		if reason == "" {
			reason = http.StatusText(resp.StatusCode)
		}
		return "", fmt.Errorf("%s refused the message to %s: %s (HTTP %d)", where, to, strings.TrimSuffix(reason, "."), resp.StatusCode)
	case jsonErr != nil:
		return "", fmt.Errorf("%s answered with something other than Twilio's JSON", where)
	case code != "":
		if reason == "" {
			reason = "error " + code
		}
		return "", fmt.Errorf("%s refused the message to %s: %s (error %s)", where, to, strings.TrimSuffix(reason, "."), code)
	case r.Status == "failed" || r.Status == "undelivered":
		return r.SID, fmt.Errorf("%s could not send the message to %s (%s)", where, to, r.Status)
	}
	return r.SID, nil
}

func hostOf(u string) string {
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		return p.Host
	}
	return u
}
