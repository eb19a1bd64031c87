package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"frontdesk/model"
	"frontdesk/store"
)

// PatientColumns are the CSV columns of a patient export: the fields of a
// patient import.
func PatientColumns() []string {
	return []string{"first_name", "last_name", "date_of_birth", "chart_number", "phone", "email", "provider", "employer"}
}

// Patient is the JSON shape of one patient.
type Patient struct {
	ID          int64  `json:"id"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	DateOfBirth string `json:"date_of_birth"`
	ChartNumber string `json:"chart_number"`
	Phone       string `json:"phone"`
	Email       string `json:"email"`
	Provider    string `json:"provider"`
	Employer    string `json:"employer"`
	Archived    bool   `json:"archived"`
}

// WritePatients writes every patient in format ("csv" or "json"): the CSV
// imports back with `frontdesk import --kind patients`.
func WritePatients(ctx context.Context, w io.Writer, st *store.Store, format string) (int, error) {
	n := 0
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(PatientColumns())
		err := st.EachPatient(ctx, func(p model.Patient, employer string) error {
			n++
			rec := []string{p.FirstName, p.LastName, p.BirthDate.String(), p.Chart, p.Phone, p.Email, p.Provider, employer}
			for i := range rec {
				rec[i] = model.FormulaSafe(rec[i])
			}
			return cw.Write(rec)
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
		return n, err
	case "json":
		bw := bufio.NewWriter(w)
		bw.WriteString("[")
		err := st.EachPatient(ctx, func(p model.Patient, employer string) error {
			b, err := json.Marshal(Patient{p.ID, p.FirstName, p.LastName, p.BirthDate.String(), p.Chart, p.Phone, p.Email,
				p.Provider, employer, p.Archived})
			if err != nil {
				return err
			}
			if n > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n  ")
			n++
			_, err = bw.Write(b)
			return err
		})
		if err != nil {
			return n, err
		}
		if n > 0 {
			bw.WriteString("\n")
		}
		bw.WriteString("]\n")
		return n, bw.Flush()
	}
	return 0, fmt.Errorf("unknown format %q: use csv or json", format)
}
