//! Kept answers of requests sent with an `Idempotency-Key` (table `idempotency_keys`, one row
//! per caller scope and key). What a key means to a request — replay, conflict, a different
//! request — is decided by the HTTP layer's idempotency middleware; this module reads and
//! writes the rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::idempotency_keys as keys;
use super::{DbConn, StoreResult, now};

/// How long a key is remembered.
pub const LIFETIME: chrono::Duration = chrono::Duration::hours(24);

/// A key as stored: claimed by a request (`status` still `None` while it runs) or holding
/// that request's answer.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = keys)]
pub struct KeyRow {
    pub scope: String,
    pub key: String,
    /// The request the key was first used with (see `http::idempotency::fingerprint`).
    pub fingerprint: String,
    pub status: Option<i32>,
    /// The kept headers, a JSON object of names to values.
    pub headers: Option<String>,
    pub body: Option<String>,
    pub created_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

/// The row of `key` in `scope`, if there is one.
pub fn load(conn: &mut DbConn, scope: &str, key: &str) -> StoreResult<Option<KeyRow>> {
    Ok(keys::table
        .find((scope, key))
        .select(KeyRow::as_select())
        .first(conn)
        .optional()?)
}

/// Claims `key` for a request that starts at `at`. `false` when the key is taken (another
/// request with it got there first): the primary key decides between concurrent requests, on
/// every instance.
pub fn claim(
    conn: &mut DbConn,
    scope: &str,
    key: &str,
    fingerprint: &str,
    at: NaiveDateTime,
) -> StoreResult<bool> {
    let inserted = diesel::insert_into(keys::table)
        .values((
            keys::scope.eq(scope),
            keys::key.eq(key),
            keys::fingerprint.eq(fingerprint),
            keys::created_at.eq(at),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Keeps the answer of the request that claimed `key`: its status, its kept headers (a JSON
/// object) and its body.
pub fn save(
    conn: &mut DbConn,
    scope: &str,
    key: &str,
    status: i32,
    headers: &str,
    body: &str,
) -> StoreResult<()> {
    diesel::update(keys::table.find((scope, key)))
        .set((
            keys::status.eq(Some(status)),
            keys::headers.eq(Some(headers)),
            keys::body.eq(Some(body)),
            keys::completed_at.eq(Some(now())),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forgets `key` (an expired or abandoned claim, or an answer that asks for a retry).
pub fn forget(conn: &mut DbConn, scope: &str, key: &str) -> StoreResult<()> {
    diesel::delete(keys::table.find((scope, key))).execute(conn)?;
    Ok(())
}

/// Keys older than their [`LIFETIME`] (the purge worker calls this); returns how many.
pub fn forget_expired(conn: &mut DbConn) -> StoreResult<usize> {
    Ok(diesel::delete(keys::table.filter(keys::created_at.le(now() - LIFETIME))).execute(conn)?)
}

/// Every key of one caller scope (`user:<id>`, `key:<hash>`), as when the user is deleted.
pub fn forget_scope(conn: &mut DbConn, scope: &str) -> StoreResult<usize> {
    Ok(diesel::delete(keys::table.filter(keys::scope.eq(scope))).execute(conn)?)
}
