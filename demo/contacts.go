// Package demo makes realistic, deterministic contact data: a clinic's fax
// book for demonstrations and screenshots (Contacts), and large books for
// benchmarks and load tests (Generate).
package demo

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"frontdesk/model"
)

// bookSize is the number of contacts of Contacts' book: a few hundred, about
// what a busy clinic's front desk keeps.
const bookSize = 360

// groupPercent is the share of multiple-entity contacts in Contacts' book.
const groupPercent = 15

// Contacts returns the fax book of a demo clinic in display order: doctors of
// hospitals, clinics, labs, imaging centres and pharmacies across Canada and
// the United States, with about 15% multiple-entity contacts (a hospital
// department, "LifeLabs Requisitions", …). Fax and phone numbers are in the
// fictional 555-0100–555-0199 range, typed in the many spellings a clinic
// uses and stored as the model stores them. A few people are always there,
// so that a demonstration can count on them: Hélène Tremblay, François
// Bélanger, Émilie Côté, José Núñez, the Smiths and Smithsons. The same seed
// gives the same book.
func Contacts(seed int64) []model.Contact {
	b := &book{r: rand.New(rand.NewPCG(uint64(seed), 0x5eed_b00c)), used: map[string]bool{}}
	b.featured()
	for len(b.out) < bookSize {
		if b.r.IntN(100) < groupPercent {
			b.group(b.pickOrg())
		} else {
			b.single()
		}
	}
	keys := make([]string, len(b.out))
	for i, c := range b.out {
		keys[i] = model.Fold(c.DisplayName()) + "\x00" + c.Fax
	}
	sort.Sort(byKey{keys, b.out})
	return b.out
}

type byKey struct {
	keys []string
	cs   []model.Contact
}

func (s byKey) Len() int           { return len(s.keys) }
func (s byKey) Less(i, j int) bool { return s.keys[i] < s.keys[j] }
func (s byKey) Swap(i, j int) {
	s.keys[i], s.keys[j] = s.keys[j], s.keys[i]
	s.cs[i], s.cs[j] = s.cs[j], s.cs[i]
}

// book builds Contacts' data; used keeps fax numbers and group names unique.
type book struct {
	r    *rand.Rand
	used map[string]bool
	out  []model.Contact
}

func (b *book) featured() {
	type person struct{ first, last, org, spec string }
	for _, p := range []person{
		{"Hélène", "Tremblay", "St. Michael's Hospital", "Cardiology"},
		{"François", "Bélanger", "Hôpital Notre-Dame", "Neurology"},
		{"Zoë", "Adams", "The Hospital for Sick Children", "Pediatrics"},
		{"Noël", "Lefebvre", "Jewish General Hospital", "Dermatology"},
		{"Émilie", "Côté", "Hôtel-Dieu de Québec", "Obstetrics & Gynecology"},
		{"José", "Núñez", "Massachusetts General Hospital", "Orthopedic Surgery"},
		{"John", "Smith", "Bloor West Family Health Team", "Family Medicine"},
		{"Anna", "Smith", "True North Imaging", "Radiology"},
		{"Robert", "Smithson", "Sunnybrook Health Sciences Centre", "Urology"},
		{"Karen", "Smithers", "Toronto General Hospital", "Rheumatology"},
		{"Paul", "Smits", "The Ottawa Hospital", "Ophthalmology"},
		{"Grace", "Smiley", "Smiths Falls Community Hospital", "Pediatrics"},
		{"Ivan", "Smirnov", "Mount Sinai Hospital", "Psychiatry"},
	} {
		o := orgNamed(p.org)
		e := b.person(o, p.spec)
		e.FirstName, e.LastName = p.first, p.last
		b.add(model.Contact{Kind: model.Single, Fax: b.fax(o), Entities: []model.Entity{e}})
	}
	sinai := orgNamed("Mount Sinai Hospital")
	records := b.department(sinai, "Health Records", "")
	records.Name = sinai.name + " — " + records.Name
	b.add(model.Contact{Kind: model.Single, Fax: b.fax(sinai), Entities: []model.Entity{records}})
	b.hospitalGroup(orgNamed("St. Michael's Hospital"), "Cardiology")
	b.group(orgNamed("LifeLabs"))
}

