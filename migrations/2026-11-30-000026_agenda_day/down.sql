ALTER TABLE agenda_items DROP COLUMN meeting_session_id;
ALTER TABLE agenda_items DROP COLUMN gap_before_minutes;
