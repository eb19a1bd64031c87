package importer

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"frontdesk/model"
)

// A family is a run of numbered columns that Google Contacts and similar
// exports write for what a person may have several of: "Phone 1 - Type",
// "Phone 1 - Value", "Phone 2 - Type", ... Which field a value is depends
// on its type, row by row: the fax is the phone whose type names a fax,
// whatever its number. A column of a family is mapped to its role in it,
// written "phone 2 type" or "phone 2 value" (see Role); --map writes the
// whole family as "Phone *=by type".

// familyKind is a kind of family: the prefixes of its headers and the
// parts of a member besides its type.
type familyKind struct {
	name     string   // as roles write it
	plural   string   // as the mapping step names the family
	prefixes []string // keys of the headers' prefixes
	parts    []string // the value parts, in the order they are shown
}

var familyKinds = []familyKind{
	{"phone", "phones", []string{"phone", "telephone", "tel"}, []string{"value"}},
	{"email", "emails", []string{"email", "courriel"}, []string{"value"}},
	{"organization", "organizations", []string{"organization", "organisation", "company"}, []string{"name", "title", "department"}},
	{"address", "addresses", []string{"address", "adresse"}, []string{"street", "city", "region", "postal code", "country"}},
}

// ByType is the field --map gives a whole family ("Phone *=by type").
const ByType = "by type"

// Role is what a column is in a family: member N's type or one of its parts.
type Role struct {
	Kind string // "phone", "email", "organization", "address"
	N    int
	Part string // "type", or one of the kind's parts ("value", "postal code")
}

// String writes the role as a mapping holds it: "phone 2 type".
func (r Role) String() string { return r.Kind + " " + strconv.Itoa(r.N) + " " + r.Part }

// ParseRole reads a mapping entry written by Role.String.
func ParseRole(entry string) (Role, bool) {
	f := strings.Fields(entry)
	if len(f) < 3 {
		return Role{}, false
	}
	n, err := strconv.Atoi(f[1])
	if err != nil || n < 1 {
		return Role{}, false
	}
	r := Role{Kind: f[0], N: n, Part: strings.Join(f[2:], " ")}
	k := kindOf(r.Kind)
	if k == nil || (r.Part != "type" && !contains(k.parts, r.Part)) {
		return Role{}, false
	}
	return r, true
}

