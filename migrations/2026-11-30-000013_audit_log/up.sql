-- The audit log: one entry per write made through the API, in the write's transaction.
-- Append-only: the service never updates or deletes an entry.
CREATE TABLE audit_log (
    id               TEXT PRIMARY KEY,
    at               TIMESTAMP NOT NULL,
    actor_user_id    TEXT,
    actor_api_key_id TEXT,
    -- Method and route pattern: "PATCH /api/v1/members/{id}".
    operation        TEXT NOT NULL,
    path             TEXT NOT NULL,
    -- JSON arrays: the names of the fields sent, the clusters concerned, "type:id" written.
    fields           TEXT NOT NULL,
    clusters         TEXT NOT NULL,
    objects          TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor_user ON audit_log (actor_user_id, id);
