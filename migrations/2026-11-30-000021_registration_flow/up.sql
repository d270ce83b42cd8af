-- Registration flow (issue 16): events may require the organisers' approval and may be for
-- invited companies only; a registration is `pending` (awaiting approval), `waitlisted`,
-- `active` (holds its seats), `declined` or `cancelled`.
ALTER TABLE events ADD COLUMN approval_required BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE events ADD COLUMN invitation_only BOOLEAN NOT NULL DEFAULT FALSE;

-- When the registration joined the waiting list (kept once promoted). The line is ordered by
-- it (then id); positions are counted from it, never stored.
ALTER TABLE registrations ADD COLUMN waitlisted_at TIMESTAMP;
-- Why the organisers declined it (optional).
ALTER TABLE registrations ADD COLUMN decline_reason TEXT;

-- One live registration per company and event, whatever its live status.
DROP INDEX registrations_one_active;
CREATE UNIQUE INDEX registrations_one_live ON registrations (event_id, member_id)
    WHERE status IN ('active', 'pending', 'waitlisted');
CREATE INDEX registrations_waitlist ON registrations (event_id, waitlisted_at, id)
    WHERE status = 'waitlisted';
