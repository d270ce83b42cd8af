//! `Idempotency-Key` on every POST and on the member sync: a client that did not get an answer
//! (a timeout, a dropped connection) sends the same request with the same key again and gets
//! the first answer — status, headers, body — without the work being done twice.
//!
//! Keys belong to the caller (a user, an API key, or anonymous callers as one) and live
//! 24 hours. The same key with a different request is 422; while the first request with a key
//! is still running, a second one is 409. Answers that say "try again" (5xx, 429) are not kept,
//! so a retry runs again. State is in the database: every instance sees every key.

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use futures_util::StreamExt;

use crate::AppState;
use crate::app::idempotency::{self as keys, Begin, Stored};
use crate::error::{AppError, AppResult};

pub use crate::app::idempotency::{LIFETIME, fingerprint, forget_expired};

pub const HEADER: &str = "idempotency-key";
/// Headers of the first answer that a replay repeats.
const KEPT_HEADERS: &[&str] = &[
    "content-type",
    "location",
    "etag",
    "link",
    "cache-control",
    "content-disposition",
];

/// Whether a request takes a key: every POST and the member sync — except the operations
/// whose answers carry secrets (tokens, a new API key), which are never stored.
pub fn applies_to(method: &str, path: &str) -> bool {
    let carries_secret = path.starts_with("/api/v1/auth/")
        || path == "/api/v1/me/password"
        || path == "/api/v1/me/email"
        || path == "/api/v1/api-keys"
        || path == "/api/v1/me/calendar-feed"
        || path == "/api/v1/invitations/accept";
    // Unsubscribing is anonymous (the link's token is the proof) and the same when repeated.
    let anonymous = path == "/api/v1/unsubscribe";
    !carries_secret
        && !anonymous
        && (method == "POST" || (method == "PUT" && path.ends_with("/members/sync")))
}

/// Who the key belongs to: the user of a valid access token or the API key (by the hash of its
/// secret). Anonymous callers and invalid tokens get no key handling (the request is then
/// refused anyway, or is a sign-in whose answer is never stored).
pub fn scope_of(headers: &HeaderMap, state: &AppState) -> Option<String> {
    let value = headers.get(actix_web::http::header::AUTHORIZATION)?;
    let token = value.to_str().ok()?.split_once(' ')?.1.trim();
    if crate::domain::api_key::looks_like_key(token) {
        return Some(format!(
            "key:{}",
            &crate::store::tokens::hash_token(token)[..32]
        ));
    }
    state
        .tokens
        .verify_access(token)
        .ok()
        .map(|c| format!("user:{}", c.user_id))
}

/// The key as sent, if any; 400 when it is not 1 to 255 visible ASCII characters.
pub fn key_of(headers: &HeaderMap) -> AppResult<Option<String>> {
    let Some(value) = headers.get(HEADER) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            AppError::bad_field(
                "Idempotency-Key",
                "must be 1 to 255 visible ASCII characters (a UUID, say)",
            )
        })?;
    Ok(Some(key.to_owned()))
}

/// The headers of an answer that a replay repeats, in the order of [`KEPT_HEADERS`].
pub fn kept_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            headers
                .get(*name)
                .and_then(|v| v.to_str().ok())
                .map(|v| ((*name).to_owned(), v.to_owned()))
        })
        .collect()
}

/// The kept answer again, marked `Idempotent-Replayed: true`.
pub fn replay(stored: Stored) -> AppResult<HttpResponse> {
    let status = u16::try_from(stored.status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .ok_or_else(|| AppError::internal("stored status"))?;
    let mut resp = HttpResponse::build(status);
    if let Some(headers) = stored.headers {
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&headers).map_err(AppError::internal)?;
        for (name, value) in map {
            if let (Ok(n), Some(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                value.as_str().and_then(|v| HeaderValue::from_str(v).ok()),
            ) {
                resp.insert_header((n, v));
            }
        }
    }
    resp.insert_header(("idempotent-replayed", "true"));
    Ok(resp.body(stored.body.unwrap_or_default()))
}

/// The middleware for POST requests: reads the body (within the body limit) to know the
/// request, and either replays the first answer or lets the request through and keeps its
/// answer. Requests without the header pass untouched. (The member sync, a PUT with a body of
/// up to 64 MiB, handles its key itself after checking the caller.)
pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let key = match key_of(req.headers()) {
        Ok(key) => key,
        Err(e) => return Ok(req.error_response(e).map_into_boxed_body()),
    };
    let state = req.app_data::<web::Data<AppState>>().cloned();
    // Only where a POST operation exists: a POST elsewhere is answered 404 or 405 by the
    // router, whatever its key.
    let routed = req
        .app_data::<web::Data<crate::openapi::RouteTable>>()
        .is_none_or(|routes| {
            routes
                .allowed_methods(req.path())
                .is_some_and(|methods| methods.contains(&"POST"))
        });
    let applies = req.method() == actix_web::http::Method::POST
        && routed
        && applies_to(req.method().as_str(), req.path());
    let (Some(key), Some(state), true) = (key, state, applies) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let Some(scope) = scope_of(req.headers(), &state) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // The body, within the ordinary limit (bigger bodies are refused by the extractor anyway).
    let limit = state.config.body_limit;
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk?;
        if body.len() + chunk.len() > limit {
            return Ok(req
                .error_response(AppError::PayloadTooLarge(limit))
                .map_into_boxed_body());
        }
        body.extend_from_slice(&chunk);
    }
    let body = body.freeze();
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.path().to_owned(), |p| p.as_str().to_owned());
    let print = fingerprint(req.method().as_str(), &path, &body);
    let begun = keys::begin(&state.db, scope.clone(), key.clone(), print).await;
    match begun {
        Err(e) => return Ok(req.error_response(e).map_into_boxed_body()),
        Ok(Begin::Replay(stored)) => {
            return Ok(match replay(stored) {
                Ok(resp) => req.into_response(resp).map_into_boxed_body(),
                Err(e) => req.error_response(e).map_into_boxed_body(),
            });
        }
        Ok(Begin::Proceed) => {}
    }
    req.set_payload(Payload::from(body));
    let res = match next.call(req).await {
        Ok(res) => res,
        Err(e) => {
            let _ = keys::forget(&state.db, scope, key).await;
            return Err(e);
        }
    };
    let (http_req, res) = res.into_parts();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = match actix_web::body::to_bytes(res.into_body()).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return Err(actix_web::error::ErrorInternalServerError(
                "could not read the answer",
            ));
        }
    };
    let stored = keys::finish(
        &state.db,
        scope,
        key,
        status.as_u16(),
        kept_headers(&headers),
        bytes.clone(),
    )
    .await;
    if let Err(e) = stored {
        tracing::warn!(error = %e, "could not keep the answer for its Idempotency-Key");
    }
    let mut resp = HttpResponse::build(status);
    for (name, value) in headers.iter() {
        resp.append_header((name.clone(), value.clone()));
    }
    Ok(ServiceResponse::new(http_req, resp.body(bytes)))
}
