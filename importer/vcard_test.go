package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// crlf writes lines as vCard files end them.
func crlf(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

// win1252 is text as Windows-1252 writes it.
func win1252(s string) string {
	b, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return b
}

// Apple Contacts (macOS) writes vCard 3.0: lower-case repeated type
// parameters, a custom label apart from its phone (item2.X-ABLabel), the
// photo in base64 folded over many lines, long lines folded.
var appleCards = crlf(
	"BEGIN:VCARD",
	"VERSION:3.0",
	"PRODID:-//Apple Inc.//macOS 14.4//EN",
	"N:Tremblay;Hélène;;Dr.;",
	"FN:Dr. Hélène Tremblay",
	"ORG:Hôpital Sainte-Justine;Cardiologie",
	"TITLE:Cardiologue",
	"EMAIL;type=INTERNET;type=WORK;type=pref:helene.tremblay@example.org",
	"TEL;type=WORK;type=VOICE;type=pref:(514) 555-0100",
	"TEL;type=CELL;type=VOICE:(514) 555-0102",
	"item1.ADR;type=WORK;type=pref:;;3175 chemin de la Côte-Sainte-Catherine;Montréal;QC;H3T 1C5;Ca",
	" nada",
	"item1.X-ABADR:ca",
	"item2.TEL:(514) 555-0101",
	"item2.X-ABLabel:Fax clinique",
	"NOTE:Préfère les télécopies le matin\\, avant 10 h\\; sinon appeler la secrétaire au",
	"  poste 221.\\nDeuxième ligne.",
	"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgs",
	" OCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=",
	"END:VCARD",
	"BEGIN:VCARD",
	"VERSION:3.0",
	"N:Lee;Ann;;;",
	"FN:Ann Lee",
	"ORG:Hôpital Sainte-Justine;",
	"TEL;type=WORK;type=FAX:+1 514 555 0101",
	"END:VCARD",
)

// Google Contacts writes vCard 3.0 with comma-separated types, URLs with
// escaped colons and the groups as CATEGORIES.
var googleCards = crlf(
	"BEGIN:VCARD",
	"VERSION:3.0",
	"FN:Priya Raman",
	"N:Raman;Priya;;;",
	"EMAIL;TYPE=INTERNET;TYPE=WORK:priya.raman@example.com",
	"EMAIL;TYPE=INTERNET;TYPE=HOME:priya@example.net",
	"TEL;TYPE=WORK,FAX:+1 216-555-0143",
	"TEL;TYPE=WORK:+1 216-555-0142",
	"TEL;TYPE=CELL:+1 216-555-0144",
	"TEL;TYPE=HOME:+1 216-555-0145",
	"ADR;TYPE=WORK:;;9500 Euclid Ave;Cleveland;OH;44195;US",
	"ORG:Cleveland Clinic",
	"TITLE:Radiologist",
	"item1.URL:https\\://my.clevelandclinic.example/raman",
	"item1.X-ABLabel:",
	"CATEGORIES:myContacts,Referrals",
	"END:VCARD",
)

// Outlook writes vCard 2.1: bare types, the text of the Windows code page
// as it is (CHARSET=Windows-1252), quoted-printable with soft line breaks
// for values with line breaks, in a UTF-8 charset now and then.
var outlookCards = crlf(
	"BEGIN:VCARD",
	"VERSION:2.1",
	"N;LANGUAGE=fr-ca;CHARSET=Windows-1252:"+win1252("Côté;Éloïse"),
	"FN;CHARSET=Windows-1252:"+win1252("Éloïse Côté"),
	"ORG;CHARSET=Windows-1252:"+win1252("Clinique Côte-des-Neiges"),
	"TITLE;CHARSET=Windows-1252:"+win1252("Médecin de famille"),
	"TEL;WORK;VOICE:(514) 555-0110",
	"TEL;WORK;FAX:(514) 555-0111",
	"ADR;WORK;PREF;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows-1252:;;5700 ch. de la C=F4te-des-Neiges=0D=0A=",
	"Bureau 200;Montr=E9al;QC;H3T 2A8;Canada",
	"LABEL;WORK;PREF;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows-1252:5700 ch. de la C=F4te-des-Neiges=0D=0A=",
	"Bureau 200=0D=0AMontr=E9al, QC H3T 2A8=0D=0ACanada",
	"EMAIL;PREF;INTERNET:eloise.cote@example.ca",
	"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=utf-8:R=C3=A9f=C3=A9rences par t=C3=A9l=C3=A9copie seulement.",
	"REV:20260101T120000Z",
	"END:VCARD",
	"",
	"BEGIN:VCARD",
	"VERSION:2.1",
	"N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen",
	"FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:J=FCrgen M=FCller",
	"TEL;FAX:+49 30 1234567",
	"TEL;HOME:+49 30 7654321",
	"END:VCARD",
)

// A vCard 4.0 file (Thunderbird, khard, RFC 6350): tel: URIs, quoted
// type lists, PREF=1.
var v4Cards = crlf(
	"BEGIN:VCARD",
	"VERSION:4.0",
	"FN:Radiology",
	"ORG:Mercy Hospital;Radiology",
	`TEL;VALUE=uri;TYPE="work,fax":tel:+1-216-555-0199`,
	"TEL;VALUE=uri;TYPE=voice;PREF=1:tel:+1-216-555-0100;ext=102",
	"TEL;VALUE=uri;TYPE=voice:tel:+1-216-555-0101",
	"EMAIL:radiology@mercy.example",
	"NOTE:Line one\\nline two",
	"END:VCARD",
)

// readCards reads a vCard file's rows, keyed by header.
func readCards(t *testing.T, name, data string) (*Preview, []map[string]string) {
	t.Helper()
	var rows []map[string]string
	h := VCardHeader()
	pv, err := ReadBytes(name, []byte(data), Options{}, func(row int, cells []string) error {
		if row != len(rows)+2 {
			t.Fatalf("row %d after %d cards", row, len(rows))
		}
		m := map[string]string{}
		for i, c := range cells {
			if c != "" {
				m[h[i]] = c
			}
		}
		rows = append(rows, m)
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return pv, rows
}

func checkCells(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s = %q, want %q", what, k, got[k], v)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: %s = %q, want nothing", what, k, v)
		}
	}
}

