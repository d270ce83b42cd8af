//! Refresh tokens: opaque random strings, stored only as SHA-256 hashes, grouped in families.
//! Each use rotates the token; presenting a token that was already used means it was copied,
//! so the whole family is revoked (RFC 9700 §4.14.2, "refresh token rotation").

use base64::Engine;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::schema::refresh_tokens;
use super::{DbConn, new_id, new_uuid, now};
use crate::store::StoreResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshToken {
    pub id: Uuid,
    pub user_id: Uuid,
    pub family_id: Uuid,
    pub token_hash: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A random secret: 32 bytes, base64url without padding.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Deletes a user's tokens that can no longer do anything: expired ones, and those of revoked
/// families. Used tokens of live families stay, so that their reuse is still recognised.
pub fn prune(conn: &mut DbConn, user_id: Uuid) -> StoreResult<()> {
    let at = now();
    let grace = at - chrono::Duration::days(1);
    diesel::delete(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id.to_string()))
            .filter(
                refresh_tokens::expires_at
                    .le(at)
                    .or(refresh_tokens::revoked_at.le(grace)),
            ),
    )
    .execute(conn)?;
    Ok(())
}

/// Issues a token in `family` (a new family when `None`) and returns the secret.
pub fn issue(
    conn: &mut DbConn,
    user_id: Uuid,
    family: Option<Uuid>,
    ttl: chrono::Duration,
) -> StoreResult<String> {
    let token = random_token();
    store(conn, user_id, family, ttl, &token, now())?;
    Ok(token)
}

fn store(
    conn: &mut DbConn,
    user_id: Uuid,
    family: Option<Uuid>,
    ttl: chrono::Duration,
    token: &str,
    at: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(new_id()),
            refresh_tokens::user_id.eq(user_id.to_string()),
            refresh_tokens::family_id.eq(family.unwrap_or_else(new_uuid).to_string()),
            refresh_tokens::token_hash.eq(hash_token(token)),
            refresh_tokens::expires_at.eq(at + ttl),
            refresh_tokens::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

const NOT_VALID: &str = "the refresh token is not valid; log in again";

fn find(conn: &mut DbConn, token: &str) -> StoreResult<Option<RefreshToken>> {
    Ok(refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash_token(token)))
        .select(RefreshToken::as_select())
        .first(conn)
        .optional()?)
}

pub fn revoke_family(conn: &mut DbConn, family_id: Uuid) -> StoreResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id.to_string()))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now()))
    .execute(conn)?;
    Ok(())
}

/// What a refresh attempt came to. Reuse is reported separately so that the caller can commit
/// the family's revocation before answering 401.
pub enum Rotation {
    /// `token` succeeds the presented one; it was issued at `issued_at` (the first time, when
    /// this answer repeats a rotation within the grace window).
    Rotated {
        user_id: Uuid,
        token: String,
        issued_at: NaiveDateTime,
    },
    Reused,
    /// Not a token we know, expired, or its login too old: log in again (the reason).
    Refused(String),
}

/// Longest a login lasts, however often it is refreshed.
pub const MAX_SESSION_DAYS: i64 = 90;

/// How long a just-rotated token still answers with its successor: two tabs (or a retry
/// after a lost answer) refreshing with the same token at once are not a theft.
pub const REUSE_GRACE: chrono::Duration = chrono::Duration::seconds(30);

/// Marks `token` used and issues its successor (`successor_of(token)`, see
/// `Tokens::refresh_successor`) in the same family. Must run in a write transaction. Every
/// change to a user's tokens first locks the user's row, so rotation, reuse detection,
/// logout and "revoke all" cannot interleave on PostgreSQL: a revocation never misses a
/// successor minted concurrently.
///
/// A token presented again within [`REUSE_GRACE`] of its rotation, while its successor is
/// still live and unused, answers that same successor. Any other reuse revokes the family.
pub fn rotate(
    conn: &mut DbConn,
    token: &str,
    ttl: chrono::Duration,
    successor_of: &dyn Fn(&str) -> String,
) -> StoreResult<Rotation> {
    let Some(found) = find(conn, token)? else {
        return Ok(Rotation::Refused(NOT_VALID.into()));
    };
    super::lock_for_update(
        conn,
        crate::store::Locked::Users,
        &found.user_id.to_string(),
    )?;
    // Re-read under the lock: a concurrent rotation or revocation may have committed.
    let Some(row) = find(conn, token)? else {
        return Ok(Rotation::Refused(NOT_VALID.into()));
    };
    let user_id = row.user_id;
    if row.revoked_at.is_none()
        && let Some(used_at) = row.used_at
    {
        if used_at + REUSE_GRACE > now() {
            let successor = successor_of(token);
            if let Some(next) = find(conn, &successor)?
                && next.revoked_at.is_none()
                && next.used_at.is_none()
                && next.family_id == row.family_id
            {
                return Ok(Rotation::Rotated {
                    user_id,
                    token: successor,
                    issued_at: next.created_at,
                });
            }
        }
        revoke_family(conn, row.family_id)?;
        return Ok(Rotation::Reused);
    }
    if row.revoked_at.is_some() {
        revoke_family(conn, row.family_id)?;
        return Ok(Rotation::Reused);
    }
    if row.expires_at <= now() {
        return Ok(Rotation::Refused(
            "the refresh token has expired; log in again".into(),
        ));
    }
    if family_started(conn, row.family_id)? + chrono::Duration::days(MAX_SESSION_DAYS) <= now() {
        revoke_family(conn, row.family_id)?;
        return Ok(Rotation::Refused(format!(
            "sessions last at most {MAX_SESSION_DAYS} days; log in again"
        )));
    }
    let at = now();
    let marked = diesel::update(
        refresh_tokens::table
            .find(row.id.to_string())
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(at))
    .execute(conn)?;
    if marked == 0 {
        revoke_family(conn, row.family_id)?;
        return Ok(Rotation::Reused);
    }
    let token = successor_of(token);
    store(conn, user_id, Some(row.family_id), ttl, &token, at)?;
    Ok(Rotation::Rotated {
        user_id,
        token,
        issued_at: at,
    })
}

/// When the login behind a family happened.
fn family_started(conn: &mut DbConn, family_id: Uuid) -> StoreResult<NaiveDateTime> {
    Ok(refresh_tokens::table
        .filter(refresh_tokens::family_id.eq(family_id.to_string()))
        .select(diesel::dsl::min(refresh_tokens::created_at))
        .first::<Option<NaiveDateTime>>(conn)?
        .unwrap_or_else(now))
}

/// Revokes the family of `token` (logout). Unknown tokens are ignored: logging out twice is
/// not an error.
pub fn revoke(conn: &mut DbConn, token: &str) -> StoreResult<()> {
    if let Some(row) = find(conn, token)? {
        super::lock_for_update(conn, crate::store::Locked::Users, &row.user_id.to_string())?;
        revoke_family(conn, row.family_id)?;
    }
    Ok(())
}

/// Revokes every refresh token of a user (after a password change).
pub fn revoke_all_of_user(conn: &mut DbConn, user_id: Uuid) -> StoreResult<()> {
    super::lock_for_update(conn, crate::store::Locked::Users, &user_id.to_string())?;
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id.to_string()))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now()))
    .execute(conn)?;
    Ok(())
}
