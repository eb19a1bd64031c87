package document

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	pdfmodel "github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/tiff"
	"golang.org/x/text/encoding/charmap"

	"frontdesk/model"
)

// The page of a converted document: US Letter, in points.
const (
	pageWidth  = 612.0
	pageHeight = 792.0
	// imageMargin is the white around an image drawn on a page; a TIFF
	// page (a scan, a fax) fills its page.
	imageMargin = 36.0
	// Text is drawn sixty lines a page (as Check counts its pages) of at
	// most textColumns characters, in Go Mono.
	textLines   = 60
	textColumns = 80
	textSize    = 10.0  // points
	textLeading = 11.75 // points between lines: sixty fill the page between its margins
	textTop     = 44.0
	textLeft    = 66.0
)

// converted is the date written into every PDF made here, whatever the
// day. (The same text does not convert to the same bytes even so: fpdf
// writes the subset of an embedded font in map order.)
var converted = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// PDF returns d as a PDF: a PDF as it is; text drawn in Go Mono (embedded,
// so that accented, Greek and Cyrillic letters show), sixty lines a page,
// long lines wrapped, a form feed starting a page; every page of a TIFF
// and an image (PNG, JPEG) each on a Letter page, fitted to it. d is as
// Check or CheckForChart gives it (a kind left empty is found out).
func PDF(d model.Document) ([]byte, error) {
	if d.Kind == "" {
		c, err := CheckForChart(d.Name, d.Data)
		if err != nil {
			return nil, fmt.Errorf("%q %w", d.Name, err)
		}
		d = c
	}
	var b []byte
	var err error
	switch d.Kind {
	case model.DocPDF:
		return d.Data, nil
	case model.DocText:
		b, err = textPDF(d.Data)
	case model.DocTIFF:
		b, err = tiffPDF(d.Data)
	case model.DocPNG, model.DocJPEG:
		b, err = imagePDF(d.Kind, d.Data)
	default:
		err = fmt.Errorf("is of a kind that cannot be converted (%q)", d.Kind)
	}
	if err != nil {
		return nil, fmt.Errorf("%q cannot be made a PDF: %w", d.Name, err)
	}
	return b, nil
}

func newPDF() *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", SizeStr: "Letter"})
	pdf.SetCreationDate(converted)
	pdf.SetModificationDate(converted)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	return pdf
}

func output(pdf *fpdf.Fpdf) ([]byte, error) {
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// textPDF draws text as pages of textLines lines.
func textPDF(b []byte) ([]byte, error) {
	if !utf8.Valid(b) {
		u, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return nil, err
		}
		b = u
	}
	pdf := newPDF()
	pdf.AddUTF8FontFromBytes("Mono", "", gomono.TTF)
	pdf.SetFont("Mono", "", textSize)
	for _, page := range textPages(string(b)) {
		pdf.AddPage()
		for i, line := range page {
			pdf.Text(textLeft, textTop+textSize+float64(i)*textLeading, line)
		}
	}
	return output(pdf)
}

// textPages lays text out in pages of at most textLines lines of at most
// textColumns characters: tabs expanded, long lines wrapped at a space
// when there is one, a form feed starting a new page. There is always a
// page.
func textPages(s string) [][]string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var pages [][]string
	for _, part := range strings.Split(s, "\f") {
		var lines []string
		for _, line := range strings.Split(strings.TrimSuffix(part, "\n"), "\n") {
			lines = append(lines, wrap(expandTabs(line), textColumns)...)
		}
		for len(lines) > textLines {
			pages, lines = append(pages, lines[:textLines]), lines[textLines:]
		}
		pages = append(pages, lines)
	}
	// A trailing form feed (a page ends with one) makes no blank page.
	if len(pages) > 1 && len(pages[len(pages)-1]) == 1 && pages[len(pages)-1][0] == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

