package importer

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	xencoding "golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// record is one record as Read hands it over.
type record struct {
	Row   int
	Cells []string
}

// readAll reads data with opts and returns the preview and every record.
func readAll(t *testing.T, data []byte, opts Options) (*Preview, []record, error) {
	t.Helper()
	var recs []record
	p, err := ReadBytes("contacts.csv", data, opts, func(row int, cells []string) error {
		recs = append(recs, record{row, append([]string(nil), cells...)})
		return nil
	})
	return p, recs, err
}

func encode(t *testing.T, e xencoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const frenchFile = "Nom;Prénom;Télécopieur\r\nCôté;Hélène;514-555-0101\r\nO'Brien;Zoë;514 555 0102\r\n"

var frenchRecords = []record{
	{2, []string{"Côté", "Hélène", "514-555-0101"}},
	{3, []string{"O'Brien", "Zoë", "514 555 0102"}},
}

func TestReadEncodings(t *testing.T) {
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	bareLE := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	tests := []struct {
		name     string
		data     []byte
		opts     Options
		encoding string
	}{
		{"utf-8", []byte(frenchFile), Options{}, "UTF-8"},
		{"utf-8 with BOM", append([]byte("\xEF\xBB\xBF"), frenchFile...), Options{}, "UTF-8 with BOM"},
		{"utf-16 LE with BOM", encode(t, utf16le, frenchFile), Options{}, "UTF-16 LE"},
		{"utf-16 BE with BOM", encode(t, utf16be, frenchFile), Options{}, "UTF-16 BE"},
		{"utf-16 LE without BOM", encode(t, bareLE, frenchFile), Options{}, "UTF-16 LE"},
		{"windows-1252", encode(t, charmap.Windows1252, frenchFile), Options{}, "Windows-1252"},
		{"chosen utf-8", []byte(frenchFile), Options{Encoding: "UTF-8"}, "UTF-8"},
		{"chosen utf-8 with BOM", append([]byte("\xEF\xBB\xBF"), frenchFile...), Options{Encoding: "utf-8"}, "UTF-8 with BOM"},
		{"chosen utf-16le", encode(t, utf16le, frenchFile), Options{Encoding: "utf-16le"}, "UTF-16 LE"},
		{"chosen utf-16be without BOM", encode(t, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), frenchFile), Options{Encoding: "UTF-16BE"}, "UTF-16 BE"},
		{"chosen windows-1252", encode(t, charmap.Windows1252, frenchFile), Options{Encoding: "Windows-1252"}, "Windows-1252"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, recs, err := readAll(t, tt.data, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if p.Encoding != tt.encoding || p.Delimiter != ';' {
				t.Errorf("encoding %q, delimiter %q; want %q, ';'", p.Encoding, p.Delimiter, tt.encoding)
			}
			if want := []string{"Nom", "Prénom", "Télécopieur"}; !reflect.DeepEqual(p.Header, want) {
				t.Errorf("header %q, want %q", p.Header, want)
			}
			if !reflect.DeepEqual(recs, frenchRecords) {
				t.Errorf("records %v, want %v", recs, frenchRecords)
			}
		})
	}
}

