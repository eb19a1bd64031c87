package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"frontdesk/model"
)

// PatientImport is what an import of patients writes: the employers it
// creates, and the patients, each with its employer given by ID (an
// existing employer) or by index in NewEmployers (EmployerIndex >= 0).
type PatientImport struct {
	NewEmployers  []model.Employer
	Patients      []model.Patient
	EmployerIndex []int // per patient: index in NewEmployers, or -1
}

// ImportPatients records a batch of kind "patients" and writes its
// employers and patients, all in one transaction.
func (s *Store) ImportPatients(ctx context.Context, b ImportBatch, in PatientImport) (ImportBatch, error) {
	b.Kind, b.Actor, b.At = "patients", Actor(ctx), time.Now().UTC()
	ctx, providers := withProviderCache(ctx) // one look-up per provider's name, not per row
	err := s.WithTx(importing(ctx, b), func(tx *sql.Tx) error {
		if err := authorize(ctx, tx, model.PermPatients); err != nil {
			return err
		}
		at := b.At.Format(time.RFC3339Nano)
		res, err := tx.ExecContext(ctx, `INSERT INTO import_batches
			(kind, file, actor, at, contacts, groups, entities, duplicates, rejected, mapping)
			VALUES ('patients', ?, ?, ?, 0, 0, 0, ?, ?, ?)`, b.File, b.Actor, at, b.Duplicates, b.Rejected, b.Mapping)
		if err != nil {
			return err
		}
		if b.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		providers.batch = b.ID
		empIDs := make([]int64, len(in.NewEmployers))
		for i, e := range in.NewEmployers {
			e, err := cleanEmployer(ctx, tx, e)
			if err != nil {
				return fmt.Errorf("employer %s: %w", e.Name, err)
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO employers (name, phone, fax, address, notes, archived, version,
				created_at, updated_at, sort_key, batch_id) VALUES (?, '', '', '', '', 0, 1, ?, ?, ?, ?)`,
				e.Name, at, at, model.Fold(e.Name), b.ID)
			if err != nil {
				return err
			}
			if empIDs[i], err = res.LastInsertId(); err != nil {
				return err
			}
		}
		for i, p := range in.Patients {
			if k := in.EmployerIndex[i]; k >= 0 {
				p.EmployerID = empIDs[k]
			}
			p, err := insertPatient(ctx, tx, p)
			if err != nil {
				return fmt.Errorf("%s (%s): %w", p.DisplayName(), p.Chart, err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE patients SET batch_id = ? WHERE id = ?`, b.ID, p.ID); err != nil {
				return err
			}
		}
		// The counts of a patient import: people are patients, groups are
		// the employers created.
		b.Entities, b.Groups = len(in.Patients), len(in.NewEmployers)
		if _, err := tx.ExecContext(ctx, `UPDATE import_batches SET entities = ?, groups = ? WHERE id = ?`, b.Entities, b.Groups, b.ID); err != nil {
			return err
		}
		made := ""
		if len(providers.made) > 0 {
			made = fmt.Sprintf(", %d new providers without sign-in (%s)", len(providers.made), strings.Join(providers.made, ", "))
		}
		return audit(ctx, tx, "import", "import", b.ID, fmt.Sprintf("%s: %d patients, %d new employers%s; %d duplicates skipped, %d rows rejected",
			b.File, b.Entities, b.Groups, made, b.Duplicates, b.Rejected))
	})
	return b, err
}

// EachPatientChart calls fn with the chart number of every patient.
func (s *Store) EachPatientChart(ctx context.Context, fn func(chart string) error) error {
	return s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT chart FROM patients`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var c string
		for rows.Next() {
			if err := rows.Scan(&c); err != nil {
				return err
			}
			if err := fn(c); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// undoPatients removes what a patient import brought, provided none of it
// changed or was linked since.
func undoPatients(ctx context.Context, tx *sql.Tx, id int64) (int, error) {
	var changed, linked, messages int
	if err := tx.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM patients WHERE batch_id = ? AND version > 1),
		(SELECT COUNT(*) FROM patient_contacts WHERE patient_id IN (SELECT id FROM patients WHERE batch_id = ?)),
		(SELECT COUNT(*) FROM messages WHERE patient_id IN (SELECT id FROM patients WHERE batch_id = ?))`,
		id, id, id).Scan(&changed, &linked, &messages); err != nil {
		return 0, err
	}
	if messages > 0 {
		return 0, fmt.Errorf("%w: its patients have sent %d messages since", ErrUndo, messages)
	}
	if changed > 0 {
		return 0, fmt.Errorf("%w: %d of its patients were changed since", ErrUndo, changed)
	}
	if linked > 0 {
		return 0, fmt.Errorf("%w: its patients have %d preferred contacts since", ErrUndo, linked)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM patients WHERE batch_id = ?`, id)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	_, err = tx.ExecContext(ctx, `DELETE FROM employers WHERE batch_id = ? AND version = 1
		AND id NOT IN (SELECT employer_id FROM patients WHERE employer_id IS NOT NULL)
		AND id NOT IN (SELECT employer_id FROM employer_contacts)`, id)
	if err != nil {
		return 0, err
	}
	// The providers it made, as it made them (no sign-in, no role, never
	// changed), that nothing names since: no patient, route, message or
	// group. One an admin activated, or that is used, stays.
	_, err = tx.ExecContext(ctx, `DELETE FROM users WHERE batch_id = ? AND version = 1 AND active = 0
		AND id NOT IN (SELECT provider_id FROM patients WHERE provider_id IS NOT NULL)
		AND id NOT IN (SELECT user_id FROM user_roles)
		AND id NOT IN (SELECT user_id FROM group_members)
		AND id NOT IN (SELECT provider_id FROM route_recipients UNION SELECT user_id FROM route_recipients WHERE user_id IS NOT NULL)
		AND id NOT IN (SELECT provider_id FROM route_cells)
		AND id NOT IN (SELECT provider_id FROM messages WHERE provider_id IS NOT NULL)
		AND id NOT IN (SELECT user_id FROM message_recipients)`, id)
	return int(n), err
}
