DROP INDEX members_deleted_at;
ALTER TABLE members DROP COLUMN purged_at;
