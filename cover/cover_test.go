package cover

import (
	"bytes"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"frontdesk/model"
)

// The cover page is one PDF page saying who to, who from, the patient, the
// date, the pages and the note; accented names come out in the PDF's own
// encoding.
func TestCoverPage(t *testing.T) {
	b, err := PDF(Page{Referral: true, Reason: "echo", Specialty: "Cardiology", ToName: "Dr Hélène Tremblay", ToFax: "(416) 555-0101",
		FromName: "Lakeside Clinic", FromFax: "(416) 555-0100", Patient: "Ann Lee, chart C-10001",
		Date: time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC), Pages: 3, Note: "Results enclosed.\nPlease call."})
	if err != nil {
		t.Fatal(err)
	}
	kind, pages, err := model.SniffDocument(b)
	if err != nil || kind != model.DocPDF || pages != 1 {
		t.Fatalf("sniffed %s, %d pages, %v", kind, pages, err)
	}
	for _, want := range []string{"REFERRAL", "Dr H\xe9l\xe8ne Tremblay, fax \\(416\\) 555-0101", "Lakeside Clinic, fax \\(416\\) 555-0100",
		"Ann Lee, chart C-10001", "November 22, 2026 09:30", "3, this one included", "echo", "Cardiology", "Results enclosed.", "Please call."} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the page does not say %q", want)
		}
	}
	plain, _ := PDF(Page{ToFax: "+14165550101", Date: time.Now(), Pages: 1})
	if !bytes.Contains(plain, []byte("(FAX)")) || bytes.Contains(plain, []byte("Patient")) || bytes.Contains(plain, []byte("REFERRAL")) {
		t.Error("a plain fax's page")
	}
}

// A name the core fonts cannot show is drawn with an embedded font, not
// as question marks.
func TestCoverPageGreek(t *testing.T) {
	b, err := PDF(Page{ToName: "Ζωή Παπαδοπούλου", ToFax: "(416) 555-0101", FromName: "Κλινική Λίμνης",
		Date: time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC), Pages: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("/FontFile2")) {
		t.Error("no font embedded")
	}
	// The embedded font's text is UTF-16BE: the name is there as it is,
	// and the font has a glyph for each of its letters.
	name := "Ζωή Παπαδοπούλου"
	var utf16be []byte
	for _, u := range utf16.Encode([]rune(name)) {
		utf16be = append(utf16be, byte(u>>8), byte(u))
	}
	if !bytes.Contains(b, utf16be) {
		t.Error("the name is not on the page as it is")
	}
	font, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for _, r := range name {
		if g, err := font.GlyphIndex(&buf, r); err != nil || g == 0 {
			t.Errorf("the font has no glyph for %q", r)
		}
	}
	if bytes.Contains(b, []byte("(?")) {
		t.Error("something was drawn as question marks")
	}
}
