//! Counting attempts at guessing passwords (see `domain::throttle`).
//!
//! An attempt is counted *before* the password is checked, in one statement that also reads
//! the count back (an upsert with `RETURNING`): concurrent attempts each see their own place
//! in the window, so that no more than the limit are ever checked, on one instance or many.
//! A correct password takes its own attempt back ([`release`]).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text, Timestamp};

use super::schema::login_failures;
use super::{DbConn, now};
use crate::domain::throttle::{Limit, blocked_for};
use crate::store::StoreResult;

#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = Integer)]
    failures: i32,
    #[diesel(sql_type = Timestamp)]
    window_start: NaiveDateTime,
}

/// Counts one attempt for `key` — in the current window, or as the first of a new one when
/// the old window has ended — and tells whether it is over the limit: `Some(seconds)` to
/// wait, `None` when this attempt may go ahead. Atomic on both backends.
pub fn reserve(conn: &mut DbConn, key: &str, limit: Limit) -> StoreResult<Option<u64>> {
    let at = now();
    let window_ended_before = at - limit.window;
    // SET expressions read the row as it was, so both CASEs test the old window.
    const UPSERT: &str =
        "INSERT INTO login_failures (key, window_start, failures) VALUES ({1}, {2}, 1)
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN login_failures.window_start <= {3} THEN 1
                          ELSE login_failures.failures + 1 END,
          window_start = CASE WHEN login_failures.window_start <= {3} THEN {2}
                              ELSE login_failures.window_start END
        RETURNING failures, window_start";
    let counted: Counted = match conn {
        DbConn::Pg(c) => diesel::sql_query(
            UPSERT
                .replace("{1}", "$1")
                .replace("{2}", "$2")
                .replace("{3}", "$3"),
        )
        .bind::<Text, _>(key)
        .bind::<Timestamp, _>(at)
        .bind::<Timestamp, _>(window_ended_before)
        .get_result(c)?,
        DbConn::Sqlite(c) => diesel::sql_query(
            UPSERT
                .replace("{1}", "?1")
                .replace("{2}", "?2")
                .replace("{3}", "?3"),
        )
        .bind::<Text, _>(key)
        .bind::<Timestamp, _>(at)
        .bind::<Timestamp, _>(window_ended_before)
        .get_result(c)?,
    };
    // This attempt is number `failures`; it may go ahead while that is within the limit.
    Ok(blocked_for(
        counted.window_start,
        counted.failures - 1,
        limit,
        at,
    ))
}

/// Seconds `key` is blocked for, without counting anything.
pub fn check(conn: &mut DbConn, key: &str, limit: Limit) -> StoreResult<Option<u64>> {
    let row: Option<(NaiveDateTime, i32)> = login_failures::table
        .find(key)
        .select((login_failures::window_start, login_failures::failures))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(start, failures)| blocked_for(start, failures, limit, now())))
}

/// Takes back one attempt counted by [`reserve`] (the password was right).
pub fn release(conn: &mut DbConn, key: &str) -> StoreResult<()> {
    diesel::update(
        login_failures::table
            .find(key)
            .filter(login_failures::failures.gt(0)),
    )
    .set(login_failures::failures.eq(login_failures::failures - 1))
    .execute(conn)?;
    Ok(())
}

/// Forgets every attempt of `key` (a password reset proved who the account holder is).
pub fn clear(conn: &mut DbConn, key: &str) -> StoreResult<()> {
    diesel::delete(login_failures::table.find(key)).execute(conn)?;
    Ok(())
}
