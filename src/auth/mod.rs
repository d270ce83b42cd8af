//! Authentication: password hashing, access tokens (JWT) and refresh tokens, and the
//! extractor that turns an `Authorization: Bearer …` header into a [`Principal`].

pub mod jwt;
pub mod password;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::AppState;
use crate::domain::access::Principal;
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
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            let claims = state.tokens.verify_access(&token?)?;
            // Roles are read on every request rather than carried in the token, so that a
            // revoked grant, a deleted account or a changed password takes effect at once.
            state
                .db
                .run(move |conn| crate::db::users::load_principal(conn, claims))
                .await?
                .ok_or_else(|| {
                    AppError::Unauthorized(
                        "this session has ended (the account was removed or its password changed); log in again".into(),
                    )
                })
        })
    }
}
