package scenes

import "strings"

// SampleCSV is a spreadsheet as a clinic's old address book exports it
// (Outlook's column names, CRLF line ends), with a group, rows to reject
// and accents.
var SampleCSV = strings.Join([]string{
	`First Name,Last Name,Company,Job Title,Business Fax,Business Phone,E-mail Address,Group`,
	`Hélène,Tremblay,CHU Laval,Cardiologist,(450) 555-0101,450-555-0199,h.tremblay@chu.example,Cardiologie CHU Laval`,
	`Marc,Roy,CHU Laval,Nurse,,450 555 0123,,Cardiologie CHU Laval`,
	`Ann,Lee,Imaging West,Radiologist,416.555.0142,,ann.lee@iw.example,`,
	`Bo,Ng,Lakeshore Pharmacy,,,,,`,
	`Zoë,Ouellet,Clinique Saint-Roch,Physiotherapist,+1 514 555 0177,,,`,
	`"Smith, Jr.",John,"Smith ""&"" Sons",,212-555-0188,,not an email,`,
	``,
}, "\r\n")

// RejectsCSV is a spreadsheet with a row rejected for several reasons at
// once: a reason longer than a narrow screen.
var RejectsCSV = strings.Join([]string{
	`First Name,Last Name,Company,Business Fax,Business Phone,E-mail Address,Mobile Phone`,
	`Hélène,Tremblay,CHU Laval,(450) 555-0101,450-555-0199,h.tremblay@chu.example,`,
	`Jean-Sébastien,Bélanger-Villeneuve,Clinique,(450) 555-0102,555-01,jean.sebastien@@clinique,12`,
	`Bo,Ng,Lakeshore Pharmacy,,,,`,
	``,
}, "\r\n")

// importSteps walk the import wizard through SampleCSV.
var importSteps = []Step{
	{Until: "360 contacts"},
	{Keys: []string{"i", "cl", "tab"}, Until: "clinic-export.csv"},
	{Keys: []string{"enter"}, Until: "Delimiter"},
	{Keys: []string{"enter"}, Until: "Which field"},
	{Keys: []string{"c"}, Until: "Rows read"},
	{Keys: []string{"enter"}, Until: "Imported 3 contacts (1 multiple"},
}

// SampleLetter is the text document the compose scenes attach.
const SampleLetter = `Dear Dr. Tremblay,

Thank you for seeing Ms. Zoë Ouellet (chart C-10001), 42, for an
echocardiogram. She reports palpitations on exertion since September.
ECG of 2026-11-14 enclosed; no known allergies.

Lakeside Clinic
`
