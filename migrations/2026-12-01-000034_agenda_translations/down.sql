ALTER TABLE agenda_items DROP COLUMN original_language;
ALTER TABLE agenda_items DROP COLUMN translations;
