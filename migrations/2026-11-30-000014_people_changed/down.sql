ALTER TABLE members DROP COLUMN people_changed_at;
