package demo

import (
	"math/rand/v2"
	"strconv"

	"frontdesk/model"
)

// Generate returns n contacts for benchmarks and load tests, in no particular
// order: the names, organizations and specialties of Contacts' book, with
// about a third of the contacts multiple-entity ones (2 to 8 entities sharing
// the fax number). It is built for speed (a million contacts in a few
// seconds): numbers are written in E.164 and national form directly rather
// than through the phone-number parser, and strings are shared wherever the
// data allows. Numbers are in the 555 exchange of real area codes, so they
// never reach a subscriber; at large n some repeat. The same n and seed give
// the same contacts.
func Generate(n int, seed int64) []model.Contact {
	r := rand.New(rand.NewPCG(uint64(seed), 0x6e_e7a7e))
	g := newGenerator()

	// Sizes first, so that every entity lives in one allocation.
	sizes := make([]uint8, n)
	total := 0
	for i := range sizes {
		k := 1
		if r.IntN(3) == 0 {
			// 2 to 8, small groups the most common, as in a real book.
			k = 2 + min(r.IntN(7), r.IntN(7))
		}
		sizes[i] = uint8(k)
		total += k
	}
	slab := make([]model.Entity, total)
	out := make([]model.Contact, n)
	for i := range out {
		k := int(sizes[i])
		es := slab[:k:k]
		slab = slab[k:]
		oi := r.IntN(len(orgs))
		o := &orgs[oi]
		code := pick(r, places[o.place].codes)
		line := r.IntN(10000)
		c := &out[i]
		c.Fax = e164(code, line)
		c.Entities = es
		if k == 1 {
			c.Kind = model.Single
			if r.IntN(12) == 0 {
				g.department(&es[0], oi, g.deptLines[oi][r.IntN(len(g.deptLines[oi]))])
			} else {
				g.person(r, &es[0], oi, g.specialty(r, o))
			}
			continue
		}
		c.Kind = model.Group
		spec := g.specialty(r, o)
		c.GroupName = g.groupName(oi, spec)
		phone := national(code, r.IntN(10000))
		// Departments first, each once; people after them.
		depts := departments[o.kind]
		nd := min(k-1, 1+r.IntN(2))
		if o.kind == lab || o.kind == pharmacy {
			nd = min(k, len(depts))
		}
		d0 := r.IntN(len(depts))
		for j := range es {
			if j < nd {
				g.department(&es[j], oi, depts[(d0+j)%len(depts)])
				es[j].Specialty = spec
			} else {
				g.person(r, &es[j], oi, spec)
			}
			es[j].Phone = phone
		}
	}
	return out
}

// generator holds the strings Generate shares between contacts, computed
// once per call.
type generator struct {
	emailFirst, emailLast []string // by index in firstNames, lastNames
	// deptLines are the single department contacts' names ("Mount Sinai
	// Hospital — Health Records"), by organization.
	deptLines [][]string
	// groupNames by organization: one per specialty for hospitals, else one.
	groupNames [][]string
	// addresses by organization: street address and postal code.
	addresses [][2]string
}

func newGenerator() *generator {
	g := &generator{
		emailFirst: make([]string, len(firstNames)),
		emailLast:  make([]string, len(lastNames)),
		deptLines:  make([][]string, len(orgs)),
		groupNames: make([][]string, len(orgs)),
		addresses:  make([][2]string, len(orgs)),
	}
	for i, s := range firstNames {
		g.emailFirst[i] = emailLocal(s)
	}
	for i, s := range lastNames {
		g.emailLast[i] = emailLocal(s)
	}
	r := rand.New(rand.NewPCG(1, 2)) // addresses do not depend on the seed
	for i, o := range orgs {
		for _, d := range departments[o.kind] {
			g.deptLines[i] = append(g.deptLines[i], o.name+" — "+d)
		}
		switch o.kind {
		case hospital:
			for _, s := range specialties {
				g.groupNames[i] = append(g.groupNames[i], o.name+" — "+s)
			}
		case clinic:
			g.groupNames[i] = []string{o.name}
		default:
			g.groupNames[i] = []string{o.name + groupSuffix[o.kind]}
		}
		pl := places[o.place]
		g.addresses[i] = [2]string{strconv.Itoa(10+r.IntN(890)) + " " + pick(r, pl.streets), postalCode(r, pl)}
	}
	return g
}

func (g *generator) specialty(r *rand.Rand, o *org) string {
	switch o.kind {
	case hospital:
		return specialties[r.IntN(len(specialties))]
	case clinic:
		return pick(r, clinicSpecialties)
	case imaging:
		return "Radiology"
	case lab:
		return "Pathology"
	}
	return ""
}

func (g *generator) groupName(oi int, spec string) string {
	names := g.groupNames[oi]
	if orgs[oi].kind == hospital {
		for i, s := range specialties {
			if s == spec {
				return names[i]
			}
		}
	}
	return names[0]
}

func (g *generator) person(r *rand.Rand, e *model.Entity, oi int, spec string) {
	o := &orgs[oi]
	fi, li := r.IntN(len(firstNames)), r.IntN(len(lastNames))
	e.FirstName, e.LastName = firstNames[fi], lastNames[li]
	e.Organization, e.Specialty = o.name, spec
	e.Title = "Dr."
	if t, ok := nonDoctorTitle[spec]; ok {
		e.Title = t
	} else if spec == "" {
		e.Title = "RPh"
	}
	if r.IntN(10) < 7 {
		e.Phone = national(pick(r, places[o.place].codes), r.IntN(10000))
	}
	if r.IntN(100) < 15 {
		e.Email = g.emailFirst[fi] + "." + g.emailLast[li] + "@" + o.domain
	}
	if r.IntN(100) < 25 {
		g.address(e, oi)
	}
}

func (g *generator) department(e *model.Entity, oi int, name string) {
	e.Name, e.Organization = name, orgs[oi].name
	g.address(e, oi)
}

func (g *generator) address(e *model.Entity, oi int) {
	pl := &places[orgs[oi].place]
	e.Address, e.PostalCode = g.addresses[oi][0], g.addresses[oi][1]
	e.City, e.Region, e.Country = pl.city, pl.region, pl.country
}

// e164 writes +1 code 555 line without the parser: in E.164 a NANP number is
// "+1" and its ten digits.
func e164(code string, line int) string {
	var b [12]byte
	b[0], b[1] = '+', '1'
	copy(b[2:5], code)
	b[5], b[6], b[7] = '5', '5', '5'
	putLine(b[8:], line)
	return string(b[:])
}

// national writes (code) 555-line, the national form NormalizePhone gives a
// NANP number.
func national(code string, line int) string {
	var b [14]byte
	b[0] = '('
	copy(b[1:4], code)
	copy(b[4:10], ") 555-")
	putLine(b[10:], line)
	return string(b[:])
}

func putLine(b []byte, line int) {
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + line%10)
		line /= 10
	}
}
