-- Settings of the clinic, such as the default region of phone numbers.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A contact is one fax endpoint. IDs are never reused (AUTOINCREMENT): a
-- stale save or delete that names a deleted contact must not reach a new
-- one that took its number, and the audit log's IDs stay unambiguous.
CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT    NOT NULL CHECK (kind IN ('single', 'group')),
    group_name   TEXT    NOT NULL DEFAULT '',
    fax          TEXT    NOT NULL,            -- E.164
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX contacts_by_fax ON contacts (fax);

-- The contact list as it is shown and searched: one row per contact, a
-- summary rewritten with the contact on every save. Stored in list order
-- (WITHOUT ROWID, keyed by the sort key) so that the whole list loads in one
-- sequential scan, and packed in one column (see store/list.go) so that a
-- row costs the driver one value.
CREATE TABLE contact_list (
    sort_key TEXT    NOT NULL,
    id       INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    line     TEXT    NOT NULL,
    PRIMARY KEY (sort_key, id)
) WITHOUT ROWID;
CREATE INDEX contact_list_by_id ON contact_list (id);

-- The people or departments reached at a contact's fax number.
CREATE TABLE entities (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id   INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    first_name   TEXT NOT NULL DEFAULT '',
    last_name    TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL DEFAULT '',
    organization TEXT NOT NULL DEFAULT '',
    specialty    TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    mobile       TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    address      TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    region       TEXT NOT NULL DEFAULT '',
    postal_code  TEXT NOT NULL DEFAULT '',
    country      TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX entities_by_contact ON entities (contact_id, position);

-- Who changed what, and when. Written in the same transaction as the change.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    subject   TEXT    NOT NULL,
    subject_id INTEGER,
    detail    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_subject ON audit (subject, subject_id);
