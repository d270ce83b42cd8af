//! The `Principal` extractor: turns an `Authorization: Bearer …` header into the caller — a
//! person (an access token, `crate::auth::jwt`) or an API key — and names it in the request's
//! audit context.

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::AppState;
use crate::domain::access::{KeyCaller, Principal};
use crate::domain::api_key;
use crate::error::AppError;

/// The bearer token of a request, if it has one.
pub fn bearer_token(req: &HttpRequest) -> Result<String, AppError> {
    let header = req.headers().get(AUTHORIZATION).ok_or_else(|| {
        AppError::Unauthorized("send `Authorization: Bearer <access token>`".into())
    })?;
    let value = header
        .to_str()
        .map_err(|_| AppError::Unauthorized("the Authorization header is not valid text".into()))?;
    let (scheme, token) = value.split_once(' ').ok_or_else(|| {
        AppError::Unauthorized("the Authorization header must be `Bearer <token>`".into())
    })?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AppError::Unauthorized(
            "the Authorization header must be `Bearer <token>`".into(),
        ));
    }
    Ok(token.trim().to_owned())
}

impl FromRequest for Principal {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(req);
        let method = req.method().as_str().to_owned();
        let pattern = req.match_pattern().unwrap_or_default();
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            let token = token?;
            let principal = if api_key::looks_like_key(&token) {
                key_principal(&state, token, &method, &pattern).await?
            } else {
                let claims = state.tokens.verify_access(&token)?;
                // Roles are read on every request rather than carried in the token, so that a
                // revoked grant, a deleted account or a changed password takes effect at once.
                state
                    .db
                    .run_short(move |conn| Ok(crate::store::users::load_principal(
                        conn,
                        claims.user_id,
                        claims.account_version,
                    )?))
                    .await?
                    .ok_or_else(|| {
                        AppError::Unauthorized(
                            "this session has ended (the account was removed or its password changed); log in again".into(),
                        )
                    })?
            };
            // The audit log's "who" for a write request.
            let key = principal.api_key.as_ref().map(|k| k.id);
            crate::app::audit::set_actor(
                key.is_none().then_some(principal.user_id),
                key,
                &format!("{method} {pattern}"),
            );
            Ok(principal)
        })
    }
}

/// An API key as the caller: known, not revoked, not expired, and holding the scope that
/// opens this operation.
async fn key_principal(
    state: &AppState,
    secret: String,
    method: &str,
    pattern: &str,
) -> Result<Principal, AppError> {
    let row = state
        .db
        .run(move |conn| {
            let row = crate::store::api_keys::find_by_secret(conn, &secret)?;
            let mut creator_manages = false;
            if let Some(row) = &row
                && row.revoked_at.is_none()
            {
                creator_manages = crate::store::api_keys::creator_manages_cluster(conn, row)?;
                if creator_manages {
                    crate::store::api_keys::touch(conn, row)?;
                }
            }
            Ok(row.map(|r| (r, creator_manages)))
        })
        .await?
        .ok_or_else(|| AppError::Unauthorized("the API key is not valid".into()))?;
    let (row, creator_manages) = row;
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
            id: crate::store::stored_uuid(&row.id)?,
            cluster_id: crate::store::stored_uuid(&row.cluster_id)?,
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
