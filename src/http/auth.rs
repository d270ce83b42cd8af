//! `/auth/*` and `/me`: logging in, refreshing and revoking tokens, the caller's own account.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::extract::ValidJson;
use super::respond;
use super::users::{User, load_user};
use crate::AppState;
use crate::auth::password;
use crate::domain::access::Principal;
use crate::domain::throttle::{PER_ACCOUNT, PER_ADDRESS, PER_PAIR_FROM_BLOCKED_ADDRESS};
use crate::error::{AppError, AppResult};
use crate::store::tokens::{self, Rotation};
use crate::store::{throttle, users};

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "paola.margnini@lombardia-aerospace.example", "password": "bus to Nidwalden at seven"}))]
pub struct LoginRequest {
    #[validate(length(min = 3, max = 254))]
    #[schema(min_length = 3, max_length = 254)]
    pub email: String,
    /// Long inputs are refused before hashing, so that nobody can make the server hash
    /// megabytes.
    #[validate(length(min = 1, max = 1024))]
    #[schema(min_length = 1, max_length = 1024, format = Password)]
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// JWT (HS256) to send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Opaque; exchange it at `/auth/refresh` for a new pair. Each can be used once.
    pub refresh_token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Lifetime of the access token in seconds.
    #[schema(example = 900)]
    pub expires_in: i64,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[validate(length(min = 1, max = 1024))]
    #[schema(min_length = 1, max_length = 1024, format = Password)]
    pub current_password: String,
    #[validate(length(min = 1, max = 1024))]
    #[schema(min_length = 12, max_length = 256, format = Password)]
    pub new_password: String,
}

fn token_response(
    state: &AppState,
    user_id: uuid::Uuid,
    account_version: i32,
    refresh_token: String,
) -> AppResult<HttpResponse> {
    let body = TokenResponse {
        access_token: state.tokens.issue_access(user_id, account_version)?,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: state.tokens.access_ttl_secs(),
    };
    // Tokens must never sit in a cache (RFC 6749 §5.1).
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(body))
}

fn refresh_ttl(state: &AppState) -> chrono::Duration {
    chrono::Duration::seconds(state.config.refresh_token_ttl_secs)
}

const BAD_CREDENTIALS: &str = "the e-mail address or the password is wrong";

/// Log in with e-mail and password.
///
/// An unknown e-mail and a wrong password get the same answer and cost the same time.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Wrong e-mail address or password (the same answer for both)"),
        (status = 429, description = "Too many failed log-ins for this account or from this address; see Retry-After", headers(("Retry-After" = String))),
    ),
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<LoginRequest>,
) -> AppResult<HttpResponse> {
    let LoginRequest { email, password } = body.0;
    let address = client_address(&req, &state.config);
    let keys = AttemptKeys::new(&users::normalize_email(&email), &address);
    let (attempt, lookup) = (keys.clone(), email.clone());
    let (user, reserved) = state
        .db
        .write_unaudited(move |conn| {
            let reserved = attempt.reserve(conn)?;
            Ok((users::find_by_email(conn, &lookup)?, reserved))
        })
        .await
        .inspect_err(|e| {
            if matches!(e, AppError::TooManyRequests { .. }) {
                tracing::warn!(%address, "login throttled");
            }
        })?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    if !password::verify_off_thread(password, stored).await? {
        state
            .db
            .write_unaudited(move |conn| keys.failed(conn, reserved))
            .await?;
        return Err(AppError::Unauthorized(BAD_CREDENTIALS.into()));
    }
    let user = user.ok_or_else(|| AppError::Unauthorized(BAD_CREDENTIALS.into()))?;
    let user_id = crate::store::stored_uuid(&user.id)?;
    let ttl = refresh_ttl(&state);
    let refresh_token = state
        .db
        .write(move |conn| {
            keys.succeeded(conn, reserved)?;
            tokens::prune(conn, user_id)?;
            Ok(tokens::issue(conn, user_id, None, ttl)?)
        })
        .await?;
    tracing::info!(%user_id, "login");
    token_response(&state, user_id, user.version, refresh_token)
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
    fn reserve(&self, conn: &mut crate::store::DbConn) -> AppResult<Reserved> {
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
    fn failed(&self, conn: &mut crate::store::DbConn, reserved: Reserved) -> AppResult<()> {
        throttle::reserve(conn, &self.address, PER_ADDRESS)?;
        if !reserved.pair {
            throttle::reserve(conn, &self.pair, PER_PAIR_FROM_BLOCKED_ADDRESS)?;
        }
        Ok(())
    }

    /// The right password: the account's count starts again (whoever guessed before did
    /// not know it), and this attempt is taken back from the pair.
    fn succeeded(&self, conn: &mut crate::store::DbConn, reserved: Reserved) -> AppResult<()> {
        throttle::clear(conn, &self.account)?;
        if reserved.pair {
            throttle::release(conn, &self.pair)?;
        }
        Ok(())
    }
}

const ACCOUNT_POLICY: crate::error::RateLimitPolicy = crate::error::RateLimitPolicy {
    name: "login-account",
    quota: PER_ACCOUNT.failures as u64,
    window_secs: 900,
};
const ADDRESS_POLICY: crate::error::RateLimitPolicy = crate::error::RateLimitPolicy {
    name: "login-address",
    quota: PER_ADDRESS.failures as u64,
    window_secs: 900,
};

/// The client's address: the peer, or — behind trusted proxies — the entry of
/// `X-Forwarded-For` that the outermost trusted proxy appended: with N proxies, the N-th from
/// the right. Entries to its left were sent by the client and prove nothing.
pub fn client_address(req: &HttpRequest, config: &crate::config::Settings) -> String {
    let peer = || {
        req.peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_else(|| "unknown".into())
    };
    if !config.trust_forwarded_for {
        return peer();
    }
    let entries: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    let Some(index) = entries.len().checked_sub(config.trusted_proxies.max(1)) else {
        return peer();
    };
    parse_forwarded_ip(entries[index]).map_or_else(peer, |ip| ip.to_string())
}

/// `203.0.113.7`, `203.0.113.7:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_forwarded_ip(entry: &str) -> Option<std::net::IpAddr> {
    if let Ok(ip) = entry.parse() {
        return Some(ip);
    }
    if let Ok(addr) = entry.parse::<std::net::SocketAddr>() {
        return Some(addr.ip());
    }
    entry
        .strip_prefix('[')
        .and_then(|rest| rest.split(']').next())
        .and_then(|ip| ip.parse().ok())
}

