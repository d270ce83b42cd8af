-- E-mail: a durable outbox written in the same transaction as the change it tells about
-- (sent by a worker over SMTP, claimed with a lease like webhook deliveries), the kinds of
-- mail each person turned off, each person's language and time zone, and the event
-- reminders already queued (one per registration, whichever instance gets there first).

CREATE TABLE mail_outbox (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    to_address      TEXT NOT NULL,
    -- The account the mail is for; none for people without one (an invitation). A deleted
    -- account takes its mail with it.
    to_user_id      TEXT REFERENCES users (id) ON DELETE CASCADE,
    language        TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    -- One optional attachment; an .ics calendar is text.
    attachment_name TEXT,
    attachment_type TEXT,
    attachment      TEXT,
    unsubscribe_url TEXT,
    -- pending | sent | failed
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    last_error      TEXT,
    sent_at         TIMESTAMP,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_user ON mail_outbox (to_user_id);

CREATE TABLE mail_opt_outs (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, kind)
);

CREATE TABLE event_reminders (
    registration_id TEXT PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
    queued_at       TIMESTAMP NOT NULL
);

ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Zurich';
