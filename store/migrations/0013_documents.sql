-- The document store: every document frontdesk keeps (what a fax carries,
-- its cover page, a received fax; later a patient's documents, which will
-- refer to documents.id too), captured once, its bytes inside the database.
-- Named by its SHA-256: the same bytes are kept once, whatever refers to
-- them. A document is never changed: what was queued is what is sent, and
-- what the history shows.
CREATE TABLE documents (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256     TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
    kind       TEXT    NOT NULL CHECK (kind IN ('pdf', 'tiff', 'text')),
    pages      INTEGER NOT NULL CHECK (pages >= 1),
    size       INTEGER NOT NULL CHECK (size = length(data)),
    name       TEXT    NOT NULL DEFAULT '', -- the file's name when first captured
    data       BLOB    NOT NULL,
    created_at TEXT    NOT NULL
);

-- The documents of a fax, in the order they are sent (the cover page
-- first), each under the name it had in that fax. A document a fax carried
-- cannot be deleted from under it (no ON DELETE).
CREATE TABLE fax_documents (
    fax_id      INTEGER NOT NULL REFERENCES faxes (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    name        TEXT    NOT NULL,
    PRIMARY KEY (fax_id, position)
);
CREATE INDEX fax_documents_by_document ON fax_documents (document_id);

-- Faxes recorded before this store keep their paths in faxes.documents, for
-- the history. A migration cannot read files, and reading them now would
-- send what the files hold today, not what was queued: so an old fax that
-- has not reached its gateway yet is not sent by path. It fails, saying
-- why, and is sent again as a new fax, its documents captured then.
INSERT INTO fax_events (fax_id, at, status, detail)
    SELECT id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'failed', 'its documents were never captured'
    FROM faxes
    WHERE direction = 'out' AND (status = 'queued' OR (status = 'sending' AND handle = ''));
UPDATE faxes
SET status = 'failed', lease_until = NULL,
    reason = CASE WHEN status = 'sending' AND send_job != ''
        THEN 'queued before frontdesk kept documents, and stopped while being handed to the gateway: check the gateway, then send it again as a new fax if it did not go'
        ELSE 'queued before frontdesk kept documents: send it again as a new fax, so that what is sent is what you attach now'
    END,
    send_job = '',
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE direction = 'out' AND (status = 'queued' OR (status = 'sending' AND handle = ''));
