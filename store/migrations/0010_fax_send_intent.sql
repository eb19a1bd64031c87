-- The job a fax is being handed to, recorded before the transport is
-- given it: a sender that finds it set and no handle knows an earlier
-- sender stopped during the hand-over, and either resumes that very job
-- (a spool folder, named by it) or reports the fax's state as unknown (an
-- email sent or not cannot be asked about). Cleared when the fax moves on.
ALTER TABLE faxes ADD COLUMN send_job TEXT NOT NULL DEFAULT '';

-- The database's identity, made once: spool job folders are named with it,
-- so two databases sharing a spool folder never take each other's jobs.
CREATE TABLE database_identity (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    uid TEXT NOT NULL
);
INSERT INTO database_identity (id, uid) VALUES (1, lower(hex(randomblob(8))));
