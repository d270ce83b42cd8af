//! The language of the answer: chosen once per request from `Accept-Language` and kept for
//! the problems rendered while the request is handled (and in the request's extensions for
//! handlers that write text).

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;

use crate::domain::i18n;
use crate::http::problem::with_language;

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let lang = i18n::negotiate(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    req.extensions_mut().insert(lang);
    // Handlers' and extractors' errors become responses inside this scope (actix renders
    // them where they arise). An error a middleware passes on as `Err` is rendered by the
    // server after the scope, in English: cloning the request to render it here would break
    // routing, which needs the request unshared.
    with_language(lang, async move {
        next.call(req).await.map(|res| res.map_into_boxed_body())
    })
    .await
}
