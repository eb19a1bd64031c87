package model

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// PatientDocKind is what a patient's document is to the clinic.
type PatientDocKind string

// The kinds of a patient's documents.
const (
	PDocLetter       PatientDocKind = "letter"
	PDocPrescription PatientDocKind = "prescription"
	PDocDocument     PatientDocKind = "document"
	PDocLab          PatientDocKind = "lab_result"
	PDocInvoice      PatientDocKind = "invoice"
)

// PatientDocKinds lists the kinds in the order they are offered.
var PatientDocKinds = []PatientDocKind{PDocLetter, PDocPrescription, PDocDocument, PDocLab, PDocInvoice}

// Label is how the kind reads to people: "Lab result".
func (k PatientDocKind) Label() string {
	switch k {
	case PDocLetter:
		return "Letter"
	case PDocPrescription:
		return "Prescription"
	case PDocDocument:
		return "Document"
	case PDocLab:
		return "Lab result"
	case PDocInvoice:
		return "Invoice"
	}
	return string(k)
}

// Valid reports whether k is one of PatientDocKinds.
func (k PatientDocKind) Valid() bool {
	for _, q := range PatientDocKinds {
		if k == q {
			return true
		}
	}
	return false
}

// Permission is what adding or changing a document of the kind needs: a
// letter, a lab result or an invoice is the business of those who write
// them; any other document, of those who keep the charts.
func (k PatientDocKind) Permission() Permission {
	switch k {
	case PDocLetter:
		return PermLetters
	case PDocLab:
		return PermLabs
	case PDocInvoice:
		return PermInvoices
	}
	return PermPatients
}

// ParsePatientDocKind reads a kind as typed: its name ("lab_result") or
// its label ("Lab result", "lab result"), in any case.
func ParsePatientDocKind(s string) (PatientDocKind, error) {
	t := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "_", " ")), " "))
	for _, k := range PatientDocKinds {
		if t == strings.ToLower(k.Label()) || t == strings.ReplaceAll(string(k), "_", " ") {
			return k, nil
		}
	}
	names := make([]string, len(PatientDocKinds))
	for i, k := range PatientDocKinds {
		names[i] = string(k)
	}
	return "", fmt.Errorf("%q is not a kind of document (one of %s)", s, strings.Join(names, ", "))
}

// PatientDocument is one document of a patient's chart: a document of the
// store as it was added (Document), the same as a PDF (PDF: the document
// itself when it is one, else its conversion), and what the clinic calls
// it. It is archived, never deleted: a share or a fax may name it.
type PatientDocument struct {
	ID        int64
	PatientID int64
	Kind      PatientDocKind
	Title     string
	Date      Date // the document's own date, not when it was added
	// DocumentID is the document as it was added, PDFID its PDF.
	DocumentID int64
	PDFID      int64
	FaxID      int64 // the received fax it was filed from (0: none)
	// Pages, Format, Size and Name are those of the document as added.
	Pages    int
	Format   DocumentKind
	Size     int64
	Name     string
	AddedBy  string
	Created  time.Time
	Updated  time.Time
	Archived bool
	Shares   int // how many shares name it, for lists
}

// FieldDate is a patient's document's date (its title is FieldTitle,
// its kind FieldKind).
const FieldDate Field = "date"

// MaxTitle is the longest title of a patient's document, in characters.
const MaxTitle = 200

// Clean trims the document's title and checks the rules: a title, a known
// kind, a day of the calendar.
func (d PatientDocument) Clean() (PatientDocument, Problems) {
	var ps Problems
	add := func(f Field, msg string) { ps = append(ps, Problem{-1, f, msg}) }
	d.Title = CleanText(d.Title)
	if d.Title == "" {
		add(FieldTitle, "is required")
	} else if n := utf8.RuneCountInString(d.Title); n > MaxTitle {
		add(FieldTitle, fmt.Sprintf("is too long (%d characters, at most %d)", n, MaxTitle))
	}
	if !d.Kind.Valid() {
		add(FieldKind, fmt.Sprintf("%q is not a kind of document", d.Kind))
	}
	if d.Date.IsZero() {
		add(FieldDate, ErrDateEmpty.Error())
	} else if !d.Date.Valid() {
		add(FieldDate, ErrDateInvalid.Error())
	}
	return d, ps
}
