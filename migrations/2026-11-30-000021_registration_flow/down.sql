DROP INDEX registrations_waitlist;
DROP INDEX registrations_one_live;
UPDATE registrations SET status = 'cancelled' WHERE status <> 'active';
CREATE UNIQUE INDEX registrations_one_active ON registrations (event_id, member_id) WHERE status = 'active';
ALTER TABLE registrations DROP COLUMN decline_reason;
ALTER TABLE registrations DROP COLUMN waitlisted_at;
ALTER TABLE events DROP COLUMN invitation_only;
ALTER TABLE events DROP COLUMN approval_required;
