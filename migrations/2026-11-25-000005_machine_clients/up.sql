-- Machine clients: API keys, soft-deleted members (mirror sync), the change feed, webhooks.

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    cluster_id   TEXT NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    -- SHA-256 of the secret; the secret itself is shown once and never stored.
    secret_hash  TEXT NOT NULL UNIQUE,
    -- The first characters of the secret, so that people can tell their keys apart.
    prefix       TEXT NOT NULL,
    expires_at   TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP,
    created_by   TEXT,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX api_keys_cluster ON api_keys (cluster_id, id);

-- Members removed by a mirror sync stay as tombstones for the change feed.
ALTER TABLE members ADD COLUMN deleted_at TIMESTAMP;

-- The change feed: one row per change, numbered in commit order. The single feed_state row is
-- updated by every writer of the feed, which serialises them (its row lock is held until
-- commit), so a reader can never see seq n+1 committed before seq n.
CREATE TABLE feed_state (
    id       INTEGER PRIMARY KEY,
    last_seq BIGINT NOT NULL
);
INSERT INTO feed_state (id, last_seq) VALUES (1, 0);

CREATE TABLE changes (
    seq BIGINT PRIMARY KEY,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    cluster_id  TEXT,
    deleted     BOOLEAN NOT NULL,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX changes_entity ON changes (entity_type, seq);

CREATE TABLE webhooks (
    id          TEXT PRIMARY KEY,
    cluster_id  TEXT NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    url         TEXT NOT NULL,
    event_types TEXT NOT NULL,
    -- Needed in clear to sign deliveries; never returned by the API.
    secret      TEXT NOT NULL,
    active      BOOLEAN NOT NULL,
    created_by  TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX webhooks_cluster ON webhooks (cluster_id);

-- The outbox: written in the same transaction as the change it reports.
CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    webhook_id       TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_type       TEXT NOT NULL,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  TIMESTAMP NOT NULL,
    last_status_code INTEGER,
    last_error       TEXT,
    created_at       TIMESTAMP NOT NULL,
    delivered_at     TIMESTAMP
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
