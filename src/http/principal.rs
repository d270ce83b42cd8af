//! The `Principal` extractor: turns an `Authorization: Bearer …` header into the caller — a
//! person (an access token, `crate::auth::jwt`) or an API key — and names it in the request's
//! audit context.

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::AppState;
use crate::app::auth::Credentials;
use crate::domain::access::Principal;
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

/// The credentials of a request, checked as far as that is possible without the database
/// (see [`Credentials`]).
fn credentials(req: &HttpRequest) -> Result<Credentials, AppError> {
    let token = bearer_token(req)?;
    if api_key::looks_like_key(&token) {
        return Ok(Credentials::Key {
            secret: token,
            method: req.method().as_str().to_owned(),
            pattern: req.match_pattern().unwrap_or_default(),
        });
    }
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::internal("application state missing"))?;
    Ok(Credentials::Token(state.tokens.verify_access(&token)?))
}

/// A signed-in caller of an operation that needs no roles (the public directory): the
/// credentials go to the use case, which confirms them in its own database checkout.
pub struct SignedIn(pub Credentials);

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(credentials(req).map(SignedIn))
    }
}

impl FromRequest for Principal {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let credentials = credentials(req);
        let method = req.method().as_str().to_owned();
        let pattern = req.match_pattern().unwrap_or_default();
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            let principal = crate::app::auth::principal_for(&state.db, credentials?).await?;
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
