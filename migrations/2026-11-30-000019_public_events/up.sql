-- A host may show an event to everyone, signed in or not, at /public/events/{slug}: the
-- event is public while it has a slug.
ALTER TABLE events ADD COLUMN public_slug TEXT;
CREATE UNIQUE INDEX events_public_slug ON events (public_slug);
