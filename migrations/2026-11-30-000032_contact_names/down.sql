ALTER TABLE contacts DROP COLUMN family_name;
ALTER TABLE contacts DROP COLUMN given_name;
