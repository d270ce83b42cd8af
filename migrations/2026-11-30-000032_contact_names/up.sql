-- Contact names in parts for address books and CRMs (vCard `N`, first name / last name),
-- beside `name`, the display name as written. NULL for both means "not stated": exports then
-- split the display name. Existing rows get the split at start-up
-- (`store::contacts::backfill_name_parts`, with `domain::person_name::split`), because the
-- particles it knows (`van der`, `De`, `della`) are rules SQL cannot share across backends.
ALTER TABLE contacts ADD COLUMN given_name TEXT;
ALTER TABLE contacts ADD COLUMN family_name TEXT;
