package document

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	pdfmodel "github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"golang.org/x/image/tiff"
	"golang.org/x/text/encoding/charmap"

	"frontdesk/model"
)

// The limits of what is taken, said in the messages that refuse more.
const (
	// MaxSize is the largest file taken: a fax of several hundred pages.
	MaxSize = 50_000_000
	// MaxText is the largest text document: some 200 pages of 60 lines.
	// Longer text is better sent as a PDF, paged as its author meant.
	MaxText = 1_000_000
	// MaxPixels is the largest TIFF page decoded: a letter page scanned at
	// 600 dpi is 34 million.
	MaxPixels = 40_000_000
	// maxIFDs bounds the pages a TIFF's chain of IFDs is followed for.
	maxIFDs = 10_000
)

func init() {
	// pdfcpu would otherwise write a configuration folder into the home of
	// whoever runs frontdesk (and exit the process if it could not).
	api.DisableConfigDir()
}

// Check tells what the bytes b of the document name are (its kind, its
// pages, its size and SHA-256), or why a fax cannot carry them: a PDF must
// parse as one (its pages counted by pdfcpu), a TIFF must decode, and text
// must be text, UTF-8 or Windows-1252, of at most MaxText. Windows-1252
// text is kept as UTF-8, so that every reader of it shows the same
// letters. A name ending .pdf or .tif(f) must hold what it says. The error
// reads after the document's name ("is not a PDF…").
func Check(name string, b []byte) (model.Document, error) { return check(name, b, false) }

// CheckForChart is Check for a document of a patient's chart, which may
// also be an image: a PNG or a JPEG, which must decode (a photograph, a
// scan saved as one). A fax does not carry those as they are: their PDF
// (see PDF) is what is sent.
func CheckForChart(name string, b []byte) (model.Document, error) { return check(name, b, true) }

func check(name string, b []byte, images bool) (model.Document, error) {
	if len(b) == 0 {
		return model.Document{}, errors.New("is empty (0 bytes)")
	}
	if len(b) > MaxSize {
		return model.Document{}, fmt.Errorf("is %s: larger than the %s a document may be", Size(int64(len(b))), Size(MaxSize))
	}
	kind, _, err := model.SniffDocument(b)
	if err != nil || kind.IsImage() && !images {
		kind = model.DocText // perhaps Windows-1252: decided below; an image is refused there
	}
	var pages int
	switch kind {
	case model.DocPDF:
		pages, err = pdfPages(b)
	case model.DocTIFF:
		pages, err = tiffPages(b)
	case model.DocPNG, model.DocJPEG:
		pages, err = imagePages(kind, b)
	default:
		notText := "not a PDF, a TIFF or a plain text file"
		if images {
			notText = "not a PDF, a TIFF, a PNG, a JPEG or a plain text file"
		}
		b, pages, err = text(b, notText)
	}
	if err != nil {
		return model.Document{}, err
	}
	if claimed := claimedKind(name); claimed != "" && claimed != kind {
		return model.Document{}, fmt.Errorf("is named as a %s but holds %s", describe(claimed), holds(kind))
	}
	return model.Document{SHA256: Hash(b), Kind: kind, Pages: pages, Size: int64(len(b)), Name: name, Data: b}, nil
}

