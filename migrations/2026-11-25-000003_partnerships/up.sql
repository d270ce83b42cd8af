-- Partnership requests between member companies, their status history and follow-up meetings.

CREATE TABLE partnership_requests (
    id              TEXT PRIMARY KEY,
    from_member_id  TEXT NOT NULL REFERENCES members (id),
    to_member_id    TEXT NOT NULL REFERENCES members (id),
    -- The companies' clusters, copied for visibility checks and the per-cluster figures.
    from_cluster_id TEXT NOT NULL REFERENCES clusters (id),
    to_cluster_id   TEXT NOT NULL REFERENCES clusters (id),
    event_id        TEXT REFERENCES events (id),
    -- '' when there is no event: NULLs would escape the unique index below.
    event_key       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    message         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    areas           TEXT NOT NULL,
    status          TEXT NOT NULL,
    created_by      TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
-- One open request per ordered pair of companies and event.
CREATE UNIQUE INDEX partnership_requests_one_open
    ON partnership_requests (from_member_id, to_member_id, event_key)
    WHERE status IN ('pending', 'accepted');
CREATE INDEX partnership_requests_from_member ON partnership_requests (from_member_id, id);
CREATE INDEX partnership_requests_to_member ON partnership_requests (to_member_id, id);
CREATE INDEX partnership_requests_from_cluster ON partnership_requests (from_cluster_id);
CREATE INDEX partnership_requests_to_cluster ON partnership_requests (to_cluster_id);
CREATE INDEX partnership_requests_event ON partnership_requests (event_id);

CREATE TABLE partnership_request_history (
    id            TEXT PRIMARY KEY,
    request_id    TEXT NOT NULL REFERENCES partnership_requests (id) ON DELETE CASCADE,
    from_status   TEXT,
    to_status     TEXT NOT NULL,
    actor_user_id TEXT,
    comment       TEXT NOT NULL,
    at            TIMESTAMP NOT NULL
);
CREATE INDEX partnership_request_history_request ON partnership_request_history (request_id, id);

CREATE TABLE meetings (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES partnership_requests (id) ON DELETE CASCADE,
    starts_at  TIMESTAMP NOT NULL,
    ends_at    TIMESTAMP NOT NULL,
    time_zone  TEXT NOT NULL,
    location   TEXT NOT NULL,
    online_url TEXT,
    notes      TEXT NOT NULL,
    status     TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX meetings_request ON meetings (request_id, id);

CREATE TABLE meeting_participants (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, contact_id)
);
