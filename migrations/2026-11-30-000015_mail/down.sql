ALTER TABLE users DROP COLUMN time_zone;
ALTER TABLE users DROP COLUMN language;
DROP TABLE event_reminders;
DROP TABLE mail_opt_outs;
DROP TABLE mail_outbox;
