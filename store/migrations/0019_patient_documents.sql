-- The document store takes images too (a patient's document may be a
-- photograph or a scan saved as PNG or JPEG). SQLite cannot change a CHECK
-- in place: the table is rebuilt under the same name and ids. What refers
-- to it is set aside first, so that no reference dangles meanwhile.
CREATE TEMP TABLE fax_documents_kept AS SELECT * FROM fax_documents;
DELETE FROM fax_documents;
CREATE TABLE documents_rebuilt (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256     TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
    kind       TEXT    NOT NULL CHECK (kind IN ('pdf', 'tiff', 'text', 'png', 'jpeg')),
    pages      INTEGER NOT NULL CHECK (pages >= 1),
    size       INTEGER NOT NULL CHECK (size = length(data)),
    name       TEXT    NOT NULL DEFAULT '',
    data       BLOB    NOT NULL,
    created_at TEXT    NOT NULL
);
INSERT INTO documents_rebuilt SELECT id, sha256, kind, pages, size, name, data, created_at FROM documents;
DROP TABLE documents;
ALTER TABLE documents_rebuilt RENAME TO documents;
INSERT INTO fax_documents SELECT * FROM fax_documents_kept;
DROP TABLE fax_documents_kept;

-- A patient's documents: letters, prescriptions, documents, lab results
-- and invoices, each a document of the store as it was added (a file, a
-- received fax filed into the chart, a letter written in frontdesk) and
-- the same as a PDF (pdf_id: the document itself when it is one, else its
-- conversion, made once and kept). A document is archived, never deleted:
-- a share or a fax may name it.
CREATE TABLE patient_documents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('letter', 'prescription', 'document', 'lab_result', 'invoice')),
    title       TEXT    NOT NULL CHECK (title != ''),
    date        TEXT    NOT NULL,              -- YYYY-MM-DD: the document's own date
    document_id INTEGER NOT NULL REFERENCES documents (id),
    pdf_id      INTEGER NOT NULL REFERENCES documents (id),
    fax_id      INTEGER REFERENCES faxes (id), -- the received fax it was filed from
    added_by    TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    archived_at TEXT                           -- NULL: on the chart
);
CREATE INDEX patient_documents_by_patient ON patient_documents (patient_id, date, id);
CREATE INDEX patient_documents_by_fax ON patient_documents (fax_id);