func expandTabs(line string) string {
	if !strings.Contains(line, "\t") {
		return line
	}
	var b strings.Builder
	col := 0
	for _, r := range line {
		if r == '\t' {
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// wrap cuts line into lines of at most width characters, at the last
// space that fits when there is one.
func wrap(line string, width int) []string {
	var out []string
	rs := []rune(strings.TrimRight(line, " "))
	for len(rs) > width {
		cut := width
		for i := width; i > width/2; i-- {
			if rs[i] == ' ' {
				cut = i
				break
			}
		}
		out = append(out, string(rs[:cut]))
		rs = rs[cut:]
		if rs[0] == ' ' { // the space the line was cut at
			rs = rs[1:]
		}
	}
	return append(out, string(rs))
}

// imagePDF draws a PNG or a JPEG on one page, fitted to it: a page on its
// side for an image wider than tall. A JPEG is embedded as it is; a PNG
// decoded and written again in what a PDF reader takes (8 bits, not
// interlaced).
func imagePDF(kind model.DocumentKind, b []byte) ([]byte, error) {
	pdf := newPDF()
	var w, h int
	opts := fpdf.ImageOptions{ImageType: "JPG"}
	if kind == model.DocPNG {
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		if b, err = pdfPNG(img); err != nil {
			return nil, err
		}
		w, h = img.Bounds().Dx(), img.Bounds().Dy()
		opts.ImageType = "PNG"
	} else {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		w, h = cfg.Width, cfg.Height
	}
	place(pdf, "image", b, opts, float64(w), float64(h), imageMargin)
	return output(pdf)
}

// place adds a page holding the image b of w by h (in any unit: only
// their ratio counts), fitted within margin of the page's edges.
func place(pdf *fpdf.Fpdf, name string, b []byte, opts fpdf.ImageOptions, w, h, margin float64) {
	orientation, pw, ph := "P", pageWidth, pageHeight
	if w > h {
		orientation, pw, ph = "L", pageHeight, pageWidth
	}
	pdf.AddPageFormat(orientation, fpdf.SizeType{Wd: pageWidth, Ht: pageHeight})
	pdf.RegisterImageOptionsReader(name, opts, bytes.NewReader(b))
	scale := min((pw-2*margin)/w, (ph-2*margin)/h)
	dw, dh := w*scale, h*scale
	pdf.ImageOptions(name, (pw-dw)/2, (ph-dh)/2, dw, dh, false, opts, 0, "")
}

// pdfPNG writes img as a PNG of 8-bit samples, what fpdf embeds: grey or
// a palette as they are, anything else as RGBA.
func pdfPNG(img image.Image) ([]byte, error) {
	switch img.(type) {
	case *image.Gray, *image.Paletted, *image.RGBA, *image.NRGBA:
	default:
		rgba := image.NewNRGBA(img.Bounds())
		draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
		img = rgba
	}
	var b bytes.Buffer
	err := png.Encode(&b, img)
	return b.Bytes(), err
}

// tiffPDF draws every page of a TIFF on a page of its own, filling it as
// its resolution says (a fax in standard mode has half the lines of a
// fine one for the same page). x/image/tiff decodes the first page only:
// each page is decoded from the same bytes with the header pointing at
// that page's IFD, as the offsets inside an IFD are from the file's start.
func tiffPDF(b []byte) ([]byte, error) {
	pdf := newPDF()
	offsets := ifdOffsets(b)
	if len(offsets) == 0 {
		return nil, errors.New("its TIFF holds no page")
	}
	page := make([]byte, len(b))
	copy(page, b)
	order := tiffOrder(b)
	for i, off := range offsets {
		order.PutUint32(page[4:8], off)
		cfg, err := tiff.DecodeConfig(bytes.NewReader(page))
		if err != nil {
			return nil, fmt.Errorf("page %d of its TIFF does not decode: %v", i+1, err)
		}
		if cfg.Width < 1 || cfg.Height < 1 || cfg.Width*cfg.Height > MaxPixels {
			return nil, fmt.Errorf("page %d of its TIFF is %dx%d pixels: at most %d million a page are taken", i+1, cfg.Width, cfg.Height, MaxPixels/1_000_000)
		}
		img, err := tiff.Decode(bytes.NewReader(page))
		if err != nil {
			return nil, fmt.Errorf("page %d of its TIFF does not decode: %v", i+1, err)
		}
		p, err := pdfPNG(img)
		if err != nil {
			return nil, err
		}
		xres, yres := resolution(b, off, order)
		w, h := float64(img.Bounds().Dx())/xres, float64(img.Bounds().Dy())/yres
		place(pdf, fmt.Sprintf("page%d", i+1), p, fpdf.ImageOptions{ImageType: "PNG"}, w, h, 0)
		if err := pdf.Error(); err != nil {
			return nil, fmt.Errorf("page %d of its TIFF: %v", i+1, err)
		}
	}
	return output(pdf)
}

func tiffOrder(b []byte) binary.ByteOrder {
	if b[0] == 'M' {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// ifdOffsets are the offsets of a TIFF's IFDs (its pages), in order, as
// far as their chain holds (see ifds).
func ifdOffsets(b []byte) []uint32 {
	if len(b) < 8 {
		return nil
	}
	order := tiffOrder(b)
	seen := map[uint32]bool{}
	var out []uint32
	for off := order.Uint32(b[4:8]); off != 0 && len(out) < maxIFDs && !seen[off]; {
		seen[off] = true
		if uint64(off)+2 > uint64(len(b)) {
			break
		}
		out = append(out, off)
		next := uint64(off) + 2 + 12*uint64(order.Uint16(b[off:]))
		if next+4 > uint64(len(b)) {
			break
		}
		off = order.Uint32(b[next:])
	}
	return out
}

// resolution reads the XResolution and YResolution of the IFD at off, in
// the same unit; a TIFF without them (or with nonsense) is taken as square.
func resolution(b []byte, off uint32, order binary.ByteOrder) (x, y float64) {
	x, y = 1, 1
	n := int(order.Uint16(b[off:]))
	for i := range n {
		e := int(off) + 2 + 12*i
		if e+12 > len(b) {
			break
		}
		tag, typ := order.Uint16(b[e:]), order.Uint16(b[e+2:])
		if (tag != 282 && tag != 283) || typ != 5 { // RATIONAL
			continue
		}
		at := int(order.Uint32(b[e+8:]))
		if at < 0 || at+8 > len(b) {
			continue
		}
		num, den := order.Uint32(b[at:]), order.Uint32(b[at+4:])
		if num == 0 || den == 0 {
			continue
		}
		if tag == 282 {
			x = float64(num) / float64(den)
		} else {
			y = float64(num) / float64(den)
		}
	}
	if x/y > 10 || y/x > 10 {
		return 1, 1
	}
	return x, y
}

// Merge joins PDFs into one, their pages in order (a received fax that
// came as several documents, filed into a chart as one). One PDF is
// returned as it is.
func Merge(pdfs [][]byte) (b []byte, err error) {
	switch len(pdfs) {
	case 0:
		return nil, errors.New("no PDF to join")
	case 1:
		return pdfs[0], nil
	}
	defer func() {
		if r := recover(); r != nil { // a parser's panic on a broken file is a broken file
			b, err = nil, fmt.Errorf("the PDFs cannot be joined (the parser failed: %v)", r)
		}
	}()
	rs := make([]io.ReadSeeker, len(pdfs))
	for i, p := range pdfs {
		rs[i] = bytes.NewReader(p)
	}
	conf := pdfmodel.NewDefaultConfiguration()
	conf.ValidationMode = pdfmodel.ValidationRelaxed
	var out bytes.Buffer
	if err := api.MergeRaw(rs, &out, false, conf); err != nil {
		return nil, fmt.Errorf("the PDFs cannot be joined: %v", firstLine(err.Error()))
	}
	return out.Bytes(), nil
}
