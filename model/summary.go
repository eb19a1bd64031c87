package model

import "strings"

// Summary is what the contact list shows and searches for one contact,
// computed when the contact is saved so that a list of any length loads
// without looking at entities.
type Summary struct {
	Name         string
	Organization string
	Specialty    string
	People       int
	// SortKey orders the list: the folded name.
	SortKey string
	// Search is the folded text the list filter matches: the name first, then
	// every person, organization, specialty and spelling of the fax number,
	// separated by SearchSep.
	Search string
}

// SearchSep separates the parts of Summary.Search. A query never contains it.
const SearchSep = '\x1f'

// Summarize computes the contact's Summary, with the fax number written as
// region reads it.
func (c Contact) Summarize(region string) Summary {
	s := Summary{
		Name:         c.DisplayName(),
		Organization: joinDistinct(c.Entities, func(e Entity) string { return e.Organization }),
		Specialty:    joinDistinct(c.Entities, func(e Entity) string { return e.Specialty }),
		People:       len(c.Entities),
	}
	s.SortKey = Fold(s.Name)

	var b []byte
	sep := func() { b = append(b, SearchSep) }
	b = AppendFold(b, s.Name)
	for _, e := range c.Entities {
		sep()
		b = AppendFold(b, e.FullName())
		if e.Name != "" && e.Name != e.FullName() {
			sep()
			b = AppendFold(b, e.Name)
		}
	}
	sep()
	b = AppendFold(b, s.Organization)
	sep()
	b = AppendFold(b, s.Specialty)
	national := FormatFax(c.Fax, region)
	sep()
	b = append(b, national...)
	sep()
	b = append(b, Digits(national)...)
	sep()
	b = append(b, Digits(c.Fax)...)
	s.Search = string(b)
	return s
}

// joinDistinct joins the distinct non-empty values of field over the
// entities, in order, with ", ".
func joinDistinct(es []Entity, field func(Entity) string) string {
	var seen []string
	for _, e := range es {
		v := strings.TrimSpace(field(e))
		if v == "" {
			continue
		}
		dup := false
		for _, s := range seen {
			if strings.EqualFold(s, v) {
				dup = true
				break
			}
		}
		if !dup {
			seen = append(seen, v)
		}
	}
	return strings.Join(seen, ", ")
}