/// Exchange a refresh token for a new access token and a new refresh token.
///
/// Each refresh token works once. Presenting it again within 30 seconds (two tabs refreshing
/// at once, a retry after a lost answer) repeats the same answer; presenting it later
/// revokes every token descended from the same login, since one of the two holders must be
/// a thief.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token"),
    ),
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> AppResult<HttpResponse> {
    let token = body.0.refresh_token;
    let ttl = refresh_ttl(&state);
    let keys = state.clone();
    let rotation = state
        .db
        .write(move |conn| {
            let rotation =
                tokens::rotate(conn, &token, ttl, &|t| keys.tokens.refresh_successor(t))?;
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
            let jti = crate::store::tokens::hash_token(&token)[..32].to_owned();
            let body = TokenResponse {
                access_token: state.tokens.issue_access_fixed(
                    user_id,
                    version,
                    issued_at.and_utc().timestamp(),
                    &jti,
                )?,
                refresh_token: token,
                token_type: "Bearer".into(),
                expires_in: state.tokens.access_ttl_secs(),
            };
            Ok(HttpResponse::Ok()
                .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
                .json(body))
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

/// Revoke a refresh token (and every token of the same login).
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Revoked (also when the token was unknown)")),
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> AppResult<HttpResponse> {
    let token = body.0.refresh_token;
    state
        .db
        .write(move |conn| Ok(tokens::revoke(conn, &token)?))
        .await?;
    Ok(respond::no_content())
}

/// The signed-in user, with their roles.
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "The caller's account", body = User, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[get("/me")]
pub async fn get_me(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
) -> AppResult<HttpResponse> {
    let user = state
        .db
        .run(move |conn| load_user(conn, &caller, caller.user_id))
        .await?;
    respond::ok(&req, &user)
}

/// Everything held about the signed-in user (GDPR article 15), as JSON.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserExport {
    pub exported_at: chrono::DateTime<chrono::Utc>,
    /// The account and its roles (the password is stored only as a hash, not exported).
    pub user: super::users::User,
    #[serde(flatten)]
    pub holdings: crate::app::gdpr::UserHoldings,
}

/// Export everything held about the signed-in user: the account, roles, sign-in sessions,
/// and what they created or decided (API keys, webhooks, requests, status changes with
/// comments, registrations, notes). To be erased, ask an admin to delete the account.
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "What is held about the caller", body = UserExport, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[get("/me/export")]
pub async fn export_me(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
) -> AppResult<HttpResponse> {
    let export = state
        .db
        .run(move |conn| {
            let user = super::users::load_user(conn, &caller, caller.user_id)?;
            let holdings = crate::app::gdpr::user_holdings(conn, caller.user_id)?;
            Ok(UserExport {
                exported_at: chrono::Utc::now(),
                user,
                holdings,
            })
        })
        .await?;
    respond::ok(&req, &export)
}

/// Change the caller's password. Every refresh token of the account is revoked.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 429, description = "Too many wrong passwords for this account; see Retry-After", headers(("Retry-After" = String))),
    ),
    security(("bearer" = []))
)]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<PasswordChange>,
) -> AppResult<HttpResponse> {
    let PasswordChange {
        current_password,
        new_password,
    } = body.0;
    let user_id = caller.user_id;
    let address = client_address(&req, &state.config);
    // A stolen access token must not become an oracle for the password: wrong current
    // passwords count against the account exactly like failed log-ins.
    let (user, keys, reserved) = state
        .db
        .write_unaudited(move |conn| {
            let user = users::get(conn, user_id)?;
            let keys = AttemptKeys::new(&users::normalize_email(&user.email), &address);
            let reserved = keys.reserve(conn)?;
            Ok((user, keys, reserved))
        })
        .await?;
    if !password::verify_off_thread(current_password, Some(user.password_hash.clone())).await? {
        state
            .db
            .write_unaudited(move |conn| keys.failed(conn, reserved))
            .await?;
        return Err(AppError::invalid("current_password", "is wrong"));
    }
    state
        .db
        .write_unaudited(move |conn| keys.succeeded(conn, reserved))
        .await?;
    crate::domain::password::check(&new_password, &user.email)
        .map_err(|m| AppError::invalid("new_password", m))?;
    let hash = password::hash_off_thread(new_password).await?;
    state
        .db
        .write(move |conn| {
            users::set_password(conn, user_id, &hash)?;
            Ok(tokens::revoke_all_of_user(conn, user_id)?)
        })
        .await?;
    Ok(respond::no_content())
}
