package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"frontdesk/model"
)

// CreatePatient validates and saves a new patient.
func (s *Store) CreatePatient(ctx context.Context, p model.Patient) (model.Patient, error) {
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermPatients); err != nil {
			return err
		}
		var err error
		p, err = insertPatient(ctx, tx, p)
		return err
	})
	return p, err
}

// CreatePatients saves many new patients in one transaction: all or none.
func (s *Store) CreatePatients(ctx context.Context, ps []model.Patient) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermPatients); err != nil {
			return err
		}
		for i, p := range ps {
			if _, err := insertPatient(ctx, tx, p); err != nil {
				return fmt.Errorf("patient %d (%s): %w", i+1, p.DisplayName(), err)
			}
		}
		return nil
	})
}

func insertPatient(ctx context.Context, tx *sql.Tx, p model.Patient) (model.Patient, error) {
	p, err := cleanPatient(ctx, tx, p)
	if err != nil {
		return p, err
	}
	t := now()
	res, err := tx.ExecContext(ctx, `INSERT INTO patients (first_name, last_name, birth_date, chart, phone, email, provider,
		provider_id, employer_id, archived, version, created_at, updated_at, sort_key, search)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
		p.FirstName, p.LastName, p.BirthDate.String(), p.Chart, p.Phone, p.Email, p.Provider, nullID(p.ProviderID), nullID(p.EmployerID),
		p.Archived, t, t, model.Fold(p.DisplayName()), p.Search())
	if err != nil {
		return p, chartTaken(err, p.Chart)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return p, err
	}
	p.Version = 1
	after, err := patientFields(ctx, tx, p)
	if err != nil {
		return p, err
	}
	return p, auditChange(ctx, tx, "create", "patient", p.ID, p.DisplayName()+" ("+p.Chart+")", nil, after)
}

// patientFields are the patient's fields for the audit log, its employer
// named.
func patientFields(ctx context.Context, tx *sql.Tx, p model.Patient) (model.Fields, error) {
	var employer string
	if p.EmployerID != 0 {
		err := tx.QueryRowContext(ctx, `SELECT name FROM employers WHERE id = ?`, p.EmployerID).Scan(&employer)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	return p.AuditFields(employer), nil
}

// UpdatePatient saves p over the stored patient, provided nobody saved it
// since p was read; otherwise ErrConflict.
func (s *Store) UpdatePatient(ctx context.Context, p model.Patient) (model.Patient, error) {
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermPatients); err != nil {
			return err
		}
		old, err := getPatient(ctx, tx, p.ID)
		if err != nil {
			return fmt.Errorf("patients %d: %w", p.ID, mapErr(err))
		}
		before, err := patientFields(ctx, tx, old)
		if err != nil {
			return err
		}
		if p, err = cleanPatient(ctx, tx, p); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE patients SET first_name = ?, last_name = ?, birth_date = ?, chart = ?, phone = ?,
			email = ?, provider = ?, provider_id = ?, employer_id = ?, archived = ?, version = version + 1, updated_at = ?,
			sort_key = ?, search = ? WHERE id = ? AND version = ?`,
			p.FirstName, p.LastName, p.BirthDate.String(), p.Chart, p.Phone, p.Email, p.Provider, nullID(p.ProviderID), nullID(p.EmployerID),
			p.Archived, now(), model.Fold(p.DisplayName()), p.Search(), p.ID, p.Version)
		if err != nil {
			return chartTaken(err, p.Chart)
		}
		if err := checkRow(ctx, tx, res, "patients", p.ID); err != nil {
			return err
		}
		p.Version++
		action := "update"
		if p.Archived {
			action = "archive"
		}
		after, err := patientFields(ctx, tx, p)
		if err != nil {
			return err
		}
		return auditChange(ctx, tx, action, "patient", p.ID, p.DisplayName()+" ("+p.Chart+")", before, after)
	})
	return p, err
}

func cleanPatient(ctx context.Context, tx *sql.Tx, p model.Patient) (model.Patient, error) {
	var region string
	if err := regionTx(ctx, tx, &region); err != nil {
		return p, err
	}
	p, ps := p.Clean(region, time.Now())
	if err := ps.Err(); err != nil {
		return p, err
	}
	var err error
	p.ProviderID, err = providerFor(ctx, tx, p.Provider)
	return p, err
}

// chartTaken words the unique chart number's violation.
func chartTaken(err error, chart string) error {
	if err = mapErr(err); err != nil && isDuplicate(err) {
		return model.Problems{{Person: -1, Field: model.FieldChart, Message: fmt.Sprintf("%s belongs to another patient", chart)}}.Err()
	}
	return err
}

