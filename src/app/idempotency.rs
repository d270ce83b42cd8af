//! Idempotency-Key bookkeeping: claiming a key, keeping and replaying the answer.
//!
//! Keys belong to a scope (a user, an API key) and live [`LIFETIME`]. The same key with a
//! different request is 422; while the first request with a key is still running, a second
//! one is 409. Answers that say "try again" (5xx, 429) are not kept, so a retry runs again.
//! State is in the database: every instance sees every key.

use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};
use crate::store::idempotency as keys;
use crate::store::{Db, DbConn, now};

pub use crate::store::idempotency::LIFETIME;

/// A request still marked as running after this long died with its instance: its key may be
/// used again.
const ABANDONED_AFTER: chrono::Duration = chrono::Duration::minutes(5);

/// What to do with a request that carries a key.
pub enum Begin {
    /// First use: go ahead, then [`finish`].
    Proceed,
    /// Seen before, with this answer.
    Replay(Stored),
}

/// A kept answer: its status, its kept headers (a JSON object of name to value) and body.
pub struct Stored {
    pub status: i32,
    pub headers: Option<String>,
    pub body: Option<String>,
}

/// A request's identity for its key: method, path with query, and the body's hash.
pub fn fingerprint(method: &str, path_and_query: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update(b" ");
    h.update(path_and_query.as_bytes());
    h.update(b"\n");
    h.update(Sha256::digest(body));
    hex::encode(h.finalize())
}

/// Claims `key` for this request, or tells what to do instead. One statement decides between
/// concurrent requests with the same key (the primary key), on every instance.
fn claim(conn: &mut DbConn, scope: &str, key: &str, fingerprint: &str) -> AppResult<Begin> {
    let at = now();
    if let Some(row) = keys::load(conn, scope, key)? {
        let expired = row.created_at + LIFETIME <= at;
        let abandoned = row.status.is_none() && row.created_at + ABANDONED_AFTER <= at;
        if expired || abandoned {
            keys::forget(conn, scope, key)?;
        } else if row.fingerprint != fingerprint {
            return Err(AppError::invalid(
                "Idempotency-Key",
                "was used with a different request in the last 24 hours; use a new key for a new request",
            ));
        } else if let Some(status) = row.status {
            return Ok(Begin::Replay(Stored {
                status,
                headers: row.headers,
                body: row.body,
            }));
        } else {
            return Err(still_running());
        }
    }
    if keys::claim(conn, scope, key, fingerprint, at)? {
        Ok(Begin::Proceed)
    } else {
        // Another request with the same key got there first, a moment ago.
        Err(still_running())
    }
}

fn still_running() -> AppError {
    AppError::conflict(
        "a request with this Idempotency-Key is still being processed; retry when it has finished",
    )
}

/// Claims `key` of `scope` for the request with `fingerprint` (see [`claim`]), in its own
/// write transaction (bookkeeping: no audit-log entry).
pub async fn begin(db: &Db, scope: String, key: String, fingerprint: String) -> AppResult<Begin> {
    db.write_unaudited(move |conn| claim(conn, &scope, &key, &fingerprint))
        .await
}

/// Forgets `key` (the request failed before it had an answer): a retry runs again.
pub async fn forget(db: &Db, scope: String, key: String) -> AppResult<()> {
    db.run(move |conn| Ok(keys::forget(conn, &scope, &key)?))
        .await
}

/// Keeps the answer (`status`, the `headers` a replay repeats, `body`) for replays — or
/// forgets the key when the answer asks for a retry (5xx, 429) or is not text.
pub async fn finish(
    db: &Db,
    scope: String,
    key: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: impl AsRef<[u8]> + Send + 'static,
) -> AppResult<()> {
    db.run(move |conn| {
        let retry = status >= 500 || status == 429;
        let Some(text) = std::str::from_utf8(body.as_ref()).ok().filter(|_| !retry) else {
            keys::forget(conn, &scope, &key)?;
            return Ok(());
        };
        let kept: serde_json::Map<String, serde_json::Value> = headers
            .into_iter()
            .map(|(name, value)| (name, serde_json::Value::String(value)))
            .collect();
        let kept = serde_json::Value::Object(kept).to_string();
        keys::save(conn, &scope, &key, i32::from(status), &kept, text)?;
        Ok(())
    })
    .await
}

/// Keys older than their lifetime: `store::idempotency::forget_expired` (which the purge
/// worker calls), for callers that want the use cases' error.
pub fn forget_expired(conn: &mut DbConn) -> AppResult<usize> {
    Ok(keys::forget_expired(conn)?)
}
