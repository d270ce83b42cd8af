-- Agenda item titles in the four languages, beside the original (as for members and events,
-- `domain::translation`): JSON `{lang: {title}}`. Items the service writes itself (welcome,
-- introductions, pitches, breaks, networking) are written in English with their
-- translations; items written by hand have the language their author says (null: not said).
ALTER TABLE agenda_items ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE agenda_items ADD COLUMN original_language TEXT;
-- Items generated before this migration with their English title unchanged get the
-- translations a regeneration would give them (titles with a name get theirs at the next
-- regeneration).
UPDATE agenda_items SET original_language = 'en',
  translations = '{"it":{"title":"Benvenuto"},"de":{"title":"Begrüssung"},"fr":{"title":"Accueil"}}'
  WHERE kind = 'welcome' AND title = 'Welcome';
UPDATE agenda_items SET original_language = 'en',
  translations = '{"it":{"title":"Pausa"},"de":{"title":"Pause"},"fr":{"title":"Pause"}}'
  WHERE kind = 'break' AND title = 'Break';
UPDATE agenda_items SET original_language = 'en',
  translations = '{"fr":{"title":"Réseautage"}}'
  WHERE kind = 'networking' AND title = 'Networking';
