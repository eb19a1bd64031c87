package importer

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadRecords(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		header []string
		want   []record
	}{
		{"LF", "a,b\n1,2\n3,4\n", []string{"a", "b"},
			[]record{{2, []string{"1", "2"}}, {3, []string{"3", "4"}}}},
		{"CRLF", "a,b\r\n1,2\r\n3,4\r\n", []string{"a", "b"},
			[]record{{2, []string{"1", "2"}}, {3, []string{"3", "4"}}}},
		{"CR only (old Mac Excel)", "a,b\r1,2\r3,4", []string{"a", "b"},
			[]record{{2, []string{"1", "2"}}, {3, []string{"3", "4"}}}},
		{"no final newline", "a,b\n1,2", []string{"a", "b"},
			[]record{{2, []string{"1", "2"}}}},
		{"quoted newlines do not start a row", "a,b\n\"line 1\nline 2\r\nline 3\",x\n3,4\n", []string{"a", "b"},
			[]record{{2, []string{"line 1\nline 2\nline 3", "x"}}, {3, []string{"3", "4"}}}},
		{"doubled quotes", "a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n", []string{"a", "b"},
			[]record{{2, []string{`say "hi"`, `"`}}}},
		{"blank lines are rows", "a,b\n\n1,2\r\n\r\n\n3,4\n", []string{"a", "b"},
			[]record{{2, []string{""}}, {3, []string{"1", "2"}}, {4, []string{""}}, {5, []string{""}}, {6, []string{"3", "4"}}}},
		{"ragged rows as they are", "a,b,c\n1\n1,2,3,4,5\n,\n", []string{"a", "b", "c"},
			[]record{{2, []string{"1"}}, {3, []string{"1", "2", "3", "4", "5"}}, {4, []string{"", ""}}}},
		{"quote inside an unquoted cell", "a,b\n5\" screen,O\"Neil\n", []string{"a", "b"},
			[]record{{2, []string{`5" screen`, `O"Neil`}}}},
		{"text after a closing quote", "a,b\n\"Roy\" Ann,\"x\"\"\"y\n", []string{"a", "b"},
			[]record{{2, []string{"Roy Ann", `x"y`}}}},
		{"spaces kept in cells", "a,b\n 1 , \" 2 \"\n", []string{"a", "b"},
			[]record{{2, []string{" 1 ", ` " 2 "`}}}},
		{"empty quoted cells", "a,b,c\n\"\",\"\",\n", []string{"a", "b", "c"},
			[]record{{2, []string{"", "", ""}}}},
		{"header names trimmed, blank and repeated ones named", " First Name ,,Fax,Fax,Column 5,\n", []string{"First Name", "Column 2", "Fax", "Column 4", "Column 5", "Column 6"},
			nil},
		{"a repeated name that is also taken", "Column 2,x,x\n", []string{"Column 2", "x", "Column 3"}, nil},
		{"a generated name already taken", "x,x,Column 2\n", []string{"x", "Column 2 (2)", "Column 2"}, nil},
		{"header only", "a,b", []string{"a", "b"}, nil},
		{"quoted header with a newline", "\"a\nb\",c\n1,2\n", []string{"a\nb", "c"},
			[]record{{2, []string{"1", "2"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, recs, err := readAll(t, []byte(tt.data), Options{Delimiter: ','})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Header, tt.header) {
				t.Errorf("header %q, want %q", p.Header, tt.header)
			}
			if !reflect.DeepEqual(recs, tt.want) {
				t.Errorf("records %v\nwant %v", recs, tt.want)
			}
			// Read a byte at a time, every cut between buffers is tried.
			if got := scanOneByte(t, tt.data); !reflect.DeepEqual(got, scanAll(t, strings.NewReader(tt.data))) {
				t.Errorf("a byte at a time: %q", got)
			}
		})
	}
}

func scanOneByte(t *testing.T, data string) [][]string {
	return scanAll(t, iotest.OneByteReader(strings.NewReader(data)))
}

func scanAll(t *testing.T, r interface{ Read([]byte) (int, error) }) [][]string {
	t.Helper()
	s := newScanner("t.csv", r, ',', 64<<10)
	var out [][]string
	for {
		ok, err := s.scan()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return out
		}
		out = append(out, s.cells(nil))
	}
}

func TestReadRefusals(t *testing.T) {
	long := "a,b\n" + strings.Repeat("1,2\n", 10) + "\"unclosed,3\n4,5\n6,7\n"
	tests := []struct {
		name string
		data []byte
		line int
		msg  string
	}{
		{"unclosed quote", []byte(long), 12, "contacts.csv, line 12: a quote opened here is never closed"},
		{"unclosed quote after quoted newlines", []byte("a,b\n\"x\ny\",1\n\r\n2,\"oops\n3,4\n"), 5, "contacts.csv, line 5: a quote opened here is never closed"},
		{"unclosed quote in the header", []byte("\"a,b\n1,2\n"), 1, "contacts.csv, line 1: a quote opened here is never closed"},
		{"NUL bytes", []byte("a,b\n1,\x002\n"), 0, "contacts.csv: this is not a text file"},
		{"NUL bytes far into the file", []byte("a,b\n" + strings.Repeat("1,2\n", 40000) + "\x00\n"), 0, "contacts.csv: this is not a text file"},
		{"a zip archive", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00"), 0, "contacts.csv: this is not a text file"},
		{"control characters", []byte("\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10\x11ab"), 0, "contacts.csv: this is not a text file"},
		{"empty", nil, 0, "contacts.csv: the file is empty"},
		{"a byte-order mark only", []byte("\xEF\xBB\xBF"), 0, "contacts.csv: the file is empty"},
		{"first line blank", []byte("\n\nName,Fax\nRoy,1\n"), 1, "contacts.csv, line 1: the first line is empty: it should name the columns"},
		{"header of blank names", []byte(" , ,\nRoy,1,2\n"), 1, "contacts.csv, line 1: the first line is empty: it should name the columns"},
		{"whitespace only", []byte("  \r\n"), 1, "contacts.csv, line 1: the first line is empty: it should name the columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, tt.data, Options{})
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v, want a *FileError", err)
			}
			if fe.Line != tt.line || err.Error() != tt.msg {
				t.Errorf("line %d %q\nwant %d %q", fe.Line, err, tt.line, tt.msg)
			}
			// Sniff refuses it too, before anything is done.
			path := filepath.Join(t.TempDir(), "contacts.csv")
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := Sniff(path, Options{}, 5); err == nil || err.Error() != tt.msg {
				t.Errorf("Sniff: %v, want %q", err, tt.msg)
			}
		})
	}
}

// Excel writes, and reads, a first line that names the delimiter; it is no
// row of the spreadsheet.
func TestReadExcelSepLine(t *testing.T) {
	p, recs, err := readAll(t, []byte("sep=;\r\nName;Fax\r\nRoy, Ann;514-555-0101\r\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []record{{2, []string{"Roy, Ann", "514-555-0101"}}}
	if p.Delimiter != ';' || !reflect.DeepEqual(p.Header, []string{"Name", "Fax"}) || !reflect.DeepEqual(recs, want) {
		t.Errorf("got %q %q %v", p.Delimiter, p.Header, recs)
	}
	_, _, err = readAll(t, []byte("sep=,\n\nName,Fax\n"), Options{})
	if err == nil || err.Error() != "contacts.csv, line 2: the first line is empty: it should name the columns" {
		t.Errorf("blank header after sep=: %v", err)
	}
}
