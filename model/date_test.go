package model

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	d := func(y, m, day int) Date { return Date{y, time.Month(m), day} }
	tests := []struct {
		in    string
		order DateOrder
		want  Date
		err   error
	}{
		{"1984-03-07", DayFirst, d(1984, 3, 7), nil},
		{"1984/03/07", MonthFirst, d(1984, 3, 7), nil},
		{"19840307", DayFirst, d(1984, 3, 7), nil},
		{"07/03/1984", DayFirst, d(1984, 3, 7), nil},
		{"07/03/1984", MonthFirst, d(1984, 7, 3), nil},
		{"25/03/1984", MonthFirst, d(1984, 3, 25), nil}, // 25 cannot be a month
		{"03/25/1984", DayFirst, d(1984, 3, 25), nil},
		{"7.3.1984", DayFirst, d(1984, 3, 7), nil},
		{"7 Mar 1984", MonthFirst, d(1984, 3, 7), nil},
		{"March 7, 1984", DayFirst, d(1984, 3, 7), nil},
		{"7 mars 1984", DayFirst, d(1984, 3, 7), nil},
		{"07/03/84", DayFirst, d(1984, 3, 7), nil},
		{"07/03/05", DayFirst, d(2005, 3, 7), nil},
		{"  1984-03-07 ", DayFirst, d(1984, 3, 7), nil},
		{"", DayFirst, Date{}, ErrDateEmpty},
		{"1984", DayFirst, Date{}, ErrDateFormat},
		{"soon", DayFirst, Date{}, ErrDateFormat},
		{"1984-02-30", DayFirst, Date{}, ErrDateInvalid},
		{"31/04/1984", DayFirst, Date{}, ErrDateInvalid},
		{"1984-13-01", DayFirst, Date{}, ErrDateInvalid},
		{"2000-02-29", DayFirst, d(2000, 2, 29), nil},
		{"1900-02-29", DayFirst, Date{}, ErrDateInvalid},
		{"7/3/5", DayFirst, Date{}, ErrDateFormat},
		{"1/2/123", DayFirst, Date{}, ErrDateFormat},
		{"1984-03-07 00:00:00", DayFirst, d(1984, 3, 7), nil},
		{"1984-03-07T00:00:00", DayFirst, d(1984, 3, 7), nil},
		{"07/03/1984 00:00", DayFirst, d(1984, 3, 7), nil},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, tt.order, now)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("ParseDate(%q, %v) = %v, %v; want %v, %v", tt.in, tt.order, got, err, tt.want, tt.err)
		}
	}
}

func TestAmbiguousAndSpellings(t *testing.T) {
	if !Ambiguous("03/04/1984") || Ambiguous("13/04/1984") || Ambiguous("1984-03-04") || Ambiguous("04/04/1984") {
		t.Error("Ambiguous")
	}
	got := Date{1984, 3, 7}.Spellings()
	want := []string{"1984-03-07", "07/03/1984", "03/07/1984", "7 Mar 1984"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("spellings %v, want %v", got, want)
		}
	}
}

func TestRegionDateOrder(t *testing.T) {
	for region, want := range map[string]DateOrder{"US": MonthFirst, "us": MonthFirst, "PR": MonthFirst,
		"CA": DayFirst, "FR": DayFirst, "GB": DayFirst, "": DayFirst} {
		if got := RegionDateOrder(region); got != want {
			t.Errorf("RegionDateOrder(%q) = %v, want %v", region, got, want)
		}
	}
}
