package inbox

import (
	"testing"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

// Every spelling of a date of birth finds the patients born that day; an
// ambiguous one is read in the region's order; names and chart numbers
// are matched as the lists match them.
func TestMatchPatients(t *testing.T) {
	var rows []store.PatientRow
	for _, p := range []model.Patient{
		{FirstName: "Noël", LastName: "Ali", Chart: "A-300", BirthDate: model.Date{Year: 2001, Month: 3, Day: 31}},
		{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100", BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}},
		{FirstName: "Max", LastName: "Ouellet", Chart: "A-200", BirthDate: model.Date{Year: 1984, Month: 7, Day: 3}},
	} {
		rows = append(rows, store.PatientRow{Name: p.DisplayName(), Chart: p.Chart, BirthDate: p.BirthDate.String(), Search: []byte(p.Search())})
	}
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		query   string
		order   model.DateOrder
		want    []string // charts, best first
		reading string
	}{
		{"31/03/2001", model.MonthFirst, []string{"A-300"}, "Date of birth 31 March 2001"},
		{"2001-03-31", model.DayFirst, []string{"A-300"}, "Date of birth 31 March 2001"},
		{"31 March 2001", model.MonthFirst, []string{"A-300"}, "Date of birth 31 March 2001"},
		{"March 31, 2001", model.DayFirst, []string{"A-300"}, "Date of birth 31 March 2001"},
		{"03/31/2001", model.DayFirst, []string{"A-300"}, "Date of birth 31 March 2001"},
		{"31.3.01", model.DayFirst, []string{"A-300"}, "Date of birth 31 March 2001"},
		{"03/07/1984", model.MonthFirst, []string{"A-100"},
			"Date of birth 7 March 1984 (read month first, as the clinic's region writes dates)"},
		{"03/07/1984", model.DayFirst, []string{"A-200"},
			"Date of birth 3 July 1984 (read day first, as the clinic's region writes dates)"},
		{"ouellet", model.DayFirst, []string{"A-100", "A-200"}, ""},
		{"ali", model.DayFirst, []string{"A-300"}, ""},
		{"zoe ouel", model.DayFirst, []string{"A-100"}, ""},
		// Half typed, a date finds those whose date of birth it starts.
		{"31/03/20", model.DayFirst, []string{"A-300"}, "Date of birth 31 March 2020"},
		{"1984-0", model.DayFirst, []string{"A-100", "A-200"}, ""},
		{"03/0", model.DayFirst, []string{"A-100", "A-200"}, ""},
		{"", model.DayFirst, []string{"A-300", "A-100", "A-200"}, ""},
	} {
		ps := newPatients(append([]store.PatientRow(nil), rows...), tc.order)
		hits, reading := ps.match(tc.query, now)
		var got []string
		for _, i := range hits {
			got = append(got, ps.rows[i].Chart)
		}
		if len(got) != len(tc.want) || reading != tc.reading {
			t.Errorf("%q: %v %q, want %v %q", tc.query, got, reading, tc.want, tc.reading)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: %v, want %v", tc.query, got, tc.want)
				break
			}
		}
	}
}

func TestMatchChartFirst(t *testing.T) {
	p := model.Patient{FirstName: "Noël", LastName: "Ali", Chart: "A-300", BirthDate: model.Date{Year: 2001, Month: 3, Day: 31}}
	q := model.Patient{FirstName: "Zoë", LastName: "Ouellet", Chart: "A-100", BirthDate: model.Date{Year: 1984, Month: 3, Day: 7}}
	ps := newPatients([]store.PatientRow{
		{Name: q.DisplayName(), Chart: q.Chart, BirthDate: q.BirthDate.String(), Search: []byte(q.Search())},
		{Name: p.DisplayName(), Chart: p.Chart, BirthDate: p.BirthDate.String(), Search: []byte(p.Search())},
	}, model.DayFirst)
	if hits, _ := ps.match("a-300", time.Now()); len(hits) == 0 || ps.rows[hits[0]].Chart != "A-300" {
		t.Errorf("a-300: %v", hits)
	}
}
