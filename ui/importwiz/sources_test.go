package importwiz_test

import (
	"testing"

	"frontdesk/ui/scenes"
)

// A Google Contacts export goes through the wizard as suggested: each
// person's fax is the phone whose type names a fax, whichever number it
// is on; the work email before the home one; the organization's title.
func TestWizardImportsGoogleContacts(t *testing.T) {
	sc := scenes.Scene{Name: "google", Empty: true, Files: map[string]string{"google.csv": scenes.SampleGoogleCSV}, Steps: []scenes.Step{
		{Until: "No contacts yet"},
		{Keys: []string{"i", "google.c", "tab", "enter"}, Until: "Delimiter"},
		{Keys: []string{"enter"}, Until: "Which field"},
		{Keys: []string{"c"}, Until: "Rows rejected"},
		{Keys: []string{"enter"}, Until: "Imported 4 contacts"},
	}}
	_, got := run(t, sc)
	faxes := map[string]string{}
	for _, c := range got {
		e := c.Entities[0]
		faxes[e.DisplayName()] = c.Fax
		if e.DisplayName() == "Tremblay, Hélène" && (e.Email != "h.tremblay@chu.example" || e.Title != "Cardiologist" ||
			e.Mobile != "(450) 555-0123" || e.Phone != "(450) 555-0199" || e.City != "Laval") {
			t.Errorf("Tremblay: %+v", e)
		}
	}
	want := map[string]string{"Tremblay, Hélène": "+14505550101", "Roy, Marc": "+14505550102",
		"Ouellet, Zoë": "+14185550177", "Imaging West": "+14165550142"}
	if len(faxes) != len(want) {
		t.Errorf("imported %v", faxes)
	}
	for k, v := range want {
		if faxes[k] != v {
			t.Errorf("%s: fax %q, want %q", k, faxes[k], v)
		}
	}
}