// A file that says it is UTF-8 but is not still gives valid text.
func TestReadChosenUTF8Invalid(t *testing.T) {
	data := encode(t, charmap.Windows1252, frenchFile)
	_, recs, err := readAll(t, data, Options{Encoding: "utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[0].Cells[0]; got != "C\uFFFDt\uFFFD" {
		t.Errorf("cell %q, want the unreadable bytes replaced", got)
	}
}

// A spreadsheet saved as Windows-1252 is mostly ASCII: the first accented
// letter can come late, and a sample of the start would call it UTF-8.
func TestReadWindows1252LateInFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("First Name,Last Name,Fax,Notes\r\n")
	for row := 2; row <= 6000; row++ {
		first := "Anna"
		if row == 5000 {
			first = "Hélène"
		}
		b.WriteString(first + ",Tremblay,514-555-0101,Prefers faxes in the morning; call the front desk first\r\n")
	}
	data := encode(t, charmap.Windows1252, b.String())
	if len(data) < 256<<10 {
		t.Fatalf("the file (%d bytes) should be longer than the chunks the check reads", len(data))
	}
	path := filepath.Join(t.TempDir(), "contacts.csv")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Sniff(path, Options{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if p.Encoding != "Windows-1252" {
		t.Errorf("encoding %q, want Windows-1252", p.Encoding)
	}
	var got string
	_, err = Read(path, Options{}, func(row int, cells []string) error {
		if row == 5000 {
			got = cells[0]
		}
		return nil
	})
	if err != nil || got != "Hélène" {
		t.Errorf("row 5000 reads %q, %v; want Hélène", got, err)
	}
}

// A character cut by the end of a chunk of the UTF-8 check is still valid.
func TestValidUTF8AcrossChunks(t *testing.T) {
	for _, at := range []int{256<<10 - 3, 256<<10 - 2, 256<<10 - 1, 256 << 10} {
		data := []byte(strings.Repeat("a", at) + "€" + strings.Repeat("b", 10))
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		valid, err := validUTF8(f, 0)
		f.Close()
		if !valid || err != nil {
			t.Errorf("€ at %d: valid %v, %v", at, valid, err)
		}
		data[at+1] = 'x' // break the character
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		f, _ = os.Open(path)
		valid, _ = validUTF8(f, 0)
		f.Close()
		if valid {
			t.Errorf("broken € at %d: valid", at)
		}
	}
}

func TestReadDelimiters(t *testing.T) {
	for _, d := range []rune{',', ';', '\t', '|'} {
		t.Run(string(d), func(t *testing.T) {
			sep := string(d)
			// Every other delimiter appears in the cells, unquoted where it can be.
			data := strings.Join([]string{
				"Name" + sep + "Fax" + sep + "Address" + sep + "Notes",
				"Lakeview Imaging" + sep + "514-555-0101" + sep + `"12 Main St, Suite 4; rear` + sep + ` door"` + sep + "a|b; c, d",
				"Dr. Roy" + sep + "514-555-0102" + sep + "" + sep + "tab\there",
			}, "\n")
			data = strings.ReplaceAll(data, "a|b; c, d", strings.ReplaceAll("a|b; c, d", sep, ""))
			data = strings.ReplaceAll(data, "tab\there", strings.ReplaceAll("tab\there", sep, ""))
			p, recs, err := readAll(t, []byte(data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Delimiter != d {
				t.Fatalf("delimiter %q, want %q", p.Delimiter, d)
			}
			if len(p.Header) != 4 || len(recs) != 2 || len(recs[0].Cells) != 4 || len(recs[1].Cells) != 4 {
				t.Fatalf("header %q, records %v", p.Header, recs)
			}
			if want := "12 Main St, Suite 4; rear" + sep + " door"; recs[0].Cells[2] != want {
				t.Errorf("quoted cell %q, want %q", recs[0].Cells[2], want)
			}
		})
	}
}

// A delimiter the user chooses wins over detection.
func TestReadChosenDelimiter(t *testing.T) {
	p, recs, err := readAll(t, []byte("a,b;c\n1,2;3\n"), Options{Delimiter: ';'})
	if err != nil {
		t.Fatal(err)
	}
	want := []record{{2, []string{"1,2", "3"}}}
	if p.Delimiter != ';' || !reflect.DeepEqual(p.Header, []string{"a,b", "c"}) || !reflect.DeepEqual(recs, want) {
		t.Errorf("got %q %q %v", p.Delimiter, p.Header, recs)
	}
}

// Detection counts delimiters outside quotes and wants the header's count
// on every line.
func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		data string
		want rune
	}{
		{"a;b;c\n1,5;2,5;3\n", ';'},              // decimal commas in a semicolon file
		{"a,b\n\"x;y;z\",1\n\"p;q;r\",2\n", ','}, // semicolons only inside quotes
		{"Name, First\tFax\n\"Roy, Ann\"\t1\n", '\t'},
		{"a|b|c\n1|2|3\n4|5\n", '|'}, // a ragged row does not change the answer
		{"Fax\n514-555-0101\n", ','}, // one column
		{"a;b\n1;2\n3;4\n5,6,7\n", ';'},
	}
	for _, tt := range tests {
		if got := detectDelimiter([]byte(tt.data), true); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.data, got, tt.want)
		}
	}
}

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

// Wrong options are the caller's mistake, not the file's.
func TestReadBadOptions(t *testing.T) {
	for _, opts := range []Options{{Encoding: "ebcdic"}, {Delimiter: ':'}} {
		_, _, err := readAll(t, []byte("a,b\n"), opts)
		var fe *FileError
		if err == nil || errors.As(err, &fe) {
			t.Errorf("%+v: %v, want an error that is not a *FileError", opts, err)
		}
	}
}

func TestReadStopsWithCallbackError(t *testing.T) {
	stop := errors.New("stop")
	rows := 0
	p, err := ReadBytes("c.csv", []byte("a\n1\n2\n3\n"), Options{}, func(row int, cells []string) error {
		rows++
		if row == 3 {
			return stop
		}
		return nil
	})
	if err != stop || rows != 2 || p == nil || p.Header[0] != "a" {
		t.Errorf("err %v after %d rows, preview %+v", err, rows, p)
	}
}

func TestSniff(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outlook.csv")
	data := "\xEF\xBB\xBF\"First Name\",\"Last Name\",\"Business Fax\"\r\n" +
		"Ann,Roy,514-555-0101\r\n\r\n\"Jean\r\nPierre\",Côté,514-555-0102\r\nZoë,Ng,514-555-0103\r\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Sniff(path, Options{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := &Preview{
		Encoding:  "UTF-8 with BOM",
		Delimiter: ',',
		Header:    []string{"First Name", "Last Name", "Business Fax"},
		Rows:      [][]string{{"Ann", "Roy", "514-555-0101"}, {""}, {"Jean\nPierre", "Côté", "514-555-0102"}},
		RowNums:   []int{2, 3, 4},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}
	if p, err := Sniff(path, Options{}, 0); err != nil || len(p.Rows) != 0 || len(p.Header) != 3 {
		t.Errorf("no rows: %+v, %v", p, err)
	}
	if p, err := Sniff(path, Options{}, 10); err != nil || len(p.Rows) != 4 || p.RowNums[3] != 5 {
		t.Errorf("more rows than the file has: %+v, %v", p, err)
	}
	if _, err := Sniff(filepath.Join(t.TempDir(), "missing.csv"), Options{}, 3); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// Cells stay as they were after the callback returns: the planner keeps them.
func TestReadCellsAreSafeToKeep(t *testing.T) {
	var kept [][]string
	_, err := ReadBytes("c.csv", []byte("a,b\nx1,y1\nx2,y2\n\"q\"\"1\",z\n"), Options{}, func(row int, cells []string) error {
		kept = append(kept, []string{cells[0], cells[1]})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"x1", "y1"}, {"x2", "y2"}, {`q"1`, "z"}}; !reflect.DeepEqual(kept, want) {
		t.Errorf("kept %q, want %q", kept, want)
	}
}
