-- Employers of patients. Archived ones leave the lists but keep their links.
CREATE TABLE employers (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL,
    phone      TEXT    NOT NULL DEFAULT '',
    fax        TEXT    NOT NULL DEFAULT '',
    address    TEXT    NOT NULL DEFAULT '',
    notes      TEXT    NOT NULL DEFAULT '',
    archived   INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    sort_key   TEXT    NOT NULL
);
CREATE INDEX employers_by_sort ON employers (archived, sort_key, id);

-- Patients. The chart number is unique; archived patients keep their
-- history.
CREATE TABLE patients (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    first_name  TEXT    NOT NULL DEFAULT '',
    last_name   TEXT    NOT NULL DEFAULT '',
    birth_date  TEXT    NOT NULL,             -- YYYY-MM-DD
    chart       TEXT    NOT NULL UNIQUE COLLATE NOCASE, -- "a-1" is "A-1"
    phone       TEXT    NOT NULL DEFAULT '',
    email       TEXT    NOT NULL DEFAULT '',
    provider    TEXT    NOT NULL DEFAULT '',
    employer_id INTEGER REFERENCES employers (id),
    archived    INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    sort_key    TEXT    NOT NULL,
    search      TEXT    NOT NULL
);
CREATE INDEX patients_by_sort ON patients (archived, sort_key, id);
CREATE INDEX patients_by_employer ON patients (employer_id);

-- A patient's preferred contacts: a whole contact, or one person of a
-- multiple-entity contact. Added by hand, or by a fax or referral about the
-- patient; last_used is the latest such use.
CREATE TABLE patient_contacts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    entity_id  INTEGER REFERENCES entities (id) ON DELETE CASCADE,
    source     TEXT    NOT NULL CHECK (source IN ('hand', 'fax', 'referral')),
    added_at   TEXT    NOT NULL,
    last_used  TEXT
);
CREATE UNIQUE INDEX patient_contacts_once ON patient_contacts (patient_id, contact_id, IFNULL(entity_id, 0));
CREATE INDEX patient_contacts_by_contact ON patient_contacts (contact_id);

-- An employer's preferred contacts, suggested for faxes about its patients.
CREATE TABLE employer_contacts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    employer_id INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    entity_id   INTEGER REFERENCES entities (id) ON DELETE CASCADE,
    added_at    TEXT    NOT NULL
);
CREATE UNIQUE INDEX employer_contacts_once ON employer_contacts (employer_id, contact_id, IFNULL(entity_id, 0));
CREATE INDEX employer_contacts_by_contact ON employer_contacts (contact_id);
