-- When the agenda last changed (generated, an item added, changed or removed): the calendar's
-- DTSTAMP, so that an agenda change is a new stamp even when the event itself did not change.
-- NULL until the first agenda write (the event's updated_at counts then).
ALTER TABLE events ADD COLUMN agenda_changed_at TIMESTAMP;
-- One secret calendar feed per user (`/calendar/{token}.ics`), for calendar apps that cannot
-- send a bearer token. Only the SHA-256 of the token is stored; creating a new one replaces
-- the old (rotation), deleting the row revokes it.
CREATE TABLE calendar_feeds (
    user_id      TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);