func kindOf(name string) *familyKind {
	for i := range familyKinds {
		if familyKinds[i].name == name {
			return &familyKinds[i]
		}
	}
	return nil
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// HeaderRole reads what a header says it is in a family: "Phone 2 -
// Value" is phone 2's value, "E-mail 1 - Label" email 1's type. prefix is
// the key of the words before the number, to tell two families of a kind
// apart. A part the family does not read ("Address 1 - PO Box") still
// names its member: known says whether the role is one a mapping can hold.
func HeaderRole(header string) (r Role, prefix string, known, ok bool) {
	w := words(header)
	for i := 1; i < len(w)-1; i++ {
		n, err := strconv.Atoi(w[i])
		if err != nil {
			continue
		}
		prefix = strings.Join(w[:i], "")
		var k *familyKind
		for j := range familyKinds {
			if contains(familyKinds[j].prefixes, prefix) {
				k = &familyKinds[j]
			}
		}
		if k == nil || n < 1 {
			return Role{}, "", false, false
		}
		part := strings.Join(w[i+1:], " ")
		if part == "label" {
			part = "type"
		}
		r = Role{Kind: k.name, N: n, Part: part}
		return r, prefix, part == "type" || contains(k.parts, part), true
	}
	return Role{}, "", false, false
}

// familyRoles finds the families of a header: each member that has a type
// column and a value part. roles holds the role of each of their columns
// ("" for others); members marks every column of a member, those of parts
// no role reads too, so that no field is suggested for them.
func familyRoles(headers []string) (roles []string, members []bool) {
	type memberKey struct {
		kind, prefix string
		n            int
	}
	typed, valued := map[memberKey]bool{}, map[memberKey]bool{}
	keys := make([]*memberKey, len(headers))
	for c, h := range headers {
		r, prefix, known, ok := HeaderRole(h)
		if !ok {
			continue
		}
		k := memberKey{r.Kind, prefix, r.N}
		keys[c] = &k
		switch {
		case r.Part == "type":
			typed[k] = true
		case known:
			valued[k] = true
		}
	}
	roles, members = make([]string, len(headers)), make([]bool, len(headers))
	for c, k := range keys {
		if k == nil || !typed[*k] || !valued[*k] {
			continue
		}
		members[c] = true
		if r, _, known, _ := HeaderRole(headers[c]); known {
			roles[c] = r.String()
		}
	}
	return roles, members
}

// familyFields are the fields each kind of family gives a person.
func familyFields(kind string) []model.Field {
	switch kind {
	case "phone":
		return []model.Field{model.FieldFax, model.FieldPhone, model.FieldMobile}
	case "email":
		return []model.Field{model.FieldEmail}
	case "organization":
		return []model.Field{model.FieldOrganization, model.FieldTitle, model.FieldName}
	case "address":
		return addressFields
	}
	return nil
}

// addressFields are the parts of an address: they come from one block of
// columns or one member of a family together, never mixed.
var addressFields = []model.Field{model.FieldAddress, model.FieldCity, model.FieldRegion, model.FieldPostalCode, model.FieldCountry}

// partField is the field a part of a member fills.
func partField(kind, part string) model.Field {
	switch kind + " " + part {
	case "organization name":
		return model.FieldOrganization
	case "organization title":
		return model.FieldTitle
	case "organization department":
		return model.FieldName
	case "address street":
		return model.FieldAddress
	case "address city":
		return model.FieldCity
	case "address region":
		return model.FieldRegion
	case "address postal code":
		return model.FieldPostalCode
	case "address country":
		return model.FieldCountry
	case "email value":
		return model.FieldEmail
	}
	return ""
}

// member is one numbered member of a family, by its columns.
type member struct {
	kind  string
	n     int
	typ   int            // the type column, or -1
	parts map[string]int // part -> column
}

// DescribeFamily says in a few words what a family of kind gives, for the
// mapping step: "fax, phone and mobile by each row's type".
func DescribeFamily(kind string) string {
	switch kind {
	case "phone":
		return "the fax is the phone whose type names a fax; others go to phone and mobile by type"
	case "email":
		return "email: the work one first, else the first one"
	case "organization":
		return "organization, title and department (as name) of the work one, else the first one"
	case "address":
		return "address, city, region, postal code and country of the work one, else the first one"
	}
	return ""
}

// Plural names a family of kind: "phones".
func Plural(kind string) string {
	if k := kindOf(kind); k != nil {
		return k.plural
	}
	return kind
}

// typed works out what a row's families give: one value per field.
func typed(members []member, cells []string) map[model.Field]string {
	if len(members) == 0 {
		return nil
	}
	out := map[model.Field]string{}
	best := map[model.Field]int{} // rank of the member that gave the field
	for _, m := range members {
		t := cell(cells, m.typ)
		rank := typeRank(t)
		give := func(f model.Field, v string) {
			if v == "" || f == "" {
				return
			}
			if r, ok := best[f]; ok && r <= rank {
				return
			}
			out[f], best[f] = v, rank
		}
		switch m.kind {
		case "phone":
			give(phoneField(t), firstValue(cell(cells, colOf(m, "value"))))
		case "email":
			give(model.FieldEmail, firstValue(cell(cells, colOf(m, "value"))))
		default:
			// The parts of one member go together: an organization's
			// name with its own title, an address's street with its city.
			vals := map[model.Field]string{}
			for part, col := range m.parts {
				if v := firstValue(cell(cells, col)); v != "" {
					vals[partField(m.kind, part)] = v
				}
			}
			if len(vals) == 0 {
				continue
			}
			key := familyFields(m.kind)[0]
			if r, ok := best[key]; ok && r <= rank {
				continue
			}
			for _, f := range familyFields(m.kind) {
				out[f] = vals[f]
			}
			best[key] = rank
		}
	}
	return out
}

func colOf(m member, part string) int {
	if c, ok := m.parts[part]; ok {
		return c
	}
	return -1
}

// firstValue is the first of the values Google writes in one cell, "a :::
// b", trimmed.
func firstValue(s string) string {
	for _, v := range strings.Split(s, ":::") {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// phoneField is the field of a phone of type t: "Work Fax" is a fax,
// "Mobile" a mobile, a pager nothing, anything else a phone.
func phoneField(t string) model.Field {
	for _, w := range words(t) {
		switch {
		case contains(keywords[model.FieldFax], w):
			return model.FieldFax
		case contains(keywords[model.FieldMobile], w) || w == "portable" || w == "iphone":
			return model.FieldMobile
		case w == "pager" || w == "beeper" || w == "telex":
			return ""
		}
	}
	return model.FieldPhone
}

// typeRank orders the members of a family by their types: the work one
// first, then one with no place said, then the other and home ones; the
// one marked primary ("* Work") before its equals. Lower is better.
func typeRank(t string) int {
	r := 2 * blockRank(blockOf(words(t)))
	if !strings.HasPrefix(strings.TrimSpace(t), "*") {
		r++
	}
	return r
}

// checkMembers groups the family columns of a mapping by member.
func checkMembers(roles map[int]Role, ncols int) ([]member, error) {
	var out []member
	idx := map[string]int{}
	for col := range ncols {
		r, ok := roles[col]
		if !ok {
			continue
		}
		k := r.Kind + " " + strconv.Itoa(r.N)
		i, seen := idx[k]
		if !seen {
			out = append(out, member{kind: r.Kind, n: r.N, typ: -1, parts: map[string]int{}})
			i = len(out) - 1
			idx[k] = i
		}
		m := &out[i]
		if r.Part == "type" {
			if m.typ >= 0 {
				return nil, fmt.Errorf("%s is mapped to two columns", r)
			}
			m.typ = col
			continue
		}
		if _, dup := m.parts[r.Part]; dup {
			return nil, fmt.Errorf("%s is mapped to two columns", r)
		}
		m.parts[r.Part] = col
	}
	// A type whose value is mapped elsewhere ("Phone 3 - Value=fax") says
	// nothing.
	return slices.DeleteFunc(out, func(m member) bool { return len(m.parts) == 0 }), nil
}
