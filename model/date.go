package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Date is a calendar day without a time or a zone, such as a date of birth.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.Year == 0 }

// String writes the date as ISO 8601: 1984-03-07 (empty when unset).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Spellings are the ways a person may type the date, for searching:
// 1984-03-07, 07/03/1984, 03/07/1984, 7 Mar 1984.
func (d Date) Spellings() []string {
	if d.IsZero() {
		return nil
	}
	return []string{d.String(),
		fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year),
		fmt.Sprintf("%02d/%02d/%04d", d.Month, d.Day, d.Year),
		fmt.Sprintf("%d %s %d", d.Day, d.Month.String()[:3], d.Year)}
}

// DateOrder says how to read an ambiguous date like 03/04/1984.
type DateOrder int

// The two readings of nn/nn/yyyy.
const (
	DayFirst   DateOrder = iota // 03/04/1984 is the 3rd of April
	MonthFirst                  // 03/04/1984 is March 4th
)

// Problems with dates, worded for the person typing them.
var (
	ErrDateEmpty     = errors.New("is required")
	ErrDateFormat    = errors.New("is not a date (try 1984-03-07)")
	ErrDateInvalid   = errors.New("is not a day of the calendar")
	ErrDateAmbiguous = errors.New("could be read two ways")
)

// ParseDate reads a date as people write it: 1984-03-07, 1984/03/07,
// 19840307, 07/03/1984 or 07-03-1984 (read with order unless one part is
// over 12), 7 Mar 1984, March 7, 1984, 7 mars 1984. Two-digit years are
// read as the most recent past year (84 is 1984, 05 is 2005), as for
// dates of birth. now decides what "past" means.
func ParseDate(s string, order DateOrder, now time.Time) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, ErrDateEmpty
	}
	// Spreadsheets write dates with a midnight: "1984-03-07 00:00:00",
	// "1984-03-07T00:00:00".
	if i := strings.IndexAny(s, "T "); i >= 8 && strings.Contains(s[i:], ":") {
		s = strings.TrimSpace(s[:i])
	}
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '/' || r == '-' || r == '.' || r == ',' || unicode.IsSpace(r)
	})
	var d Date
	switch {
	case len(fields) == 1 && len(fields[0]) == 8 && allDigits(fields[0]):
		d = Date{atoi(fields[0][:4]), time.Month(atoi(fields[0][4:6])), atoi(fields[0][6:])}
	case len(fields) != 3:
		return Date{}, ErrDateFormat
	case monthName(fields[0]) > 0: // March 7 1984
		d = Date{year(fields[2], now), monthName(fields[0]), atoi(fields[1])}
	case monthName(fields[1]) > 0: // 7 Mar 1984
		d = Date{year(fields[2], now), monthName(fields[1]), atoi(fields[0])}
	case !allDigits(fields[0]) || !allDigits(fields[1]) || !allDigits(fields[2]):
		return Date{}, ErrDateFormat
	case len(fields[0]) == 4: // 1984-03-07
		d = Date{atoi(fields[0]), time.Month(atoi(fields[1])), atoi(fields[2])}
	case len(fields[2]) != 2 && len(fields[2]) != 4:
		return Date{}, ErrDateFormat
	default:
		a, b := atoi(fields[0]), atoi(fields[1])
		if a > 12 || (order == DayFirst && b <= 12) {
			d = Date{year(fields[2], now), time.Month(b), a}
		} else {
			d = Date{year(fields[2], now), time.Month(a), b}
		}
	}
	if d.Year <= 0 || d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return Date{}, ErrDateInvalid
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	if t.Day() != d.Day {
		return Date{}, ErrDateInvalid
	}
	return d, nil
}

// Ambiguous reports whether s is a nn/nn/yyyy date that day-first and
// month-first read differently, so that an import can ask which is meant.
func Ambiguous(s string) bool {
	a, err1 := ParseDate(s, DayFirst, time.Now())
	b, err2 := ParseDate(s, MonthFirst, time.Now())
	return err1 == nil && err2 == nil && a != b
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// year reads a year of two or four digits; two digits mean the latest such
// year not after now. Other lengths are no year (-1).
func year(s string, now time.Time) int {
	if len(s) != 2 && len(s) != 4 {
		return -1
	}
	y := atoi(s)
	if len(s) == 2 && y >= 0 {
		century := now.Year() / 100 * 100
		if y += century; y > now.Year() {
			y -= 100
		}
	}
	return y
}

var months = map[string]time.Month{
	"jan": 1, "january": 1, "janvier": 1, "janv": 1,
	"feb": 2, "february": 2, "fevrier": 2, "févr": 2, "fevr": 2, "février": 2,
	"mar": 3, "march": 3, "mars": 3,
	"apr": 4, "april": 4, "avril": 4, "avr": 4,
	"may": 5, "mai": 5,
	"jun": 6, "june": 6, "juin": 6,
	"jul": 7, "july": 7, "juillet": 7, "juil": 7,
	"aug": 8, "august": 8, "aout": 8, "août": 8,
	"sep": 9, "sept": 9, "september": 9, "septembre": 9,
	"oct": 10, "october": 10, "octobre": 10,
	"nov": 11, "november": 11, "novembre": 11,
	"dec": 12, "december": 12, "decembre": 12, "déc": 12, "décembre": 12,
}

func monthName(s string) time.Month { return months[s] }

// RegionDateOrder is how people of region (a clinic's default region,
// "US") write nn/nn/yyyy: month first in the United States and the places
// that follow its usage, day first elsewhere.
func RegionDateOrder(region string) DateOrder {
	switch strings.ToUpper(region) {
	case "US", "PR", "GU", "VI", "AS", "MP", "UM", "FM", "MH", "PW", "PH":
		return MonthFirst
	}
	return DayFirst
}

// Valid reports whether the date is a day of the calendar (not the 31st
// of April), of a year from 1 to 9999.
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 {
		return false
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return t.Year() == d.Year && t.Month() == d.Month && t.Day() == d.Day
}

// DateOf is the day of t, in t's zone.
func DateOf(t time.Time) Date { return Date{t.Year(), t.Month(), t.Day()} }
