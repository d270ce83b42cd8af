-- A short survey per event, defined by the organisers and answered once per attendee after
-- the day. The questions are one JSON document (they change only as a whole, and only while
-- nobody has answered).
CREATE TABLE surveys (
    event_id   TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    questions  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The answers, anonymous: no person, company or time is stored with them.
CREATE TABLE survey_responses (
    id       TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    answers  TEXT NOT NULL
);
CREATE INDEX survey_responses_event ON survey_responses (event_id);

-- Who has answered, only to enforce "once per attendee": the primary key refuses a second
-- answer atomically. Nothing links a row here to its response.
CREATE TABLE survey_respondents (
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, contact_id)
);
