package importwiz

import (
	"context"
	"fmt"

	"frontdesk/importer"
	"frontdesk/model"
	"frontdesk/store"
)

// planned is what the check and import steps need of a plan, whatever the
// file holds.
type planned interface {
	// counts are the plan's figures, one line each: label, number, note.
	counts(dupNote string) []count
	total() int // things to write: contacts or patients
	rejected() []importer.Rejection
	duplicates(limit int) []importer.Rejection
	duplicateCount() int
	warnings() []string
	// place names a row as the file does: "row 12", "card 11 (Ann Lee)";
	// reworded says a reason or a warning in the same terms.
	place(row int) string
	reworded(s string) string
	write(ctx context.Context, st *store.Store, progress func(done, total int)) (store.ImportBatch, error)
	RejectedPath() string
	SaveRejected(path string) error
	// summary says what was imported.
	summary(b store.ImportBatch) string
}

type count struct {
	label string
	n     int
	note  string
}

// contactPlan is a plan of contacts, with the names of a vCard file's
// cards for its reports.
type contactPlan struct {
	*importer.Plan
	places *importer.Places
}

func (p contactPlan) counts(dupNote string) []count {
	rows := "Rows"
	if p.places.VCard() {
		rows = "Cards"
	}
	return []count{
		{rows + " read", p.Rows, ""},
		{"Contacts to add", p.Contacts, fmt.Sprintf("%d of them multiple-entity", p.Groups)},
		{"People", p.Entities, ""},
		{"Duplicates", p.Duplicates, dupNote + " (i changes)"},
		{rows + " rejected", len(p.Rejected), importer.ReasonsLine(importer.CountRejections(p.Rejected))},
		{"Warnings", len(p.Warnings), ""},
	}
}

// SaveRejected writes a vCard file's rejected cards with their numbers.
func (p contactPlan) SaveRejected(path string) error            { return p.SaveRejectedCards(path, p.places) }
func (p contactPlan) place(row int) string                      { return p.places.Row(row) }
func (p contactPlan) reworded(s string) string                  { return p.places.Text(s) }
func (p patientPlan) place(row int) string                      { return fmt.Sprintf("row %d", row) }
func (p patientPlan) reworded(s string) string                  { return s }
func (p contactPlan) total() int                                { return p.Contacts }
func (p contactPlan) rejected() []importer.Rejection            { return p.Rejected }
func (p contactPlan) duplicates(limit int) []importer.Rejection { return p.DuplicateRows(limit) }
func (p contactPlan) duplicateCount() int                       { return p.Duplicates }
func (p contactPlan) warnings() []string                        { return p.Warnings }
func (p contactPlan) write(ctx context.Context, st *store.Store, progress func(int, int)) (store.ImportBatch, error) {
	return p.Write(ctx, st, progress)
}
func (p contactPlan) summary(b store.ImportBatch) string {
	return fmt.Sprintf("%s (%d multiple-entity) with %s", plural(b.Contacts, "contact"), b.Groups, people(b.Entities))
}

type patientPlan struct{ *importer.PatientPlan }

func (p patientPlan) counts(string) []count {
	return []count{
		{"Rows read", p.Rows, ""},
		{"Patients to add", p.Patients(), ""},
		{"New employers", len(p.NewEmployers), "created for the patients who name them"},
		{"New providers", len(p.NewProviders), "no sign-in until an admin activates one (warnings)"},
		{"Duplicates", p.Duplicates, "chart numbers already known: skipped"},
		{"Rows rejected", len(p.Rejected), importer.ReasonsLine(importer.CountRejections(p.Rejected))},
		{"Warnings", len(p.Warnings), ""},
	}
}
func (p patientPlan) total() int                          { return p.Patients() }
func (p patientPlan) rejected() []importer.Rejection      { return p.Rejected }
func (p patientPlan) duplicates(int) []importer.Rejection { return nil }
func (p patientPlan) duplicateCount() int                 { return p.Duplicates }
func (p patientPlan) warnings() []string                  { return p.Warnings }
func (p patientPlan) write(ctx context.Context, st *store.Store, _ func(int, int)) (store.ImportBatch, error) {
	return p.Write(ctx, st)
}
func (p patientPlan) summary(b store.ImportBatch) string {
	return fmt.Sprintf("%s and %s", plural(b.Entities, "patient"), plural(b.Groups, "new employer"))
}

// fields are the fields a file of kind maps to.
func fields(kind string) []importer.FieldSpec {
	if kind == "patients" {
		return importer.PatientFields()
	}
	return importer.ContactFields()
}

// missing says what a mapping lacks to import kind, or "".
func missing(kind string, mapping []string) string {
	has := map[string]bool{}
	for _, f := range mapping {
		has[f] = true
		if r, ok := importer.ParseRole(f); ok && r.Kind == "phone" {
			has["fax"] = true // the phone whose type names a fax
		}
	}
	if kind == "patients" {
		switch {
		case !has[string(model.FieldChart)]:
			return "Map a column to chart_number: every patient needs one."
		case !has[string(model.FieldBirthDate)]:
			return "Map a column to date_of_birth: every patient needs one."
		}
		return ""
	}
	switch {
	case !has["fax"] && !has["group"]:
		return "Map a column to fax: every contact needs a fax number."
	case !has["first_name"] && !has["last_name"] && !has["name"]:
		return "Map a column to first_name, last_name or name: every person needs a name."
	}
	return ""
}
