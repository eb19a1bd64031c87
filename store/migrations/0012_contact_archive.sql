-- Deleted contacts, kept so that a deletion can be undone: the contact with
-- its people, the charts and employers that preferred it and the faxes that
-- named it, as JSON (see store/archive.go). Restoring puts them all back
-- under the contact's own IDs, which are never reused.
CREATE TABLE contact_archive (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    fax        TEXT    NOT NULL,
    deleted_at TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    data       TEXT    NOT NULL
);
CREATE INDEX contact_archive_by_time ON contact_archive (deleted_at, id);
