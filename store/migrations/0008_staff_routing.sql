-- Staff, roles and the routing of patients' messages.

-- Users: providers and other staff. A user is never deleted (messages and
-- routes name them); one who leaves is made inactive.
CREATE TABLE users (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    username    TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('provider', 'staff')),
    active      INTEGER NOT NULL DEFAULT 1,
    sort_key    TEXT    NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX users_by_name ON users (sort_key);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id),
    role    TEXT    NOT NULL CHECK (role IN ('admin', 'clinician', 'secretary', 'frontdesk')),
    PRIMARY KEY (user_id, role)
) WITHOUT ROWID;

CREATE TABLE staff_groups (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

CREATE TABLE group_members (
    group_id INTEGER NOT NULL REFERENCES staff_groups (id),
    user_id  INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;

CREATE TABLE categories (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    name     TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    position INTEGER NOT NULL,
    retired  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO categories (name, position) VALUES
    ('Appointments', 1), ('Question about my health', 2), ('Prescription refill', 3),
    ('Test results', 4), ('Billing', 5), ('Forms and letters', 6);

-- A route: for one provider and one category, its recipients in order,
-- each a user or a staff group.
CREATE TABLE route_recipients (
    provider_id INTEGER NOT NULL REFERENCES users (id),
    category_id INTEGER NOT NULL REFERENCES categories (id),
    position    INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users (id),
    group_id    INTEGER REFERENCES staff_groups (id),
    CHECK ((user_id IS NULL) <> (group_id IS NULL)),
    PRIMARY KEY (provider_id, category_id, position)
) WITHOUT ROWID;

-- When each cell was last changed, and by whom.
CREATE TABLE route_cells (
    provider_id INTEGER NOT NULL REFERENCES users (id),
    category_id INTEGER NOT NULL REFERENCES categories (id),
    changed_at  TEXT    NOT NULL,
    changed_by  TEXT    NOT NULL,
    PRIMARY KEY (provider_id, category_id)
) WITHOUT ROWID;

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    category_id INTEGER NOT NULL REFERENCES categories (id),
    provider_id INTEGER REFERENCES users (id),
    subject     TEXT    NOT NULL DEFAULT '',
    body        TEXT    NOT NULL DEFAULT '',
    received_at TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL
);

-- Who a message went to, why, and where it stands for them.
CREATE TABLE message_recipients (
    message_id INTEGER NOT NULL REFERENCES messages (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    why        TEXT    NOT NULL,
    state      TEXT    NOT NULL DEFAULT 'unread' CHECK (state IN ('unread', 'read', 'done')),
    changed_at TEXT    NOT NULL,
    PRIMARY KEY (message_id, user_id)
) WITHOUT ROWID;
CREATE INDEX message_recipients_by_user ON message_recipients (user_id, state, message_id);

-- The patients' primary provider becomes a user (filled in from the names
-- by the step that follows this file).
ALTER TABLE patients ADD COLUMN provider_id INTEGER REFERENCES users (id);
