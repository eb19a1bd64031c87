// Package documenttest makes small documents that are what they claim to
// be, for tests of what keeps and sends documents.
package documenttest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/tiff"
)

// PDF is a well-formed PDF of pages blank pages whose first page's
// content stream says text (so that two PDFs can be told apart).
func PDF(pages int, text string) []byte {
	pages = max(pages, 1)
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	kids := ""
	for i := range pages {
		kids += fmt.Sprintf("%d 0 R ", 4+i)
	}
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, pages))
	stream := fmt.Sprintf("%% %s\n", text)
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(stream), stream))
	for range pages {
		obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// TIFF is a TIFF of pages pages, each the same small grey image.
func TIFF(pages int) []byte {
	b := tiffPage()
	order := binary.LittleEndian // as x/image/tiff writes
	first := order.Uint32(b[4:8])
	size := 2 + 12*int(order.Uint16(b[first:])) + 4
	ifd := append([]byte(nil), b[first:int(first)+size]...)
	last := int(first) // the IFD whose next pointer is set
	for range pages - 1 {
		if len(b)%2 == 1 {
			b = append(b, 0) // IFDs start on a word
		}
		at := len(b)
		b = append(b, ifd...)
		order.PutUint32(b[last+size-4:], uint32(at))
		order.PutUint32(b[at+size-4:], 0)
		last = at
	}
	return b
}

func tiffPage() []byte {
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 4)
	}
	img.Set(0, 0, color.Gray{255})
	var b bytes.Buffer
	if err := tiff.Encode(&b, img, nil); err != nil {
		panic(err) // an image in memory always encodes
	}
	return b.Bytes()
}

// PNG is a PNG of w by h pixels, a gradient.
func PNG(w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, gradient(w, h)); err != nil {
		panic(err) // an image in memory always encodes
	}
	return b.Bytes()
}

// JPEG is a JPEG of w by h pixels, a gradient.
func JPEG(w, h int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, gradient(w, h), nil); err != nil {
		panic(err) // an image in memory always encodes
	}
	return b.Bytes()
}

func gradient(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x * 255 / max(w, 1)), uint8(y * 255 / max(h, 1)), 128, 255})
		}
	}
	return img
}
