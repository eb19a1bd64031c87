package inbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"frontdesk/model"
	"frontdesk/search"
	"frontdesk/store"
)

// patients is the patients a message taken by phone may be about, as the
// desk looks one up: by name, chart number or date of birth.
type patients struct {
	rows  []store.PatientRow // Search dropped: the index holds it
	ix    *search.Index
	order model.DateOrder // how the clinic's region writes 03/04/1984
}

// newPatients indexes rows (whose Search the index copies).
func newPatients(rows []store.PatientRow, order model.DateOrder) *patients {
	p := &patients{rows: rows, ix: search.NewIndex(len(rows)), order: order}
	for i := range p.rows {
		p.ix.Add(p.rows[i].Search)
		p.rows[i].Search = nil
	}
	return p
}

// patientsShown caps the matches listed: the desk narrows down by typing.
const patientsShown = 200

// match lists the patients query finds, best first, and how a date in it
// was read ("" when it is no date). A query that reads as a whole date
// (31/03/2001, 2001-03-31, 31 March 2001, March 31, 2001; ambiguous ones in
// the region's order, as the import reads them) finds the patients born
// that day; a date being typed (31/03/20) finds those whose date of birth
// it starts; otherwise, or when nobody matched so, the query is matched as
// the lists match text: name, chart number, date of birth as written.
func (p *patients) match(query string, now time.Time) (hits []int, reading string) {
	q := strings.TrimSpace(query)
	if d, err := model.ParseDate(q, p.order, now); err == nil && q != "" {
		reading = "Date of birth " + longDate(d)
		if model.Ambiguous(q) {
			first := "day"
			if p.order == model.MonthFirst {
				first = "month"
			}
			reading += " (read " + first + " first, as the clinic's region writes dates)"
		}
		born := d.String()
		for i, r := range p.rows {
			if r.BirthDate == born {
				hits = append(hits, i)
				if len(hits) == patientsShown {
					break
				}
			}
		}
		if len(hits) > 0 {
			return hits, reading
		}
	}
	if start, ok := dateStart(q); ok {
		// A date being typed (31/03/20): the dates of birth it starts.
		for i, r := range p.rows {
			if bornStarts(r.BirthDate, start) {
				hits = append(hits, i)
				if len(hits) == patientsShown {
					break
				}
			}
		}
		if len(hits) > 0 {
			return hits, reading
		}
	}
	res, err := p.ix.Search(context.Background(), q, nil)
	if err != nil {
		return nil, reading
	}
	for i := 0; i < res.Len() && i < patientsShown; i++ {
		hits = append(hits, res.Hit(i))
	}
	return hits, reading
}

// dateStart reads q as the start of a date in digits (31/03/20,
// 2001-03, 31.3): its separators made "/". ok is false for anything else.
func dateStart(q string) (string, bool) {
	digits, seps := 0, 0
	b := []byte(q)
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '/' || c == '-' || c == '.' || c == ' ':
			seps++
			b[i] = '/'
		default:
			return "", false
		}
	}
	return string(b), digits > 0 && seps > 0
}

// bornStarts reports whether a date of birth (YYYY-MM-DD) written day
// first, month first or year first starts with start.
func bornStarts(iso, start string) bool {
	if len(iso) != 10 {
		return false
	}
	y, m, d := iso[:4], iso[5:7], iso[8:]
	for _, s := range []string{d + "/" + m + "/" + y, m + "/" + d + "/" + y, y + "/" + m + "/" + d} {
		if strings.HasPrefix(s, start) {
			return true
		}
	}
	return false
}

// longDate writes a date every reader reads one way: 31 March 2001.
func longDate(d model.Date) string { return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year) }

// bornText is a patient's date of birth as the form shows it.
func bornText(iso string) string {
	d, err := model.ParseDate(iso, model.DayFirst, time.Now())
	if err != nil {
		return "date of birth unknown"
	}
	return "born " + longDate(d)
}
