package model

import "time"

// DayStart reads a date as ParseDate does and returns its first moment
// in loc: the bound of a range of days.
func DayStart(s string, order DateOrder, now time.Time, loc *time.Location) (time.Time, error) {
	d, err := ParseDate(s, order, now)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc), nil
}
