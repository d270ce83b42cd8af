//! Signing in and out: log-in with its throttle, refresh-token rotation, logout, the
//! caller's password, and turning a bearer token (access token or API key) into the caller.

use uuid::Uuid;

use crate::auth::jwt::Tokens;
use crate::auth::password;
use crate::domain::access::{KeyCaller, Principal};
use crate::domain::api_key;
use crate::domain::throttle::{PER_ACCOUNT, PER_ADDRESS, PER_PAIR_FROM_BLOCKED_ADDRESS};
use crate::error::{AppError, AppResult, RateLimitPolicy};
use crate::store::tokens::{self, Rotation};
use crate::store::{Db, DbConn, throttle, users};

/// A fresh access token and refresh token.
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: i64,
}

const BAD_CREDENTIALS: &str = "the e-mail address or the password is wrong";

/// Logs in with e-mail and password from the client `address`. An unknown e-mail and a
/// wrong password get the same answer and cost the same time.
///
/// Three short transactions, not one: the attempt is counted (and the account looked up)
/// before the password is checked off-thread with no connection held, then the outcome
/// settles the counters.
pub async fn login(
    db: &Db,
    keys_for_tokens: &Tokens,
    refresh_ttl: chrono::Duration,
    email: String,
    password_text: String,
    address: String,
) -> AppResult<TokenPair> {
    let keys = AttemptKeys::new(&users::normalize_email(&email), &address);
    let (user, reserved) = reserve_login(db, keys.clone(), email)
        .await
        .inspect_err(|e| {
            if matches!(e, AppError::TooManyRequests { .. }) {
                tracing::warn!(%address, "login throttled");
            }
        })?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    if !password::verify_off_thread(password_text, stored).await? {
        settle_failure(db, keys, reserved).await?;
        return Err(AppError::Unauthorized(BAD_CREDENTIALS.into()));
    }
    let user = user.ok_or_else(|| AppError::Unauthorized(BAD_CREDENTIALS.into()))?;
    let user_id = user.id;
    let refresh_token = db
        .write(move |conn| {
            keys.succeeded(conn, reserved)?;
            tokens::prune(conn, user_id)?;
            Ok(tokens::issue(conn, user_id, None, refresh_ttl)?)
        })
        .await?;
    tracing::info!(%user_id, "login");
    Ok(TokenPair {
        access_token: keys_for_tokens.issue_access(user_id, user.version)?,
        refresh_token,
        expires_in: keys_for_tokens.access_ttl_secs(),
    })
}

/// Counts a log-in attempt and looks the account up, in one transaction.
async fn reserve_login(
    db: &Db,
    keys: AttemptKeys,
    email: String,
) -> AppResult<(Option<users::User>, Reserved)> {
    db.write_unaudited(move |conn| {
        let reserved = keys.reserve(conn)?;
        Ok((users::find_by_email(conn, &email)?, reserved))
    })
    .await
}

/// A wrong password: the failure is counted.
async fn settle_failure(db: &Db, keys: AttemptKeys, reserved: Reserved) -> AppResult<()> {
    db.write_unaudited(move |conn| keys.failed(conn, reserved))
        .await
}

/// Exchanges a refresh token for a new pair. Each refresh token works once; presenting it
/// again within the grace window repeats the same answer, later revokes its whole family.
pub async fn refresh(
    db: &Db,
    keys_for_tokens: &Tokens,
    refresh_ttl: chrono::Duration,
    token: String,
) -> AppResult<TokenPair> {
    // The successor depends only on the presented token (and the server's secret).
    let successor = keys_for_tokens.refresh_successor(&token);
    let rotation = db
        .write(move |conn| {
            let rotation = tokens::rotate(conn, &token, refresh_ttl, &|_| successor.clone())?;
            let version = match &rotation {
                Rotation::Rotated { user_id, .. } => users::get(conn, *user_id)?.version,
                Rotation::Reused | Rotation::Refused(_) => 0,
            };
            Ok((rotation, version))
        })
        .await?;
    match rotation {
        (Rotation::Refused(reason), _) => Err(AppError::Unauthorized(reason)),
        (
            Rotation::Rotated {
                user_id,
                token,
                issued_at,
            },
            version,
        ) => {
            // Fixed by the successor, so that a repeat within the grace window gets the
            // same pair, byte for byte.
            let jti = tokens::hash_token(&token)[..32].to_owned();
            Ok(TokenPair {
                access_token: keys_for_tokens.issue_access_fixed(
                    user_id,
                    version,
                    issued_at.and_utc().timestamp(),
                    &jti,
                )?,
                refresh_token: token,
                expires_in: keys_for_tokens.access_ttl_secs(),
            })
        }
        (Rotation::Reused, _) => {
            tracing::warn!("refresh token reused; its whole family is revoked");
            Err(AppError::Unauthorized(
                "this refresh token was already used; all sessions of this login are revoked"
                    .into(),
            ))
        }
    }
}

/// Revokes a refresh token and every token of the same login (nothing when it is unknown).
pub async fn logout(db: &Db, token: String) -> AppResult<()> {
    db.write(move |conn| Ok(tokens::revoke(conn, &token)?))
        .await
}

