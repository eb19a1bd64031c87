-- Patients and employers brought by an import point back to it, so that
-- the import can be undone.
ALTER TABLE patients ADD COLUMN batch_id INTEGER REFERENCES import_batches (id);
ALTER TABLE employers ADD COLUMN batch_id INTEGER REFERENCES import_batches (id);
CREATE INDEX patients_by_batch ON patients (batch_id);
CREATE INDEX employers_by_batch ON employers (batch_id);
