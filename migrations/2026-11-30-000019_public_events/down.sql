DROP INDEX events_public_slug;
ALTER TABLE events DROP COLUMN public_slug;
