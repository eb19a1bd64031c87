package document_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"golang.org/x/image/tiff"

	"frontdesk/document"
	"frontdesk/document/documenttest"
	"frontdesk/model"
)

// What a patient's chart takes that a fax does not: images that decode.
// Junk behind an image's magic bytes is refused with the reason; a fax
// still refuses images.
func TestCheckForChart(t *testing.T) {
	tests := []struct {
		name string
		file string
		in   []byte
		kind model.DocumentKind
		err  string
	}{
		{"a PNG", "photo.png", documenttest.PNG(40, 30), model.DocPNG, ""},
		{"a JPEG", "photo.jpg", documenttest.JPEG(40, 30), model.DocJPEG, ""},
		{"a JPEG named .jpeg", "photo.jpeg", documenttest.JPEG(4, 3), model.DocJPEG, ""},
		{"a PDF", "letter.pdf", documenttest.PDF(2, "x"), model.DocPDF, ""},
		{"text", "note.txt", []byte("hello\n"), model.DocText, ""},
		{"a PNG header and junk", "photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR junk"), "", "starts as a PNG but does not decode"},
		{"a JPEG header and junk", "photo.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00 junk"), "", "starts as a JPEG but does not decode"},
		{"a cut PNG", "photo.png", documenttest.PNG(40, 30)[:60], "", "starts as a PNG but does not decode"},
		{"a PNG named as a JPEG", "photo.jpg", documenttest.PNG(4, 3), "", "is named as a JPEG but holds a PNG"},
		{"a GIF", "photo.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "", "is image/gif, not a PDF, a TIFF, a PNG, a JPEG or a plain text file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := document.CheckForChart(tt.file, tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("got %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || d.Kind != tt.kind || d.Pages < 1 || d.SHA256 != document.Hash(tt.in) {
				t.Errorf("got %+v, %v; want %s", d.Kind, err, tt.kind)
			}
		})
	}
	if _, err := document.Check("photo.png", documenttest.PNG(4, 3)); err == nil || !strings.Contains(err.Error(), "is image/png, not a PDF, a TIFF or a plain text file") {
		t.Errorf("a fax took a PNG: %v", err)
	}
}

// Every kind converts to a PDF that a real parser reads through, with the
// pages it should have; a PDF stays as it is.
func TestPDF(t *testing.T) {
	long := strings.Repeat("a line of the letter\n", 130)
	wide := strings.Repeat(strings.Repeat("word ", 20)+"\n", 60) // each line wraps once
	tests := []struct {
		name  string
		file  string
		in    []byte
		pages int
	}{
		{"a PDF", "a.pdf", documenttest.PDF(3, "x"), 3},
		{"a line of text", "a.txt", []byte("Dear colleague,"), 1},
		{"text of 130 lines", "a.txt", []byte(long), 3},
		{"60 lines wrapped to 120", "a.txt", []byte(wide), 2},
		{"text with form feeds", "a.txt", []byte("one\fpage two\r\n\fpage three\f"), 3},
		{"Windows-1252 text", "a.txt", []byte("R\xe9sultats de Zo\xeb \x80 12\r\n"), 1},
		{"Greek, Cyrillic and Chinese", "a.txt", []byte("Ζωή Παπαδοπούλου\nЖанна Иванова\n王小明\n\tindented"), 1},
		{"a TIFF", "a.tif", documenttest.TIFF(1), 1},
		{"a TIFF of four pages", "a.tif", documenttest.TIFF(4), 4},
		{"a PNG", "a.png", documenttest.PNG(300, 200), 1},
		{"a tall JPEG", "a.jpg", documenttest.JPEG(120, 400), 1},
		{"a 16-bit PNG", "a.png", png16(), 1},
		{"a PNG with transparency", "a.png", encodePNG(translucent()), 1},
		{"a grey PNG", "a.png", encodePNG(image.NewGray(image.Rect(0, 0, 30, 20))), 1},
		{"a PNG of a palette with transparency", "a.png", encodePNG(paletted()), 1},
		{"a grey JPEG", "a.jpg", encodeJPEG(image.NewGray(image.Rect(0, 0, 30, 20))), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := document.CheckForChart(tt.file, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			b, err := document.PDF(d)
			if err != nil {
				t.Fatal(err)
			}
			got, err := document.Check("out.pdf", b)
			if err != nil || got.Kind != model.DocPDF || got.Pages != tt.pages {
				t.Fatalf("the PDF: %s, %d pages, %v; want %d pages", got.Kind, got.Pages, err, tt.pages)
			}
			if d.Kind == model.DocPDF && !bytes.Equal(b, d.Data) {
				t.Error("a PDF was not kept as it is")
			}
		})
	}
}

