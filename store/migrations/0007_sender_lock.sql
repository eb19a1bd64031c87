-- One sender per database: the worker that holds this row sends the
-- outbox; it renews expires_at while it runs, and another may take the row
-- once it has expired (its holder is taken for dead).
CREATE TABLE sender_lock (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