// imagePages decodes a PNG or a JPEG through (its PDF will have to): one
// page.
func imagePages(kind model.DocumentKind, b []byte) (int, error) {
	decodeConfig, decode := png.DecodeConfig, png.Decode
	if kind == model.DocJPEG {
		decodeConfig, decode = jpeg.DecodeConfig, jpeg.Decode
	}
	cfg, err := decodeConfig(bytes.NewReader(b))
	if err != nil {
		return 0, fmt.Errorf("starts as a %s but does not decode: %v", describe(kind), err)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width*cfg.Height > MaxPixels {
		return 0, fmt.Errorf("is a %s of %dx%d pixels: at most %d million are taken", describe(kind), cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	if _, err := decode(bytes.NewReader(b)); err != nil {
		return 0, fmt.Errorf("starts as a %s but does not decode: %v", describe(kind), err)
	}
	return 1, nil
}

// pdfPages counts the pages of a PDF with pdfcpu, which reads it through
// (its cross-reference table, its page tree) and validates it, relaxed as
// real-world PDFs need.
func pdfPages(b []byte) (n int, err error) {
	defer func() {
		if r := recover(); r != nil { // a parser's panic on a broken file is a broken file
			n, err = 0, fmt.Errorf("is not a PDF that can be read (the parser failed: %v)", r)
		}
	}()
	conf := pdfmodel.NewDefaultConfiguration()
	conf.ValidationMode = pdfmodel.ValidationRelaxed
	n, err = api.PageCount(bytes.NewReader(b), conf)
	if err != nil {
		return 0, fmt.Errorf("starts as a PDF but cannot be read as one: %v", firstLine(err.Error()))
	}
	if n < 1 {
		return 0, errors.New("is a PDF without a page")
	}
	return n, nil
}

// tiffPages decodes a TIFF's first page (the gateway will have to) and
// counts its pages, one an IFD.
func tiffPages(b []byte) (int, error) {
	cfg, err := tiff.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return 0, fmt.Errorf("starts as a TIFF but does not decode: %v", err)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width*cfg.Height > MaxPixels {
		return 0, fmt.Errorf("is a TIFF of %dx%d pixels: at most %d million a page are taken", cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	if _, err := tiff.Decode(bytes.NewReader(b)); err != nil {
		return 0, fmt.Errorf("starts as a TIFF but does not decode: %v", err)
	}
	return ifds(b), nil
}

// ifds counts the image file directories of a TIFF (its pages) by
// following their chain; a chain that loops or runs out of the file ends
// there. The first one decoded: there is at least one.
func ifds(b []byte) int {
	var order binary.ByteOrder = binary.LittleEndian
	if b[0] == 'M' {
		order = binary.BigEndian
	}
	seen := map[uint32]bool{}
	n := 0
	for off := order.Uint32(b[4:8]); off != 0 && n < maxIFDs && !seen[off]; n++ {
		seen[off] = true
		if uint64(off)+2 > uint64(len(b)) {
			break
		}
		entries := uint64(order.Uint16(b[off:]))
		next := uint64(off) + 2 + 12*entries
		if next+4 > uint64(len(b)) {
			n++
			break
		}
		off = order.Uint32(b[next:])
	}
	return max(n, 1)
}

// text checks that b is plain text, UTF-8 or else Windows-1252 (what
// Windows' Notepad and Excel still write here), and returns it as UTF-8
// with its pages, sixty lines each. notText says what else is taken, for
// a file known to be something else.
func text(b []byte, notText string) ([]byte, int, error) {
	// Windows-1252 gives a letter to nearly every byte: what is known to
	// be something else (an image, an archive, a Word file) is not text.
	if ct := http.DetectContentType(b); !strings.HasPrefix(ct, "text/") && ct != "application/octet-stream" {
		ct, _, _ = strings.Cut(ct, ";")
		return nil, 0, fmt.Errorf("is %s, %s", ct, notText)
	}
	if len(b) > MaxText {
		return nil, 0, fmt.Errorf("is %s of text: more than the %s a text document may be (about 200 pages); send it as a PDF",
			Size(int64(len(b))), Size(MaxText))
	}
	bad := unicode.IsControl
	if !utf8.Valid(b) {
		u, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return nil, 0, model.ErrNotADocument
		}
		// The five bytes Windows-1252 leaves undefined decode as U+FFFD:
		// text that holds them is no Windows-1252 text.
		b, bad = u, func(r rune) bool { return r == utf8.RuneError || unicode.IsControl(r) }
	}
	s := string(b)
	if i := strings.IndexFunc(s, func(r rune) bool { return !layout(r) && bad(r) }); i >= 0 {
		return nil, 0, fmt.Errorf("%w (it holds the control character %U at byte %d)", model.ErrNotADocument, []rune(s[i:])[0], i)
	}
	lines := strings.Count(s, "\n") + 1
	return b, (lines + 59) / 60, nil
}

// layout is a control character plain text holds: tab, line feed, form
// feed (a new page) and carriage return.
func layout(r rune) bool { return r == '\t' || r == '\n' || r == '\f' || r == '\r' }

// claimedKind is the kind a file's name says it is, or "".
func claimedKind(name string) model.DocumentKind {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".pdf"):
		return model.DocPDF
	case strings.HasSuffix(n, ".tif"), strings.HasSuffix(n, ".tiff"):
		return model.DocTIFF
	case strings.HasSuffix(n, ".png"):
		return model.DocPNG
	case strings.HasSuffix(n, ".jpg"), strings.HasSuffix(n, ".jpeg"):
		return model.DocJPEG
	}
	return ""
}

func describe(k model.DocumentKind) string {
	switch k {
	case model.DocPDF:
		return "PDF"
	case model.DocTIFF:
		return "TIFF"
	case model.DocPNG:
		return "PNG"
	case model.DocJPEG:
		return "JPEG"
	}
	return "plain text"
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func holds(k model.DocumentKind) string {
	if k == model.DocText {
		return "plain text"
	}
	return "a " + describe(k)
}
