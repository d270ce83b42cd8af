DROP INDEX events_starts_at_id;
DROP INDEX members_updated_at_id;
DROP INDEX members_name_key;
ALTER TABLE members DROP COLUMN name_key;