func TestReadVCardAsToolsWriteThem(t *testing.T) {
	tests := []struct {
		name, file, data, encoding string
		want                       []map[string]string
	}{
		{"Apple Contacts", "Contacts.vcf", appleCards, "vCard 3.0 (UTF-8)", []map[string]string{{
			"Name (FN)": "", "First name (N)": "Hélène", "Last name (N)": "Tremblay",
			"Organization (ORG)": "Hôpital Sainte-Justine", "Department (ORG)": "Cardiologie", "Title (TITLE)": "Cardiologue",
			"Email (EMAIL)": "helene.tremblay@example.org", "Phone (TEL)": "(514) 555-0100", "Mobile (TEL;CELL)": "(514) 555-0102",
			"Fax (TEL;FAX)": "(514) 555-0101", "Address (ADR)": "3175 chemin de la Côte-Sainte-Catherine", "City (ADR)": "Montréal",
			"Region (ADR)": "QC", "Postal code (ADR)": "H3T 1C5", "Country (ADR)": "Canada",
			"Notes (NOTE)":                          "Préfère les télécopies le matin, avant 10 h; sinon appeler la secrétaire au poste 221.\nDeuxième ligne.",
			"Organization as group (ORG, same fax)": "Hôpital Sainte-Justine",
		}, {
			"First name (N)": "Ann", "Last name (N)": "Lee", "Organization (ORG)": "Hôpital Sainte-Justine",
			"Fax (TEL;FAX)": "+1 514 555 0101", "Organization as group (ORG, same fax)": "Hôpital Sainte-Justine",
		}}},
		{"Google Contacts", "contacts.vcf", googleCards, "vCard 3.0 (UTF-8)", []map[string]string{{
			"First name (N)": "Priya", "Last name (N)": "Raman", "Email (EMAIL)": "priya.raman@example.com",
			"Other emails (EMAIL)": "priya@example.net", "Fax (TEL;FAX)": "+1 216-555-0143", "Phone (TEL)": "+1 216-555-0142",
			"Mobile (TEL;CELL)": "+1 216-555-0144", "Other phones (TEL)": "+1 216-555-0145", "Address (ADR)": "9500 Euclid Ave",
			"City (ADR)": "Cleveland", "Region (ADR)": "OH", "Postal code (ADR)": "44195", "Country (ADR)": "US",
			"Organization (ORG)": "Cleveland Clinic", "Title (TITLE)": "Radiologist",
		}}},
		{"Outlook", "Éloïse Côté.vcf", outlookCards, "vCard 2.1 (UTF-8, else Windows-1252)", []map[string]string{{
			"First name (N)": "Éloïse", "Last name (N)": "Côté", "Organization (ORG)": "Clinique Côte-des-Neiges",
			"Title (TITLE)": "Médecin de famille", "Phone (TEL)": "(514) 555-0110", "Fax (TEL;FAX)": "(514) 555-0111",
			"Address (ADR)": "5700 ch. de la Côte-des-Neiges\nBureau 200", "City (ADR)": "Montréal", "Region (ADR)": "QC",
			"Postal code (ADR)": "H3T 2A8", "Country (ADR)": "Canada", "Email (EMAIL)": "eloise.cote@example.ca",
			"Notes (NOTE)": "Références par télécopie seulement.",
		}, {
			"First name (N)": "Jürgen", "Last name (N)": "Müller", "Fax (TEL;FAX)": "+49 30 1234567", "Phone (TEL)": "+49 30 7654321",
		}}},
		{"vCard 4.0", "export.vcf", v4Cards, "vCard 4.0 (UTF-8)", []map[string]string{{
			"Name (FN)": "Radiology", "Organization (ORG)": "Mercy Hospital", "Department (ORG)": "Radiology",
			"Fax (TEL;FAX)": "+1-216-555-0199", "Phone (TEL)": "+1-216-555-0100", "Other phones (TEL)": "+1-216-555-0101",
			"Email (EMAIL)": "radiology@mercy.example", "Notes (NOTE)": "Line one\nline two",
		}}},
		{"several versions, one file, no extension", "all", v4Cards + outlookCards, "vCard 4.0 and 2.1 (UTF-8, else Windows-1252)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pv, rows := readCards(t, tt.file, tt.data)
			if pv.Encoding != tt.encoding || !pv.IsVCard() {
				t.Errorf("encoding %q, want %q", pv.Encoding, tt.encoding)
			}
			if tt.want == nil {
				if len(rows) != 3 {
					t.Errorf("%d cards, want 3", len(rows))
				}
				return
			}
			if len(rows) != len(tt.want) {
				t.Fatalf("%d cards, want %d", len(rows), len(tt.want))
			}
			for i := range rows {
				want := map[string]string{}
				for k, v := range tt.want[i] {
					if v != "" {
						want[k] = v
					}
				}
				checkCells(t, "card "+string(rune('1'+i)), rows[i], want)
			}
		})
	}
}

