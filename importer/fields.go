package importer

import (
	"slices"

	"frontdesk/model"
)

// FieldSpec is an importable field: its name and the header spellings that
// mean it. Synonyms come in order of preference: when two columns could be
// the field, the one named by the earlier synonym gets it ("Business Fax"
// before "Home Fax").
type FieldSpec struct {
	Name     string
	Label    string
	Synonyms []string
}

// ignoreField is the field of a column that is not imported, as --map
// writes it.
const ignoreField = "ignore"

// ContactFields lists the fields of a contact import, in the order forms
// show them: group first, then fax, then model.EntityFields order.
func ContactFields() []FieldSpec {
	fields := []FieldSpec{
		{Name: string(model.FieldGroup), Label: "Group"},
		{Name: string(model.FieldFax), Label: "Fax"},
	}
	for _, f := range model.EntityFields {
		fields = append(fields, FieldSpec{Name: string(f.Key), Label: f.Label})
	}
	for i := range fields {
		// A copy: a caller that changes its list changes no one else's.
		fields[i].Synonyms = append(slices.Clone(synonyms[model.Field(fields[i].Name)]), vcardSynonyms[model.Field(fields[i].Name)]...)
	}
	return fields
}

// synonyms are the column names that other tools give the fields: Outlook's
// and Google Contacts' CSV exports (both of their formats), spreadsheets
// made by hand in English and French, and other clinic software. Matching
// ignores case, accents, punctuation and spacing, so one spelling stands for
// "E-mail address", "Email Address" and "EMAIL_ADDRESS".
var synonyms = map[model.Field][]string{
	model.FieldGroup: {"Group", "Group Name", "Fax Group", "Contact Group", "Groupe", "Nom du groupe",
		"Groupe de télécopie", "Groupe fax"},
	model.FieldFax: {"Fax", "Fax Number", "Fax #", "Fax No", "Business Fax", "Work Fax", "Office Fax",
		"Télécopieur", "Télécopie", "Numéro de télécopieur", "Numéro de télécopie", "Numéro de fax",
		"No de fax", "Téléc", "Telefax", "Facsimile", "Fax Phone", "Primary Fax", "Other Fax", "Home Fax"},
	model.FieldFirstName: {"First Name", "Given Name", "Firstname", "Forename", "First", "Prénom",
		"Prenom", "Contact First Name"},
	model.FieldLastName: {"Last Name", "Surname", "Family Name", "Lastname", "Last", "Nom de famille",
		"Nom", "Contact Last Name"},
	model.FieldName: {"Name", "Full Name", "Display Name", "Contact Name", "Contact", "Department",
		"Dept", "Service", "Département", "Nom complet", "Organization Department",
		"Organization 1 - Department", "File As"},
	model.FieldTitle: {"Title", "Job Title", "Titre", "Position", "Poste", "Fonction", "Organization Title",
		"Organization 1 - Title", "Name Prefix", "Prefix", "Civilité", "Titre du poste"},
	model.FieldOrganization: {"Organization", "Organisation", "Organisme", "Company", "Company Name", "Société",
		"Entreprise", "Organization Name", "Organization 1 - Name", "Clinic", "Clinique",
		"Établissement", "Institution", "Facility", "Practice", "Employer", "Employeur"},
	model.FieldSpecialty: {"Specialty", "Speciality", "Spécialité", "Specialisation", "Specialization",
		"Spécialisation", "Profession", "Discipline"},
	model.FieldPhone: {"Phone", "Phone Number", "Telephone", "Téléphone", "Tel", "Tél", "Business Phone",
		"Work Phone", "Office Phone", "Primary Phone", "Phone 1 - Value", "Company Main Phone",
		"Main Phone", "Téléphone bureau", "Téléphone au travail", "Numéro de téléphone", "Phone (Work)",
		"Business Phone 2", "Other Phone", "Home Phone", "Phone 2 - Value"},
	model.FieldMobile: {"Mobile", "Mobile Phone", "Mobile Number", "Cell", "Cell Phone", "Cellphone",
		"Cellular", "Cellulaire", "Téléphone cellulaire", "Tél. cellulaire", "Portable",
		"Téléphone portable", "Téléphone mobile", "Mobile (Work)"},
	model.FieldEmail: {"Email", "E-mail", "Email Address", "E-mail Address", "E-mail 1 - Value", "Courriel",
		"Adresse courriel", "Adresse électronique", "Adresse e-mail", "Mail", "Work Email",
		"Business Email", "Primary Email", "E-mail 2 Address", "E-mail 2 - Value"},
	model.FieldAddress: {"Address", "Street", "Street Address", "Business Street", "Address 1 - Street",
		"Address Line 1", "Address 1", "Business Address", "Work Address", "Mailing Address",
		"Adresse", "Rue", "Adresse 1", "Adresse civique", "Address 1 - Formatted", "Home Street",
		"Other Street"},
	model.FieldCity: {"City", "Town", "Business City", "Address 1 - City", "Ville", "Municipalité",
		"Localité", "Home City", "Other City"},
	model.FieldRegion: {"Region", "Province", "State", "State/Province", "Province/State", "Business State",
		"Address 1 - Region", "Région", "Province/État", "État", "Home State", "Other State"},
	model.FieldPostalCode: {"Postal Code", "ZIP", "ZIP Code", "Postcode", "Post Code", "Business Postal Code",
		"Address 1 - Postal Code", "Code postal", "CP", "Home Postal Code", "Other Postal Code"},
	model.FieldCountry: {"Country", "Country/Region", "Business Country/Region", "Address 1 - Country",
		"Pays", "Home Country/Region", "Other Country/Region"},
	model.FieldNotes: {"Notes", "Note", "Comments", "Comment", "Remarks", "Memo", "Remarques", "Remarque",
		"Commentaires", "Commentaire", "Observations"},
}

// keywords are words that name a field wherever they appear in a column's
// name ("Fax (bureau)", "Courriel principal"); only words that cannot mean
// another field are here.
var keywords = map[model.Field][]string{
	model.FieldFax:        {"fax", "telecopieur", "telecopie", "telefax", "facsimile"},
	model.FieldEmail:      {"email", "courriel"},
	model.FieldMobile:     {"mobile", "cell", "cellular", "cellulaire", "cellphone"},
	model.FieldSpecialty:  {"specialty", "speciality", "specialite"},
	model.FieldPostalCode: {"zip", "postcode"},
	model.FieldNotes:      {"notes", "remarques", "commentaires"},
	model.FieldCity:       {"city", "ville"},
	model.FieldCountry:    {"country", "pays"},
}
