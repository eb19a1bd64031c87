-- Providers a patient import made (without sign-in) point back to it, so
-- that undoing the import removes those that nothing else uses since.
ALTER TABLE users ADD COLUMN batch_id INTEGER REFERENCES import_batches (id);
