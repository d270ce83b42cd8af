-- Which attendees of each company take part in a meeting. A side with no rows here sends all
-- its registration's attendees (the default); naming some narrows that side to them, so
-- that each person's schedule holds only the meetings they attend.
CREATE TABLE meeting_request_attendees (
    request_id      TEXT NOT NULL REFERENCES meeting_requests (id) ON DELETE CASCADE,
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    contact_id      TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (request_id, contact_id)
);
CREATE INDEX meeting_request_attendees_contact ON meeting_request_attendees (contact_id);
