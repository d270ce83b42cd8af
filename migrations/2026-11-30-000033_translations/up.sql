-- Text a company or an organiser writes, in the other languages of the four (it, de, fr, en):
-- JSON `{lang: {field: text}}`, checked by `domain::translation` before it is written. The
-- original keeps its columns; `original_language` says which language it is in (null: not
-- said). No cluster or organiser setting names a language, so existing rows stay null.
ALTER TABLE members ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE members ADD COLUMN original_language TEXT;
-- The folded text of the translations, searched beside `search_text` (which the portal sync
-- rewrites from the original alone).
ALTER TABLE members ADD COLUMN translations_search TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE events ADD COLUMN original_language TEXT;
