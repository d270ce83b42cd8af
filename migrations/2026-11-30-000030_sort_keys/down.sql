DROP INDEX events_starts_at_id;
CREATE INDEX events_starts_at ON events (starts_at);
DROP INDEX members_updated_at_id;
DROP INDEX members_name_key;
ALTER TABLE members DROP COLUMN name_key;
