-- The transport's name for a fax it accepted (a job folder, a job id). A
-- fax handed over is waited for, never sent again: a worker that took it
-- back after a crash asks the transport instead.
ALTER TABLE faxes ADD COLUMN handle TEXT NOT NULL DEFAULT '';
