-- The change feed covers events, registrations, partnership and meeting requests and trade
-- notes too; nested objects (a registration of an event) name their parent.
ALTER TABLE changes ADD COLUMN parent_id TEXT;
-- GDPR erasure: the person's data is replaced by a placeholder, the row stays for the
-- histories that refer to it (attendances, meetings).
ALTER TABLE contacts ADD COLUMN erased_at TIMESTAMP;
