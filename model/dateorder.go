package model

import "time"

// monthFirstRegions write nn/nn/yyyy month first.
var monthFirstRegions = map[string]bool{"US": true, "PH": true, "FM": true, "MH": true, "PW": true, "AS": true, "GU": true,
	"MP": true, "PR": true, "UM": true, "VI": true}

// RegionDateOrder is how people of region write an ambiguous date: month
// first in the US (and its territories), day first elsewhere.
func RegionDateOrder(region string) DateOrder {
	if monthFirstRegions[region] {
		return MonthFirst
	}
	return DayFirst
}

// DayStart reads a date as ParseDate does and returns its first moment
// in loc: the bound of a range of days.
func DayStart(s string, order DateOrder, now time.Time, loc *time.Location) (time.Time, error) {
	d, err := ParseDate(s, order, now)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc), nil
}