// Converted text embeds its font, so that any letter the font has shows.
func TestPDFTextEmbedsItsFont(t *testing.T) {
	b, err := document.PDF(model.Document{Name: "a.txt", Data: []byte("Жанна Иванова")})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("/FontFile2")) {
		t.Error("no font embedded")
	}
}

// A TIFF of another resolution across than down (a fax in standard mode)
// is drawn as tall as its page, not squeezed: the page drawn is Letter.
func TestPDFFaxResolution(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 1728, 1078)) // 204 x 98 dpi: 8.47 x 11 inches
	var buf bytes.Buffer
	if err := tiff.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	b := withResolution(t, buf.Bytes(), 204, 98)
	out, err := document.PDF(model.Document{Name: "fax.tif", Data: b})
	if err != nil {
		t.Fatal(err)
	}
	if d, err := document.Check("x.pdf", out); err != nil || d.Pages != 1 {
		t.Fatalf("%+v %v", d, err)
	}
	// Portrait: the image is taller than wide once its resolution counts
	// (it is wider than tall in pixels).
	if !bytes.Contains(out, []byte("/MediaBox [0 0 612.00 792.00]")) {
		t.Errorf("not a portrait Letter page")
	}
}

// Whatever the bytes CheckForChart takes, PDF makes a PDF of them or says
// why, without a panic.
func FuzzPDF(f *testing.F) {
	f.Add("a.tif", documenttest.TIFF(2))
	f.Add("a.png", documenttest.PNG(3, 2))
	f.Add("a.txt", []byte("x\ty\fz"))
	f.Fuzz(func(t *testing.T, name string, b []byte) {
		d, err := document.CheckForChart(name, b)
		if err != nil {
			return
		}
		out, err := document.PDF(d)
		if err != nil {
			return
		}
		if got, err := document.Check("x.pdf", out); err != nil || got.Kind != model.DocPDF {
			t.Fatalf("%v", err)
		}
	})
}

func translucent() image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, 20, 10))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	return img
}

func paletted() image.Image {
	img := image.NewPaletted(image.Rect(0, 0, 20, 10), color.Palette{color.NRGBA{0, 0, 0, 0}, color.NRGBA{255, 0, 0, 128}, color.White})
	for i := range img.Pix {
		img.Pix[i] = uint8(i % 3)
	}
	return img
}

func encodePNG(img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func encodeJPEG(img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func png16() []byte {
	img := image.NewRGBA64(image.Rect(0, 0, 20, 10))
	img.Set(1, 1, color.RGBA64{0xffff, 0, 0, 0xffff})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// withResolution gives the first IFD of the TIFF b (written by
// x/image/tiff, little-endian) the resolution x by y dpi.
func withResolution(t *testing.T, b []byte, x, y uint32) []byte {
	t.Helper()
	le := func(p []byte) uint32 { return uint32(p[0]) | uint32(p[1])<<8 | uint32(p[2])<<16 | uint32(p[3])<<24 }
	put := func(p []byte, v uint32) { p[0], p[1], p[2], p[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24) }
	off := le(b[4:])
	n := int(b[off]) | int(b[off+1])<<8
	found := 0
	for i := range n {
		e := int(off) + 2 + 12*i
		tag := int(b[e]) | int(b[e+1])<<8
		if tag != 282 && tag != 283 {
			continue
		}
		at := le(b[e+8:])
		v := x
		if tag == 283 {
			v = y
		}
		put(b[at:], v)
		put(b[at+4:], 1)
		found++
	}
	if found != 2 {
		t.Fatalf("the TIFF has %d resolution tags", found)
	}
	return b
}
