DROP TABLE calendar_feeds;
ALTER TABLE events DROP COLUMN agenda_changed_at;
