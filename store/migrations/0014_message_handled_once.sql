-- A message routed to several people is one item, handled once (see
-- model.Handling): marking it done or passing it on closes it for every
-- recipient who held it. Who marked it done, for the others to see (NULL
-- while someone holds it); and the note given to a recipient it was passed
-- to.
ALTER TABLE messages ADD COLUMN done_by INTEGER REFERENCES users (id);
ALTER TABLE message_recipients ADD COLUMN note TEXT NOT NULL DEFAULT '';