/// Changes the caller's password; every refresh token of the account is revoked, and so
/// are its pending password-reset and e-mail-change links.
pub async fn change_password(
    db: &Db,
    user_id: Uuid,
    address: String,
    current_password: String,
    new_password: String,
) -> AppResult<()> {
    let user = verify_current_password(db, user_id, address, current_password).await?;
    crate::domain::password::check(&new_password, &user.email)
        .map_err(|m| AppError::invalid("new_password", m))?;
    let hash = password::hash_off_thread(new_password).await?;
    db.write(move |conn| {
        users::set_password(conn, user_id, &hash)?;
        crate::store::account_tokens::invalidate(conn, user_id, None)?;
        Ok(tokens::revoke_all_of_user(conn, user_id)?)
    })
    .await
}

/// Checks the caller's current password before a change to their own account (password,
/// e-mail address) and returns the account. A stolen access token must not become an oracle
/// for the password: wrong current passwords count against the account exactly like failed
/// log-ins (422 `current_password`; 429 over the limit).
pub(crate) async fn verify_current_password(
    db: &Db,
    user_id: Uuid,
    address: String,
    current_password: String,
) -> AppResult<users::User> {
    let (user, keys, reserved) = db
        .write_unaudited(move |conn| {
            let user = users::get(conn, user_id)?;
            let keys = AttemptKeys::new(&users::normalize_email(&user.email), &address);
            let reserved = keys.reserve(conn)?;
            Ok((user, keys, reserved))
        })
        .await?;
    if !password::verify_off_thread(current_password, Some(user.password_hash.clone())).await? {
        settle_failure(db, keys, reserved).await?;
        return Err(AppError::invalid("current_password", "is wrong"));
    }
    db.write_unaudited(move |conn| keys.succeeded(conn, reserved))
        .await?;
    Ok(user)
}

/// Forgets the failed log-ins counted against the account with this address (a password
/// reset proved who holds it).
pub(crate) fn clear_account_throttle(conn: &mut DbConn, email: &str) -> AppResult<()> {
    let keys = AttemptKeys::new(&users::normalize_email(email), "");
    Ok(throttle::clear(conn, &keys.account)?)
}

/// Who a request says it comes from, checked without the database: an access token whose
/// signature and expiry hold, or an API key's secret with the operation it asks for. What
/// only the database knows (the account still exists with this password, the key is not
/// revoked, the roles) is checked by [`Credentials::confirm`] — inside the use case's own
/// checkout for the reads that need no roles, so that such a read takes one checkout.
#[derive(Debug, Clone)]
pub enum Credentials {
    Token(crate::auth::jwt::AccessClaims),
    Key {
        secret: String,
        method: String,
        pattern: String,
    },
}

impl Credentials {
    /// The caller these credentials speak for, or 401/403 as [`principal_for`] says.
    pub fn confirm(&self, conn: &mut DbConn) -> AppResult<Principal> {
        match self {
            Credentials::Token(claims) => token_principal(conn, claims),
            Credentials::Key {
                secret,
                method,
                pattern,
            } => key_principal(conn, secret, method, pattern),
        }
    }
}

impl Credentials {
    /// That the credentials still speak for someone, for a read open to every signed-in
    /// caller: a token's account still exists at the version it was issued for (one indexed
    /// lookup; the roles are not read, since the read does not depend on them); a key as
    /// [`Credentials::confirm`] (its scope decides).
    pub fn confirm_signed_in(&self, conn: &mut DbConn) -> AppResult<()> {
        match self {
            Credentials::Token(claims) => {
                if users::account_is_current(conn, claims.user_id, claims.account_version)? {
                    Ok(())
                } else {
                    Err(session_ended())
                }
            }
            Credentials::Key { .. } => self.confirm(conn).map(|_| ()),
        }
    }
}

fn session_ended() -> AppError {
    AppError::Unauthorized(
        "this session has ended (the account was removed or its password changed); log in again"
            .into(),
    )
}

/// The caller of a request, in a checkout of its own (for operations whose use case needs the
/// roles before it opens its own checkout). Roles are read on every request rather than
/// carried in the token, so that a revoked grant, a deleted account or a changed password
/// takes effect at once.
pub async fn principal_for(db: &Db, credentials: Credentials) -> AppResult<Principal> {
    match credentials {
        // One or two indexed lookups: inline on SQLite.
        Credentials::Token(_) => db.run_short(move |conn| credentials.confirm(conn)).await,
        // Touches the key's last use: a write.
        Credentials::Key { .. } => db.run(move |conn| credentials.confirm(conn)).await,
    }
}

/// Runs read `f` for the caller behind `who`, confirming them in the same checkout: one
/// checkout for a read that needs no roles. `short`: one or two indexed lookups, run inline
/// on SQLite (see `Db::run_short`); API keys always hop, since confirming one writes its last
/// use.
pub async fn read_as<T, F>(db: &Db, who: Credentials, short: bool, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let inline = short && matches!(who, Credentials::Token(_));
    let read = move |conn: &mut DbConn| {
        who.confirm_signed_in(conn)?;
        f(conn)
    };
    if inline {
        db.run_short(read).await
    } else {
        db.run(read).await
    }
}

