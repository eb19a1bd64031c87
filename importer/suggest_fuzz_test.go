package importer

import (
	"reflect"
	"strings"
	"testing"
)

// ParseMap reads any spec without panicking, and what it reads FormatMap
// writes back to the same mapping.
func FuzzParseMap(f *testing.F) {
	headers := []string{"Name", "Practice Fax", "Mailing Fax", "Phone 1 - Type", "Phone 1 - Value", "Phone 2 - Label",
		"Phone 2 - Value", "Name, First", "Fax *", "E-mail 1 - Type", "E-mail 1 - Value"}
	for _, s := range []string{
		"Name=name,Practice Fax=fax,Mailing Fax=else fax",
		"Phone *=by type,Name, First=first_name",
		"Fax *=notes,Phone 1 - Value=phone 1 value,Phone 1 - Type=phone 1 type",
		"E-mail *=ignore,Mailing Fax=ELSE FAX,Practice Fax=Fax",
		"=,=else,*=by type",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		m, err := ParseMap(spec, headers, ContactFields())
		if err != nil {
			if !strings.HasPrefix(err.Error(), "--map: ") {
				t.Errorf("%q: %v", spec, err)
			}
			return
		}
		back, err := ParseMap(FormatMap(headers, m), headers, ContactFields())
		if err != nil || !reflect.DeepEqual(back, m) {
			t.Errorf("%q: %q written as %q read back as %q, %v", spec, m, FormatMap(headers, m), back, err)
		}
	})
}
