// Package cover draws a fax's cover page as a one-page PDF.
package cover

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/text/encoding/charmap"
)

// Page is what a cover page says.
type Page struct {
	Referral  bool
	Reason    string // of a referral
	Specialty string // of a referral
	ToName    string // empty: the number alone
	ToFax     string // as the clinic writes it
	FromName  string // the clinic
	FromFax   string
	Patient   string // name and chart number, or empty
	Date      time.Time
	Pages     int // with this one
	Note      string
}

// Confidential is the notice at the foot of every cover page.
const Confidential = "This fax may hold personal health information, meant only for the one it is addressed to. " +
	"If it reached you by mistake, please tell the sender at once by telephone or fax and destroy every copy."

// PDF draws the page. Text the PDF core fonts can show (Windows-1252) is
// drawn with them; a page with any other (Greek, Cyrillic names) is drawn
// with the Go fonts, embedded, instead of showing question marks.
func PDF(p Page) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetCompression(false) // a page of text: small, and readable by a gateway's scanner of PDFs
	pdf.SetCreationDate(p.Date)
	pdf.SetModificationDate(p.Date)
	pdf.SetTitle("Fax cover page", true)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	family := "Helvetica"
	if !coreFontsShow(p.Reason, p.Specialty, p.ToName, p.ToFax, p.FromName, p.FromFax, p.Patient, p.Note) {
		family, tr = "Go", func(s string) string { return s }
		pdf.AddUTF8FontFromBytes(family, "", goregular.TTF)
		pdf.AddUTF8FontFromBytes(family, "B", gobold.TTF)
		pdf.AddUTF8FontFromBytes(family, "I", goitalic.TTF)
	}

	title := "FAX"
	if p.Referral {
		title = "REFERRAL"
	}
	pdf.SetFont(family, "B", 28)
	pdf.CellFormat(0, 14, title, "", 1, "L", false, 0, "")
	pdf.SetLineWidth(0.6)
	pdf.Line(20, pdf.GetY()+1, 196, pdf.GetY()+1)
	pdf.Ln(6)

	row := func(label, value string) {
		if strings.TrimSpace(value) == "" {
			return
		}
		pdf.SetFont(family, "B", 12)
		pdf.CellFormat(35, 8, label, "", 0, "L", false, 0, "")
		pdf.SetFont(family, "", 12)
		pdf.MultiCell(0, 8, tr(value), "", "L", false)
	}
	to := p.ToName
	if to == "" {
		to = p.ToFax
	} else if p.ToFax != "" {
		to += ", fax " + p.ToFax
	}
	from := p.FromName
	if p.FromFax != "" {
		from = strings.TrimPrefix(from+", fax "+p.FromFax, ", ")
	}
	row("To", to)
	row("From", from)
	row("Date", p.Date.Format("January 2, 2006 15:04"))
	row("Pages", fmt.Sprintf("%d, this one included", p.Pages))
	row("Patient", p.Patient)
	if p.Referral {
		row("Reason", p.Reason)
		row("Specialty", p.Specialty)
	}
	if note := strings.TrimSpace(p.Note); note != "" {
		pdf.Ln(6)
		pdf.SetFont(family, "B", 12)
		pdf.CellFormat(0, 8, "Note", "", 1, "L", false, 0, "")
		pdf.SetFont(family, "", 12)
		pdf.MultiCell(0, 6, tr(note), "", "L", false)
	}
	pdf.SetY(-45)
	pdf.SetFont(family, "I", 9)
	pdf.MultiCell(0, 4.5, Confidential, "T", "L", false)

	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("drawing the cover page: %w", err)
	}
	return b.Bytes(), nil
}

// coreFontsShow reports whether every text is in Windows-1252, the
// encoding of the PDF core fonts.
func coreFontsShow(texts ...string) bool {
	enc := charmap.Windows1252.NewEncoder()
	for _, t := range texts {
		if _, err := enc.String(t); err != nil {
			return false
		}
	}
	return true
}
