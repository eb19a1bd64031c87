-- Every import is a batch: where it came from, who ran it, when, and what it
-- did. Its contacts point back to it, so that the latest batch can be undone.
CREATE TABLE import_batches (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,            -- 'contacts'
    file       TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    at         TEXT    NOT NULL,
    contacts   INTEGER NOT NULL,
    groups     INTEGER NOT NULL,
    entities   INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    rejected   INTEGER NOT NULL,
    mapping    TEXT    NOT NULL,            -- the --map spec used
    undone_at  TEXT,
    undone_by  TEXT
);

ALTER TABLE contacts ADD COLUMN batch_id INTEGER REFERENCES import_batches (id);
CREATE INDEX contacts_by_batch ON contacts (batch_id);

-- The mapping used for a file, offered again for a file with the same
-- headers.
CREATE TABLE import_mappings (
    kind       TEXT NOT NULL,
    headers    TEXT NOT NULL,               -- the header cells, joined by a unit separator
    mapping    TEXT NOT NULL,               -- the fields, in column order, joined likewise
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, headers)
);
