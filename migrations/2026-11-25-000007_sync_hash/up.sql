-- The hash of what a portal last sent for a member (its profile and contact people). A sync
-- that sends the same again skips the member without comparing it field by field; any other
-- change to the member or its contact people clears the hash.
ALTER TABLE members ADD COLUMN sync_hash TEXT;