// GetPatient returns one patient.
func (s *Store) GetPatient(ctx context.Context, id int64) (model.Patient, error) {
	var p model.Patient
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = getPatient(ctx, tx, id)
		return err
	})
	return p, err
}

func getPatient(ctx context.Context, tx *sql.Tx, id int64) (model.Patient, error) {
	var p model.Patient
	var birth string
	var emp, prov sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT id, first_name, last_name, birth_date, chart, phone, email, provider, provider_id,
		employer_id, archived, version FROM patients WHERE id = ?`, id).Scan(&p.ID, &p.FirstName, &p.LastName, &birth, &p.Chart,
		&p.Phone, &p.Email, &p.Provider, &prov, &emp, &p.Archived, &p.Version)
	if err != nil {
		return p, err
	}
	p.EmployerID, p.ProviderID = emp.Int64, prov.Int64
	p.BirthDate, err = model.ParseDate(birth, model.DayFirst, time.Now())
	return p, err
}

// CreateEmployer validates and saves a new employer.
func (s *Store) CreateEmployer(ctx context.Context, e model.Employer) (model.Employer, error) {
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermPatients); err != nil {
			return err
		}
		var err error
		if e, err = cleanEmployer(ctx, tx, e); err != nil {
			return err
		}
		t := now()
		res, err := tx.ExecContext(ctx, `INSERT INTO employers (name, phone, fax, address, notes, archived, version, created_at,
			updated_at, sort_key) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
			e.Name, e.Phone, e.Fax, e.Address, e.Notes, e.Archived, t, t, model.Fold(e.Name))
		if err != nil {
			return err
		}
		if e.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		e.Version = 1
		return auditChange(ctx, tx, "create", "employer", e.ID, e.Name, nil, e.AuditFields())
	})
	return e, err
}

// UpdateEmployer saves e over the stored employer, provided nobody saved it
// since e was read; otherwise ErrConflict.
func (s *Store) UpdateEmployer(ctx context.Context, e model.Employer) (model.Employer, error) {
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermPatients); err != nil {
			return err
		}
		before, err := getEmployer(ctx, tx, e.ID)
		if err != nil {
			return fmt.Errorf("employers %d: %w", e.ID, mapErr(err))
		}
		if e, err = cleanEmployer(ctx, tx, e); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE employers SET name = ?, phone = ?, fax = ?, address = ?, notes = ?, archived = ?,
			version = version + 1, updated_at = ?, sort_key = ? WHERE id = ? AND version = ?`,
			e.Name, e.Phone, e.Fax, e.Address, e.Notes, e.Archived, now(), model.Fold(e.Name), e.ID, e.Version)
		if err != nil {
			return err
		}
		if err := checkRow(ctx, tx, res, "employers", e.ID); err != nil {
			return err
		}
		e.Version++
		return auditChange(ctx, tx, "update", "employer", e.ID, e.Name, before.AuditFields(), e.AuditFields())
	})
	return e, err
}

func cleanEmployer(ctx context.Context, tx *sql.Tx, e model.Employer) (model.Employer, error) {
	var region string
	if err := regionTx(ctx, tx, &region); err != nil {
		return e, err
	}
	e, ps := e.Clean(region)
	return e, ps.Err()
}

// GetEmployer returns one employer.
func (s *Store) GetEmployer(ctx context.Context, id int64) (model.Employer, error) {
	var e model.Employer
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		e, err = getEmployer(ctx, tx, id)
		return err
	})
	return e, err
}

func getEmployer(ctx context.Context, tx *sql.Tx, id int64) (model.Employer, error) {
	var e model.Employer
	err := tx.QueryRowContext(ctx, `SELECT id, name, phone, fax, address, notes, archived, version FROM employers WHERE id = ?`, id).
		Scan(&e.ID, &e.Name, &e.Phone, &e.Fax, &e.Address, &e.Notes, &e.Archived, &e.Version)
	return e, err
}

// checkRow turns an update that touched no row into ErrConflict (the row
// changed since it was read) or ErrNotFound (it is gone).
func checkRow(ctx context.Context, tx *sql.Tx, res sql.Result, table string, id int64) error {
	n, err := res.RowsAffected()
	if err != nil || n == 1 {
		return err
	}
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE id = ?`, id).Scan(&one); err != nil {
		return fmt.Errorf("%s %d: %w", table, id, mapErr(err))
	}
	return ErrConflict
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// PatientRow is one line of the patient list.
type PatientRow struct {
	ID        int64
	Name      string
	BirthDate string // YYYY-MM-DD
	Chart     string
	Phone     string
	Provider  string
	Search    []byte // model.Patient.Search; valid during the callback only
}