func orgNamed(name string) org {
	for _, o := range orgs {
		if o.name == name {
			return o
		}
	}
	panic("demo: no organization " + name)
}

func (b *book) pickOrg() org { return orgs[b.r.IntN(len(orgs))] }

func (b *book) add(c model.Contact) { b.out = append(b.out, c) }

// single adds a doctor, now and then a pharmacist or a department with a
// fax line of its own.
func (b *book) single() {
	o := b.pickOrg()
	var e model.Entity
	switch {
	case b.r.IntN(12) == 0:
		e = b.department(o, pick(b.r, departments[o.kind]), "")
		e.Name = o.name + " — " + e.Name
	default:
		e = b.person(o, b.specialty(o))
	}
	b.add(model.Contact{Kind: model.Single, Fax: b.fax(o), Entities: []model.Entity{e}})
}

// group adds a multiple-entity contact of o: a hospital department, a
// clinic's shared line, a lab's requisitions line, …; 2 to 8 entities.
func (b *book) group(o org) {
	if o.kind == hospital {
		b.hospitalGroup(o, pick(b.r, specialties))
		return
	}
	var es []model.Entity
	switch o.kind {
	case clinic:
		for n := 2 + b.r.IntN(5); len(es) < n; {
			es = append(es, b.person(o, pick(b.r, clinicSpecialties)))
		}
		es = append(es, b.department(o, "Reception", ""))
	case imaging:
		for n := 1 + b.r.IntN(3); len(es) < n; {
			es = append(es, b.person(o, "Radiology"))
		}
		fallthrough
	default: // labs, pharmacies: the line is answered by departments
		depts := departments[o.kind]
		k := b.r.IntN(len(depts))
		for n := len(es) + 2 + b.r.IntN(len(depts)-1); len(es) < n; k++ {
			es = append(es, b.department(o, depts[k%len(depts)], ""))
		}
		if o.kind == pharmacy {
			es = append(es, b.person(o, ""))
		}
	}
	name := o.name
	if o.kind != clinic {
		name += groupSuffix[o.kind]
	}
	b.addGroup(o, name, es)
}

func (b *book) hospitalGroup(o org, spec string) {
	var es []model.Entity
	for n := 1 + b.r.IntN(5); len(es) < n; {
		es = append(es, b.person(o, spec))
	}
	depts := departments[hospital]
	k := b.r.IntN(len(depts))
	for n := len(es) + 1 + b.r.IntN(2); len(es) < n; k++ {
		es = append(es, b.department(o, depts[k%len(depts)], spec))
	}
	b.addGroup(o, o.name+" — "+spec, es)
}

// addGroup names a lab's, an imaging centre's or a pharmacy's line after its
// site when the name is already taken (a lab has one line per site); a
// hospital department or a clinic has one line.
func (b *book) addGroup(o org, name string, es []model.Entity) {
	if b.used[name] && (o.kind == lab || o.kind == imaging || o.kind == pharmacy) {
		for _, s := range places[o.place].streets {
			if site := name + " (" + s + ")"; !b.used[site] {
				name = site
				break
			}
		}
	}
	if b.used[name] {
		return // taken: the loop of Contacts adds another contact instead
	}
	b.used[name] = true
	b.add(model.Contact{Kind: model.Group, GroupName: name, Fax: b.fax(o), Entities: es})
}

func (b *book) specialty(o org) string {
	switch o.kind {
	case clinic:
		return pick(b.r, clinicSpecialties)
	case imaging:
		return "Radiology"
	case lab:
		return "Pathology"
	case pharmacy:
		return ""
	}
	return pick(b.r, specialties)
}

// person is a doctor of o (a pharmacist when spec is empty), with the
// optional fields a real book has only now and then.
func (b *book) person(o org, spec string) model.Entity {
	e := model.Entity{
		FirstName:    pick(b.r, firstNames),
		LastName:     pick(b.r, lastNames),
		Title:        "Dr.",
		Organization: o.name,
		Specialty:    spec,
	}
	if t, ok := nonDoctorTitle[spec]; ok {
		e.Title = t
	}
	if spec == "" {
		e.Title = "RPh"
	}
	pl := places[o.place]
	if b.r.IntN(10) < 9 {
		e.Phone = b.phone(pl, true)
	}
	if b.r.IntN(100) < 15 {
		e.Mobile = b.phone(pl, false)
	}
	if b.r.IntN(100) < 35 {
		e.Email = emailLocal(e.FirstName) + "." + emailLocal(e.LastName) + "@" + o.domain
	}
	if b.r.IntN(100) < 40 {
		b.address(&e, pl)
	}
	return e
}

