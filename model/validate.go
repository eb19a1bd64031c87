package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Problem is one reason a value cannot be saved, tied to the field (and,
// within a contact, the person) it is about.
type Problem struct {
	Person  int // index in Contact.Entities, or -1 for the contact itself
	Field   Field
	Message string
}

func (p Problem) String() string {
	if p.Person >= 0 {
		return fmt.Sprintf("person %d: %s %s", p.Person+1, p.Field, p.Message)
	}
	return fmt.Sprintf("%s %s", p.Field, p.Message)
}

// Problems is what validation found; empty means valid.
type Problems []Problem

// Err returns nil when there is no problem, else a *ValidationError.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps}
}

// For returns the message about field (of person, or -1), if any.
func (ps Problems) For(person int, f Field) string {
	for _, p := range ps {
		if p.Person == person && p.Field == f {
			return p.Message
		}
	}
	return ""
}

// ValidationError is the error of a value that breaks a rule of the model.
type ValidationError struct{ Problems Problems }

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return strings.Join(parts, "; ")
}

// Clean trims every field, puts phone numbers in their canonical spelling for
// region and checks the entity. person is its index, used in the problems.
func (e Entity) Clean(region string, person int) (Entity, Problems) {
	e = e.Trimmed()
	var ps Problems
	add := func(f Field, msg string) { ps = append(ps, Problem{person, f, msg}) }
	if e.FirstName == "" && e.LastName == "" && e.Name == "" {
		add(FieldName, "is required when there is no first or last name")
	}
	for _, f := range EntityFields {
		if n := utf8.RuneCountInString(f.Get(e)); n > f.MaxLen {
			add(f.Key, fmt.Sprintf("is too long (%d characters, at most %d)", n, f.MaxLen))
		}
	}
	for _, f := range []Field{FieldPhone, FieldMobile} {
		ef, _ := LookupEntityField(f)
		v, err := NormalizePhone(ef.Get(e), region)
		if err != nil {
			add(f, err.Error())
			continue
		}
		ef.Set(&e, v)
	}
	if e.Email != "" && !validEmail(e.Email) {
		add(FieldEmail, "is not an email address")
	}
	return e, ps
}

// Validate checks the contact's own rules and each entity's (see Clean).
// A group needs a name and at least one person; a single contact exactly one.
func (c Contact) Validate(region string) Problems {
	var ps Problems
	add := func(f Field, msg string) { ps = append(ps, Problem{-1, f, msg}) }
	switch c.Kind {
	case Single:
		if len(c.Entities) != 1 {
			add(FieldName, fmt.Sprintf("a single contact has exactly one person, not %d", len(c.Entities)))
		}
	case Group:
		if strings.TrimSpace(c.GroupName) == "" {
			add(FieldGroup, "is required for a multiple-entity contact")
		} else if n := utf8.RuneCountInString(c.GroupName); n > 200 {
			add(FieldGroup, fmt.Sprintf("is too long (%d characters, at most 200)", n))
		}
		if len(c.Entities) == 0 {
			add(FieldName, "a multiple-entity contact needs at least one person")
		}
	default:
		add(FieldGroup, fmt.Sprintf("unknown kind %q", c.Kind))
	}
	if c.Fax == "" {
		add(FieldFax, ErrNumberEmpty.Error())
	} else if e164, err := ParseFax(c.Fax, DefaultRegion); err != nil {
		add(FieldFax, err.Error())
	} else if e164 != c.Fax {
		add(FieldFax, "is not stored in E.164 form")
	}
	for i, e := range c.Entities {
		_, eps := e.Clean(region, i)
		ps = append(ps, eps...)
	}
	return ps
}
