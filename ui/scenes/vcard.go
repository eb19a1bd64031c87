package scenes

import "strings"

// SampleVCard is a vCard file as a clinic brings it from its contact
// managers: cards of Apple Contacts (3.0) and Outlook (2.1, quoted-printable
// in Windows-1252), a department in 4.0, and a card without a fax.
var SampleVCard = strings.Join([]string{
	"BEGIN:VCARD",
	"VERSION:3.0",
	"N:Tremblay;Hélène;;Dr.;",
	"FN:Dr. Hélène Tremblay",
	"ORG:CHU Laval;Cardiologie",
	"TITLE:Cardiologist",
	"TEL;type=WORK;type=FAX:(450) 555-0101",
	"TEL;type=WORK;type=VOICE;type=pref:450-555-0199",
	"EMAIL;type=INTERNET;type=WORK:h.tremblay@chu.example",
	"END:VCARD",
	"BEGIN:VCARD",
	"VERSION:3.0",
	"N:Roy;Marc;;;",
	"FN:Marc Roy",
	"ORG:CHU Laval;Cardiologie",
	"TITLE:Nurse",
	"TEL;TYPE=fax,work:+1 450 555 0101",
	"TEL;TYPE=CELL:450 555 0123",
	"END:VCARD",
	"BEGIN:VCARD",
	"VERSION:2.1",
	"N;CHARSET=Windows-1252:Ouellet;Zo\xeb",
	"FN;CHARSET=Windows-1252:Zo\xeb Ouellet",
	"ORG;CHARSET=Windows-1252:Clinique Saint-Roch",
	"TEL;WORK;FAX:+1 514 555 0177",
	"ADR;WORK;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows-1252:;;12 rue Saint-Roch;Qu=E9bec;QC;G1K 3B2;Canada",
	"END:VCARD",
	"BEGIN:VCARD",
	"VERSION:4.0",
	"FN:Imaging West",
	"ORG:Imaging West;Radiology",
	`TEL;VALUE=uri;TYPE="work,fax":tel:+1-416-555-0142`,
	"EMAIL:booking@iw.example",
	"END:VCARD",
	"BEGIN:VCARD",
	"VERSION:3.0",
	"N:Ng;Bo;;;",
	"FN:Bo Ng",
	"ORG:Lakeshore Pharmacy",
	"TEL;TYPE=WORK:416 555 0150",
	"END:VCARD",
	"",
}, "\r\n")

// vcardSteps walk the import wizard through SampleVCard.
var vcardSteps = []Step{
	{Until: "360 contacts"},
	{Keys: []string{"i", "contacts.v", "tab"}, Until: "contacts.vcf"},
	{Keys: []string{"enter"}, Until: "Format"},
	{Keys: []string{"enter"}, Until: "Which field"},
	{Keys: []string{"c"}, Until: "Cards read"},
}
