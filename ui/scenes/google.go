package scenes

import (
	"encoding/csv"
	"slices"
	"strings"
)

// GoogleHeader is the header of a Google Contacts CSV export (the "Google
// CSV" format), with as many numbered columns as the sample needs: phones,
// emails and organizations as type and value pairs.
var GoogleHeader = []string{"Name", "Given Name", "Additional Name", "Family Name", "Yomi Name", "Given Name Yomi",
	"Additional Name Yomi", "Family Name Yomi", "Name Prefix", "Name Suffix", "Initials", "Nickname", "Short Name",
	"Maiden Name", "Birthday", "Gender", "Location", "Billing Information", "Directory Server", "Mileage", "Occupation",
	"Hobby", "Sensitivity", "Priority", "Subject", "Notes", "Language", "Photo", "Group Membership",
	"Organization 1 - Type", "Organization 1 - Name", "Organization 1 - Title", "Organization 1 - Department",
	"E-mail 1 - Type", "E-mail 1 - Value", "E-mail 2 - Type", "E-mail 2 - Value",
	"Phone 1 - Type", "Phone 1 - Value", "Phone 2 - Type", "Phone 2 - Value", "Phone 3 - Type", "Phone 3 - Value",
	"Address 1 - Type", "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box",
	"Address 1 - Region", "Address 1 - Postal Code", "Address 1 - Country", "Address 1 - Extended Address",
	"Website 1 - Type", "Website 1 - Value"}

// SampleGoogleCSV is a Google Contacts export of a clinic's address book:
// the fax is on a different phone number on each row, one has two emails,
// one a fax of home only, one two numbers in one cell, and one no fax.
var SampleGoogleCSV = googleCSV([]map[string]string{
	{"Name": "Dr. Hélène Tremblay", "Given Name": "Hélène", "Family Name": "Tremblay", "Name Prefix": "Dr.",
		"Group Membership": "* myContacts ::: Cardiology", "Organization 1 - Name": "CHU Laval",
		"Organization 1 - Title": "Cardiologist", "Organization 1 - Department": "Cardiologie",
		"E-mail 1 - Type": "Home", "E-mail 1 - Value": "helene@home.example",
		"E-mail 2 - Type": "* Work", "E-mail 2 - Value": "h.tremblay@chu.example",
		"Phone 1 - Type": "* Work", "Phone 1 - Value": "450-555-0199", "Phone 2 - Type": "Work Fax",
		"Phone 2 - Value": "(450) 555-0101", "Phone 3 - Type": "Mobile", "Phone 3 - Value": "450 555 0123",
		"Address 1 - Type": "Work", "Address 1 - Street": "1755 boul. René-Laennec", "Address 1 - City": "Laval",
		"Address 1 - Region": "QC", "Address 1 - Postal Code": "H7M 3L9", "Address 1 - Country": "Canada"},
	{"Name": "Marc Roy", "Given Name": "Marc", "Family Name": "Roy", "Organization 1 - Name": "CHU Laval",
		"Organization 1 - Title": "Nurse", "Phone 1 - Type": "Work Fax", "Phone 1 - Value": "+1 450 555 0102",
		"Phone 2 - Type": "Mobile", "Phone 2 - Value": "450 555 0124"},
	{"Name": "Zoë Ouellet", "Given Name": "Zoë", "Family Name": "Ouellet", "Organization 1 - Name": "Clinique Saint-Roch",
		"Phone 1 - Type": "Home", "Phone 1 - Value": "418 555 0170", "Phone 2 - Type": "* Work",
		"Phone 2 - Value": "418 555 0171", "Phone 3 - Type": "Home Fax", "Phone 3 - Value": "418 555 0177"},
	{"Name": "Imaging West", "Organization 1 - Name": "Imaging West", "Organization 1 - Department": "Radiology",
		"E-mail 1 - Type": "* Work", "E-mail 1 - Value": "booking@iw.example",
		"Phone 1 - Type": "Fax", "Phone 1 - Value": "+1 416 555 0142 ::: +1 416 555 0143"},
	{"Name": "Bo Ng", "Given Name": "Bo", "Family Name": "Ng", "Organization 1 - Name": "Lakeshore Pharmacy",
		"Phone 1 - Type": "Work", "Phone 1 - Value": "416 555 0150"},
})

func googleCSV(rows []map[string]string) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(GoogleHeader)
	for _, r := range rows {
		rec := make([]string, len(GoogleHeader))
		for i, h := range GoogleHeader {
			rec[i] = r[h]
		}
		w.Write(rec)
	}
	w.Flush()
	return b.String()
}

// googleSteps walk the import wizard through SampleGoogleCSV, down to its
// phones and into their choices.
var googleSteps = []Step{
	{Until: "360 contacts"},
	{Keys: []string{"i", "google.c", "tab"}, Until: "google.csv"},
	{Keys: []string{"enter"}, Until: "Delimiter"},
	{Keys: []string{"enter"}, Until: "Which field"},
	{Keys: slices.Repeat([]string{"down"}, 31), Until: "phones, by their type"},
	{Keys: []string{"enter"}, Until: "Fields for Phone"},
}
