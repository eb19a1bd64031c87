package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/model"
	"frontdesk/store"
)

func TestPatientImport(t *testing.T) {
	st := openStore(t)
	ctx := store.WithActor(t.Context(), "tester")
	if _, err := st.CreateEmployer(ctx, model.Employer{Name: "Bombardier"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "patients.csv")
	os.WriteFile(path, []byte(strings.Join([]string{
		"Nom complet,Date de naissance,Dossier,Téléphone,Employeur",
		"\"Ouellet, Zoë\",03/04/1984,A-1,514 555 0177,bombardier",
		"Marc Roy,1990-12-01,A-2,,Hydro-Québec",
		"Ann Lee,31/02/1990,A-3,,",
		"Bo Ng,1970-01-01,a-1,,",
		"Cy Roy,1971-01-01,A-4,,Hydro-Québec",
	}, "\n")), 0o644)
	pv, err := Sniff(path, Options{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	mapping := Suggest(pv.Header, PatientFields())
	if strings.Join(mapping, ",") != "name,date_of_birth,chart_number,phone,employer" {
		t.Fatalf("suggested %v", mapping)
	}
	p, err := PlanPatients(ctx, path, Settings{Mapping: mapping, Region: "US", DateOrder: model.DayFirst}, st)
	if err != nil {
		t.Fatal(err)
	}
	if p.Patients() != 3 || p.Duplicates != 1 || len(p.Rejected) != 1 || p.Rejected[0].Row != 4 {
		t.Fatalf("plan: %d patients, %d duplicates, rejected %v", p.Patients(), p.Duplicates, p.Rejected)
	}
	if len(p.NewEmployers) != 1 || p.NewEmployers[0] != "Hydro-Québec" || len(p.Warnings) != 2 {
		t.Errorf("new employers %v, warnings %q", p.NewEmployers, p.Warnings)
	}
	b, err := p.Write(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	var rows []store.PatientRow
	st.ListPatients(t.Context(), func(r *store.PatientRow) error { rows = append(rows, *r); return nil })
	if len(rows) != 3 || rows[0].Name != "Ouellet, Zoë" || rows[0].BirthDate != "1984-04-03" {
		t.Fatalf("patients %+v", rows)
	}
	zoe, _ := st.GetPatient(t.Context(), rows[0].ID)
	if e, _ := st.GetEmployer(t.Context(), zoe.EmployerID); e.Name != "Bombardier" {
		t.Errorf("Zoë works for %q", e.Name)
	}
	// Again: every chart number is known now.
	p2, _ := PlanPatients(ctx, path, Settings{Mapping: mapping, Region: "US"}, st)
	if p2.Patients() != 0 || p2.Duplicates != 4 {
		t.Errorf("second plan: %d patients, %d duplicates", p2.Patients(), p2.Duplicates)
	}
	// Undo removes the patients and the employer the import created.
	if n, err := st.UndoImport(ctx, b.ID); err != nil || n != 3 {
		t.Fatalf("undo: %d %v", n, err)
	}
	var emps []string
	st.ListEmployers(t.Context(), func(e *store.EmployerRow) error { emps = append(emps, e.Name); return nil })
	if strings.Join(emps, ",") != "Bombardier" {
		t.Errorf("employers after undo: %v", emps)
	}
}

func FuzzPatientPlan(f *testing.F) {
	f.Add("name,date_of_birth,chart_number\nZoë Ouellet,1984-03-07,A-1\n,,\nX,03/04/84,A-1\n")
	f.Add("\"never closed\n")
	dir := f.TempDir()
	st, err := store.Open(f.Context(), filepath.Join(dir, "fz.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	f.Fuzz(func(t *testing.T, data string) {
		path := filepath.Join(dir, "in.csv")
		os.WriteFile(path, []byte(data), 0o644)
		pv, err := Sniff(path, Options{}, 0)
		if err != nil {
			return
		}
		mapping := make([]string, len(pv.Header))
		for i, f := range []string{"name", "date_of_birth", "chart_number", "phone", "employer"} {
			if i < len(mapping) {
				mapping[i] = f
			}
		}
		p, err := PlanPatients(t.Context(), path, Settings{Mapping: mapping, Region: "US"}, st)
		if err != nil {
			return
		}
		for _, r := range p.Rejected {
			if r.Row < 2 || r.Reason == "" {
				t.Fatalf("rejection without row or reason: %+v", r)
			}
		}
		if p.Patients()+p.Duplicates+len(p.Rejected) > p.Rows {
			t.Fatalf("%d patients, %d duplicates, %d rejected out of %d rows", p.Patients(), p.Duplicates, len(p.Rejected), p.Rows)
		}
	})
}