// Every spelling of a fax that the versions allow is a fax.
func TestReadVCardFaxSpellings(t *testing.T) {
	for _, tel := range []string{
		"TEL;FAX:+1 555 0100",
		"TEL;WORK;FAX:+1 555 0100",
		"TEL;TYPE=FAX:+1 555 0100",
		"TEL;TYPE=fax,work:+1 555 0100",
		`TEL;TYPE="work,fax":+1 555 0100`,
		"TEL;TYPE=WORK;TYPE=FAX:+1 555 0100",
		"tel;type=fax:+1 555 0100",
		"TEL;VALUE=uri;TYPE=fax:tel:+1 555 0100",
		"TEL;TYPE=fax;VALUE=uri:tel:+1 555 0100;ext=5",
		"item3.TEL:+1 555 0100\r\nitem3.X-ABLabel:Work Fax",
	} {
		data := crlf("BEGIN:VCARD", "VERSION:3.0", "FN:Ann Lee", tel, "TEL;TYPE=WORK:+1 555 0111", "END:VCARD")
		_, rows := readCards(t, "a.vcf", data)
		if len(rows) != 1 || rows[0]["Fax (TEL;FAX)"] != "+1 555 0100" || rows[0]["Phone (TEL)"] != "+1 555 0111" {
			t.Errorf("%s: read as %q", tel, rows)
		}
	}
}

