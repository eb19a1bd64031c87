package faxes

import (
	"strings"
	"testing"
	"time"
)

func TestParseRange(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.Local)
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.Local) }
	tests := []struct {
		in       string
		from, to time.Time
		err      string
	}{
		{"2026-11-01", day(2026, 11, 1), day(2026, 11, 1), ""},
		{"2026-11-01 to 2026-11-20", day(2026, 11, 1), day(2026, 11, 20), ""},
		{"1 Nov 2026..20/11/2026", day(2026, 11, 1), day(2026, 11, 20), ""},
		{"2026-11-20 to 2026-11-01", time.Time{}, time.Time{}, "comes before"},
		{"2026-13-40", time.Time{}, time.Time{}, `the date "2026-13-40"`},
		{"2026-11-01 to soon", time.Time{}, time.Time{}, `the last date "soon"`},
		{"", time.Time{}, time.Time{}, "is required"},
	}
	for _, tt := range tests {
		from, to, err := parseRange(tt.in, now)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !from.Equal(tt.from) || !to.Equal(tt.to) {
			t.Errorf("%q: %v %v %v", tt.in, from, to, err)
		}
	}
}
