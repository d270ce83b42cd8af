-- Lists sorted by name: the folded name as a collation-proof key (hex of the folded bytes, see
-- `domain::sort::name_key`). Folding needs Unicode tables that SQL does not share across the two
-- backends, so existing rows get their key at start-up (`store::sort_keys::backfill`), new and
-- changed rows with every write of the name.
ALTER TABLE members ADD COLUMN name_key TEXT;
CREATE INDEX members_name_key ON members (name_key, id);
CREATE INDEX members_updated_at_id ON members (updated_at, id);
-- Replaces the index on starts_at alone, of which it is an extension.
DROP INDEX events_starts_at;
CREATE INDEX events_starts_at_id ON events (starts_at, id);
