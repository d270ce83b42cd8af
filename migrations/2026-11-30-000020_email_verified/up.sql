-- When the account's e-mail address was last shown to be its holder's: a link mailed to it
-- was used (an invitation accepted, a password reset, an e-mail change confirmed). Only then
-- is the account taken to be the contact person with that address (their own schedule).
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP;
