package importer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

// typedCSV is an export of type and value pairs whose fax is on another
// number on each row.
const typedCSV = "Name,Organization 1 - Type,Organization 1 - Name,Organization 1 - Title,Organization 2 - Type," +
	"Organization 2 - Name,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value," +
	"Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Phone 3 - Type,Phone 3 - Value\n" +
	"Ann Lee,,Lakeshore,Nurse,,,Home,ann@home.example,* Work,ann@lake.example,Work Fax,416 555 0101,Mobile,416 555 0111,,\n" +
	"Bo Ng,Other,Old Clinic,Intern,Work,North Clinic,,,,,Mobile,416 555 0122,* Work,416 555 0120,Home Fax,416 555 0102\n" +
	"Cy Ho,,,,,,,,,,Home Fax,416 555 0199,Work,416 555 0130,Work Fax,416 555 0103\n" +
	"Di Wu,,,,,,,,,,Pager,416 555 0140,Fax,416 555 0104 ::: 416 555 0105,,\n" +
	"Ed Yu,,,,,,,,,,Work,416 555 0150,,,,\n"

func TestTypedFamilies(t *testing.T) {
	path := filepath.Join(t.TempDir(), "google.csv")
	if err := os.WriteFile(path, []byte(typedCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	header := strings.Split(strings.SplitN(typedCSV, "\n", 2)[0], ",")
	mapping := Suggest(header, ContactFields())
	if mapping[0] != "name" || mapping[11] != "phone 1 value" || mapping[10] != "phone 1 type" || mapping[2] != "organization 1 name" {
		t.Fatalf("mapping %q", mapping)
	}
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "fd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := store.WithActor(t.Context(), "tester")
	p, _, err := Import(ctx, st, path, Settings{Mapping: mapping, Region: "US"}, NewKnown(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Contacts != 4 || len(p.Rejected) != 1 || p.Rejected[0].Row != 6 || !strings.Contains(p.Rejected[0].Reason, "no fax") {
		t.Errorf("%d contacts, rejected %v", p.Contacts, p.Rejected)
	}
	got := map[string][]string{}
	st.EachContact(t.Context(), func(c model.Contact) error {
		e := c.Entities[0]
		got[e.Name] = []string{c.Fax, e.Phone, e.Mobile, e.Email, e.Organization, e.Title}
		return nil
	})
	want := map[string][]string{
		// The work email before the home one; the fax on phone 1.
		"Ann Lee": {"+14165550101", "", "(416) 555-0111", "ann@lake.example", "Lakeshore", "Nurse"},
		// The fax on phone 3; the work organization before the other one,
		// its title going with it (none).
		"Bo Ng": {"+14165550102", "(416) 555-0120", "(416) 555-0122", "", "North Clinic", ""},
		// Two faxes: the work one.
		"Cy Ho": {"+14165550103", "(416) 555-0130", "", "", "", ""},
		// The first of two numbers in one cell; a pager is nothing.
		"Di Wu": {"+14165550104", "", "", "", "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestFamilyMapRoundTrip(t *testing.T) {
	header := strings.Split(strings.SplitN(typedCSV, "\n", 2)[0], ",")
	mapping := Suggest(header, ContactFields())
	spec := FormatMap(header, mapping)
	if spec != "Name=name,Organization *=by type,E-mail *=by type,Phone *=by type" {
		t.Errorf("spec %q", spec)
	}
	back, err := ParseMap(spec, header, ContactFields())
	if err != nil || !reflect.DeepEqual(back, mapping) {
		t.Errorf("%q read back as %q, %v", spec, back, err)
	}
	// A member mapped otherwise is written column by column.
	mapping[15] = "fax"
	spec = FormatMap(header, mapping)
	if !strings.Contains(spec, "Phone 1 - Type=phone 1 type,") || !strings.Contains(spec, "Phone 3 - Value=fax") {
		t.Errorf("spec %q", spec)
	}
	back, err = ParseMap(spec, header, ContactFields())
	if err != nil || !reflect.DeepEqual(back, mapping) {
		t.Errorf("%q read back as %q, %v", spec, back, err)
	}
	if err := CheckMapping(mapping); err != nil {
		t.Error(err)
	}
}

func TestFamilyMappingErrors(t *testing.T) {
	tests := []struct {
		mapping []string
		msg     string
	}{
		{[]string{"name", "phone 1 type", "fax"}, ""},
		{[]string{"name", "phone 1 value", "phone 1 value"}, "phone 1 value is mapped to two columns"},
		{[]string{"name", "email 1 value"}, "no column is mapped to fax: every contact needs a fax number"},
		{[]string{"name", "phone 1 value"}, ""},
		{[]string{"name", "else fax"}, "a column backs fax (else fax), but no column is mapped to fax"},
		{[]string{"name", "else faks", "fax"}, `unknown field "faks" in "else faks"`},
	}
	for _, tt := range tests {
		err := CheckMapping(tt.mapping)
		if (err == nil) != (tt.msg == "") || err != nil && err.Error() != tt.msg {
			t.Errorf("%q: %v, want %q", tt.mapping, err, tt.msg)
		}
	}
}
