-- Events (Cluster2Cluster days): guests, registrations with attendees and pitch cards, agenda.
-- Seats taken are counted from registration_attendees inside the registering transaction
-- (which locks the event row), so no counter can drift when a contact is deleted.

CREATE TABLE events (
    id                     TEXT PRIMARY KEY,
    title                  TEXT NOT NULL,
    host_cluster_id        TEXT NOT NULL REFERENCES clusters (id),
    starts_at              TIMESTAMP NOT NULL,
    ends_at                TIMESTAMP NOT NULL,
    time_zone              TEXT NOT NULL,
    venue_name             TEXT NOT NULL,
    venue_address          TEXT NOT NULL,
    venue_city             TEXT NOT NULL,
    venue_region           TEXT,
    venue_country          TEXT NOT NULL,
    transport              TEXT NOT NULL,
    coordinator_contact_id TEXT REFERENCES contacts (id) ON DELETE SET NULL,
    capacity               INTEGER NOT NULL,
    registration_deadline  TIMESTAMP,
    pitch_minutes          INTEGER NOT NULL,
    status                 TEXT NOT NULL,
    description            TEXT NOT NULL,
    media_links            TEXT NOT NULL,
    version                INTEGER NOT NULL DEFAULT 1,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL
);
CREATE INDEX events_host_cluster_id ON events (host_cluster_id);
CREATE INDEX events_starts_at ON events (starts_at);

CREATE TABLE event_guests (
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    cluster_id TEXT NOT NULL REFERENCES clusters (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (event_id, cluster_id)
);
CREATE INDEX event_guests_cluster_id ON event_guests (cluster_id);

CREATE TABLE registrations (
    id                      TEXT PRIMARY KEY,
    event_id                TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    member_id               TEXT NOT NULL REFERENCES members (id),
    cluster_id              TEXT NOT NULL REFERENCES clusters (id),
    status                  TEXT NOT NULL,
    pitch_core_business     TEXT NOT NULL,
    pitch_areas_of_interest TEXT NOT NULL,
    pitch_partners_sought   TEXT NOT NULL,
    pitch_ongoing_projects  TEXT NOT NULL,
    registered_by           TEXT,
    version                 INTEGER NOT NULL DEFAULT 1,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL,
    cancelled_at            TIMESTAMP
);
-- One active registration per company and event; cancelled ones stay for the record.
CREATE UNIQUE INDEX registrations_one_active ON registrations (event_id, member_id) WHERE status = 'active';
CREATE INDEX registrations_event_id ON registrations (event_id, id);
CREATE INDEX registrations_member_id ON registrations (member_id);

CREATE TABLE registration_attendees (
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    contact_id      TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (registration_id, contact_id)
);
CREATE INDEX registration_attendees_contact_id ON registration_attendees (contact_id);

-- Only order and durations are stored; start and end times are computed from the event's
-- start, so moving or resizing an item can never leave times inconsistent.
CREATE TABLE agenda_items (
    id               TEXT PRIMARY KEY,
    event_id         TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    member_id        TEXT REFERENCES members (id) ON DELETE SET NULL,
    cluster_id       TEXT REFERENCES clusters (id) ON DELETE SET NULL,
    registration_id  TEXT REFERENCES registrations (id) ON DELETE SET NULL,
    duration_minutes INTEGER NOT NULL
);
CREATE INDEX agenda_items_event_id ON agenda_items (event_id, position);
