//! Small key/value settings the service keeps in its own database (such as a generated JWT
//! secret, which every instance behind a load balancer must share).

use diesel::prelude::*;

use super::schema::settings;
use super::{DbConn, now};
use crate::store::StoreResult;

pub fn get(conn: &mut DbConn, key: &str) -> StoreResult<Option<String>> {
    Ok(settings::table
        .find(key)
        .select(settings::value)
        .first(conn)
        .optional()?)
}

/// Stores `value` under `key` unless a value is already there, and returns the stored one:
/// when two instances start at once, both end up with the value of whichever wrote first.
pub fn get_or_insert(conn: &mut DbConn, key: &str, value: &str) -> StoreResult<String> {
    if let Some(existing) = get(conn, key)? {
        return Ok(existing);
    }
    let inserted = diesel::insert_into(settings::table)
        .values((
            settings::key.eq(key),
            settings::value.eq(value),
            settings::created_at.eq(now()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(value.to_owned()),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(get(conn, key)?.unwrap_or_else(|| value.to_owned())),
        Err(e) => Err(e.into()),
    }
}

/// Stores `value` under `key` unless a value is already there, and returns the stored one.
/// Unlike [`get_or_insert`], safe inside a PostgreSQL transaction: a concurrent insert of
/// the same key is waited for and kept (`ON CONFLICT DO NOTHING`), never an error that
/// would abort the transaction.
pub fn ensure(conn: &mut DbConn, key: &str, value: &str) -> StoreResult<String> {
    if let Some(existing) = get(conn, key)? {
        return Ok(existing);
    }
    let values = (
        settings::key.eq(key),
        settings::value.eq(value),
        settings::created_at.eq(now()),
    );
    match conn {
        DbConn::Pg(c) => diesel::insert_into(settings::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(settings::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(get(conn, key)?.unwrap_or_else(|| value.to_owned()))
}
