package document_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/document"
	"frontdesk/document/documenttest"
	"frontdesk/model"
)

// Each document is checked for what it claims to be: a PDF read through by
// a real parser, a TIFF decoded, text of a sane size; anything else is
// refused with the reason.
func TestCheck(t *testing.T) {
	long := strings.Repeat("a line of the letter\n", 130)
	tests := []struct {
		name  string
		file  string
		in    []byte
		kind  model.DocumentKind
		pages int
		err   string
	}{
		{"a PDF", "letter.pdf", documenttest.PDF(3, "letter"), model.DocPDF, 3, ""},
		{"an empty PDF", "letter.pdf", nil, "", 0, "is empty (0 bytes)"},
		{"a PDF header and junk", "letter.pdf", []byte("%PDF-1.4\n" + strings.Repeat("junk ", 50)), "", 0, "starts as a PDF but cannot be read as one"},
		{"a cut PDF", "letter.pdf", documenttest.PDF(2, "letter")[:200], "", 0, "starts as a PDF but cannot be read as one"},
		{"a TIFF", "scan.tif", documenttest.TIFF(1), model.DocTIFF, 1, ""},
		{"a TIFF of three pages", "scan.tiff", documenttest.TIFF(3), model.DocTIFF, 3, ""},
		{"a TIFF header and junk", "scan.tif", []byte("II*\x00\x08\x00\x00\x00junk junk junk"), "", 0, "starts as a TIFF but does not decode"},
		{"UTF-8 text", "note.txt", []byte("Dear colleague,\nZoë's results.\n"), model.DocText, 1, ""},
		{"text of three pages", "note.txt", []byte(long), model.DocText, 3, ""},
		{"text with form feeds and CRLF", "note.txt", []byte("page one\r\n\fpage two\r\n"), model.DocText, 1, ""},
		{"too much text", "big.txt", bytes.Repeat([]byte("0123456789\n"), 100_000), "", 0, "more than the 1 MB a text document may be"},
		{"text with an escape", "note.txt", []byte("hi \x1b[2J there"), "", 0, "control character U+001B"},
		{"text with a NUL", "note.txt", []byte("hi\x00there"), "", 0, "is not a PDF, a TIFF or a plain text file"},
		{"a JPEG", "photo.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "", 0, "is image/jpeg"},
		{"a PNG", "photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", 0, "is image/png"},
		{"a Word file", "letter.docx", []byte("PK\x03\x04\x14\x00\x06\x00"), "", 0, "is application/zip"},
		{"text named as a PDF", "results.pdf", []byte("not really a PDF\n"), "", 0, "is named as a PDF but holds plain text"},
		{"a PDF named as a TIFF", "scan.tif", documenttest.PDF(1, "x"), "", 0, "is named as a TIFF but holds a PDF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := document.Check(tt.file, tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("got %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || d.Kind != tt.kind || d.Pages != tt.pages || d.Size != int64(len(tt.in)) || d.Name != tt.file ||
				d.SHA256 != document.Hash(tt.in) {
				t.Errorf("got %s, %d pages, %d bytes, %v; want %s, %d pages", d.Kind, d.Pages, d.Size, err, tt.kind, tt.pages)
			}
		})
	}
}

// A letter written in Windows-1252 (Notepad, Excel) is text, kept as UTF-8
// so that every reader shows the same letters; bytes Windows-1252 leaves
// undefined are no text of it.
func TestCheckWindows1252(t *testing.T) {
	d, err := document.Check("lettre.txt", []byte("R\xe9sultats de Zo\xeb Ouellet \x96 \x80 12\r\n"))
	if err != nil || d.Kind != model.DocText || string(d.Data) != "Résultats de Zoë Ouellet – € 12\r\n" {
		t.Fatalf("got %+v %q %v", d, d.Data, err)
	}
	if d.SHA256 != document.Hash(d.Data) || d.Size != int64(len(d.Data)) {
		t.Errorf("the hash or the size are not of the bytes kept: %+v", d)
	}
	if _, err := document.Check("x.txt", []byte("caf\xe9 \x81")); err == nil {
		t.Error("an undefined Windows-1252 byte was taken as text")
	}
}

// A file too large is refused from its size, before it is read.
func TestReadFileRefusesTooLarge(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "notes.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(60_000_000) // sparse: nothing written
	f.Close()
	if _, err := document.ReadFile(big); err == nil || !strings.Contains(err.Error(), "is 60 MB: larger than the 50 MB a document may be") {
		t.Errorf("60 MB: %v", err)
	}
	text := filepath.Join(dir, "long.txt")
	os.WriteFile(text, bytes.Repeat([]byte("x\n"), 1_000_000), 0o600)
	if _, err := document.ReadFile(text); err == nil || !strings.Contains(err.Error(), "is 2 MB of text: more than the 1 MB") {
		t.Errorf("2 MB of text: %v", err)
	}
}

// Whatever the bytes, Check does not panic or hang, and what it takes is
// consistent: a known kind, at least a page, the hash and size of the
// bytes kept, and the same answer when those bytes are checked again.
func FuzzCheck(f *testing.F) {
	f.Add("letter.pdf", documenttest.PDF(2, "seed"))
	f.Add("scan.tif", documenttest.TIFF(2))
	f.Add("note.txt", []byte("Dear colleague,\n"))
	f.Add("lettre.txt", []byte("R\xe9sultats\r\n"))
	f.Add("x.pdf", []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF"))
	f.Add("x.tif", []byte("MM\x00*\x00\x00\x00\x08\x00\x01"))
	f.Fuzz(func(t *testing.T, name string, b []byte) {
		d, err := document.Check(name, b)
		if err != nil {
			return
		}
		if d.Kind != model.DocPDF && d.Kind != model.DocTIFF && d.Kind != model.DocText {
			t.Fatalf("kind %q", d.Kind)
		}
		if d.Pages < 1 || d.Size != int64(len(d.Data)) || d.SHA256 != document.Hash(d.Data) {
			t.Fatalf("%+v", d)
		}
		again, err := document.Check(name, d.Data)
		if err != nil || again.SHA256 != d.SHA256 || again.Pages != d.Pages || again.Kind != d.Kind {
			t.Fatalf("checked again: %+v %v, first %+v", again, err, d)
		}
	})
}

// Documents are checked by several sessions at once (a compose form, the
// sender): the parsers share nothing that races.
func TestCheckConcurrently(t *testing.T) {
	pdf, tif := documenttest.PDF(2, "a"), documenttest.TIFF(2)
	done := make(chan error)
	for i := range 8 {
		go func() {
			b := pdf
			if i%2 == 1 {
				b = tif
			}
			_, err := document.Check("x", b)
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
