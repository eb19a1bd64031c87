package letter

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"frontdesk/document"
	"frontdesk/model"
)

func sample(body string) Letter {
	return Letter{ClinicName: "Lakeside Clinic", ClinicFax: "(416) 555-0100", ClinicPhone: "(416) 555-0199",
		ClinicAddress: "12 Shore Road\nToronto ON M4C 1A1", Date: time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC),
		To: "Dr Hélène Tremblay\nCardiology, St. Mike's", Patient: "Zoë Ouellet, born 1984-03-07, chart A-100",
		Body: body, Author: "Dr. Ana Ruiz"}
}

// utf16be is s as the embedded fonts' text is written in the PDF.
func utf16be(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

// A letter is a PDF a real parser reads, saying who from, the date, who
// to, the patient, the body and who signs it.
func TestLetter(t *testing.T) {
	b, err := draw(sample("Thank you for seeing Zoë.\n\nHer results are enclosed."), false)
	if err != nil {
		t.Fatal(err)
	}
	d, err := document.Check("letter.pdf", b)
	if err != nil || d.Kind != model.DocPDF || d.Pages != 1 {
		t.Fatalf("the PDF: %+v %v", d, err)
	}
	// A PDF string escapes its parentheses: the numbers are looked for
	// without them.
	for _, want := range []string{"Lakeside Clinic", "Telephone ", "555-0199", "Fax ", "555-0100", "12 Shore Road",
		"November 22, 2026", "Dr Hélène Tremblay", "Re: Zoë Ouellet, born 1984-03-07, chart A-100", "Thank you for seeing Zoë.",
		"Her results are enclosed.", "Dr. Ana Ruiz", "Page 1 of 1"} {
		if !bytes.Contains(b, utf16be(want)) {
			t.Errorf("the letter does not say %q", want)
		}
	}
	if _, err := PDF(sample("  \n ")); err == nil {
		t.Error("a letter without a body")
	}
}

// A long body runs on to the pages it needs, each numbered of the whole;
// the pages grow with the body.
func TestLetterLongBody(t *testing.T) {
	var last int
	for _, paragraphs := range []int{10, 40, 120} {
		var body strings.Builder
		for i := range paragraphs {
			fmt.Fprintf(&body, "Paragraph %d. %s\n\n", i+1, strings.Repeat("The patient was seen and examined today. ", 6))
		}
		b, err := draw(sample(body.String()), false)
		if err != nil {
			t.Fatal(err)
		}
		d, err := document.Check("letter.pdf", b)
		if err != nil {
			t.Fatal(err)
		}
		if d.Pages <= last {
			t.Errorf("%d paragraphs: %d pages, not more than %d", paragraphs, d.Pages, last)
		}
		last = d.Pages
		for p := 1; p <= d.Pages; p++ {
			if !bytes.Contains(b, utf16be(fmt.Sprintf("Page %d of %d", p, d.Pages))) {
				t.Errorf("%d paragraphs: no \"Page %d of %d\"", paragraphs, p, d.Pages)
			}
		}
		if !bytes.Contains(b, utf16be(fmt.Sprintf("Paragraph %d.", paragraphs))) {
			t.Errorf("%d paragraphs: the last is missing", paragraphs)
		}
	}
	// A paragraph of six sentences is four lines with the blank one:
	// about ten a page.
	if last < 10 || last > 16 {
		t.Errorf("120 paragraphs: %d pages", last)
	}
}

// Greek and Cyrillic names and text are drawn with the embedded font as
// they are.
func TestLetterGreekCyrillic(t *testing.T) {
	l := sample("Παρακαλώ δείτε τα αποτελέσματα.\nПожалуйста, посмотрите результаты.")
	l.To, l.Patient, l.ClinicName = "Δρ. Ζωή Παπαδοπούλου", "Жанна Иванова, chart A-7", "Κλινική Λίμνης"
	b, err := draw(l, false)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := document.Check("letter.pdf", b); err != nil || d.Pages != 1 {
		t.Fatalf("the PDF: %+v %v", d, err)
	}
	for _, want := range []string{"Δρ. Ζωή Παπαδοπούλου", "Re: Жанна Иванова, chart A-7", "Κλινική Λίμνης",
		"Παρακαλώ δείτε τα αποτελέσματα.", "Пожалуйста, посмотрите результаты."} {
		if !bytes.Contains(b, utf16be(want)) {
			t.Errorf("the letter does not say %q", want)
		}
	}
	if !bytes.Contains(b, []byte("/FontFile2")) {
		t.Error("no font embedded")
	}
}
