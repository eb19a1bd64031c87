package importer

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

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
		BOM:       true,
		CRLF:      true,
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