fn token_principal(
    conn: &mut DbConn,
    claims: &crate::auth::jwt::AccessClaims,
) -> AppResult<Principal> {
    users::load_principal(conn, claims.user_id, claims.account_version)?.ok_or_else(session_ended)
}

/// An API key as the caller: known, not revoked, not expired, and holding the scope that
/// opens this operation (`method` on the route `pattern`).
fn key_principal(
    conn: &mut DbConn,
    secret: &str,
    method: &str,
    pattern: &str,
) -> AppResult<Principal> {
    let row = crate::store::api_keys::find_by_secret(conn, secret)?;
    let mut creator_manages = false;
    if let Some(row) = &row
        && row.revoked_at.is_none()
    {
        creator_manages = crate::store::api_keys::creator_manages_cluster(conn, row)?;
        if creator_manages {
            crate::store::api_keys::touch(conn, row)?;
        }
    }
    let row = row.ok_or_else(|| AppError::Unauthorized("the API key is not valid".into()))?;
    if row.revoked_at.is_some() {
        return Err(AppError::Unauthorized(
            "the API key has been revoked".into(),
        ));
    }
    if row.expires_at.is_some_and(|e| e <= crate::store::now()) {
        return Err(AppError::Unauthorized("the API key has expired".into()));
    }
    if !creator_manages {
        return Err(AppError::Unauthorized(
            "the API key is suspended: the person who made it no longer manages its cluster; a current manager must make a new one".into(),
        ));
    }
    let scopes: Vec<api_key::ApiScope> =
        serde_json::from_str(&row.scopes).map_err(AppError::internal)?;
    match api_key::required_scope(method, pattern) {
        Some(needed) if scopes.contains(&needed) => Ok(Principal::key(KeyCaller {
            id: row.id,
            cluster_id: row.cluster_id,
            scopes,
        })),
        Some(needed) => Err(AppError::Forbidden(format!(
            "this API key lacks the scope {}",
            needed.as_str()
        ))),
        None => Err(AppError::Forbidden(
            "API keys cannot call this operation; sign in as a person".into(),
        )),
    }
}

/// The throttle counters one attempt at a password touches (see README, "Throttling"):
/// the account (10 per 15 minutes from anywhere), the client address (100 failures per 15
/// minutes), and the pair of both. An address over its limit is not shut for everyone
/// behind it: an account with no failure from there in the window still gets one attempt, so
/// a colleague in the same office logs in with the right password, while guessing from that
/// address drops to one try per account.
#[derive(Clone)]
struct AttemptKeys {
    account: String,
    address: String,
    pair: String,
}

/// What [`AttemptKeys::reserve`] counted, for the outcome to settle.
#[derive(Clone, Copy)]
struct Reserved {
    pair: bool,
}

impl AttemptKeys {
    fn new(account: &str, address: &str) -> AttemptKeys {
        AttemptKeys {
            account: format!("account:{account}"),
            address: format!("address:{address}"),
            pair: format!("pair:{address}|{account}"),
        }
    }

    /// Counts this attempt before the password is checked; 429 when it is over a limit.
    fn reserve(&self, conn: &mut DbConn) -> AppResult<Reserved> {
        if let Some(retry_after_secs) = throttle::reserve(conn, &self.account, PER_ACCOUNT)? {
            return Err(AppError::too_many(retry_after_secs, Some(ACCOUNT_POLICY)));
        }
        if let Some(retry_after_secs) = throttle::check(conn, &self.address, PER_ADDRESS)? {
            if throttle::reserve(conn, &self.pair, PER_PAIR_FROM_BLOCKED_ADDRESS)?.is_some() {
                return Err(AppError::too_many(retry_after_secs, Some(ADDRESS_POLICY)));
            }
            return Ok(Reserved { pair: true });
        }
        Ok(Reserved { pair: false })
    }

    /// A wrong password: the account's attempt stays counted; the address and the pair
    /// count a failure.
    fn failed(&self, conn: &mut DbConn, reserved: Reserved) -> AppResult<()> {
        throttle::reserve(conn, &self.address, PER_ADDRESS)?;
        if !reserved.pair {
            throttle::reserve(conn, &self.pair, PER_PAIR_FROM_BLOCKED_ADDRESS)?;
        }
        Ok(())
    }

    /// The right password: the account's count starts again (whoever guessed before did
    /// not know it), and this attempt is taken back from the pair.
    fn succeeded(&self, conn: &mut DbConn, reserved: Reserved) -> AppResult<()> {
        throttle::clear(conn, &self.account)?;
        if reserved.pair {
            throttle::release(conn, &self.pair)?;
        }
        Ok(())
    }
}

const ACCOUNT_POLICY: RateLimitPolicy = RateLimitPolicy {
    name: "login-account",
    quota: PER_ACCOUNT.failures as u64,
    window_secs: 900,
};
const ADDRESS_POLICY: RateLimitPolicy = RateLimitPolicy {
    name: "login-address",
    quota: PER_ADDRESS.failures as u64,
    window_secs: 900,
};
