-- An agenda that describes the whole day: items may leave a gap before them instead of running
-- back to back, and a B2B block (`meetings`) may be linked to its meeting session, whose times
-- it then takes.
ALTER TABLE agenda_items ADD COLUMN gap_before_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agenda_items ADD COLUMN meeting_session_id TEXT REFERENCES meeting_sessions (id) ON DELETE SET NULL;