// ListPatients calls fn for every patient not archived, in name order, from
// one snapshot.
func (s *Store) ListPatients(ctx context.Context, fn func(*PatientRow) error) error {
	return s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, first_name, last_name, birth_date, chart, phone, provider, search
			FROM patients WHERE archived = 0 ORDER BY sort_key, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var r PatientRow
		var first, last string
		for rows.Next() {
			if err := rows.Scan(&r.ID, &first, &last, &r.BirthDate, &r.Chart, &r.Phone, &r.Provider, (*sql.RawBytes)(&r.Search)); err != nil {
				return err
			}
			r.Name = model.Patient{FirstName: first, LastName: last}.DisplayName()
			if err := fn(&r); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// ContactChoice is a saved contact, or one person of a multiple-entity
// contact, as a picker offers it.
type ContactChoice struct {
	Ref   model.ContactRef
	Title string // "Lee, Ann" or "Cardiology (group)" or "Lee, Ann — Cardiology"
	Fax   string // E.164
}

// ContactChoices lists every contact, and every person of each
// multiple-entity contact, in list order.
func (s *Store) ContactChoices(ctx context.Context) ([]ContactChoice, error) {
	var out []ContactChoice
	err := s.EachContact(ctx, func(c model.Contact) error {
		if c.Kind != model.Group {
			out = append(out, ContactChoice{model.ContactRef{ContactID: c.ID}, c.DisplayName(), c.Fax})
			return nil
		}
		out = append(out, ContactChoice{model.ContactRef{ContactID: c.ID}, c.GroupName + " (everyone)", c.Fax})
		for _, e := range c.Entities {
			out = append(out, ContactChoice{model.ContactRef{ContactID: c.ID, EntityID: e.ID}, e.DisplayName() + " — " + c.GroupName, c.Fax})
		}
		return nil
	})
	return out, err
}

// EmployerRow is one line of the employer list.
type EmployerRow struct {
	ID       int64
	Name     string
	Phone    string
	Fax      string // E.164
	Patients int
}

// ListEmployers calls fn for every employer not archived, in name order,
// with its number of patients.
func (s *Store) ListEmployers(ctx context.Context, fn func(*EmployerRow) error) error {
	return s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT e.id, e.name, e.phone, e.fax,
			(SELECT COUNT(*) FROM patients p WHERE p.employer_id = e.id AND p.archived = 0)
			FROM employers e WHERE e.archived = 0 ORDER BY e.sort_key, e.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var r EmployerRow
		for rows.Next() {
			if err := rows.Scan(&r.ID, &r.Name, &r.Phone, &r.Fax, &r.Patients); err != nil {
				return err
			}
			if err := fn(&r); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// EmployerPatients lists the patients of an employer (not archived), in
// name order.
func (s *Store) EmployerPatients(ctx context.Context, employerID int64) ([]PatientRow, error) {
	var out []PatientRow
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, first_name, last_name, birth_date, chart, phone, provider
			FROM patients WHERE employer_id = ? AND archived = 0 ORDER BY sort_key, id`, employerID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r PatientRow
			var first, last string
			if err := rows.Scan(&r.ID, &first, &last, &r.BirthDate, &r.Chart, &r.Phone, &r.Provider); err != nil {
				return err
			}
			r.Name = model.Patient{FirstName: first, LastName: last}.DisplayName()
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// EachPatient calls fn for every patient, archived ones included, in name
// order, with the name of the patient's employer ("" for none).
func (s *Store) EachPatient(ctx context.Context, fn func(p model.Patient, employer string) error) error {
	return s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.first_name, p.last_name, p.birth_date, p.chart, p.phone, p.email,
			p.provider, IFNULL(p.employer_id, 0), p.archived, p.version, IFNULL(e.name, '')
			FROM patients p LEFT JOIN employers e ON e.id = p.employer_id ORDER BY p.sort_key, p.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p model.Patient
			var birth, employer string
			if err := rows.Scan(&p.ID, &p.FirstName, &p.LastName, &birth, &p.Chart, &p.Phone, &p.Email, &p.Provider,
				&p.EmployerID, &p.Archived, &p.Version, &employer); err != nil {
				return err
			}
			p.BirthDate, _ = model.ParseDate(birth, model.DayFirst, time.Now())
			if err := fn(p, employer); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// PatientByChart finds a patient by chart number (ignoring the case of
// letters, as the unique index does).
func (s *Store) PatientByChart(ctx context.Context, chart string) (model.Patient, error) {
	var id int64
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT id FROM patients WHERE chart = ?`, strings.TrimSpace(chart)).Scan(&id)
	})
	if err != nil {
		return model.Patient{}, fmt.Errorf("no patient with chart number %q: %w", chart, err)
	}
	return s.GetPatient(ctx, id)
}
