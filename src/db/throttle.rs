//! Counting failed log-ins (see `domain::throttle`).

use diesel::prelude::*;

use super::schema::login_failures;
use super::{DbConn, now};
use crate::domain::throttle::{Limit, blocked_for, current};
use crate::error::AppResult;

/// Seconds the key is still blocked for, if it is.
pub fn check(conn: &mut DbConn, key: &str, limit: Limit) -> AppResult<Option<u64>> {
    let row: Option<(chrono::NaiveDateTime, i32)> = login_failures::table
        .find(key)
        .select((login_failures::window_start, login_failures::failures))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(start, failures)| blocked_for(start, failures, limit, now())))
}

/// Counts one failure for the key, starting a new window when the old one has ended.
pub fn fail(conn: &mut DbConn, key: &str, limit: Limit) -> AppResult<()> {
    let at = now();
    let row: Option<(chrono::NaiveDateTime, i32)> = login_failures::table
        .find(key)
        .select((login_failures::window_start, login_failures::failures))
        .first(conn)
        .optional()?;
    match row {
        Some((start, failures)) if current(start, failures, limit, at) > 0 => {
            diesel::update(login_failures::table.find(key))
                .set(login_failures::failures.eq(login_failures::failures + 1))
                .execute(conn)?;
        }
        Some(_) => {
            diesel::update(login_failures::table.find(key))
                .set((
                    login_failures::window_start.eq(at),
                    login_failures::failures.eq(1),
                ))
                .execute(conn)?;
        }
        None => {
            let inserted = diesel::insert_into(login_failures::table)
                .values((
                    login_failures::key.eq(key),
                    login_failures::window_start.eq(at),
                    login_failures::failures.eq(1),
                ))
                .execute(conn);
            // Another instance counted the first failure at the same moment: count on top.
            if let Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) = inserted
            {
                diesel::update(login_failures::table.find(key))
                    .set(login_failures::failures.eq(login_failures::failures + 1))
                    .execute(conn)?;
            } else {
                inserted?;
            }
        }
    }
    Ok(())
}

/// A successful log-in clears the account's failures.
pub fn clear(conn: &mut DbConn, key: &str) -> AppResult<()> {
    diesel::delete(login_failures::table.find(key)).execute(conn)?;
    Ok(())
}