func TestReadVCardFailures(t *testing.T) {
	tests := []struct{ name, data, reason string }{
		{"empty", "", "empty"},
		{"no card", "Name,Fax\nAnn,555\n", "no card in this file"},
		{"binary", "BEGIN:VCARD\r\nFN:\x00\x00\r\nEND:VCARD\r\n", notText},
	}
	for _, tt := range tests {
		_, err := ReadBytes("a.vcf", []byte(tt.data), Options{}, func(int, []string) error { return nil })
		fe, ok := err.(*FileError)
		if !ok || !strings.Contains(fe.Reason, tt.reason) {
			t.Errorf("%s: %v, want a FileError saying %q", tt.name, err, tt.reason)
		}
	}
	// A file cut short still gives its cards, and says so.
	pv, rows := readCards(t, "a.vcf", crlf("BEGIN:VCARD", "FN:Ann Lee", "TEL;FAX:555 0100", "END:VCARD", "BEGIN:VCARD", "FN:Bo"))
	if len(rows) != 2 || len(pv.Warnings) != 1 || !strings.Contains(pv.Warnings[0], "card 2 (begun on line 5) has no END:VCARD") {
		t.Errorf("cut short: %d cards, warnings %q", len(rows), pv.Warnings)
	}
}

// writeFile puts data in a file of dir and returns its path.
func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A card without a fax is rejected, named by its number and name; the
// others import.
func TestVCardPlanRejectsCardWithoutFax(t *testing.T) {
	path := writeFile(t, "clinic.vcf", googleCards+crlf(
		"BEGIN:VCARD", "VERSION:3.0", "FN:Ann Lee", "N:Lee;Ann;;;", "TEL;TYPE=WORK:(216) 555-0100", "END:VCARD")+v4Cards)
	pv, err := Sniff(path, Options{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	mapping := Suggest(pv.Header, ContactFields())
	p, err := NewPlan(context.Background(), path, Settings{Mapping: mapping, Region: "US"}, NewKnown(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Contacts != 2 || len(p.Rejected) != 1 {
		t.Fatalf("%d contacts, rejected %v", p.Contacts, p.Rejected)
	}
	places, err := LoadPlaces(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := places.Row(p.Rejected[0].Row) + ": " + places.Text(p.Rejected[0].Reason)
	if want := "card 2 (Ann Lee): no fax number (and no group to take one from)"; got != want {
		t.Errorf("rejection %q, want %q", got, want)
	}
	// Saved, the rejected card is a row of a CSV with its number and reason.
	out := p.RejectedPath()
	if err := p.SaveRejectedCards(out, places); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\r\n")
	if filepath.Base(out) != "clinic-rejected.csv" || len(lines) != 3 || !strings.HasPrefix(lines[0], "Name (FN),First name (N),") ||
		!strings.HasSuffix(lines[0], ",Card,Reason") || !strings.HasPrefix(lines[1], ",Ann,Lee,") ||
		!strings.HasSuffix(lines[1], ",2,no fax number (and no group to take one from)") {
		t.Errorf("%s:\n%s", out, b)
	}
}

// --group-by organization: cards that share an ORG and a fax number are
// one multiple-entity contact; an organization with several numbers
// makes a group of each number two cards share.
func TestVCardGroupByOrganization(t *testing.T) {
	card := func(fn, org, fax string) string {
		lines := []string{"BEGIN:VCARD", "VERSION:3.0", "FN:" + fn, "ORG:" + org}
		if fax != "" {
			lines = append(lines, "TEL;TYPE=WORK,FAX:"+fax)
		}
		return crlf(append(lines, "END:VCARD")...)
	}
	data := card("Ann Lee", "Mercy Hospital", "(216) 555-0199") +
		card("Bo Li", "Mercy Hospital", "+1 216 555 0199") +
		card("Cy Roy", "Mercy Hospital", "") + // takes the group's number
		card("Di Fox", "City Lab", "216-555-0100") +
		card("Ed Orr", "City Lab", "216-555-0100") +
		card("Flo Ng", "City Lab", "216-555-0111") + // alone with that number: single
		card("Gus Ho", "Solo Clinic", "216-555-0122")
	path := writeFile(t, "cards.vcf", data)
	pv, err := Sniff(path, Options{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	mapping := Suggest(pv.Header, ContactFields())
	for i, h := range pv.Header {
		switch {
		case h == OrgGroupColumn:
			mapping[i] = "group"
		case mapping[i] == "group":
			mapping[i] = ""
		}
	}
	p, err := NewPlan(context.Background(), path, Settings{Mapping: mapping, Region: "US"}, NewKnown(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Contacts != 4 || p.Groups != 2 || p.Entities != 7 || len(p.Rejected) != 0 {
		t.Errorf("%d contacts, %d groups, %d people, rejected %v; want 4, 2, 7 and none", p.Contacts, p.Groups, p.Entities, p.Rejected)
	}
	var names []string
	for _, g := range p.groups {
		names = append(names, g.name)
	}
	if strings.Join(names, "|") != "Mercy Hospital|City Lab (fax 216-555-0100)" {
		t.Errorf("groups %q", names)
	}
}

func TestPlacesText(t *testing.T) {
	vc := &Places{vcard: true, names: []string{"Ann Lee", "", "Bo Li"}}
	tests := []struct{ in, want string }{
		{"row 5 is empty and skipped", "card 4 is empty and skipped"},
		{`group "X" has different fax numbers: 555-0100 (rows 2 and 4) and 555-0111 (row 3); the whole group is refused`,
			`group "X" has different fax numbers: 555-0100 (cards 1 and 3) and 555-0111 (card 2); the whole group is refused`},
		{"rows 2, 3, 4, 5, 6 and 12 more have fewer cells", "cards 1, 2, 3, 4, 5 and 12 more have fewer cells"},
		{"rows 2, 3 and 9", "cards 1, 2 and 8"},
		{"fax 555 0100 arrows 3", "fax 555 0100 arrows 3"},
	}
	for _, tt := range tests {
		if got := vc.Text(tt.in); got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.in, got, tt.want)
		}
		if got := (&Places{}).Text(tt.in); got != tt.in {
			t.Errorf("a spreadsheet's %q became %q", tt.in, got)
		}
	}
	if got := vc.Row(2) + ", " + vc.Row(3) + ", " + (&Places{}).Row(3); got != "card 1 (Ann Lee), card 2, row 3" {
		t.Errorf("rows named %q", got)
	}
}

// A file of cards from several tools: 3.0's UTF-8 beside 2.1's Windows
// code page, which names no CHARSET. Each value is read as what it is.
func TestReadVCardMixedEncodings(t *testing.T) {
	data := crlf("BEGIN:VCARD", "VERSION:3.0", "N:Tremblay;Hélène;;;", "END:VCARD",
		"BEGIN:VCARD", "VERSION:2.1", "N:"+win1252("Ouellet;Zoë"), "END:VCARD")
	pv, rows := readCards(t, "mixed.vcf", data)
	if len(rows) != 2 || rows[0]["First name (N)"] != "Hélène" || rows[1]["First name (N)"] != "Zoë" {
		t.Errorf("read as %q", rows)
	}
	if pv.Encoding != "vCard 3.0 and 2.1 (UTF-8, else Windows-1252)" {
		t.Errorf("encoding %q", pv.Encoding)
	}
	// Chosen, an encoding applies to every value that names no CHARSET.
	_, err := ReadBytes("mixed.vcf", []byte(data), Options{Encoding: "windows-1252"}, func(row int, cells []string) error {
		if row == 2 && cells[vcFirst] != "HÃ©lÃ¨ne" {
			t.Errorf("chosen Windows-1252: %q", cells[vcFirst])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
