package importer

import (
	"fmt"
	"io"
	"math"
	"sync/atomic"
	"time"
)

// Progress is how far a reading of a file has come.
type Progress struct {
	Rows int   // data rows read
	Read int64 // bytes of the file read
	Size int64 // the file's size; 0 when not known
}

// Fraction is how much of the file is read, from 0 to 1; 0 when its size
// is not known.
func (p Progress) Fraction() float64 {
	if p.Size <= 0 {
		return 0
	}
	return min(1, float64(p.Read)/float64(p.Size))
}

// positioned keeps pos at the offset of the file being read, for the
// fraction of it read (a detection read may seek back to the start).
type positioned struct {
	io.ReadSeeker
	pos *atomic.Int64
}

func (p positioned) Read(b []byte) (int, error) {
	n, err := p.ReadSeeker.Read(b)
	p.pos.Add(int64(n))
	return n, err
}

func (p positioned) Seek(off int64, whence int) (int64, error) {
	n, err := p.ReadSeeker.Seek(off, whence)
	if err == nil {
		p.pos.Store(n)
	}
	return n, err
}

// Rate works out the speed of a long run and the time it has left, from
// how far it has come when it is asked. The speed is the average since
// the first time it was asked: imports go at an even pace, and an average
// does not jump about from one report to the next.
type Rate struct {
	start    time.Time
	done     int     // at start
	fraction float64 // at start
}

// Line words the run at now, done units (rows, contacts) in, a fraction
// of the whole behind it: "85,000 rows/s · 12% · about 1 min 40 s left".
// The first call starts the clock and says only the fraction; the time
// left comes once a second has passed and a hundredth of the work is done.
func (r *Rate) Line(now time.Time, done int, fraction float64, unit string) string {
	pct := fmt.Sprintf("%d%%", int(math.Floor(100*fraction)))
	if r.start.IsZero() {
		r.start, r.done, r.fraction = now, done, fraction
		return pct
	}
	elapsed := now.Sub(r.start)
	if elapsed < time.Second {
		return pct
	}
	speed := float64(done-r.done) / elapsed.Seconds()
	line := fmt.Sprintf("%s %s/s · %s", Thousands(int(speed)), unit, pct)
	if gone := fraction - r.fraction; gone >= 0.01 && fraction < 1 {
		// The part done since the clock started, at the pace it went.
		left := time.Duration(float64(elapsed) * (1 - fraction) / gone)
		line += " · " + Duration(left) + " left"
	}
	return line
}

// Duration words a time left as a person would say it: "about 2 h 5
// min", "about 1 min 40 s", "about 35 s", "a few seconds".
func Duration(d time.Duration) string {
	switch {
	case d < 5*time.Second:
		return "a few seconds"
	case d < time.Minute:
		return fmt.Sprintf("about %d s", int(d.Round(5*time.Second)/time.Second))
	case d < time.Hour:
		d = d.Round(10 * time.Second)
		m, s := int(d/time.Minute), int(d%time.Minute/time.Second)
		if s == 0 {
			return fmt.Sprintf("about %d min", m)
		}
		return fmt.Sprintf("about %d min %d s", m, s)
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	if m == 0 {
		return fmt.Sprintf("about %d h", h)
	}
	return fmt.Sprintf("about %d h %d min", h, m)
}
