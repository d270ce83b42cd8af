//! Gives every write request an audit handle (see `crate::app::audit`); wrap the app with
//! `actix_web::middleware::from_fn(http::middleware::audit::middleware)`.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

/// Runs POST, PUT, PATCH and DELETE requests inside `app::audit::recording`; reads pass
/// untouched.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let method = req.method().clone();
    let writes = !(method == Method::GET || method == Method::HEAD || method == Method::OPTIONS);
    if !writes {
        return next.call(req).await;
    }
    let path = req.path().to_owned();
    crate::app::audit::recording(method.as_str(), &path, next.call(req)).await
}
