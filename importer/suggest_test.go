package importer

import (
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"frontdesk/model"
)

// Header lines as the tools write them.
const (
	outlookHeader = `"Title","First Name","Middle Name","Last Name","Suffix","Company","Department","Job Title",` +
		`"Business Street","Business Street 2","Business Street 3","Business City","Business State","Business Postal Code",` +
		`"Business Country/Region","Home Street","Home Street 2","Home Street 3","Home City","Home State","Home Postal Code",` +
		`"Home Country/Region","Other Street","Other Street 2","Other Street 3","Other City","Other State","Other Postal Code",` +
		`"Other Country/Region","Assistant's Phone","Business Fax","Business Phone","Business Phone 2","Callback","Car Phone",` +
		`"Company Main Phone","Home Fax","Home Phone","Home Phone 2","ISDN","Mobile Phone","Other Fax","Other Phone","Pager",` +
		`"Primary Phone","Radio Phone","TTY/TDD Phone","Telex","Account","Anniversary","Assistant's Name","Billing Information",` +
		`"Birthday","Business Address PO Box","Categories","Children","Directory Server","E-mail Address","E-mail Type",` +
		`"E-mail Display Name","E-mail 2 Address","E-mail 2 Type","E-mail 2 Display Name","E-mail 3 Address","E-mail 3 Type",` +
		`"E-mail 3 Display Name","Gender","Government ID Number","Hobby","Home Address PO Box","Initials","Internet Free Busy",` +
		`"Keywords","Language","Location","Manager's Name","Mileage","Notes","Office Location","Organizational ID Number",` +
		`"Other Address PO Box","Priority","Private","Profession","Referred By","Sensitivity","Spouse","User 1","User 2",` +
		`"User 3","User 4","Web Page"`
	googleHeader = `First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,` +
		`Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,` +
		`Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,` +
		`Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,` +
		`Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,` +
		`Address 1 - Extended Address,Website 1 - Label,Website 1 - Value`
	googleOldHeader = `Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,` +
		`Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,Gender,Location,` +
		`Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,` +
		`Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,` +
		`Phone 2 - Value,Address 1 - Type,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,` +
		`Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,` +
		`Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,Organization 1 - Title,` +
		`Organization 1 - Department,Organization 1 - Symbol,Organization 1 - Location,Organization 1 - Job Description,` +
		`Website 1 - Type,Website 1 - Value`
	frenchHeader    = `Groupe;Nom;Prénom;Titre;Société;Spécialité;Télécopieur;Téléphone;Cellulaire;Courriel;Adresse;Ville;Province;Code postal;Pays;Remarques`
	frontdeskHeader = `group,fax,first_name,last_name,name,title,organization,specialty,phone,mobile,email,address,city,region,postal_code,country,notes`
)

func splitHeader(t *testing.T, line string, comma rune) []string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(line))
	r.Comma = comma
	h, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// suggested returns the columns Suggest maps, as column -> field.
func suggested(headers []string) map[string]string {
	got := map[string]string{}
	for i, f := range Suggest(headers, ContactFields()) {
		if f != "" {
			got[headers[i]] = f
		}
	}
	return got
}

