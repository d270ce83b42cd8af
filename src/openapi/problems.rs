//! The problem+json answers of the contract: an example per error status, the shared error
//! responses and the response a handler's bare error description becomes.

use utoipa::PartialSchema;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::{ContentBuilder, Ref};

use crate::http::problem::PROBLEM_JSON;

/// A problem document as the service sends it for `status`: what clients and documentation
/// show for that error answer (each status its own, not one example for all).
pub fn problem_example(status: &str) -> Option<serde_json::Value> {
    use serde_json::json;
    let (slug, title, detail, extra) = match status {
        "400" => (
            "bad-request",
            "The request is malformed",
            "invalid value for `limit`: must be between 1 and 500",
            json!({"errors": [{"field": "limit", "code": "invalid", "message": "must be between 1 and 500"}]}),
        ),
        "401" => (
            "unauthorized",
            "Authentication is required",
            "the access token has expired; refresh it",
            json!({}),
        ),
        "403" => (
            "forbidden",
            "You may not do this",
            "only the company's editors, its cluster's managers and admins may do this",
            json!({}),
        ),
        "404" => (
            "not-found",
            "Not found",
            "no event with id 0190c3d2-7a4e-7cc1-9a52-3f1f2b7d9e01",
            json!({}),
        ),
        "406" => (
            "not-acceptable",
            "No acceptable representation",
            "this resource is available as application/json or text/csv",
            json!({}),
        ),
        "409" => (
            "conflict",
            "Conflict with the current state",
            "a request with this Idempotency-Key is still being processed; retry when it has finished",
            json!({}),
        ),
        "412" => (
            "precondition-failed",
            "The object has changed",
            "If-Match does not match the current ETag; read the object again and reapply your change",
            json!({}),
        ),
        "413" => (
            "payload-too-large",
            "The request body is too large",
            "the request body exceeds the limit of 1048576 bytes",
            json!({}),
        ),
        "415" => (
            "unsupported-media-type",
            "Unsupported content type",
            "send the body as `Content-Type: application/json`",
            json!({}),
        ),
        "422" => (
            "validation",
            "The request is not valid",
            "`country` must be an ISO 3166-1 alpha-2 country code such as CH or IT",
            json!({"errors": [{"field": "country", "code": "country", "message": "must be an ISO 3166-1 alpha-2 country code such as CH or IT"}]}),
        ),
        "429" => (
            "too-many-requests",
            "Too many requests",
            "slow down and retry in 30 s",
            json!({}),
        ),
        "503" => (
            "unavailable",
            "The service is temporarily unavailable",
            "the database is not reachable right now; retry shortly",
            json!({}),
        ),
        _ => return None,
    };
    let mut example = json!({
        "type": format!("/problems/{slug}"),
        "title": title,
        "status": status.parse::<u16>().ok()?,
        "detail": detail,
    });
    if let (Some(example), Some(extra)) = (example.as_object_mut(), extra.as_object()) {
        example.extend(extra.clone());
    }
    Some(example)
}

pub(super) fn problem_response(
    status: &str,
    description: &str,
    headers: &[(&str, &str)],
) -> Response {
    let mut builder = ResponseBuilder::new().description(description).content(
        PROBLEM_JSON,
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .example(problem_example(status))
            .build(),
    );
    for (name, text) in headers {
        builder = builder.header(
            *name,
            utoipa::openapi::HeaderBuilder::new()
                .schema(Some(String::schema()))
                .description(Some(*text))
                .build(),
        );
    }
    builder.build()
}

/// Shared error responses, referenced from the operations.
pub(super) const SHARED: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "Malformed request: invalid JSON, path or query parameter",
    ),
    (
        "401",
        "Unauthorized",
        "Missing, expired or invalid access token",
    ),
    (
        "403",
        "Forbidden",
        "The caller's roles do not allow this on this object, or the API key lacks the scope (or keys may not call this operation)",
    ),
    ("404", "NotFound", "No such object"),
    (
        "409",
        "Conflict",
        "Conflict with the current state of the object, or a request with the same Idempotency-Key is still running",
    ),
    (
        "412",
        "PreconditionFailed",
        "If-Match does not match the current ETag",
    ),
    (
        "413",
        "PayloadTooLarge",
        "The request body exceeds the configured limit",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "The request body is not application/json",
    ),
    (
        "422",
        "ValidationFailed",
        "The body breaks the rules of one or more fields; see `errors`",
    ),
    (
        "503",
        "Unavailable",
        "The database is unreachable; retry after the given delay",
    ),
];
