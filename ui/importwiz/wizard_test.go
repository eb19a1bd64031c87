package importwiz_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"frontdesk/model"
	"frontdesk/store"
	"frontdesk/ui/scenes"
)

func run(t *testing.T, sc scenes.Scene) (string, []model.Contact) {
	t.Helper()
	dir := t.TempDir()
	st, err := scenes.Open(t.Context(), dir, sc)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	view, err := scenes.Run(st, dir, sc, scenes.Renderer(termenv.Ascii), 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	var got []model.Contact
	if err := st.EachContact(t.Context(), func(c model.Contact) error { got = append(got, c); return nil }); err != nil {
		t.Fatal(err)
	}
	return view, got
}

// The whole wizard, as a user goes through it: pick the file by completing
// its name, preview, accept the suggested mapping, check, import; then the
// database holds the contacts of the file's good rows.
func TestWizardImportsTheFile(t *testing.T) {
	sc := scenes.Scene{Name: "wizard", Empty: true, Steps: []scenes.Step{
		{Until: "No contacts yet"},
		{Keys: []string{"i", "cl", "tab", "enter"}, Until: "Delimiter  comma (detected)"},
		{Keys: []string{"enter"}, Until: "Which field"},
		{Keys: []string{"c"}, Until: "Rows rejected"},
		{Keys: []string{"enter"}, Until: "Imported 3 contacts (1 multiple"},
		{Keys: []string{"enter"}, Until: "1/3 · 3 contacts"},
	}}
	view, got := run(t, sc)
	if !strings.Contains(view, "Cardiologie CHU Lav") {
		t.Errorf("the list does not show the imported group:\n%s", view)
	}
	if len(got) != 3 {
		t.Fatalf("%d contacts imported, want 3: %+v", len(got), got)
	}
	g := got[0]
	if g.Kind != model.Group || g.GroupName != "Cardiologie CHU Laval" || g.Fax != "+14505550101" || len(g.Entities) != 2 {
		t.Errorf("the group: %+v", g)
	}
	if e := g.Entities[0]; e.FirstName != "Hélène" || e.Phone != "(450) 555-0199" || e.Email != "h.tremblay@chu.example" {
		t.Errorf("first person: %+v", e)
	}
	if got[1].DisplayName() != "Lee, Ann" || got[2].DisplayName() != "Ouellet, Zoë" {
		t.Errorf("singles: %s, %s", got[1].DisplayName(), got[2].DisplayName())
	}
}

// esc steps back without losing choices: a column set to ignore stays
// ignored after going back to the preview and forward again.
func TestWizardKeepsChoicesWhenSteppingBack(t *testing.T) {
	sc := scenes.Scene{Name: "back", Empty: true, Steps: []scenes.Step{
		{Until: "No contacts yet"},
		{Keys: []string{"i", "cl", "tab", "enter"}, Until: "Delimiter"},
		{Keys: []string{"enter"}, Until: "Which field"},
		// Job Title is the fourth column: ignore it.
		{Keys: []string{"down", "down", "down", "x", "esc"}, Until: "Delimiter"},
		{Keys: []string{"enter"}, Until: "as you left it"},
		{Keys: []string{"c"}, Until: "Rows rejected"},
		{Keys: []string{"enter"}, Until: "undoes the whole import"},
	}}
	_, got := run(t, sc)
	for _, c := range got {
		for _, e := range c.Entities {
			if e.Title != "" {
				t.Errorf("%s has the title %q from an ignored column", e.DisplayName(), e.Title)
			}
		}
	}
	if len(got) != 3 {
		t.Errorf("%d contacts", len(got))
	}
}

// The wizard imports patients from the Patients screen, with the date
// order chosen on the check step: at first the region's (month first in
// the US, the default region).
func TestWizardImportsPatients(t *testing.T) {
	dir := t.TempDir()
	sc := scenes.Scene{Name: "patients", Empty: true, Steps: []scenes.Step{
		{Until: "No contacts yet"},
		{Keys: []string{"2"}, Until: "No patients yet"},
		{Keys: []string{"i", "pat", "tab", "enter"}, Until: "Delimiter"},
		{Keys: []string{"enter"}, Until: "chart_number"},
		{Keys: []string{"c"}, Until: "Dates read        month first"},
		{Keys: []string{"o"}, Until: "day first"},
		{Keys: []string{"o"}, Until: "month first"},
		{Keys: []string{"enter"}, Until: "Imported 2 patients"},
		{Keys: []string{"enter"}, Until: "2 patients"},
	}}
	st, err := scenes.Open(t.Context(), dir, sc)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	csv := "Name,DOB,Chart #,Employer\nZoë Ouellet,03/04/1984,A-1,Bombardier\nMarc Roy,1990-12-01,A-2,\n"
	if err := os.WriteFile(filepath.Join(dir, "patients.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := scenes.Run(st, dir, sc, scenes.Renderer(termenv.Ascii), 80, 24); err != nil {
		t.Fatal(err)
	}
	var rows []store.PatientRow
	st.ListPatients(t.Context(), func(r *store.PatientRow) error { rows = append(rows, *r); return nil })
	if len(rows) != 2 || rows[0].Name != "Ouellet, Zoë" || rows[0].BirthDate != "1984-03-04" {
		t.Errorf("patients %+v (03/04/1984 read month first is March 4th)", rows)
	}
}

// The check step of a patient import counts the providers the import
// makes and lists them, without sign-in, with the names to check.
func TestWizardShowsNewProviders(t *testing.T) {
	dir := t.TempDir()
	sc := scenes.Scene{Name: "providers", Empty: true, Steps: []scenes.Step{
		{Until: "No contacts yet"},
		{Keys: []string{"2"}, Until: "No patients yet"},
		{Keys: []string{"i", "pat", "tab", "enter"}, Until: "Delimiter"},
		{Keys: []string{"enter"}, Until: "chart_number"},
		{Keys: []string{"c"}, Until: "New providers"},
		{Keys: []string{"tab", "tab"}, Until: "1 new provider: Dr. Inconnu"},
	}}
	st, err := scenes.Open(t.Context(), dir, sc)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	csv := "Name,DOB,Chart #,Provider\nZoë Ouellet,1984-03-07,A-1,Dr. Inconnu\nMarc Roy,1990-12-01,A-2,dr inconnu\n"
	if err := os.WriteFile(filepath.Join(dir, "patients.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	view, err := scenes.Run(st, dir, sc, scenes.Renderer(termenv.Ascii), 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(view, "New providers             1") {
		t.Errorf("the check step does not count the new provider:\n%s", view)
	}
	if users, _ := st.Users(t.Context()); len(users) != 0 {
		t.Errorf("the check step made users: %+v", users)
	}
}

// A vCard file goes through the same steps: its cards grouped by
// organization on the check step, imported, then undone.
func TestWizardImportsAVCardFile(t *testing.T) {
	steps := []scenes.Step{
		{Until: "No contacts yet"},
		{Keys: []string{"i", "contacts.v", "tab", "enter"}, Until: "Format     vCard 3.0, 2.1 and 4.0"},
		{Keys: []string{"enter"}, Until: "Fax (TEL;FAX)"},
		{Keys: []string{"c"}, Until: "card 5 (Bo Ng): no fax number"},
		{Keys: []string{"g"}, Until: "by organization and fax"},
		{Keys: []string{"enter"}, Until: "Imported 3 contacts (1 multiple-entity) with 4 people"},
		{Keys: []string{"s"}, Until: "Rejected cards saved to contacts-rejected.csv"},
	}
	files := map[string]string{"contacts.vcf": scenes.SampleVCard}
	view, got := run(t, scenes.Scene{Name: "vcard", Empty: true, Files: files, Steps: steps})
	if !strings.Contains(view, "1 card rejected") {
		t.Errorf("the summary does not count the rejected card:\n%s", view)
	}
	if len(got) != 3 {
		t.Fatalf("%d contacts imported, want 3: %+v", len(got), got)
	}
	g := got[0]
	if g.Kind != model.Group || g.GroupName != "CHU Laval" || g.Fax != "+14505550101" || len(g.Entities) != 2 ||
		g.Entities[0].FirstName != "Hélène" || g.Entities[1].Mobile != "(450) 555-0123" {
		t.Errorf("the group: %+v", g)
	}
	found := false
	for _, c := range got {
		e := c.Entities[0]
		found = found || c.Kind == model.Single && e.FirstName == "Zoë" && e.City == "Québec" && c.Fax == "+15145550177"
	}
	if !found {
		t.Errorf("the 2.1 card is not among %+v", got)
	}

	undo := append(steps[:len(steps):len(steps)], scenes.Step{Keys: []string{"u"}, Until: "Undone: 3 contacts removed"})
	if _, got := run(t, scenes.Scene{Name: "vcard-undo", Empty: true, Files: files, Steps: undo}); len(got) != 0 {
		t.Errorf("%d contacts left after the undo", len(got))
	}
}
