//! The `Principal` extractor: turns an `Authorization: Bearer …` header into the caller — a
//! person (an access token, `crate::auth::jwt`) or an API key — and names it in the request's
//! audit context.

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::AppState;
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
                crate::app::auth::principal_for_api_key(&state.db, token, &method, &pattern).await?
            } else {
                crate::app::auth::principal_for_token(&state.db, &state.tokens, &token).await?
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
