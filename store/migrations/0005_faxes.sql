-- Faxes in and out. The number and the name are kept as they were when the
-- fax went or came: deleting a contact leaves the history as it was (the
-- links become NULL).
CREATE TABLE faxes (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    direction          TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    kind               TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    reason             TEXT    NOT NULL DEFAULT '',
    number             TEXT    NOT NULL,
    name               TEXT    NOT NULL DEFAULT '',
    contact_id         INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    entity_id          INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    patient_id         INTEGER REFERENCES patients (id) ON DELETE SET NULL,
    note               TEXT    NOT NULL DEFAULT '',
    referral_reason    TEXT    NOT NULL DEFAULT '',
    referral_specialty TEXT    NOT NULL DEFAULT '',
    pages              INTEGER NOT NULL DEFAULT 0,
    documents          TEXT    NOT NULL DEFAULT '', -- file paths, one per line
    attempts           INTEGER NOT NULL DEFAULT 0,
    lease_until        TEXT,                        -- a worker holds a job being sent until then
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);
CREATE INDEX faxes_by_time ON faxes (created_at, id);
CREATE INDEX faxes_by_contact ON faxes (contact_id, created_at, id);
CREATE INDEX faxes_by_patient ON faxes (patient_id, created_at, id);
CREATE INDEX faxes_by_status ON faxes (status, created_at, id);

-- Every change of a fax's status, with its detail.
CREATE TABLE fax_events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    fax_id INTEGER NOT NULL REFERENCES faxes (id) ON DELETE CASCADE,
    at     TEXT    NOT NULL,
    status TEXT    NOT NULL,
    detail TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX fax_events_by_fax ON fax_events (fax_id, id);
