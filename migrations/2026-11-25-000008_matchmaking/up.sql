-- Matchmaking on event days: the event's settings, meeting sessions, 1:1 meeting requests
-- between registrations, the slots attendees blocked, and schedule runs.

CREATE TABLE event_matchmaking (
    event_id    TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    -- Requests are accepted at once instead of waiting for the recipient.
    auto_accept BOOLEAN NOT NULL,
    -- Meeting tables in the room: at most this many meetings per slot.
    tables      INTEGER NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE meeting_sessions (
    id                           TEXT PRIMARY KEY,
    event_id                     TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    starts_at                    TIMESTAMP NOT NULL,
    ends_at                      TIMESTAMP NOT NULL,
    slot_minutes                 INTEGER NOT NULL,
    -- JSON list of {"starts_at", "ends_at"}: no slot overlaps a break.
    breaks                       TEXT NOT NULL,
    max_meetings_per_participant INTEGER,
    created_at                   TIMESTAMP NOT NULL
);
CREATE INDEX meeting_sessions_event ON meeting_sessions (event_id, starts_at);

CREATE TABLE meeting_requests (
    id                        TEXT PRIMARY KEY,
    event_id                  TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    requester_registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    recipient_registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    -- The two registrations in a fixed order: one open request per pair, whoever asked.
    pair_key                  TEXT NOT NULL,
    -- Both sides asked: scheduled before one-sided requests.
    mutual                    BOOLEAN NOT NULL,
    status                    TEXT NOT NULL,
    message                   TEXT NOT NULL,
    -- Set by the organiser: the scheduler keeps the meeting in this slot (and at this table).
    locked_starts_at          TIMESTAMP,
    locked_table              INTEGER,
    created_by                TEXT,
    version                   INTEGER NOT NULL DEFAULT 1,
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX meeting_requests_one_open
    ON meeting_requests (event_id, pair_key)
    WHERE status IN ('pending', 'accepted');
CREATE INDEX meeting_requests_event ON meeting_requests (event_id, id);
CREATE INDEX meeting_requests_requester ON meeting_requests (requester_registration_id);
CREATE INDEX meeting_requests_recipient ON meeting_requests (recipient_registration_id);

-- Slots an attendee cannot meet in, by start time (slot numbers change with the sessions).
CREATE TABLE blocked_slots (
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    starts_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (registration_id, starts_at)
);

CREATE TABLE schedule_runs (
    id           TEXT PRIMARY KEY,
    event_id     TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- preview, published, or superseded (a later run was published).
    status       TEXT NOT NULL,
    slot_count   INTEGER NOT NULL,
    tables       INTEGER NOT NULL,
    -- The placed and unplaced meetings as JSON: always read whole, never queried inside.
    result       TEXT NOT NULL,
    created_by   TEXT,
    created_at   TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);
CREATE INDEX schedule_runs_event ON schedule_runs (event_id, id);
