-- Failed log-ins per account and per client address, in fixed windows. Kept in the database
-- so that every instance behind a load balancer counts the same attempts.
CREATE TABLE login_failures (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    failures     INTEGER NOT NULL
);
