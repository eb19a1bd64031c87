package model

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// DefaultRegion is the clinic's region when the settings name none.
const DefaultRegion = "US"

// Problems with a phone or fax number, worded for the person typing it.
var (
	ErrNumberEmpty     = errors.New("is required")
	ErrNotANumber      = errors.New("is not a phone number")
	ErrNumberInvalid   = errors.New("is not a valid number")
	ErrNumberExtension = errors.New("cannot have an extension")
)

// ParseFax reads a fax number as typed, in any spelling, and returns it in
// E.164. Numbers without a country code are read in region.
func ParseFax(input, region string) (string, error) {
	if e164, ok, err := fastParseFax(input, region); ok {
		return e164, err
	}
	return slowParseFax(input, region)
}

// slowParseFax is ParseFax by the phonenumbers library alone: the fallback of
// the fast path, and its reference in tests.
func slowParseFax(input, region string) (string, error) {
	n, err := parseNumber(input, region)
	if err != nil {
		return "", err
	}
	if n.GetExtension() != "" {
		return "", ErrNumberExtension
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// NormalizePhone checks a voice phone number (extensions allowed) and returns
// it in a canonical spelling: national for region, international otherwise.
// An empty input is returned empty: phone numbers are optional.
func NormalizePhone(input, region string) (string, error) {
	if p, ok, err := fastNormalizePhone(input, region); ok {
		return p, err
	}
	return slowNormalizePhone(input, region)
}

// slowNormalizePhone is NormalizePhone by the library alone.
func slowNormalizePhone(input, region string) (string, error) {
	if strings.TrimSpace(input) == "" {
		return "", nil
	}
	n, err := parseNumber(input, region)
	if err != nil {
		return "", err
	}
	return formatNumber(n, region), nil
}

// FormatFax shows an E.164 number the way the clinic reads it: national
// format for its own region (and the regions sharing its country code),
// international otherwise. A value that is not E.164 is returned unchanged.
func FormatFax(e164, region string) string {
	if s, ok := fastFormatFax(e164, region); ok {
		return s
	}
	return slowFormatFax(e164, region)
}

// slowFormatFax is FormatFax by the library alone.
func slowFormatFax(e164, region string) string {
	if e164 == "" {
		return ""
	}
	n, err := phonenumbers.Parse(e164, region)
	if err != nil {
		return e164
	}
	return formatNumber(n, region)
}

// Digits keeps only the ASCII digits of s.
func Digits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ValidRegion reports whether code is a region the number parser knows, such
// as "US", "CA" or "FR".
func ValidRegion(code string) bool {
	return phonenumbers.GetCountryCodeForRegion(strings.ToUpper(code)) != 0
}

func parseNumber(input, region string) (*phonenumbers.PhoneNumber, error) {
	input = strings.TrimSpace(input)
	if input == "" {
		return nil, ErrNumberEmpty
	}
	if Digits(input) == "" {
		return nil, ErrNotANumber
	}
	n, err := phonenumbers.Parse(input, region)
	if err != nil {
		return nil, ErrNotANumber
	}
	if !phonenumbers.IsValidNumber(n) {
		return nil, ErrNumberInvalid
	}
	return n, nil
}

func formatNumber(n *phonenumbers.PhoneNumber, region string) string {
	if int(n.GetCountryCode()) == phonenumbers.GetCountryCodeForRegion(region) {
		return phonenumbers.Format(n, phonenumbers.NATIONAL)
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}
