-- Shares: a patient's document made available to an outside contact through
-- the portal. The contact's name, address and mobile are kept as they were
-- when it was shared (deleting the contact leaves the history as it was).
-- The state is what happened last; "expired" is not stored: a share sent
-- and not opened within 24 hours of its link is expired by the clock.
CREATE TABLE shares (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_document_id INTEGER NOT NULL REFERENCES patient_documents (id),
    contact_id          INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    entity_id           INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    name                TEXT    NOT NULL,
    email               TEXT    NOT NULL,
    mobile              TEXT    NOT NULL DEFAULT '', -- E.164; needed at the sms level
    level               TEXT    NOT NULL CHECK (level IN ('link', 'sms')),
    state               TEXT    NOT NULL CHECK (state IN ('sending', 'sent', 'not_delivered', 'opened', 'revoked')),
    reason              TEXT    NOT NULL DEFAULT '', -- why the mail was not delivered
    shared_by           TEXT    NOT NULL,
    created_at          TEXT    NOT NULL,
    sent_at             TEXT,                        -- the current link's mailing
    opened_at           TEXT,
    opened_address      TEXT    NOT NULL DEFAULT '',
    opened_agent        TEXT    NOT NULL DEFAULT '',
    revoked_at          TEXT,
    revoked_by          TEXT    NOT NULL DEFAULT '',
    notified            INTEGER NOT NULL DEFAULT 0,  -- the sharer was told of the first opening
    updated_at          TEXT    NOT NULL
);
CREATE INDEX shares_by_time ON shares (created_at, id);
CREATE INDEX shares_by_document ON shares (patient_document_id);
CREATE INDEX shares_by_contact ON shares (contact_id);

-- A share's links: the SHA-256 of each token, never the token. A resend
-- makes a new link and ends the old one (replaced_at), which then says so.
CREATE TABLE share_links (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    share_id    INTEGER NOT NULL REFERENCES shares (id),
    token_hash  TEXT    NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at  TEXT    NOT NULL,
    replaced_at TEXT
);
CREATE INDEX share_links_by_share ON share_links (share_id);

-- The codes sent by SMS: the hash only, ten minutes each, dead after five
-- wrong tries or once used.
CREATE TABLE share_codes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    share_id   INTEGER NOT NULL REFERENCES shares (id),
    code_hash  TEXT    NOT NULL,
    sent_to    TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    failures   INTEGER NOT NULL DEFAULT 0,
    used_at    TEXT
);
CREATE INDEX share_codes_by_share ON share_codes (share_id, created_at);

-- The browsers that pressed a share's button: the hash of each one's
-- cookie. A browser sees the document once verified (at once at the link
-- level, after the right code at the sms level); a new browser passes the
-- same steps again.
CREATE TABLE share_sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    share_id     INTEGER NOT NULL REFERENCES shares (id),
    cookie_hash  TEXT    NOT NULL UNIQUE CHECK (length(cookie_hash) = 64),
    address      TEXT    NOT NULL DEFAULT '',
    agent        TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    verified_at  TEXT
);
CREATE INDEX share_sessions_by_share ON share_sessions (share_id);
