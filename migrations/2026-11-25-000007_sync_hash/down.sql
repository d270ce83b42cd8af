ALTER TABLE members DROP COLUMN sync_hash;
