package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzRead reads random bytes with random options. It must never panic,
// refuse only with a *FileError that gives a reason, number rows upwards,
// and read back the same records from what encoding/csv writes of them.
func FuzzRead(f *testing.F) {
	seeds := []string{
		"a,b\n1,2\n",
		"Nom;Prénom\r\nCôté;Hélène\r\n",
		"a\tb\n\"x\ny\"\t\"q\"\"q\"\n\n3\n",
		"a|b\r1|2\r",
		"\xEF\xBB\xBFa,b\n1,2,3\n",
		"\xFF\xFEa\x00,\x00b\x00\n\x001\x00",
		"a,b\n\"unclosed\n",
		"a,b\n\"x\"y,\"\"\n",
		"H\xe9l\xe8ne,b\n",
		"sep=;\r\na;b\r\n1;2\r\n",
	}
	for i, s := range seeds {
		f.Add([]byte(s), uint8(i), uint8(i))
	}
	encodings := []string{"", "utf-8", "utf-16le", "utf-16be", "windows-1252"}
	delims := []rune{0, ',', ';', '\t', '|'}
	f.Fuzz(func(t *testing.T, data []byte, enc, delim uint8) {
		opts := Options{Encoding: encodings[int(enc)%len(encodings)], Delimiter: delims[int(delim)%len(delims)]}
		var recs [][]string
		var rows []int
		p, err := ReadBytes("f.csv", data, opts, func(row int, cells []string) error {
			if len(rows) > 0 && row <= rows[len(rows)-1] || row < 2 {
				t.Fatalf("row %d after %v", row, rows)
			}
			for _, c := range cells {
				if !utf8.ValidString(c) {
					t.Fatalf("row %d: cell %q is not valid UTF-8", row, c)
				}
			}
			rows = append(rows, row)
			recs = append(recs, append([]string(nil), cells...))
			return nil
		})
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Reason == "" {
				t.Fatalf("error %#v, want a *FileError with a reason", err)
			}
			return
		}
		if len(p.Header) == 0 {
			t.Fatal("accepted without a header")
		}

		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Comma = p.Delimiter
		if err := w.Write(p.Header); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteAll(recs); err != nil {
			t.Fatal(err)
		}
		if _, n := excelSep(buf.Bytes()); n > 0 {
			return // a header of one cell "sep=;" reads as Excel's line that names the delimiter
		}
		var recs2 [][]string
		var rows2 []int
		p2, err := ReadBytes("f.csv", buf.Bytes(), Options{Encoding: "utf-8", Delimiter: p.Delimiter}, func(row int, cells []string) error {
			rows2 = append(rows2, row)
			recs2 = append(recs2, append([]string(nil), cells...))
			return nil
		})
		if err != nil {
			var fe *FileError
			if errors.As(err, &fe) && fe.Reason == notText && mostlyControl(buf.Bytes()[:min(buf.Len(), sampleSize)]) {
				return // the share of control characters moved past the limit
			}
			t.Fatalf("reading back %q: %v", buf.Bytes(), err)
		}
		if !reflect.DeepEqual(p2.Header, p.Header) {
			t.Fatalf("header %q, read back as %q", p.Header, p2.Header)
		}
		if !reflect.DeepEqual(recs2, recs) {
			t.Fatalf("records %q, read back as %q", recs, recs2)
		}
		for i := range rows2 {
			if rows2[i] != i+2 || rows[i] != i+2 {
				t.Fatalf("rows %v, read back as %v", rows, rows2)
			}
		}
	})
}
