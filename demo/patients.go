package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"frontdesk/model"
)

// providers are the clinic's own doctors, primary providers of the demo
// patients.
var providers = []string{"Dr. Amélie Gagnon", "Dr. Marcus Lee", "Dr. Priya Raman", "Dr. Jonah Whitfield"}

// Patients returns n demo patients of the clinic: names with accents, dates
// of birth over eighty years, chart numbers C-10001 on, local phones. Same
// seed, same patients.
func Patients(n int, seed int64) []model.Patient {
	r := rand.New(rand.NewPCG(uint64(seed), 7))
	out := make([]model.Patient, n)
	for i := range out {
		first := firstNames[r.IntN(len(firstNames))]
		last := lastNames[r.IntN(len(lastNames))]
		born := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(80*365))
		p := places[r.IntN(len(places))]
		out[i] = model.Patient{
			FirstName: first,
			LastName:  last,
			BirthDate: model.Date{Year: born.Year(), Month: born.Month(), Day: born.Day()},
			Chart:     fmt.Sprintf("C-%05d", 10001+i),
			Phone:     fmt.Sprintf("(%s) 555-01%02d", p.codes[r.IntN(len(p.codes))], r.IntN(100)),
			Provider:  providers[r.IntN(len(providers))],
		}
		if r.IntN(3) == 0 {
			out[i].Email = fmt.Sprintf("%s.%s@mail.example", emailLocal(first), emailLocal(last))
		}
	}
	return out
}

// employerNames are the demo employers: the region's large and small
// businesses whose staff see the clinic.
var employerNames = []string{"Bombardier", "Hydro-Québec", "Ville de Montréal", "Desjardins", "CN Rail", "Air Canada",
	"Loblaw", "Université Laval", "Cirque du Soleil", "Saputo", "Metro Inc.", "Clinique Vétérinaire Rosemont"}

// Employers returns the demo employers, with phones and fax numbers in the
// 555-01xx range.
func Employers() []model.Employer {
	out := make([]model.Employer, len(employerNames))
	for i, n := range employerNames {
		out[i] = model.Employer{Name: n, Phone: fmt.Sprintf("(514) 555-01%02d", 40+i), Fax: fmt.Sprintf("+1514555%04d", 160+i)}
	}
	return out
}
