-- A count of the changes to the contact list, whoever makes them (this
-- process, another one on the same file): a process holding the list reads
-- this one row to know whether its copy is still current, instead of
-- reading the whole list again after every commit (a fax queued, a
-- sign-in). Only ever goes up; triggers keep it, so no writer can forget.
--
-- The triggers are on contact_list alone: its lines are all a copy of the
-- list holds, and every change to a contact or its entities rewrites the
-- contact's line in the same transaction. Triggers on contacts and
-- entities as well would count each change three times over and double
-- the time of a large import.
CREATE TABLE contacts_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO contacts_changes (id, n) VALUES (1, 0);

CREATE TRIGGER contact_list_changed_insert AFTER INSERT ON contact_list
BEGIN UPDATE contacts_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER contact_list_changed_update AFTER UPDATE ON contact_list
BEGIN UPDATE contacts_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER contact_list_changed_delete AFTER DELETE ON contact_list
BEGIN UPDATE contacts_changes SET n = n + 1 WHERE id = 1; END;
