package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"

	"golang.org/x/text/transform"

	"frontdesk/files"
	"frontdesk/model"
)

// Options choose what detection would: zero values mean "detect".
type Options struct {
	Encoding  string // "", "utf-8", "utf-16le", "utf-16be", "windows-1252" (case-insensitive)
	Delimiter rune   // 0, ',', ';', '\t', '|'
	// Files is where the file's path is read (and the rejected rows
	// written): nil is the local disk, a user's folder keeps to it.
	Files *files.Folder

	pos  *atomic.Int64 // when not nil, kept at the offset Read has read the file to
	keep []bool        // when not nil, the columns a reading needs: the others' cells are empty
}

// FileError is a file that cannot be read as CSV at all.
type FileError struct {
	File   string
	Line   int // the line of the file (as a text editor counts them) where it goes wrong; 0 for the whole file
	Reason string
}

// Error reads "contacts.csv, line 12: a quote opened here is never closed".
func (e *FileError) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Reason
	}
	return e.File + ", line " + strconv.Itoa(e.Line) + ": " + e.Reason
}

// Preview is what the wizard shows before anything else.
type Preview struct {
	Encoding  string // as detected or chosen, human readable: "UTF-8", "UTF-8 with BOM", "UTF-16 LE", "UTF-16 BE", "Windows-1252"
	Delimiter rune
	Header    []string   // trimmed; empty and repeated names replaced by "Column N"
	BOM       bool       // the file begins with a byte-order mark
	SepLine   bool       // the file begins with Excel's "sep=;" line
	CRLF      bool       // its first line ends in CR LF, as on Windows
	Warnings  []string   // about the header: the names that head more than one column
	Rows      [][]string // the first n data records (copies)
	RowNums   []int      // their spreadsheet row numbers
}

// The encodings, as Preview.Encoding names them.
const (
	encUTF8    = "UTF-8"
	encUTF8BOM = "UTF-8 with BOM"
	encUTF16LE = "UTF-16 LE"
	encUTF16BE = "UTF-16 BE"
	enc1252    = "Windows-1252"
)