func TestSuggestTools(t *testing.T) {
	tests := []struct {
		name   string
		header string
		comma  rune
		want   map[string]string
	}{
		{"Outlook", outlookHeader, ',', map[string]string{
			"Title": "title", "First Name": "first_name", "Last Name": "last_name", "Company": "organization",
			"Department": "name", "Business Street": "address", "Business City": "city",
			"Business State": "region", "Business Postal Code": "postal_code", "Business Country/Region": "country",
			"Business Fax": "fax", "Business Phone": "phone", "Mobile Phone": "mobile",
			"E-mail Address": "email", "Notes": "notes", "Profession": "specialty",
		}},
		{"Google Contacts", googleHeader, ',', map[string]string{
			"First Name": "first_name", "Last Name": "last_name", "Organization Name": "organization",
			"Organization Title": "title", "Organization Department": "name", "Notes": "notes",
			"E-mail 1 - Label": "email 1 type", "E-mail 1 - Value": "email 1 value",
			"E-mail 2 - Label": "email 2 type", "E-mail 2 - Value": "email 2 value",
			"Phone 1 - Label": "phone 1 type", "Phone 1 - Value": "phone 1 value",
			"Phone 2 - Label": "phone 2 type", "Phone 2 - Value": "phone 2 value",
			"Address 1 - Label": "address 1 type", "Address 1 - Street": "address 1 street",
			"Address 1 - City": "address 1 city", "Address 1 - Region": "address 1 region",
			"Address 1 - Postal Code": "address 1 postal code", "Address 1 - Country": "address 1 country",
		}},
		{"Google Contacts, older export", googleOldHeader, ',', map[string]string{
			"Name": "name", "Given Name": "first_name", "Family Name": "last_name", "Notes": "notes",
			"E-mail 1 - Type": "email 1 type", "E-mail 1 - Value": "email 1 value",
			"Phone 1 - Type": "phone 1 type", "Phone 1 - Value": "phone 1 value",
			"Phone 2 - Type": "phone 2 type", "Phone 2 - Value": "phone 2 value",
			"Address 1 - Type": "address 1 type", "Address 1 - Street": "address 1 street",
			"Address 1 - City": "address 1 city", "Address 1 - Region": "address 1 region",
			"Address 1 - Postal Code": "address 1 postal code", "Address 1 - Country": "address 1 country",
			"Organization 1 - Type": "organization 1 type", "Organization 1 - Name": "organization 1 name",
			"Organization 1 - Title": "organization 1 title", "Organization 1 - Department": "organization 1 department",
		}},
		{"French", frenchHeader, ';', map[string]string{
			"Groupe": "group", "Nom": "last_name", "Prénom": "first_name", "Titre": "title",
			"Société": "organization", "Spécialité": "specialty", "Télécopieur": "fax", "Téléphone": "phone",
			"Cellulaire": "mobile", "Courriel": "email", "Adresse": "address", "Ville": "city",
			"Province": "region", "Code postal": "postal_code", "Pays": "country", "Remarques": "notes",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := suggested(splitHeader(t, tt.header, tt.comma)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

// An export of frontdesk maps back onto itself, column for column.
func TestSuggestOwnExport(t *testing.T) {
	h := splitHeader(t, frontdeskHeader, ',')
	if got := Suggest(h, ContactFields()); !reflect.DeepEqual(got, h) {
		t.Errorf("got %q", got)
	}
}

func TestSuggestSpellings(t *testing.T) {
	tests := []struct {
		header string
		want   string
	}{
		{"Fax No.", "fax"},
		{"Fax #", "fax"},
		{"FAX_NUMBER", "fax"},
		{"faxNumber", "fax"},
		{"Numéro de télécopieur", "fax"},
		{"Télécopie", "fax"},
		{"Fax (bureau)", "fax"},
		{"E mail", "email"},
		{"e-Mail", "email"},
		{"EMAIL_ADDRESS", "email"},
		{"Courriel principal", "email"},
		{"Orgnization", "organization"},
		{"Organisation", "organization"},
		{"Speciality", "specialty"},
		{"Specailty", "specialty"},
		{"Adress", "address"},
		{"Postal  Code", "postal_code"},
		{"ZIP", "postal_code"},
		{"Nom de famille", "last_name"},
		{"PRENOM", "first_name"},
		{"Surname", "last_name"},
		{"Cell", "mobile"},
		{"Service", "name"},
		{"Job Title", "title"},
		{"State", "region"},
		{"Date", ""},
		{"Middle Name", ""},
		{"Ethnicity", ""},
		{"Birthday", ""},
		{"Labels", ""},
		{"Categories", ""},
		{"", ""},
		{"#", ""},
	}
	for _, tt := range tests {
		if got := Suggest([]string{tt.header}, ContactFields())[0]; got != tt.want {
			t.Errorf("%q: %q, want %q", tt.header, got, tt.want)
		}
	}
}

// Each field goes to one column, the best one, whatever the order.
func TestSuggestBestColumnWins(t *testing.T) {
	tests := []struct {
		headers []string
		want    []string
	}{
		{[]string{"Home Fax", "Business Fax"}, []string{"", "fax"}},
		{[]string{"Other Fax", "Home Fax", "Fax"}, []string{"", "", "fax"}},
		{[]string{"Fax 2", "Fax principal"}, []string{"fax", ""}}, // equal: the leftmost
		{[]string{"Mobile", "Phone", "Cell"}, []string{"mobile", "phone", ""}},
		{[]string{"Name", "Department"}, []string{"name", ""}},
		{[]string{"Department", "Full Name"}, []string{"", "name"}},
		{[]string{"Title", "Job Title"}, []string{"title", ""}},
		{[]string{"Home Fax"}, []string{"fax"}},
	}
	for _, tt := range tests {
		if got := Suggest(tt.headers, ContactFields()); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: %q, want %q", tt.headers, got, tt.want)
		}
	}
}

func TestSuggestIsDeterministic(t *testing.T) {
	h := splitHeader(t, outlookHeader, ',')
	first := Suggest(h, ContactFields())
	for range 20 {
		if got := Suggest(h, ContactFields()); !reflect.DeepEqual(got, first) {
			t.Fatalf("%q then %q", first, got)
		}
	}
}

func TestContactFields(t *testing.T) {
	var names []string
	for _, f := range ContactFields() {
		names = append(names, f.Name)
		if f.Label == "" || len(f.Synonyms) == 0 {
			t.Errorf("%s: label %q, %d synonyms", f.Name, f.Label, len(f.Synonyms))
		}
	}
	want := []string{"group", "fax"}
	for _, f := range model.EntityFields {
		want = append(want, string(f.Key))
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("fields %q, want %q", names, want)
	}
	// No spelling may mean two fields.
	seen := map[string]string{}
	for _, f := range ContactFields() {
		for _, s := range append([]string{f.Name, f.Label}, f.Synonyms...) {
			if other, ok := seen[key(s)]; ok && other != f.Name {
				t.Errorf("%q means both %s and %s", s, other, f.Name)
			}
			seen[key(s)] = f.Name
		}
	}
}

func TestParseMap(t *testing.T) {
	headers := []string{"First Name", "Last Name", "Business Fax", "Home Fax", "Name, First", "Notes"}
	tests := []struct {
		spec string
		want []string
	}{
		{"Business Fax=fax,First Name=first_name", []string{"first_name", "", "fax", "", "", ""}},
		{" Business Fax = fax , Last Name=last_name,", []string{"", "last_name", "fax", "", "", ""}},
		{"Name, First=first_name,Notes=ignore", []string{"", "", "", "", "first_name", ""}},
		{"business fax=FAX", []string{"", "", "fax", "", "", ""}},
		{"", []string{"", "", "", "", "", ""}},
	}
	for _, tt := range tests {
		got, err := ParseMap(tt.spec, headers, ContactFields())
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: %q, %v; want %q", tt.spec, got, err, tt.want)
		}
	}
}

func TestParseMapErrors(t *testing.T) {
	headers := []string{"First Name", "Business Fax", "Home Fax"}
	tests := []struct{ spec, msg string }{
		{"Fax#=fax", `--map: no column "Fax#" in the file (columns: First Name, Business Fax, Home Fax)`},
		{"Business Fax=faks", `--map: unknown field "faks" (fields: group, fax, first_name, last_name, name, title, organization, specialty, phone, mobile, email, address, city, region, postal_code, country, notes, ignore; else FIELD for a column that backs another)`},
		{"Business Fax=fax,Home Fax=fax", `--map: field fax mapped twice ("Business Fax" and "Home Fax")`},
		{"Business Fax=fax,Business Fax=phone", `--map: column "Business Fax" mapped twice`},
		{"Business Fax=fax,First Name", `--map: "First Name" is not Header=field`},
		{"=fax", `--map: no column "" in the file (columns: First Name, Business Fax, Home Fax)`},
	}
	for _, tt := range tests {
		_, err := ParseMap(tt.spec, headers, ContactFields())
		if err == nil || err.Error() != tt.msg {
			t.Errorf("%q: %v\nwant %s", tt.spec, err, tt.msg)
		}
	}
}

// What FormatMap prints, ParseMap reads back.
func TestFormatMap(t *testing.T) {
	headers := splitHeader(t, outlookHeader, ',')
	mapping := Suggest(headers, ContactFields())
	spec := FormatMap(headers, mapping)
	if !strings.HasPrefix(spec, "Title=title,First Name=first_name,Last Name=last_name,Company=organization,") {
		t.Errorf("spec %q", spec)
	}
	back, err := ParseMap(spec, headers, ContactFields())
	if err != nil || !reflect.DeepEqual(back, mapping) {
		t.Errorf("%q read back as %q, %v", spec, back, err)
	}
	if got := FormatMap([]string{"a", "Name, First", "c"}, []string{"", "first_name", "ignore"}); got != "Name, First=first_name" {
		t.Errorf("got %q", got)
	}
}

// Headers as registries and clinic systems write them: the field among
// other words, qualifiers in parentheses, address blocks; of two blocks,
// the practice location, backed by the other.
func TestSuggestQualifiedHeaders(t *testing.T) {
	tests := []struct {
		headers []string
		want    []string
	}{
		{[]string{"Provider Last Name (Legal Name)", "Provider First Name", "Provider Other First Name"},
			[]string{"last_name", "first_name", ""}},
		{[]string{"Provider Organization Name (Legal Business Name)", "Provider Other Organization Name"},
			[]string{"organization", ""}},
		{[]string{"Provider Business Mailing Address Fax Number", "Provider Business Practice Location Address Fax Number"},
			[]string{"else fax", "fax"}},
		{[]string{"Provider First Line Business Mailing Address", "Provider Second Line Business Mailing Address",
			"Provider Business Mailing Address City Name", "Provider Business Mailing Address State Name"},
			[]string{"address", "", "city", "region"}},
		{[]string{"Referring Physician First Name", "Referring Physician Last Name"}, []string{"first_name", "last_name"}},
		{[]string{"Fax", "Business Fax", "Home Fax"}, []string{"else fax", "fax", ""}},
		{[]string{"Mailing Address", "Practice Location Address"}, []string{"else address", "address"}},
		{[]string{"Country Code (If outside U.S.)"}, []string{"country"}},
	}
	for _, tt := range tests {
		if got := Suggest(tt.headers, ContactFields()); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: %q, want %q", tt.headers, got, tt.want)
		}
	}
	sg := Suggestions([]string{"Mailing Fax", "Practice Fax"}, ContactFields())
	if sg.Notes[1] != "fax: where the clinician practises, not the mailing one; else the mailing one where it is empty" ||
		sg.Notes[0] != "fax where the practice location one is empty" {
		t.Errorf("notes %q", sg.Notes)
	}
}

// The rows of a file with two fax columns take the second where the first
// is empty, and an address comes whole from one block.
func TestFallbackColumns(t *testing.T) {
	csv := "name,fax,else fax,address,city,else address,else city\n" +
		"A,416 555 0101,416 555 0201,1 Main St,Albany,PO Box 9,Troy\n" +
		"B,,416 555 0202,,,PO Box 8,Troy\n" +
		"C,,416 555 0203,2 Elm St,,PO Box 7,Troy\n" +
		"D,,,,,,\n"
	p := planOf(t, csv, nil)
	if p.Contacts != 3 || len(p.Rejected) != 1 || p.Rejected[0].Row != 5 {
		t.Fatalf("%d contacts, rejected %v", p.Contacts, p.Rejected)
	}
	cols, err := mapColumns(p.Mapping)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		cells              []string
		fax, address, city string
	}{
		{strings.Split("A,416 555 0101,416 555 0201,1 Main St,Albany,PO Box 9,Troy", ","), "416 555 0101", "1 Main St", "Albany"},
		{strings.Split("B,,416 555 0202,,,PO Box 8,Troy", ","), "416 555 0202", "PO Box 8", "Troy"},
		// The street of one block never goes with the city of the other.
		{strings.Split("C,,416 555 0203,2 Elm St,,PO Box 7,Troy", ","), "416 555 0203", "2 Elm St", ""},
	} {
		e, _ := cols.person(tt.cells, "US")
		if fax := cols.faxOf(tt.cells); fax != tt.fax || e.Address != tt.address || e.City != tt.city {
			t.Errorf("%q: fax %q, %q, %q", tt.cells, fax, e.Address, e.City)
		}
	}
}
