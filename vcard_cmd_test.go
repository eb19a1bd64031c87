package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"frontdesk/export"
	"frontdesk/model"
	"frontdesk/store"
)

// cardsFile is a vCard file as a clinic brings it: Outlook's 2.1 with
// quoted-printable and Windows-1252, a 3.0 card of Google's, and a card
// without a fax.
var cardsFile = strings.Join([]string{
	"BEGIN:VCARD",
	"VERSION:2.1",
	"N;CHARSET=Windows-1252:C\xf4t\xe9;\xc9lo\xefse",
	"FN;CHARSET=Windows-1252:\xc9lo\xefse C\xf4t\xe9",
	"ORG:Clinique Lafontaine",
	"TEL;WORK;FAX:(514) 555-0111",
	"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=utf-8:R=C3=A9f=C3=A9rences par t=C3=A9l=C3=A9copie=",
	" seulement.",
	"END:VCARD",
	"BEGIN:VCARD",
	"VERSION:3.0",
	"FN:Priya Raman",
	"N:Raman;Priya;;;",
	"ORG:Clinique Lafontaine",
	"TEL;TYPE=WORK,FAX:+1 514-555-0111",
	"TEL;TYPE=CELL:+1 514-555-0144",
	"END:VCARD",
	"BEGIN:VCARD",
	"VERSION:3.0",
	"FN:Ann Lee",
	"N:Lee;Ann;;;",
	"TEL;TYPE=WORK:(216) 555-0100",
	"END:VCARD",
	"",
}, "\r\n")

func TestImportVCardCommand(t *testing.T) {
	dir := t.TempDir()
	db, file := filepath.Join(dir, "fd.db"), filepath.Join(dir, "Contacts.vcf")
	if err := os.WriteFile(file, []byte(cardsFile), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "import", file, "--db", db, "--json", "--dry-run")
	if code != 0 || !strings.Contains(errs, "Mapping (suggested): Name (FN)=name,First name (N)=first_name,") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	var rep struct {
		Contacts, Groups, Entities, Duplicates int
		Rejected                               []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	want := []map[string]any{{"card": 3.0, "name": "Ann Lee", "reason": "no fax number (and no group to take one from)"}}
	if rep.Contacts != 2 || rep.Groups != 0 || rep.Entities != 2 || !reflect.DeepEqual(rep.Rejected, want) {
		t.Errorf("report %+v", rep)
	}

	// The cards sharing an organization and a fax become one contact.
	code, out, errs = runCmd(t, "import", file, "--db", db, "--group-by", "organization")
	if code != 0 || !strings.Contains(out, "Imported 1 contact (1 multiple-entity) with 2 people from 3 cards.") ||
		!strings.Contains(out, "1 card rejected (1 no fax number):\n  card 3 (Ann Lee): no fax number") {
		t.Fatalf("import --group-by: %d %q %q", code, out, errs)
	}
	_, out, _ = runCmd(t, "export", "--db", db, "--format", "json")
	var cs []export.Contact
	if err := json.Unmarshal([]byte(out), &cs); err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].GroupName != "Clinique Lafontaine" || cs[0].Fax != "+15145550111" || len(cs[0].Entities) != 2 ||
		cs[0].Entities[0].FirstName != "Éloïse" || cs[0].Entities[0].Notes != "Références par télécopie seulement." {
		t.Errorf("imported %+v", cs)
	}
	// Again: every card is a duplicate now.
	if _, out, _ = runCmd(t, "import", file, "--db", db, "--group-by", "organization"); !strings.Contains(out, "2 people already in the contact book") {
		t.Errorf("second import: %q", out)
	}

	// --group-by is for vCard files.
	if code, _, errs := runCmd(t, "import", sampleFile(t), "--db", db, "--group-by", "organization"); code != 2 || !strings.Contains(errs, "map a column to group") {
		t.Errorf("--group-by of a CSV: %d %q", code, errs)
	}
	if code, _, errs := runCmd(t, "import", file, "--db", db, "--group-by", "city"); code != 2 || !strings.Contains(errs, "--group-by must be organization") {
		t.Errorf("--group-by city: %d %q", code, errs)
	}
}

