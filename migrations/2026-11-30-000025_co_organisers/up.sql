-- Event-level roles: the host makes managers of a guest cluster co-organisers of one event
-- (agenda, approvals, check-in, scheduler) without making them managers of the host cluster.
-- The right holds only while the person still manages a guest cluster of the event.
CREATE TABLE event_co_organisers (
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    granted_by TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_co_organisers_user_id ON event_co_organisers (user_id);
