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
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::store::idempotency as keys;
use crate::store::{DbConn, now};

pub use crate::store::idempotency::LIFETIME;

pub const HEADER: &str = "idempotency-key";
/// A request still marked as running after this long died with its instance: its key may be
/// used again.
const ABANDONED_AFTER: chrono::Duration = chrono::Duration::minutes(5);
/// Headers of the first answer that a replay repeats.
const KEPT_HEADERS: &[&str] = &[
    "content-type",
    "location",
    "etag",
    "link",
    "cache-control",
    "content-disposition",
];

/// What to do with a request that carries a key.
pub enum Begin {
    /// First use: go ahead, then [`finish`].
    Proceed,
    /// Seen before, with this answer.
    Replay(Stored),
}

/// A kept answer.
pub struct Stored {
    status: i32,
    headers: Option<String>,
    body: Option<String>,
}

impl Stored {
    /// The answer again, marked `Idempotent-Replayed: true`.
    pub fn response(self) -> AppResult<HttpResponse> {
        replay(self.status, self.headers, self.body)
    }
}

/// Whether a request takes a key: every POST and the member sync — except the operations
/// whose answers carry secrets (tokens, a new API key), which are never stored.
pub fn applies_to(method: &str, path: &str) -> bool {
    let carries_secret = path.starts_with("/api/v1/auth/")
        || path == "/api/v1/me/password"
        || path == "/api/v1/api-keys";
    !carries_secret && (method == "POST" || (method == "PUT" && path.ends_with("/members/sync")))
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

/// A request's identity for its key: method, path with query, and the body's hash.
pub fn fingerprint(method: &str, path_and_query: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update(b" ");
    h.update(path_and_query.as_bytes());
    h.update(b"\n");
    h.update(Sha256::digest(body));
    hex::encode(h.finalize())
}

/// Claims `key` for this request, or tells what to do instead. One statement decides between
/// concurrent requests with the same key (the primary key), on every instance.
pub fn begin(conn: &mut DbConn, scope: &str, key: &str, fingerprint: &str) -> AppResult<Begin> {
    let at = now();
    if let Some(row) = keys::load(conn, scope, key)? {
        let expired = row.created_at + LIFETIME <= at;
        let abandoned = row.status.is_none() && row.created_at + ABANDONED_AFTER <= at;
        if expired || abandoned {
            keys::forget(conn, scope, key)?;
        } else if row.fingerprint != fingerprint {
            return Err(AppError::invalid(
                "Idempotency-Key",
                "was used with a different request in the last 24 hours; use a new key for a new request",
            ));
        } else if let Some(status) = row.status {
            return Ok(Begin::Replay(Stored {
                status,
                headers: row.headers,
                body: row.body,
            }));
        } else {
            return Err(still_running());
        }
    }
    if keys::claim(conn, scope, key, fingerprint, at)? {
        Ok(Begin::Proceed)
    } else {
        // Another request with the same key got there first, a moment ago.
        Err(still_running())
    }
}

fn still_running() -> AppError {
    AppError::conflict(
        "a request with this Idempotency-Key is still being processed; retry when it has finished",
    )
}

/// Keeps the answer for replays — or forgets the key when the answer asks for a retry.
pub fn finish(
    conn: &mut DbConn,
    scope: &str,
    key: &str,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> AppResult<()> {
    let retry = status >= 500 || status == 429;
    let Some(text) = std::str::from_utf8(body).ok().filter(|_| !retry) else {
        keys::forget(conn, scope, key)?;
        return Ok(());
    };
    let kept: serde_json::Map<String, serde_json::Value> = KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            headers
                .get(*name)
                .and_then(|v| v.to_str().ok())
                .map(|v| ((*name).to_owned(), serde_json::Value::String(v.to_owned())))
        })
        .collect();
    let kept = serde_json::Value::Object(kept).to_string();
    keys::save(conn, scope, key, i32::from(status), &kept, text)?;
    Ok(())
}

fn replay(status: i32, headers: Option<String>, body: Option<String>) -> AppResult<HttpResponse> {
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .ok_or_else(|| AppError::internal("stored status"))?;
    let mut resp = HttpResponse::build(status);
    if let Some(headers) = headers {
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
    Ok(resp.body(body.unwrap_or_default()))
}

/// Keys older than their lifetime: `store::idempotency::forget_expired` (which the purge
/// worker calls), for callers that want the use cases' error.
pub fn forget_expired(conn: &mut DbConn) -> AppResult<usize> {
    Ok(keys::forget_expired(conn)?)
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
    let applies = req.method() == actix_web::http::Method::POST
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
    let (s, k) = (scope.clone(), key.clone());
    let begun = state
        .db
        .run(move |conn| crate::store::write_transaction(conn, |conn| begin(conn, &s, &k, &print)))
        .await;
    match begun {
        Err(e) => return Ok(req.error_response(e).map_into_boxed_body()),
        Ok(Begin::Replay(stored)) => {
            return Ok(match stored.response() {
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
            let (s, k) = (scope, key);
            let _ = state
                .db
                .run(move |conn| Ok(keys::forget(conn, &s, &k)?))
                .await;
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
    let (kept, kept_headers) = (bytes.clone(), headers.clone());
    let stored = state
        .db
        .run(move |conn| finish(conn, &scope, &key, status.as_u16(), &kept_headers, &kept))
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
