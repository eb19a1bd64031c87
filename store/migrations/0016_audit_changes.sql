-- What a change did to its record: the record's fields before and after it,
-- as JSON (model.Fields: [{"key", "label", "value"}], empty fields left
-- out, secrets masked). NULL where there is none: before a creation, after
-- a deletion, and for the changes recorded before this column existed.
ALTER TABLE audit ADD COLUMN before_fields TEXT;
ALTER TABLE audit ADD COLUMN after_fields TEXT;

-- The audit viewer reads newest first, by who made the change or over a
-- range of dates.
CREATE INDEX audit_by_actor ON audit (actor, id);
CREATE INDEX audit_by_time ON audit (at);