// Sniff opens the file at path, detects (or applies) encoding and delimiter
// and returns the header and the first n records. It reads the whole file,
// so that a file Read would refuse is refused here, before the wizard goes
// on; File in a *FileError is the file's base name.
func Sniff(path string, opts Options, n int) (*Preview, error) {
	f, err := opts.Files.Open(path, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return sniff(filepath.Base(path), f, opts, n)
}

// Read streams every data record of the file after the header: fn gets its
// spreadsheet row number (the header is row 1; the "sep=;" line Excel may
// write above it is no row) and its cells. The strings are safe to keep; the
// slice is reused after fn returns. A blank line is a record of one empty
// cell. Cells are valid UTF-8 whatever the file's encoding. Read returns the
// header and the encoding and delimiter used (Rows stay empty), also with an
// error met after the header, and stops with fn's error.
//
// A *FileError can come after fn has seen records (an unclosed quote is
// found at the end of the file): the caller keeps nothing of a run that
// fails. Sniff finds the same errors before anything is done.
func Read(path string, opts Options, fn func(row int, cells []string) error) (*Preview, error) {
	f, err := opts.Files.Open(path, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if opts.pos != nil {
		return read(filepath.Base(path), positioned{f, opts.pos}, opts, -1, fn)
	}
	return read(filepath.Base(path), f, opts, -1, fn)
}

// errHeaderRead stops readHeader's reading after the header.
var errHeaderRead = errors.New("the header is read")

// readHeader is Read of the header alone: the rest of the file is not read.
func readHeader(path string, opts Options) (*Preview, error) {
	p, err := Read(path, opts, func(int, []string) error { return errHeaderRead })
	if err == errHeaderRead {
		err = nil
	}
	return p, err
}

// ReadBytes is Read over data in memory; name is the file's name in errors.
func ReadBytes(name string, data []byte, opts Options, fn func(row int, cells []string) error) (*Preview, error) {
	return read(name, &memReader{bytes.NewReader(data), data}, opts, -1, fn)
}

func sniff(name string, src io.ReadSeeker, opts Options, n int) (*Preview, error) {
	var rows [][]string
	var nums []int
	p, err := read(name, src, opts, max(n, 0), func(row int, cells []string) error {
		rows = append(rows, append([]string(nil), cells...))
		nums = append(nums, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	p.Rows, p.RowNums = rows, nums
	return p, nil
}

// sampleSize is how much of the file detection looks at.
const sampleSize = 64 << 10

// read is Read over any seekable source: detecting the encoding may read the
// whole file once before the records are read. After limit records (when not
// negative) it only checks the rest of the file.
func read(name string, src io.ReadSeeker, opts Options, limit int, fn func(row int, cells []string) error) (*Preview, error) {
	if vcf, err := isVCard(name, src); err != nil || vcf {
		if err != nil {
			return nil, err
		}
		return readVCard(name, src, opts, limit, fn) // a card is a row, its properties the columns
	}
	delim, err := checkDelimiter(opts.Delimiter)
	if err != nil {
		return nil, err
	}
	enc, err := chooseEncoding(name, src, opts.Encoding)
	if err != nil {
		return nil, err
	}
	if _, err := src.Seek(int64(enc.skip), io.SeekStart); err != nil {
		return nil, err
	}
	bufSize := 64 << 10
	if m, ok := src.(*memReader); ok {
		bufSize = min(bufSize, len(m.data)+16) // small files, small buffers
	}
	text := io.Reader(src)
	if enc.decoder != nil {
		// transform reads 4 KiB at a time: fewer system calls with a buffer.
		text = transform.NewReader(bufio.NewReaderSize(src, bufSize), enc.decoder)
	}
	sample, err := io.ReadAll(io.LimitReader(text, sampleSize))
	if err != nil {
		return nil, err
	}
	if bytes.IndexByte(sample, 0) >= 0 || mostlyControl(sample) {
		return nil, &FileError{File: name, Reason: notText}
	}
	whole := len(sample) < sampleSize
	sep, skip := excelSep(sample)
	if delim == 0 {
		delim = sep
	}
	if delim == 0 {
		delim = detectDelimiter(sample[skip:], whole)
	}

	s := newScanner(name, io.MultiReader(bytes.NewReader(sample[skip:]), text), byte(delim), bufSize)
	if skip > 0 {
		s.line = 2
	}
	headLine := s.line
	ok, err := s.scan()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &FileError{File: name, Reason: "the file is empty"}
	}
	cells := s.cells(nil)
	p := &Preview{Encoding: enc.label, Delimiter: delim, Header: header(cells), BOM: enc.skip > 0, SepLine: skip > 0}
	if i := bytes.IndexByte(sample, '\n'); i > 0 && sample[i-1] == '\r' {
		p.CRLF = true
	}
	if p.Header == nil {
		return nil, &FileError{File: name, Line: headLine, Reason: "the first line is empty: it should name the columns"}
	}
	p.Warnings = repeatedHeaders(cells, p.Header)
	for row := 2; ; row++ {
		ok, err := s.scan()
		if err != nil {
			return p, err
		}
		if !ok {
			return p, nil
		}
		if limit >= 0 && row-1 > limit {
			continue
		}
		if opts.keep != nil {
			cells = s.keptCells(cells, opts.keep)
		} else {
			cells = s.cells(cells)
		}
		for i, c := range cells {
			if c != "" && c[0] == '\'' {
				cells[i] = model.UnformulaSafe(c) // an export's formula guard
			}
		}
		if err := fn(row, cells); err != nil {
			return p, err
		}
	}
}

// header names the columns from the first record: trimmed, with a blank or
// repeated name replaced by "Column N" so that every column can be named in a
// mapping. It returns nil when no column has a name.
func header(rec []string) []string {
	h := make([]string, len(rec))
	taken := make(map[string]bool, len(rec))
	for i, cell := range rec {
		name := headerName(cell)
		if name != "" && !taken[name] {
			h[i] = name
			taken[name] = true
		}
	}
	if len(taken) == 0 {
		return nil
	}
	for i := range h {
		if h[i] != "" {
			continue
		}
		// A name of the file keeps its column; a made-up one steps aside.
		name := "Column " + strconv.Itoa(i+1)
		for k := 2; taken[name]; k++ {
			name = "Column " + strconv.Itoa(i+1) + " (" + strconv.Itoa(k) + ")"
		}
		taken[name] = true
		h[i] = name
	}
	return h
}

// headerName is a header cell as a column's name: trimmed of spaces and of
// the byte-order mark that one written twice leaves.
func headerName(cell string) string {
	return strings.TrimFunc(cell, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
}

func checkDelimiter(d rune) (rune, error) {
	switch d {
	case 0, ',', ';', '\t', '|':
		return d, nil
	}
	return 0, fmt.Errorf("delimiter %q is not one of comma, semicolon, tab or pipe", d)
}
