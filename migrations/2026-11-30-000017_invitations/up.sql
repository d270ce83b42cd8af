-- Invitations: a person invited by e-mail to a role (the link's token stored only as its
-- SHA-256 hash; single use, with an expiry), and a company invited to an event by its
-- organisers (the data invitation-only registration will check, issue 16). Nothing is
-- deleted by the service: a revoked invitation keeps its row with `revoked_at`.

CREATE TABLE invitations (
    id               TEXT PRIMARY KEY,
    -- Normalised like users.email (trimmed, lower-cased).
    email            TEXT NOT NULL,
    -- member_editor | cluster_manager | admin
    role             TEXT NOT NULL,
    -- As in role_grants: the cluster managed, or the cluster of the company edited.
    cluster_id       TEXT REFERENCES clusters (id) ON DELETE CASCADE,
    member_id        TEXT REFERENCES members (id) ON DELETE CASCADE,
    scope_key        TEXT NOT NULL,
    -- The language the invitation mail is written in (it | de | fr | en).
    language         TEXT NOT NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    invited_by       TEXT REFERENCES users (id) ON DELETE SET NULL,
    expires_at       TIMESTAMP NOT NULL,
    accepted_at      TIMESTAMP,
    accepted_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    revoked_at       TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    version          INTEGER NOT NULL
);
CREATE INDEX invitations_cluster_id ON invitations (cluster_id);
CREATE INDEX invitations_member_id ON invitations (member_id);
-- One open invitation per address, role and scope: inviting again replaces it.
CREATE UNIQUE INDEX invitations_open ON invitations (email, role, scope_key)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;

CREATE TABLE event_invitations (
    id          TEXT PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    member_id   TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    -- The person written to when the company has no editor account.
    contact_id  TEXT REFERENCES contacts (id) ON DELETE SET NULL,
    invited_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMP NOT NULL,
    revoked_at  TIMESTAMP,
    UNIQUE (event_id, member_id)
);
CREATE INDEX event_invitations_member_id ON event_invitations (member_id);
