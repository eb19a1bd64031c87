package importer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

// PatientFields lists the fields of a patient import, in form order.
func PatientFields() []FieldSpec {
	syn := func(f model.Field, extra ...string) []string {
		return append(slices.Clone(synonyms[f]), extra...)
	}
	return []FieldSpec{
		{Name: string(model.FieldFirstName), Label: "First name", Synonyms: syn(model.FieldFirstName)},
		{Name: string(model.FieldLastName), Label: "Last name", Synonyms: syn(model.FieldLastName)},
		{Name: string(model.FieldName), Label: "Full name", Synonyms: []string{"Name", "Full Name", "Patient", "Patient Name", "Nom complet"}},
		{Name: string(model.FieldBirthDate), Label: "Date of birth", Synonyms: []string{"Date of Birth", "DOB", "Birth Date",
			"Birthdate", "Birthday", "Born", "Date de naissance", "DDN", "Naissance"}},
		{Name: string(model.FieldChart), Label: "Chart number", Synonyms: []string{"Chart Number", "Chart", "Chart #", "Chart No",
			"MRN", "Medical Record Number", "Patient ID", "Patient Number", "Dossier", "No de dossier", "Numéro de dossier"}},
		{Name: string(model.FieldPhone), Label: "Phone", Synonyms: syn(model.FieldPhone, "Home Phone", "Cell")},
		{Name: string(model.FieldEmail), Label: "Email", Synonyms: syn(model.FieldEmail)},
		{Name: string(model.FieldProvider), Label: "Primary provider", Synonyms: []string{"Provider", "Primary Provider",
			"Doctor", "Physician", "Family Doctor", "GP", "Médecin", "Médecin de famille"}},
		{Name: string(model.FieldEmployer), Label: "Employer", Synonyms: []string{"Employer", "Employeur", "Workplace",
			"Company", "Compagnie", "Entreprise"}},
	}
}

// PatientPlan is what an import of patients will do, worked out before
// anything is written.
type PatientPlan struct {
	File      string
	Header    []string
	Mapping   []string
	Encoding  string
	Delimiter rune
	Settings  Settings

	Rows         int
	NewEmployers []string // employers named in the file and created by the import
	// NewProviders are the primary providers named in the file that are
	// no user's: the import makes each a provider without sign-in, which
	// an admin activates on the Staff screen.
	NewProviders []string
	Duplicates   int // chart numbers already known, or seen earlier in the file
	Rejected     []Rejection
	Warnings     []string

	in PatientImport
}

// PatientImport is the patients and employers to write.
type PatientImport = store.PatientImport

// Patients is the number of patients the import creates.
func (p *PatientPlan) Patients() int { return len(p.in.Patients) }

