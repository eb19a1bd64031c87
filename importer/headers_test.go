package importer

import (
	"reflect"
	"testing"
)

func TestRepeatedHeadersAreWarnedAbout(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"Name,Fax\n", nil},
		{",,Fax\n", nil}, // blank headers are no name to map by
		{"Name,Fax, Fax\n", []string{`the header "Fax" names 2 columns, 2 (B) and 3 (C): "Fax" is column 2 (B), ` +
			`and column 3 (C) is called "Column 3" here`}},
		{"Fax,Name,Fax,Name,Fax\n", []string{
			`the header "Fax" names 3 columns, 1 (A), 3 (C) and 5 (E): "Fax" is column 1 (A), and column 3 (C) and 5 (E) are called "Column 3" and "Column 5" here`,
			`the header "Name" names 2 columns, 2 (B) and 4 (D): "Name" is column 2 (B), and column 4 (D) is called "Column 4" here`}},
	}
	for _, tt := range tests {
		p, err := ReadBytes("x.csv", []byte(tt.file+"a,b,c,d,e\n"), Options{Delimiter: ','}, func(int, []string) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p.Warnings, tt.want) {
			t.Errorf("%q: warnings\n%q\nwant\n%q", tt.file, p.Warnings, tt.want)
		}
	}
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := columnLetter(i); got != want {
			t.Errorf("columnLetter(%d) = %q, want %q", i, got, want)
		}
	}
}
