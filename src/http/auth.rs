//! `/auth/*` and `/me`: logging in, refreshing and revoking tokens, the caller's own account.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::extract::{IfMatch, ValidJson};
use super::respond;
use super::users::User;
use crate::AppState;
use crate::app::auth::{self as app, TokenPair};
use crate::domain::access::Principal;
use crate::error::AppResult;

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

/// The answer that hands out tokens; tokens must never sit in a cache (RFC 6749 §5.1).
fn token_response(pair: TokenPair) -> HttpResponse {
    let body = TokenResponse {
        access_token: pair.access_token,
        refresh_token: pair.refresh_token,
        token_type: "Bearer".into(),
        expires_in: pair.expires_in,
    };
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(body)
}

fn refresh_ttl(state: &AppState) -> chrono::Duration {
    chrono::Duration::seconds(state.config.refresh_token_ttl_secs)
}

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
    let pair = app::login(
        &state.db,
        &state.tokens,
        refresh_ttl(&state),
        email,
        password,
        address,
    )
    .await?;
    Ok(token_response(pair))
}

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
    let pair = app::refresh(
        &state.db,
        &state.tokens,
        refresh_ttl(&state),
        body.0.refresh_token,
    )
    .await?;
    Ok(token_response(pair))
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
    app::logout(&state.db, body.0.refresh_token).await?;
    Ok(respond::no_content())
}

/// The signed-in user, with their roles.
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "The caller's account", body = User, headers(("ETag" = String))))
)]
#[get("/me")]
pub async fn get_me(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
) -> AppResult<HttpResponse> {
    let id = caller.user_id;
    let account = crate::app::users::get(&state.db, caller, id).await?;
    let user = User::from_account(account)?;
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
    responses((status = 200, description = "What is held about the caller", body = UserExport, headers(("ETag" = String))))
)]
#[get("/me/export")]
pub async fn export_me(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
) -> AppResult<HttpResponse> {
    let (account, holdings) = crate::app::users::export(&state.db, caller).await?;
    let export = UserExport {
        exported_at: chrono::Utc::now(),
        user: User::from_account(account)?,
        holdings,
    };
    respond::ok(&req, &export)
}

/// Change the caller's password. Every refresh token of the account is revoked.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 429, description = "Too many wrong passwords for this account; see Retry-After", headers(("Retry-After" = String))),
    )
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
    let address = client_address(&req, &state.config);
    app::change_password(
        &state.db,
        caller.user_id,
        address,
        current_password,
        new_password,
    )
    .await?;
    Ok(respond::no_content())
}

/// What the signed-in user may change on their own account; fields left out stay as they
/// are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"language": "de", "time_zone": "Europe/Zurich"}))]
pub struct ProfilePatch {
    #[serde(default, deserialize_with = "super::present")]
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::domain::format::validate_line")
    )]
    #[schema(min_length = 1, max_length = 200, nullable = false)]
    pub display_name: Option<String>,
    /// The language of the mail the user receives.
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub language: Option<crate::domain::mail::Language>,
    /// An IANA time zone name, such as `Europe/Rome`.
    #[serde(default, deserialize_with = "super::present")]
    #[validate(length(min = 1, max = 64))]
    #[schema(
        min_length = 1,
        max_length = 64,
        nullable = false,
        example = "Europe/Rome"
    )]
    pub time_zone: Option<String>,
}

/// Change the signed-in user's name, mail language or time zone.
#[utoipa::path(
    tag = "auth",
    params(("If-Match" = Option<String>, Header, description = "ETag from a previous GET /me; 412 if the account changed since")),
    request_body(content = ProfilePatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The caller's account", body = User, headers(("ETag" = String))),
        (status = 422, description = "Not one of the four languages, or not a time zone"),
    )
)]
#[patch("/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    if_match: IfMatch,
    body: ValidJson<ProfilePatch>,
) -> AppResult<HttpResponse> {
    use crate::app::users::{Account, OwnProfile, Profile};
    let patch = body.0;
    let id = caller.user_id;
    let view = |account: &Account| {
        User::from_account(Account {
            user: account.user.clone(),
            grants: account.grants.clone(),
        })
    };
    let account = crate::app::edit::update::<OwnProfile, _, _>(
        &state.db,
        caller,
        id,
        move |account: &Account| if_match.check(&respond::etag_of(&view(account)?)?),
        move |account: &Account| {
            let current = Profile::of(&account.user);
            Ok(Profile {
                display_name: patch.display_name.unwrap_or(current.display_name),
                language: patch.language.unwrap_or(current.language),
                time_zone: patch
                    .time_zone
                    .map(|z| z.trim().to_owned())
                    .unwrap_or(current.time_zone),
            })
        },
    )
    .await?;
    respond::ok(&req, &User::from_account(account)?)
}
