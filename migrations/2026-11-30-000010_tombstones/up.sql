-- A company removed by its portal's mirror sync is a tombstone: it keeps its people and its
-- history for the retention period, then its people are purged (`purged_at`); the row itself
-- goes too unless events or partnership requests refer to it.
ALTER TABLE members ADD COLUMN purged_at TIMESTAMP NULL;
CREATE INDEX members_deleted_at ON members (deleted_at);
