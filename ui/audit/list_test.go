package audit

import (
	"strings"
	"testing"
	"time"
)

// The filters typed become the store's filter: dates are whole days of
// the clinic's calendar, read in its region's order; a bad one names its
// field.
func TestReadFilters(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.Local)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.Local) }
	tests := []struct {
		name         string
		v            [fieldCount]string
		region       string
		since, until time.Time
		bad          int
		err          string
	}{
		{"nothing", [fieldCount]string{}, "US", time.Time{}, time.Time{}, 0, ""},
		{"one day", [fieldCount]string{fieldFrom: "2026-11-02", fieldTo: "2 Nov 2026"}, "US", day(2026, 11, 2), day(2026, 11, 3), 0, ""},
		{"month first in the US", [fieldCount]string{fieldFrom: "03/04/2026"}, "US", day(2026, 3, 4), time.Time{}, 0, ""},
		{"day first in France", [fieldCount]string{fieldFrom: "03/04/2026"}, "FR", day(2026, 4, 3), time.Time{}, 0, ""},
		{"up to a day", [fieldCount]string{fieldTo: "31/12/2026"}, "US", time.Time{}, day(2027, 1, 1), 0, ""},
		{"not a day", [fieldCount]string{fieldFrom: "31/02/2026"}, "US", time.Time{}, time.Time{}, fieldFrom,
			"From: “31/02/2026” is not a day of the calendar"},
		{"not a date", [fieldCount]string{fieldTo: "soon"}, "US", time.Time{}, time.Time{}, fieldTo, "To: “soon” is not a date"},
		{"backwards", [fieldCount]string{fieldFrom: "2026-11-02", fieldTo: "2026-11-01"}, "US", time.Time{}, time.Time{}, fieldTo,
			"To: 2026-11-01 comes before From, 2026-11-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.v[fieldRecord], tt.v[fieldUser] = "contact 1", "amy"
			f, bad, err := readFilters(tt.v, tt.region, now)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) || bad != tt.bad {
					t.Errorf("got %v in field %d, want %q in %d", err, bad, tt.err, tt.bad)
				}
				return
			}
			if err != nil || !f.Since.Equal(tt.since) || !f.Until.Equal(tt.until) || f.Record != "contact 1" || f.User != "amy" {
				t.Errorf("got %+v %v", f, err)
			}
		})
	}
}
