-- Foundation: users and roles, clusters, member companies, contact people.
-- Ids are UUIDs stored as TEXT and timestamps are UTC TIMESTAMP in both backends, so one
-- diesel schema serves SQLite and PostgreSQL. One tree serves both: write SQL both accept.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE clusters (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    slug          TEXT NOT NULL UNIQUE,
    country       TEXT NOT NULL,
    region        TEXT,
    sector        TEXT NOT NULL,
    description   TEXT NOT NULL,
    website       TEXT,
    founded_year  INTEGER,
    contact_email TEXT,
    contact_phone TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE members (
    id                     TEXT PRIMARY KEY,
    cluster_id             TEXT NOT NULL REFERENCES clusters (id),
    legal_name             TEXT NOT NULL,
    country                TEXT NOT NULL,
    city                   TEXT NOT NULL,
    website                TEXT,
    size_class             TEXT NOT NULL,
    core_business          TEXT NOT NULL,
    areas_of_interest      TEXT NOT NULL,
    areas_of_interest_notes TEXT NOT NULL,
    partners_sought        TEXT NOT NULL,
    partners_sought_notes   TEXT NOT NULL,
    ongoing_projects       TEXT NOT NULL,
    offices                TEXT NOT NULL,
    external_id            TEXT,
    search_text            TEXT NOT NULL,
    version                INTEGER NOT NULL DEFAULT 1,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL,
    UNIQUE (cluster_id, external_id)
);
CREATE INDEX members_cluster_id ON members (cluster_id, id);

CREATE TABLE contacts (
    id            TEXT PRIMARY KEY,
    member_id     TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    email         TEXT,
    phone         TEXT,
    languages     TEXT NOT NULL,
    share_consent BOOLEAN NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX contacts_member_id ON contacts (member_id, id);

-- scope_key is 'platform', 'cluster:<id>' or 'member:<id>': a NOT NULL column that makes
-- "one grant per user, role and scope" a plain unique constraint on both backends.
CREATE TABLE role_grants (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    cluster_id TEXT REFERENCES clusters (id) ON DELETE CASCADE,
    member_id  TEXT REFERENCES members (id) ON DELETE CASCADE,
    scope_key  TEXT NOT NULL,
    granted_by TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, role, scope_key)
);
CREATE INDEX role_grants_cluster_id ON role_grants (cluster_id);
CREATE INDEX role_grants_member_id ON role_grants (member_id);

CREATE TABLE refresh_tokens (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id  TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX refresh_tokens_family_id ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_id ON refresh_tokens (user_id);