// department is an entity named for a service rather than a person.
func (b *book) department(o org, name, spec string) model.Entity {
	e := model.Entity{Name: name, Organization: o.name, Specialty: spec}
	pl := places[o.place]
	e.Phone = b.phone(pl, true)
	if b.r.IntN(2) == 0 {
		e.Email = emailLocal(name) + "@" + o.domain
	}
	b.address(&e, pl)
	return e
}

func (b *book) address(e *model.Entity, pl place) {
	e.Address = strconv.Itoa(10+b.r.IntN(890)) + " " + pick(b.r, pl.streets)
	e.City, e.Region, e.Country = pl.city, pl.region, pl.country
	e.PostalCode = postalCode(b.r, pl)
}

// fax returns a new number of o's city as E.164, after reading it from one of
// the spellings people type, as an import or a form would.
func (b *book) fax(o org) string {
	pl := places[o.place]
	for try := 0; ; try++ {
		if try > 50 { // the city's fictional numbers are taken: borrow another's
			pl = places[b.r.IntN(len(places))]
		}
		code, line := pick(b.r, pl.codes), 100+b.r.IntN(100)
		e164 := fmt.Sprintf("+1%s555%04d", code, line)
		if b.used[e164] {
			continue
		}
		got, err := model.ParseFax(spell(b.r, code, line), model.DefaultRegion)
		if err != nil || got != e164 {
			panic(fmt.Sprintf("demo: fax %s read as %q (%v)", e164, got, err))
		}
		b.used[e164] = true
		return got
	}
}

// phone returns a voice number of pl as NormalizePhone spells it; an office
// line sometimes has an extension.
func (b *book) phone(pl place, office bool) string {
	s := spell(b.r, pick(b.r, pl.codes), 100+b.r.IntN(100))
	if office && b.r.IntN(5) == 0 {
		s += " ext. " + strconv.Itoa(100+b.r.IntN(900))
	}
	p, err := model.NormalizePhone(s, model.DefaultRegion)
	if err != nil {
		panic(fmt.Sprintf("demo: phone %q: %v", s, err))
	}
	return p
}

// spell writes the number (code) 555-line the way one of a clinic's staff
// or correspondents would.
func spell(r *rand.Rand, code string, line int) string {
	l := fmt.Sprintf("%04d", line)
	switch r.IntN(8) {
	case 0:
		return "(" + code + ") 555-" + l
	case 1:
		return code + ".555." + l
	case 2:
		return "+1 " + code + " 555 " + l
	case 3:
		return "1-" + code + "-555-" + l
	case 4:
		return code + "555" + l
	case 5:
		return code + "-555-" + l
	case 6:
		return "+1 (" + code + ") 555-" + l
	}
	return code + " 555 " + l
}

// postalCode makes a code of pl's form: "M5B 1W8" in Canada, a ZIP code in
// the United States.
func postalCode(r *rand.Rand, pl place) string {
	if pl.country == "Canada" {
		const letters = "ABCEGHJKLMNPRSTVWXYZ" // the letters Canada Post uses
		l := func() byte { return letters[r.IntN(len(letters))] }
		d := func() byte { return byte('0' + r.IntN(10)) }
		return string([]byte{pl.postal[0], pl.postal[1], l(), ' ', d(), l(), d()})
	}
	return fmt.Sprintf("%s%02d", pl.postal, r.IntN(100))
}

// emailLocal is s as it can appear in an email address: folded, with only
// letters, digits and hyphens.
func emailLocal(s string) string {
	var out []byte
	for _, c := range []byte(model.Fold(s)) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			out = append(out, c)
		case c == ' ' || c == '-':
			if len(out) > 0 && out[len(out)-1] != '-' {
				out = append(out, '-')
			}
		}
	}
	return strings.TrimSuffix(string(out), "-")
}

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }
