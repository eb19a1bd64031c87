// Package model holds frontdesk's domain: its types and the rules they keep.
// It does no I/O and imports nothing else of frontdesk.
package model

import (
	"errors"
	"strings"
	"unicode"
)

// Kind tells a single contact from a multiple-entity (group) contact.
type Kind string

// The two kinds of contact.
const (
	Single Kind = "single"
	Group  Kind = "group"
)

// Label is how the kind reads in a list.
func (k Kind) Label() string {
	if k == Group {
		return "multiple"
	}
	return "single"
}

// Contact is one fax endpoint: a fax number shared by one entity (a single
// contact) or by several under a group name (a multiple-entity contact).
type Contact struct {
	ID        int64
	Kind      Kind
	GroupName string // only for a group
	Fax       string // E.164
	Entities  []Entity
	// Version counts the saved changes; a save based on an older version is
	// refused so that one session never overwrites another's change unseen.
	Version int64
}

// Entity is a person or a department reached at a contact's fax number.
// Everything but the fax number belongs to the entity.
type Entity struct {
	ID           int64
	FirstName    string
	LastName     string
	Name         string // a full name or a department, when first and last are absent
	Title        string
	Organization string
	Specialty    string
	Phone        string
	Mobile       string
	Email        string
	Address      string
	City         string
	Region       string
	PostalCode   string
	Country      string
	Notes        string
}

// Errors of the switching and membership rules.
var (
	ErrNeedsSplit   = errors.New("a multiple-entity contact with several people becomes single contacts only by a split")
	ErrLastPerson   = errors.New("a contact keeps at least one person; delete the contact instead")
	ErrNotGroup     = errors.New("only a multiple-entity contact has several people")
	ErrAlreadyKind  = errors.New("the contact is already of that kind")
	ErrNoSuchPerson = errors.New("no such person in this contact")
)

// DisplayName is how a person reads in lists: "Last, First", or the full
// name or department when first and last names are absent.
func (e Entity) DisplayName() string {
	first, last := strings.TrimSpace(e.FirstName), strings.TrimSpace(e.LastName)
	switch {
	case first != "" && last != "":
		return last + ", " + first
	case last != "":
		return last
	case first != "":
		return first
	}
	return strings.TrimSpace(e.Name)
}

// FullName is the person's name in reading order ("Hélène Tremblay").
func (e Entity) FullName() string {
	n := strings.TrimSpace(strings.TrimSpace(e.FirstName) + " " + strings.TrimSpace(e.LastName))
	if n == "" {
		return strings.TrimSpace(e.Name)
	}
	return n
}

// Trimmed returns the entity with surrounding spaces removed from every
// field, and control characters (tabs, stray escapes) turned into spaces;
// only the address and the notes keep their line breaks. (Field by field:
// going through EntityFields' pointers would move the entity to the heap,
// and imports clean a million of them.)
func (e Entity) Trimmed() Entity {
	e.FirstName = CleanText(e.FirstName)
	e.LastName = CleanText(e.LastName)
	e.Name = CleanText(e.Name)
	e.Title = CleanText(e.Title)
	e.Organization = CleanText(e.Organization)
	e.Specialty = CleanText(e.Specialty)
	e.Phone = CleanText(e.Phone)
	e.Mobile = CleanText(e.Mobile)
	e.Email = CleanText(e.Email)
	e.Address = strings.TrimSpace(cleanControls(e.Address, true))
	e.City = CleanText(e.City)
	e.Region = CleanText(e.Region)
	e.PostalCode = CleanText(e.PostalCode)
	e.Country = CleanText(e.Country)
	e.Notes = strings.TrimSpace(cleanControls(e.Notes, true))
	return e
}

// cleanControls replaces control characters in s by spaces.
func cleanControls(s string, keepNewlines bool) string {
	clean := true
	for _, r := range s {
		if unicode.IsControl(r) && !(keepNewlines && r == '\n') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\r' && keepNewlines {
			return -1
		}
		if unicode.IsControl(r) && !(keepNewlines && r == '\n') {
			return ' '
		}
		return r
	}, s)
}

// DisplayName is the contact's name in lists: the group name of a group,
// the person's name of a single contact.
func (c Contact) DisplayName() string {
	if c.Kind == Group {
		return c.GroupName
	}
	if len(c.Entities) == 0 {
		return ""
	}
	return c.Entities[0].DisplayName()
}

// DefaultGroupName proposes a group name when a single contact becomes a
// multiple-entity one: the person's organization, or else the person's name.
func (c Contact) DefaultGroupName() string {
	if len(c.Entities) == 0 {
		return ""
	}
	if org := strings.TrimSpace(c.Entities[0].Organization); org != "" {
		return org
	}
	return c.Entities[0].DisplayName()
}

// ToGroup makes a single contact a multiple-entity one named name, keeping
// its person.
func (c Contact) ToGroup(name string) (Contact, error) {
	if c.Kind == Group {
		return c, ErrAlreadyKind
	}
	c.Kind = Group
	c.GroupName = strings.TrimSpace(cleanControls(name, false))
	if c.GroupName == "" {
		return c, Problems{{-1, FieldGroup, "is required for a multiple-entity contact"}}.Err()
	}
	c.Entities = append([]Entity(nil), c.Entities...)
	return c, nil
}

// ToSingle makes a multiple-entity contact with one person a single
// contact. With several people it returns ErrNeedsSplit: see Split.
func (c Contact) ToSingle() (Contact, error) {
	if c.Kind != Group {
		return c, ErrAlreadyKind
	}
	if len(c.Entities) != 1 {
		return c, ErrNeedsSplit
	}
	c.Kind = Single
	c.GroupName = ""
	return c, nil
}

// Split turns a multiple-entity contact into one single contact per person,
// each keeping the fax number. The first keeps the contact's ID; the others
// are new (ID 0).
func (c Contact) Split() []Contact {
	out := make([]Contact, len(c.Entities))
	for i, e := range c.Entities {
		out[i] = Contact{Kind: Single, Fax: c.Fax, Entities: []Entity{e}}
		if i == 0 {
			out[i].ID, out[i].Version = c.ID, c.Version
		} else {
			out[i].Entities[0].ID = 0
		}
	}
	return out
}

// AddPerson adds a person to a multiple-entity contact.
func (c Contact) AddPerson(e Entity) (Contact, error) {
	if c.Kind != Group {
		return c, ErrNotGroup
	}
	c.Entities = append(append([]Entity(nil), c.Entities...), e)
	return c, nil
}

// RemovePerson removes the i-th person of a multiple-entity contact; the
// last person cannot be removed.
func (c Contact) RemovePerson(i int) (Contact, error) {
	if c.Kind != Group {
		return c, ErrNotGroup
	}
	if i < 0 || i >= len(c.Entities) {
		return c, ErrNoSuchPerson
	}
	if len(c.Entities) == 1 {
		return c, ErrLastPerson
	}
	es := make([]Entity, 0, len(c.Entities)-1)
	es = append(es, c.Entities[:i]...)
	c.Entities = append(es, c.Entities[i+1:]...)
	return c, nil
}

// CleanText trims a one-line text and turns its control characters into
// spaces.
func CleanText(s string) string { return strings.TrimSpace(cleanControls(s, false)) }
