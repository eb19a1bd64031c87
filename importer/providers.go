package importer

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"frontdesk/model"
	"frontdesk/store"
)

// providerNames sorts the primary providers a file of patients names
// into those the clinic has and those the import makes, the way the
// store matches them (model.NameKey: case, accents, punctuation and
// spacing ignored), and keeps what a person should look at: a name
// spelled differently from the provider it is taken for, and a new name
// that looks like another (model.LooksLike), which is made as a provider
// of its own and pointed out, never merged.
type providerNames struct {
	known   map[string]string // NameKey -> the user's name
	users   []model.User      // every user, for look-alikes
	spelled map[string]*seen  // a spelling unlike the user's name, by spelling
	made    map[string]*seen  // new providers, by NameKey
	order   []*seen           // new providers then other spellings, as first seen
}

// seen is one name of the file and the rows that give it.
type seen struct {
	name   string // as first written in the file
	is     string // the provider it is taken for; "" for a new one
	rows   []int
	spells int // rows beyond those listed
}

const rowsListed = 3

func (s *seen) add(row int) {
	if len(s.rows) < rowsListed {
		s.rows = append(s.rows, row)
	} else {
		s.spells++
	}
}

func (s *seen) where() string {
	w := make([]string, len(s.rows))
	for i, r := range s.rows {
		w[i] = fmt.Sprint(r)
	}
	out := "row " + w[0]
	if len(w) > 1 {
		out = "rows " + strings.Join(w, ", ")
	}
	if s.spells > 0 {
		out += fmt.Sprintf(" and %d more", s.spells)
	}
	return out
}

func knownProviders(ctx context.Context, st *store.Store) (*providerNames, error) {
	users, err := st.Users(ctx)
	if err != nil {
		return nil, err
	}
	p := &providerNames{known: map[string]string{}, spelled: map[string]*seen{}, made: map[string]*seen{}}
	// As the store does: a provider first, then any user, the oldest
	// first.
	for _, providers := range []bool{true, false} {
		for _, u := range sortedByID(users) {
			if (u.Kind == model.KindProvider) != providers {
				continue
			}
			if k := model.NameKey(u.Name); k != "" {
				if _, ok := p.known[k]; !ok {
					p.known[k] = u.Name
				}
			}
		}
	}
	p.users = users
	return p, nil
}

func sortedByID(users []model.User) []model.User {
	out := slices.Clone(users)
	slices.SortFunc(out, func(a, b model.User) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// see takes the provider named on row (already cleaned by the patient).
func (p *providerNames) see(name string, row int) {
	name = strings.Join(strings.Fields(name), " ")
	key := model.NameKey(name)
	if key == "" {
		return
	}
	if is, ok := p.known[key]; ok {
		if is == name {
			return
		}
		s := p.spelled[name]
		if s == nil {
			s = &seen{name: name, is: is}
			p.spelled[name] = s
			p.order = append(p.order, s)
		}
		s.add(row)
		return
	}
	s := p.made[key]
	if s == nil {
		s = &seen{name: name}
		p.made[key] = s
		p.order = append(p.order, s)
	}
	s.add(row)
}

// newNames are the providers the import makes, as first written.
func (p *providerNames) newNames() []string {
	var out []string
	for _, s := range p.order {
		if s.is == "" {
			out = append(out, s.name)
		}
	}
	return out
}

// warnings point out the new providers and the names to check.
func (p *providerNames) warnings() []string {
	var out []string
	if made := p.newNames(); len(made) > 0 {
		out = append(out, fmt.Sprintf("%s: %s — made without sign-in; an admin activates them on the Staff screen",
			countNoun(len(made), "new provider", "new providers"), strings.Join(made, ", ")))
	}
	for _, s := range p.order {
		if s.is != "" {
			out = append(out, fmt.Sprintf("%q (%s) is taken for the provider %s: the same name but for case, accents or punctuation",
				s.name, s.where(), s.is))
			continue
		}
		if like := p.lookAlike(s); like != "" {
			out = append(out, fmt.Sprintf("the new provider %q (%s) looks like %s; if they are one person, correct the file before importing",
				s.name, s.where(), like))
		}
	}
	return out
}

// lookAlike names the provider, known or new, that new provider s looks
// like, or "".
func (p *providerNames) lookAlike(s *seen) string {
	for _, u := range p.users {
		if model.LooksLike(s.name, u.Name) {
			if u.Kind == model.KindProvider {
				return u.Name + ", already a provider"
			}
			return u.Name + ", already on the staff"
		}
	}
	// Against the new names before it only: a pair is pointed out once.
	for _, o := range p.order {
		if o == s {
			break
		}
		if o.is == "" && model.LooksLike(s.name, o.name) {
			return fmt.Sprintf("the new provider %q", o.name)
		}
	}
	return ""
}

func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
