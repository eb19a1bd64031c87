// Package letter draws a letter written in frontdesk as a PDF: the
// clinic's letterhead, the date, the addressee, the patient it is about,
// the body and the signature.
package letter

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// Letter is what a letter says.
type Letter struct {
	ClinicName    string
	ClinicFax     string // as the clinic writes it
	ClinicPhone   string
	ClinicAddress string // lines apart by newlines
	Date          time.Time
	To            string // the addressee: name, then address lines
	Patient       string // "Zoë Ouellet, born 1984-03-07, chart A-100"
	Body          string // paragraphs apart by blank lines
	Author        string // who signs it
}

// The page, in millimetres: US Letter.
const (
	margin     = 22.0
	bottom     = 22.0
	bodySize   = 11.0 // points
	bodyLeader = 5.6  // millimetres from line to line
)

// PDF draws the letter. The Go fonts are embedded, so that any letter of
// Latin, Greek or Cyrillic shows as it is; the body is wrapped and runs on
// to as many pages as it needs, each numbered, the pages after the first
// naming the patient at their top.
func PDF(l Letter) ([]byte, error) { return draw(l, true) }

// draw draws the letter, its pages compressed or not (for a test to read
// them).
func draw(l Letter, compress bool) ([]byte, error) {
	if strings.TrimSpace(l.Body) == "" {
		return nil, errors.New("a letter needs a body")
	}
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetCompression(compress)
	pdf.SetCreationDate(l.Date)
	pdf.SetModificationDate(l.Date)
	title := "Letter"
	if l.Patient != "" {
		title = "Letter about " + l.Patient
	}
	pdf.SetTitle(title, true)
	pdf.SetAuthor(l.Author, true)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, bottom+8)
	pdf.AddUTF8FontFromBytes("Go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("Go", "B", gobold.TTF)
	pdf.AddUTF8FontFromBytes("Go", "I", goitalic.TTF)
	pdf.AliasNbPages("{pages}")
	pdf.SetHeaderFunc(func() {
		if pdf.PageNo() == 1 || l.Patient == "" {
			return
		}
		pdf.SetFont("Go", "I", 9)
		pdf.CellFormat(0, 5, "Re: "+l.Patient, "", 1, "L", false, 0, "")
		pdf.Ln(4)
	})
	pdf.SetFooterFunc(func() {
		pdf.SetY(-bottom)
		pdf.SetFont("Go", "", 9)
		pdf.CellFormat(0, 5, fmt.Sprintf("Page %d of {pages}", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	letterhead(pdf, l)

	pdf.SetFont("Go", "", bodySize)
	if !l.Date.IsZero() {
		pdf.CellFormat(0, bodyLeader, l.Date.Format("January 2, 2006"), "", 1, "L", false, 0, "")
		pdf.Ln(bodyLeader)
	}
	if to := strings.TrimSpace(l.To); to != "" {
		pdf.MultiCell(0, bodyLeader, to, "", "L", false)
		pdf.Ln(bodyLeader)
	}
	if l.Patient != "" {
		pdf.SetFont("Go", "B", bodySize)
		pdf.MultiCell(0, bodyLeader, "Re: "+l.Patient, "", "L", false)
		pdf.SetFont("Go", "", bodySize)
		pdf.Ln(bodyLeader)
	}
	body := strings.ReplaceAll(strings.TrimSpace(l.Body), "\r\n", "\n")
	pdf.MultiCell(0, bodyLeader, body, "", "L", false)

	// The signature: room to sign, kept with the name on one page.
	if pdf.GetY()+4*bodyLeader > 279.4-bottom-8 {
		pdf.AddPage()
	}
	pdf.Ln(3 * bodyLeader)
	x, y := pdf.GetX(), pdf.GetY()
	pdf.SetLineWidth(0.3)
	pdf.Line(x, y, x+70, y)
	pdf.Ln(1.5)
	if l.Author != "" {
		pdf.CellFormat(0, bodyLeader, l.Author, "", 1, "L", false, 0, "")
	}
	if l.ClinicName != "" {
		pdf.SetFont("Go", "I", 10)
		pdf.CellFormat(0, bodyLeader, l.ClinicName, "", 1, "L", false, 0, "")
	}

	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("drawing the letter: %w", err)
	}
	return b.Bytes(), nil
}

// letterhead draws the clinic's name, address and numbers at the top of
// the first page, over a rule.
func letterhead(pdf *fpdf.Fpdf, l Letter) {
	if l.ClinicName != "" {
		pdf.SetFont("Go", "B", 18)
		pdf.CellFormat(0, 9, l.ClinicName, "", 1, "L", false, 0, "")
	}
	pdf.SetFont("Go", "", 9.5)
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(l.ClinicAddress), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	var numbers []string
	if l.ClinicPhone != "" {
		numbers = append(numbers, "Telephone "+l.ClinicPhone)
	}
	if l.ClinicFax != "" {
		numbers = append(numbers, "Fax "+l.ClinicFax)
	}
	if len(numbers) > 0 {
		lines = append(lines, strings.Join(numbers, "  ·  "))
	}
	for _, line := range lines {
		pdf.CellFormat(0, 4.5, line, "", 1, "L", false, 0, "")
	}
	pdf.Ln(2)
	pdf.SetLineWidth(0.5)
	pdf.Line(margin, pdf.GetY(), 215.9-margin, pdf.GetY())
	pdf.Ln(10)
}
