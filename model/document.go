package model

import (
	"bytes"
	"errors"
	"time"
	"unicode/utf8"
)

// DocumentKind is what a fax can carry.
type DocumentKind string

// The kinds of documents a fax carries.
const (
	DocPDF  DocumentKind = "pdf"
	DocTIFF DocumentKind = "tiff"
	DocText DocumentKind = "text"
)

// ErrNotADocument is a file a fax cannot carry.
var ErrNotADocument = errors.New("is not a PDF, a TIFF or a plain text file")

// SniffDocument tells a document's kind from its first bytes, and guesses
// its pages without reading it through: a PDF's page objects, one for a
// TIFF, sixty lines a page of text. It is a first look, with no parser:
// package document checks a document for what it claims to be.
func SniffDocument(b []byte) (DocumentKind, int, error) {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		n := bytes.Count(b, []byte("/Type /Page")) - bytes.Count(b, []byte("/Type /Pages"))
		n += bytes.Count(b, []byte("/Type/Page")) - bytes.Count(b, []byte("/Type/Pages"))
		return DocPDF, max(1, n), nil
	case bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*")):
		return DocTIFF, 1, nil
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
