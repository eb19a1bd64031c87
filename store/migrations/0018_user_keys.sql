-- The SSH public keys staff sign in with. A key is one user's: its
-- SHA-256 fingerprint (as ssh-keygen -l prints it) is unique.
CREATE TABLE user_keys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    fingerprint TEXT    NOT NULL UNIQUE,
    key         TEXT    NOT NULL, -- the key as authorized_keys writes it, without options or comment
    comment     TEXT    NOT NULL DEFAULT '',
    added_by    TEXT    NOT NULL,
    added_at    TEXT    NOT NULL,
    last_used   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX user_keys_by_user ON user_keys (user_id);
