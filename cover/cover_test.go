package cover

import (
	"bytes"
	"testing"
	"time"

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
