ALTER TABLE events DROP COLUMN original_language;
ALTER TABLE events DROP COLUMN translations;
ALTER TABLE members DROP COLUMN translations_search;
ALTER TABLE members DROP COLUMN original_language;
ALTER TABLE members DROP COLUMN translations;
