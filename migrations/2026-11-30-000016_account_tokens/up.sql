-- Single-use tokens of self-service account changes, mailed as links: a password reset (to
-- the account's address) and an e-mail change (to the new address, which `new_email`
-- holds). Only the SHA-256 of a token is stored. A token is used by one conditional UPDATE
-- that sets `used_at`; a newer token of the same account and purpose ends the older ones
-- (their `expires_at` is moved to the moment it was issued).
CREATE TABLE account_tokens (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- password_reset | email_change
    purpose    TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    new_email  TEXT,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX account_tokens_user_purpose ON account_tokens (user_id, purpose);
