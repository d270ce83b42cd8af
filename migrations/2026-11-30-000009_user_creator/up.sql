-- Who created an account: a cluster manager may grant roles to the accounts they created
-- (and to accounts already holding a role in their clusters), never to anyone else, so that
-- granting a role cannot be used to read a stranger's e-mail address.
ALTER TABLE users ADD COLUMN created_by TEXT NULL;
