-- Meetings that leave a trace: an online meeting's video link, and what each side of a
-- scheduled meeting recorded afterwards (outcome, a 1-5 rating, a note only that side reads).

ALTER TABLE meeting_requests ADD COLUMN video_url TEXT;

CREATE TABLE meeting_outcomes (
    meeting_request_id TEXT NOT NULL REFERENCES meeting_requests (id) ON DELETE CASCADE,
    -- The side that recorded it: one record per side and meeting.
    registration_id    TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    event_id           TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    outcome            TEXT NOT NULL,
    rating             INTEGER,
    note               TEXT NOT NULL,
    recorded_by        TEXT,
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_request_id, registration_id)
);
CREATE INDEX meeting_outcomes_event ON meeting_outcomes (event_id);
