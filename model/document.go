package model

import (
	"bytes"
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// DocumentKind is what a document of the store is.
type DocumentKind string

// The kinds of documents the store keeps: a fax carries the first three; a
// patient's chart also takes images (a photograph, a scan saved as one).
const (
	DocPDF  DocumentKind = "pdf"
	DocTIFF DocumentKind = "tiff"
	DocText DocumentKind = "text"
	DocPNG  DocumentKind = "png"
	DocJPEG DocumentKind = "jpeg"
)

// Label is how the kind reads to people: "PDF", "JPEG", "text".
func (k DocumentKind) Label() string {
	switch k {
	case DocPDF, DocTIFF, DocPNG, DocJPEG:
		return strings.ToUpper(string(k))
	case DocText:
		return "text"
	}
	return string(k)
}

// IsImage reports whether the kind is an image of one page (PNG, JPEG),
// which a fax does not carry as it is.
func (k DocumentKind) IsImage() bool { return k == DocPNG || k == DocJPEG }

// ErrNotADocument is a file a fax cannot carry.
var ErrNotADocument = errors.New("is not a PDF, a TIFF or a plain text file")

// SniffDocument tells a document's kind from its first bytes, and guesses
// its pages without reading it through: a PDF's page objects, one for a
// TIFF or an image, sixty lines a page of text. It is a first look, with no parser:
// package document checks a document for what it claims to be.
func SniffDocument(b []byte) (DocumentKind, int, error) {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		n := bytes.Count(b, []byte("/Type /Page")) - bytes.Count(b, []byte("/Type /Pages"))
		n += bytes.Count(b, []byte("/Type/Page")) - bytes.Count(b, []byte("/Type/Pages"))
		return DocPDF, max(1, n), nil
	case bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*")):
		return DocTIFF, 1, nil
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return DocPNG, 1, nil
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return DocJPEG, 1, nil
	case utf8.Valid(b) && !bytes.ContainsRune(b, 0):
		lines := bytes.Count(b, []byte("\n")) + 1
		return DocText, (lines + 59) / 60, nil
	}
	return "", 0, ErrNotADocument
}

// Document is one document of the document store: the bytes as they were
// captured, named by their SHA-256 (the same bytes are one document,
// however many faxes or charts carry them). A fax refers to its documents
// by ID, each under the name it was given there.
type Document struct {
	ID      int64
	SHA256  string // hex, 64 characters
	Kind    DocumentKind
	Pages   int
	Size    int64
	Name    string // the file's name when it was captured (no folder)
	Created time.Time
	// Data are the bytes, when they were read: a list of documents carries
	// none, the sender loads them.
	Data []byte
}
