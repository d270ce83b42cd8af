//! Idempotency-Key bookkeeping: claiming a key, keeping and replaying the answer.
