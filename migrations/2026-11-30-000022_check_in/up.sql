-- Check-in codes: one per attendee and event, printed on the badge as a QR code. Keyed by
-- (event, contact) rather than by registration row, so that a code stays the same when the
-- company edits its attendee list or registers again after cancelling. Codes are random
-- (120 bits, base64url); portable SQL cannot make such values on both backends, so rows that
-- exist before this migration get their codes lazily, in the write transaction that lists an
-- event's badges (and every attendee added from now on gets one at once).
CREATE TABLE check_in_codes (
    code       TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (event_id, contact_id)
);

-- Who was checked in at an event: at most one row per person and event (the unique key makes
-- a repeated scan idempotent); undoing a check-in deletes its row. `scanned_at` is when the
-- scanner read the code (the earliest scan wins), `created_at` when the service heard of it.
CREATE TABLE check_ins (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    contact_id      TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    scanned_at      TIMESTAMP NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    -- The person or the API key that checked them in (no foreign keys: the record outlives
    -- an account or a key).
    checked_in_by_user TEXT,
    checked_in_by_key  TEXT,
    UNIQUE (event_id, contact_id)
);
CREATE INDEX check_ins_registration ON check_ins (registration_id);
