package importer

import (
	"bytes"
	"io"
)

// notText is the reason a binary file is refused.
const notText = "this is not a text file"

// scanner splits text into RFC 4180 records. Unlike encoding/csv it keeps
// blank lines as records, so that record numbers stay those a spreadsheet
// shows, and it reads leniently what spreadsheets accept: a quote inside an
// unquoted field is a character, text after a closing quote joins the field,
// and a lone CR ends a line as old Mac files do. Only a quote that is never
// closed is an error: it would swallow the rest of the file.
type scanner struct {
	r        io.Reader
	name     string // the file, for errors
	buf      []byte
	pos, end int
	eof      bool
	err      error
	line     int // the line of buf[pos], counting from 1
	delim    byte
	stop     [256]bool // the bytes that end an unquoted field
	rec      []byte    // the current record's cells, one after another
	ends     []int     // where each cell ends in rec
	kept     []byte    // the kept cells of rec, for keptCells
}

func newScanner(name string, r io.Reader, delim byte, size int) *scanner {
	s := &scanner{r: r, name: name, buf: make([]byte, size), line: 1, delim: delim}
	s.stop[delim], s.stop['\n'], s.stop['\r'] = true, true, true
	return s
}

// scan reads the next record. It returns false at the end of the text.
func (s *scanner) scan() (bool, error) {
	s.rec, s.ends = s.rec[:0], s.ends[:0]
	if s.pos == s.end && !s.fill() {
		return false, s.err
	}
	for {
		if (s.pos < s.end || s.fill()) && s.buf[s.pos] == '"' {
			s.pos++
			if err := s.quoted(); err != nil {
				return false, err
			}
		}
		more := s.unquoted()
		s.ends = append(s.ends, len(s.rec))
		if s.err != nil {
			return false, s.err
		}
		if !more {
			return true, nil
		}
	}
}

// unquoted reads the rest of a field up to a delimiter (it returns true: a
// field follows) or the end of the line or text (false).
func (s *scanner) unquoted() bool {
	stop := &s.stop
	for {
		b := s.buf[s.pos:s.end]
		for i, c := range b {
			if !stop[c] {
				continue
			}
			s.rec = append(s.rec, b[:i]...)
			s.pos += i + 1
			switch c {
			case s.delim:
				return true
			case '\r':
				if (s.pos < s.end || s.fill()) && s.buf[s.pos] == '\n' {
					s.pos++
				}
			}
			s.line++
			return false
		}
		s.rec = append(s.rec, b...)
		s.pos = s.end
		if !s.fill() {
			return false
		}
	}
}

// quoted reads a quoted field after its opening quote, up to the closing one.
func (s *scanner) quoted() error {
	line := s.line
	start := len(s.rec)
	for {
		if s.pos == s.end && !s.fill() {
			if s.err != nil {
				return s.err
			}
			return &FileError{File: s.name, Line: line, Reason: "a quote opened here is never closed"}
		}
		b := s.buf[s.pos:s.end]
		i := bytes.IndexByte(b, '"')
		if i < 0 {
			s.appendQuoted(b, start)
			s.pos = s.end
			continue
		}
		s.appendQuoted(b[:i], start)
		s.pos += i + 1
		if (s.pos < s.end || s.fill()) && s.buf[s.pos] == '"' {
			s.rec = append(s.rec, '"')
			s.pos++
			continue
		}
		return s.err
	}
}

// appendQuoted adds text of a quoted field (from start in rec) to the
// record, counting its lines; a CRLF in a cell becomes LF, as in
// encoding/csv.
func (s *scanner) appendQuoted(b []byte, start int) {
	if len(b) == 0 {
		return
	}
	if b[0] == '\n' && len(s.rec) > start && s.rec[len(s.rec)-1] == '\r' {
		s.rec[len(s.rec)-1] = '\n' // a CRLF cut by the end of the buffer
		b = b[1:]
	}
	if bytes.IndexByte(b, '\r') < 0 {
		s.line += bytes.Count(b, newline)
		s.rec = append(s.rec, b...)
		return
	}
	for _, c := range b {
		switch {
		case c == '\n' && len(s.rec) > start && s.rec[len(s.rec)-1] == '\r':
			s.rec[len(s.rec)-1] = '\n'
			continue
		case c == '\n' || c == '\r':
			s.line++
		}
		s.rec = append(s.rec, c)
	}
}

var newline = []byte{'\n'}

// fill reads more text into the buffer, which the caller has used up. It
// returns false at the end of the text or on an error, kept in s.err.
func (s *scanner) fill() bool {
	for s.err == nil && !s.eof {
		n, err := s.r.Read(s.buf)
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			s.err = err
		}
		if n > 0 {
			if bytes.IndexByte(s.buf[:n], 0) >= 0 {
				s.err = &FileError{File: s.name, Reason: notText}
				return false
			}
			s.pos, s.end = 0, n
			return true
		}
	}
	return false
}

// cells returns the record's cells in dst, as strings that share one
// allocation.
func (s *scanner) cells(dst []string) []string {
	dst = dst[:0]
	str := string(s.rec)
	prev := 0
	for _, e := range s.ends {
		dst = append(dst, str[prev:e])
		prev = e
	}
	return dst
}

// keptCells is cells for a reading that needs only some columns (keep[i]
// for column i): the others are empty, and only the kept ones share the
// allocation, so that nothing kept of a row of a wide file holds the rest
// of it. A record whose kept cells are all empty keeps its first other
// cell that is not, so that it is not taken for a blank line.
func (s *scanner) keptCells(dst []string, keep []bool) []string {
	dst = dst[:0]
	s.kept = s.kept[:0]
	prev, other := 0, -1
	for i, e := range s.ends {
		if i < len(keep) && keep[i] {
			s.kept = append(s.kept, s.rec[prev:e]...)
		} else if other < 0 && e > prev {
			other = i
		}
		prev = e
	}
	str := string(s.kept)
	prev, at := 0, 0
	for i, e := range s.ends {
		switch {
		case i < len(keep) && keep[i]:
			n := e - prev
			dst = append(dst, str[at:at+n])
			at += n
		case i == other && len(str) == 0:
			start := 0
			if i > 0 {
				start = s.ends[i-1]
			}
			dst = append(dst, string(s.rec[start:e]))
		default:
			dst = append(dst, "")
		}
		prev = e
	}
	return dst
}
