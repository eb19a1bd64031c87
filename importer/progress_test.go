package importer

import (
	"testing"
	"time"
)

func TestRateLine(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	var r Rate
	steps := []struct {
		at       time.Duration
		done     int
		fraction float64
		want     string
	}{
		{0, 0, 0, "0%"},
		{500 * time.Millisecond, 40_000, 0.004, "0%"}, // too soon for a speed
		{time.Second, 85_000, 0.008, "85,000 rows/s · 0%"},
		{2 * time.Second, 170_000, 0.02, "85,000 rows/s · 2% · about 1 min 40 s left"},
		{10 * time.Second, 850_000, 0.5, "85,000 rows/s · 50% · about 10 s left"},
		{20 * time.Second, 1_700_000, 1, "85,000 rows/s · 100%"},
	}
	for _, s := range steps {
		if got := r.Line(t0.Add(s.at), s.done, s.fraction, "rows"); got != s.want {
			t.Errorf("at %v: %q, want %q", s.at, got, s.want)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		2 * time.Second:                              "a few seconds",
		37 * time.Second:                             "about 35 s",
		time.Minute + 42*time.Second:                 "about 1 min 40 s",
		3*time.Minute + 2*time.Second:                "about 3 min",
		2*time.Hour + 4*time.Minute + 50*time.Second: "about 2 h 5 min",
		5 * time.Hour:                                "about 5 h",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}

// The fraction read follows the file, a seek back included.
func TestProgressFollowsTheFile(t *testing.T) {
	path := writeFile(t, "in.csv", "name,fax\nAnn,4165550101\nBob,4165550102\n")
	var seen []Progress
	p, err := NewPlan(t.Context(), path, Settings{Mapping: []string{"name", "fax"}, Region: "US"}, NewKnown(),
		func(pr Progress) { seen = append(seen, pr) })
	if err != nil || p.Contacts != 2 {
		t.Fatalf("%v, %d contacts", err, p.Contacts)
	}
	if len(seen) == 0 {
		t.Fatal("no progress reported")
	}
	last := seen[len(seen)-1]
	if last.Size != 39 || last.Read != last.Size || last.Fraction() != 1 {
		t.Errorf("the last report: %+v", last)
	}
}
