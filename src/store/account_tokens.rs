//! Single-use tokens of self-service account changes (a password reset, an e-mail change),
//! mailed as links. Like refresh tokens, only their SHA-256 is stored. A token is used by
//! one conditional UPDATE (`used_at IS NULL AND expires_at > now`), so that two requests with
//! the same token cannot both succeed, on one instance or many.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::account_tokens;
use super::tokens::{hash_token, random_token};
use super::{DbConn, new_id, now};
use crate::store::StoreResult;

/// What a token lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    PasswordReset,
    EmailChange,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::PasswordReset => "password_reset",
            Purpose::EmailChange => "email_change",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = account_tokens)]
pub struct AccountToken {
    pub id: Uuid,
    pub user_id: Uuid,
    pub purpose: String,
    pub token_hash: String,
    /// The address an e-mail change leads to.
    pub new_email: Option<String>,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// Why a token did not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No such token of this purpose (made up, mistyped, or of the other purpose).
    Unknown,
    /// Already used once.
    Used,
    /// Past its time, or replaced by a newer one of the same account.
    Expired,
}

/// How long tokens that can no longer do anything are kept, so that presenting one is
/// answered "used" or "expired" rather than "unknown".
const KEEP_DEAD: chrono::Duration = chrono::Duration::days(7);

/// Issues a token of `purpose` for `user_id`, valid for `ttl`, and returns its secret. The
/// account's earlier tokens of the same purpose stop working (a newer mail replaces the
/// older), and its long-dead tokens are deleted.
pub fn issue(
    conn: &mut DbConn,
    user_id: Uuid,
    purpose: Purpose,
    new_email: Option<&str>,
    ttl: chrono::Duration,
) -> StoreResult<String> {
    invalidate(conn, user_id, Some(purpose))?;
    prune(conn, user_id)?;
    let token = random_token();
    let at = now();
    diesel::insert_into(account_tokens::table)
        .values((
            account_tokens::id.eq(new_id()),
            account_tokens::user_id.eq(user_id.to_string()),
            account_tokens::purpose.eq(purpose.as_str()),
            account_tokens::token_hash.eq(hash_token(&token)),
            account_tokens::new_email.eq(new_email),
            account_tokens::expires_at.eq(at + ttl),
            account_tokens::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The live token of `purpose` with this secret, without using it (to check what it is for
/// before the change it allows).
pub fn peek(
    conn: &mut DbConn,
    token: &str,
    purpose: Purpose,
) -> StoreResult<Result<AccountToken, Refusal>> {
    let Some(row) = find(conn, token, purpose)? else {
        return Ok(Err(Refusal::Unknown));
    };
    Ok(judge(row, now()))
}

fn judge(row: AccountToken, at: NaiveDateTime) -> Result<AccountToken, Refusal> {
    if row.used_at.is_some() {
        Err(Refusal::Used)
    } else if row.expires_at <= at {
        Err(Refusal::Expired)
    } else {
        Ok(row)
    }
}

fn find(conn: &mut DbConn, token: &str, purpose: Purpose) -> StoreResult<Option<AccountToken>> {
    Ok(account_tokens::table
        .filter(account_tokens::token_hash.eq(hash_token(token)))
        .filter(account_tokens::purpose.eq(purpose.as_str()))
        .select(AccountToken::as_select())
        .first(conn)
        .optional()?)
}

/// Uses the token: one conditional UPDATE marks it used if it is unused and unexpired, and
/// returns its row; otherwise nothing changes and the answer says why. Must run in the write
/// transaction of the change the token allows, so that a failed change leaves it unused.
pub fn consume(
    conn: &mut DbConn,
    token: &str,
    purpose: Purpose,
) -> StoreResult<Result<AccountToken, Refusal>> {
    let at = now();
    // RETURNING every column, in the table's order (the row's fields follow it).
    let used: Option<AccountToken> = diesel::update(
        account_tokens::table
            .filter(account_tokens::token_hash.eq(hash_token(token)))
            .filter(account_tokens::purpose.eq(purpose.as_str()))
            .filter(account_tokens::used_at.is_null())
            .filter(account_tokens::expires_at.gt(at)),
    )
    .set(account_tokens::used_at.eq(at))
    .get_result(conn)
    .optional()?;
    if let Some(row) = used {
        return Ok(Ok(row));
    }
    // Why not, as the row says now (a concurrent use may just have committed).
    Ok(match find(conn, token, purpose)? {
        None => Err(Refusal::Unknown),
        Some(row) => Err(judge(row, at).err().unwrap_or(Refusal::Used)),
    })
}

/// Ends every live token of `user_id` (of `purpose`, or of any purpose with `None`): their
/// expiry moves to now. Used when a newer one is issued, when the password is set (a reset
/// link or a pending e-mail change from before must not outlive it) and when the address
/// changes (reset links went to the old one).
pub fn invalidate(conn: &mut DbConn, user_id: Uuid, purpose: Option<Purpose>) -> StoreResult<()> {
    let at = now();
    let live = account_tokens::table
        .filter(account_tokens::user_id.eq(user_id.to_string()))
        .filter(account_tokens::used_at.is_null())
        .filter(account_tokens::expires_at.gt(at));
    match purpose {
        Some(purpose) => diesel::update(live.filter(account_tokens::purpose.eq(purpose.as_str())))
            .set(account_tokens::expires_at.eq(at))
            .execute(conn)?,
        None => diesel::update(live)
            .set(account_tokens::expires_at.eq(at))
            .execute(conn)?,
    };
    Ok(())
}

/// Deletes the tokens of `user_id` that have been useless (used or expired) for a week:
/// they can do nothing, and a week is long enough for a late click to be told why.
pub fn prune(conn: &mut DbConn, user_id: Uuid) -> StoreResult<()> {
    let cutoff = now() - KEEP_DEAD;
    diesel::delete(
        account_tokens::table
            .filter(account_tokens::user_id.eq(user_id.to_string()))
            .filter(
                account_tokens::expires_at
                    .le(cutoff)
                    .or(account_tokens::used_at.le(cutoff)),
            ),
    )
    .execute(conn)?;
    Ok(())
}

/// Every token row of `user_id`, oldest first (for the user's own export).
pub fn of_user(conn: &mut DbConn, user_id: Uuid) -> StoreResult<Vec<AccountToken>> {
    Ok(account_tokens::table
        .filter(account_tokens::user_id.eq(user_id.to_string()))
        .order((account_tokens::created_at.asc(), account_tokens::id.asc()))
        .select(AccountToken::as_select())
        .load(conn)?)
}
