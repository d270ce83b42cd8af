ALTER TABLE contacts DROP COLUMN erased_at;
ALTER TABLE changes DROP COLUMN parent_id;