// A contact book of singles and groups, with values that need escaping and
// folding, exports as vCard and imports back into an empty database as
// the same contacts.
func TestExportVCardRoundTrip(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	ctx := context.Background()
	st, err := store.Open(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	contacts := []model.Contact{
		{Kind: model.Single, Fax: "+12165550197", Entities: []model.Entity{{
			FirstName: "Zoë", LastName: "Côté-Tremblay", Title: "Dr.", Organization: "Hôpital Sainte-Justine; pavillon B, 3e étage",
			Specialty: "Cardiology", Phone: "(216) 555-0157", Mobile: "(216) 555-0158", Email: "zoe@example.org",
			Address: "3175 chemin de la Côte-Sainte-Catherine\nBureau 200", City: "Montréal", Region: "QC", PostalCode: "H3T 1C5",
			Country: "Canada", Notes: strings.Repeat("Préfère les télécopies le matin, avant 10 h; sinon appeler. ", 4) + "\\ fin"}}},
		{Kind: model.Single, Fax: "+14165550100", Entities: []model.Entity{{Name: "Radiology", Organization: "Mercy",
			Phone: "(216) 555-0160 ext. 528"}}},
		{Kind: model.Group, GroupName: "Mercy Cardiology", Fax: "+12165550199", Entities: []model.Entity{
			{FirstName: "Ann", LastName: "Lee", Organization: "Mercy Cardiology"},
			{FirstName: "Bo", LastName: "Li", Organization: "Mercy Hospital"},
			{Name: "Front desk"},
		}},
		{Kind: model.Group, GroupName: "Solo group", Fax: "+12165550111", Entities: []model.Entity{{FirstName: "Cy", LastName: "Roy"}}},
	}
	for _, c := range contacts {
		if _, err := st.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	code, vcf, errs := runCmd(t, "export", "--db", a, "--format", "vcard")
	if code != 0 {
		t.Fatalf("export: %d %q", code, errs)
	}
	for i, line := range strings.Split(strings.TrimSuffix(vcf, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(line), line)
		}
	}
	for _, want := range []string{
		"TEL;VALUE=uri;TYPE=fax,work:tel:+12165550199\r\n",
		"ORG:Mercy Cardiology\r\nX-FRONTDESK-GROUP:Mercy Cardiology\r\nX-FRONTDESK-ORGANIZATION:Mercy Hospital\r\n",
		"ORG:Hôpital Sainte-Justine\\; pavillon B\\, 3e étage\r\n",
		"TEL;VALUE=text;TYPE=voice,work:(216) 555-0160 ext. 528\r\n",
		"\r\n ", // folded
	} {
		if !strings.Contains(vcf, want) {
			t.Errorf("the export lacks %q:\n%s", want, vcf)
		}
	}
	if n := strings.Count(vcf, "BEGIN:VCARD\r\nVERSION:4.0\r\n"); n != 6 {
		t.Errorf("%d cards, want one per person (6)", n)
	}

	file := filepath.Join(dir, "export.vcf")
	os.WriteFile(file, []byte(vcf), 0o644)
	if code, out, errs := runCmd(t, "import", file, "--db", b); code != 0 || !strings.Contains(out, "Imported 4 contacts (2 multiple-entity) with 6 people from 6 cards.") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	load := func(db string) []export.Contact {
		_, out, _ := runCmd(t, "export", "--db", db, "--format", "json")
		var cs []export.Contact
		if err := json.Unmarshal([]byte(out), &cs); err != nil {
			t.Fatal(err)
		}
		for i := range cs {
			cs[i].ID = 0
		}
		return cs
	}
	if want, got := load(a), load(b); !reflect.DeepEqual(got, want) {
		t.Errorf("after the round trip:\n got %+v\nwant %+v", got, want)
	}
}
