package model

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Patient is a person the clinic cares for.
type Patient struct {
	ID         int64
	FirstName  string
	LastName   string
	BirthDate  Date
	Chart      string // the chart number, unique in the clinic
	Phone      string
	Email      string
	Provider   string // the primary provider's name
	ProviderID int64  // the primary provider, a user (0: none)
	EmployerID int64  // 0: none
	Archived   bool   // off the list, history kept
	Version    int64
}

// Employer is a patient's employer, with contacts of its own.
type Employer struct {
	ID       int64
	Name     string
	Phone    string
	Fax      string // E.164, or empty
	Address  string
	Notes    string
	Archived bool
	Version  int64
}

// Fields of patients and employers, named as in their imports.
const (
	FieldBirthDate Field = "date_of_birth"
	FieldChart     Field = "chart_number"
	FieldProvider  Field = "provider"
	FieldEmployer  Field = "employer"
)

// DisplayName is how a patient reads in lists: "Last, First".
func (p Patient) DisplayName() string {
	return Entity{FirstName: p.FirstName, LastName: p.LastName}.DisplayName()
}

// Clean trims the patient's fields, writes the phone in its canonical
// spelling for region, and checks the rules: a name, a chart number, a date
// of birth not in the future.
func (p Patient) Clean(region string, now time.Time) (Patient, Problems) {
	var ps Problems
	add := func(f Field, msg string) { ps = append(ps, Problem{-1, f, msg}) }
	for _, v := range []*string{&p.FirstName, &p.LastName, &p.Chart, &p.Phone, &p.Email, &p.Provider} {
		*v = CleanText(*v)
	}
	if p.FirstName == "" && p.LastName == "" {
		add(FieldLastName, "is required (or a first name)")
	}
	if p.Chart == "" {
		add(FieldChart, "is required")
	}
	for _, fv := range []struct {
		f Field
		v string
	}{{FieldFirstName, p.FirstName}, {FieldLastName, p.LastName}, {FieldChart, p.Chart}, {FieldProvider, p.Provider}} {
		if n := utf8.RuneCountInString(fv.v); n > 100 {
			add(fv.f, fmt.Sprintf("is too long (%d characters, at most 100)", n))
		}
	}
	if p.BirthDate.IsZero() {
		add(FieldBirthDate, ErrDateEmpty.Error())
	} else if time.Date(p.BirthDate.Year, p.BirthDate.Month, p.BirthDate.Day, 0, 0, 0, 0, time.UTC).After(now) {
		add(FieldBirthDate, "is in the future")
	} else if p.BirthDate.Year < 1880 {
		add(FieldBirthDate, "is before 1880")
	}
	phone, err := NormalizePhone(p.Phone, region)
	if err != nil {
		add(FieldPhone, err.Error())
	} else {
		p.Phone = phone
	}
	if p.Email != "" && !validEmail(p.Email) {
		add(FieldEmail, "is not an email address")
	}
	return p, ps
}

// Search is the folded text the patient list filter matches: the name,
// the chart number, the date of birth in every usual spelling, the phone
// with and without punctuation.
func (p Patient) Search() string {
	parts := []string{Fold(p.DisplayName()), Fold(p.FirstName + " " + p.LastName), Fold(p.Chart)}
	parts = append(parts, p.BirthDate.Spellings()...)
	parts = append(parts, p.Phone, Digits(p.Phone))
	return strings.Join(parts, string(SearchSep))
}

// Clean trims the employer's fields and checks them: a name, and a fax
// number when there is one.
func (e Employer) Clean(region string) (Employer, Problems) {
	var ps Problems
	add := func(f Field, msg string) { ps = append(ps, Problem{-1, f, msg}) }
	e.Name, e.Phone, e.Fax = CleanText(e.Name), CleanText(e.Phone), CleanText(e.Fax)
	e.Address, e.Notes = strings.TrimSpace(cleanControls(e.Address, true)), strings.TrimSpace(cleanControls(e.Notes, true))
	if e.Name == "" {
		add(FieldName, "is required")
	} else if n := utf8.RuneCountInString(e.Name); n > 200 {
		add(FieldName, fmt.Sprintf("is too long (%d characters, at most 200)", n))
	}
	if phone, err := NormalizePhone(e.Phone, region); err != nil {
		add(FieldPhone, err.Error())
	} else {
		e.Phone = phone
	}
	if e.Fax != "" {
		if f, err := ParseFax(e.Fax, region); err != nil {
			add(FieldFax, err.Error())
		} else {
			e.Fax = f
		}
	}
	return e, ps
}

// validEmail accepts a bare address with a dotted domain.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

// ContactRef names a saved contact, or one person (entity) of a
// multiple-entity contact when EntityID is set.
type ContactRef struct {
	ContactID int64
	EntityID  int64 // 0: the whole contact
}