// PlanPatients reads the file and works out what importing its patients
// would do against the patients and employers of st. Ambiguous dates
// (03/04/1984) are read in s.DateOrder. Nothing is written.
func PlanPatients(ctx context.Context, path string, s Settings, st *store.Store) (*PatientPlan, error) {
	col := map[model.Field]int{}
	for i, f := range s.Mapping {
		if f != "" && f != ignoreField {
			if _, dup := col[model.Field(f)]; dup {
				return nil, fmt.Errorf("field %s is mapped to two columns", f)
			}
			col[model.Field(f)] = i
		}
	}
	get := func(cells []string, f model.Field) string {
		if i, ok := col[f]; ok {
			return cell(cells, i)
		}
		return ""
	}
	_, hasChart := col[model.FieldChart]
	_, hasBirth := col[model.FieldBirthDate]
	if !hasChart || !hasBirth {
		return nil, fmt.Errorf("map a column to chart_number and one to date_of_birth: every patient needs both")
	}
	if s.Region == "" {
		s.Region = model.DefaultRegion
	}
	charts := map[string]bool{}
	// Chart numbers are compared as the database's unique index does:
	// ignoring the case of ASCII letters.
	if err := st.EachPatientChart(ctx, func(c string) error { charts[asciiLower(c)] = true; return nil }); err != nil {
		return nil, err
	}
	employers := map[string]int64{} // folded name -> ID
	err := st.ListEmployers(ctx, func(e *store.EmployerRow) error { employers[model.Fold(e.Name)] = e.ID; return nil })
	if err != nil {
		return nil, err
	}
	providers, err := knownProviders(ctx, st)
	if err != nil {
		return nil, err
	}
	p := &PatientPlan{File: path, Mapping: s.Mapping, Settings: s}
	newEmp := map[string]int{}
	now := time.Now()
	ambiguous := 0
	pv, err := Read(path, s.Read, func(row int, cells []string) error {
		p.Rows++
		if blank(cells) {
			return nil
		}
		pat := model.Patient{
			FirstName: get(cells, model.FieldFirstName), LastName: get(cells, model.FieldLastName),
			Chart: get(cells, model.FieldChart), Phone: get(cells, model.FieldPhone),
			Email: get(cells, model.FieldEmail), Provider: get(cells, model.FieldProvider),
		}
		if strings.TrimSpace(pat.FirstName+pat.LastName) == "" {
			pat.FirstName, pat.LastName = splitName(get(cells, model.FieldName))
		}
		born := get(cells, model.FieldBirthDate)
		d, err := model.ParseDate(born, s.DateOrder, now)
		if err != nil {
			p.Rejected = append(p.Rejected, Rejection{row, fmt.Sprintf("date_of_birth %q %v", born, err), KindBadBirthDate})
			return nil
		}
		if model.Ambiguous(born) {
			ambiguous++
		}
		pat.BirthDate = d
		pat, ps := pat.Clean(s.Region, now)
		if len(ps) > 0 {
			p.Rejected = append(p.Rejected, Rejection{row, describeProblems(ps), problemKind(ps)})
			return nil
		}
		if key := asciiLower(pat.Chart); charts[key] {
			p.Duplicates++
			return nil
		} else {
			charts[key] = true
		}
		idx := -1
		if name := model.CleanText(get(cells, model.FieldEmployer)); len([]rune(name)) > 200 {
			p.Rejected = append(p.Rejected, Rejection{row, "employer is too long (at most 200 characters)", KindEmployerTooLong})
			delete(charts, asciiLower(pat.Chart))
			return nil
		} else if name != "" {
			if id, ok := employers[model.Fold(name)]; ok {
				pat.EmployerID = id
			} else if k, ok := newEmp[model.Fold(name)]; ok {
				idx = k
			} else {
				idx = len(p.NewEmployers)
				newEmp[model.Fold(name)] = idx
				p.NewEmployers = append(p.NewEmployers, name)
			}
		}
		providers.see(pat.Provider, row)
		p.in.Patients = append(p.in.Patients, pat)
		p.in.EmployerIndex = append(p.in.EmployerIndex, idx)
		return nil
	})
	if err != nil {
		return nil, err
	}
	p.Header, p.Encoding, p.Delimiter = pv.Header, pv.Encoding, pv.Delimiter
	p.Warnings = append(p.Warnings, pv.Warnings...)
	if ambiguous > 0 {
		order := "day first (03/04/1984 is the 3rd of April)"
		if s.DateOrder == model.MonthFirst {
			order = "month first (03/04/1984 is March 4th)"
		}
		p.Warnings = append(p.Warnings, fmt.Sprintf("%d dates of birth could be read two ways; they were read %s", ambiguous, order))
	}
	p.NewProviders = providers.newNames()
	p.Warnings = append(p.Warnings, providers.warnings()...)
	if len(p.NewEmployers) > 0 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%d employers not yet known are created: %s", len(p.NewEmployers),
			strings.Join(p.NewEmployers[:min(5, len(p.NewEmployers))], ", ")))
	}
	return p, nil
}

// splitName reads a full name: "Last, First" or "First Last".
func splitName(full string) (first, last string) {
	full = strings.TrimSpace(full)
	if l, f, ok := strings.Cut(full, ","); ok {
		return strings.TrimSpace(f), strings.TrimSpace(l)
	}
	if i := strings.LastIndexByte(full, ' '); i > 0 {
		return strings.TrimSpace(full[:i]), strings.TrimSpace(full[i+1:])
	}
	return "", full
}

// Write imports the plan in one transaction, and remembers the mapping.
func (p *PatientPlan) Write(ctx context.Context, st *store.Store) (store.ImportBatch, error) {
	in := p.in
	in.NewEmployers = make([]model.Employer, len(p.NewEmployers))
	for i, n := range p.NewEmployers {
		in.NewEmployers[i] = model.Employer{Name: n}
	}
	b, err := st.ImportPatients(ctx, store.ImportBatch{File: p.File, Duplicates: p.Duplicates, Rejected: len(p.Rejected),
		Mapping: FormatMap(p.Header, p.Mapping)}, in)
	if err == nil {
		st.RememberMapping(ctx, "patients", p.Header, p.Mapping)
	}
	return b, err
}

// asciiLower lowers ASCII letters only, as SQLite's NOCASE does.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
