//! The one error type of the service and its RFC 9457 `application/problem+json` rendering.
//!
//! Every failure a handler can meet ends up here, so clients see one shape for all of them and
//! nothing internal (SQL text, stack traces, file paths) ever leaks into a response.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

pub type AppResult<T> = Result<T, AppError>;

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid input value: where it is (`field`, a JSON path such as `offices[1].country`,
/// a query parameter or a header) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    #[schema(example = "country")]
    pub field: String,
    #[schema(example = "must be an ISO 3166-1 alpha-2 country code such as CH or IT")]
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem details document.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "/problems/validation",
    "title": "The request is not valid",
    "status": 422,
    "detail": "1 field is invalid",
    "errors": [{"field": "country", "message": "must be an ISO 3166-1 alpha-2 country code such as CH or IT"}]
}))]
pub struct Problem {
    /// A URI reference naming the kind of problem; stable, so clients can switch on it.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Field-level details for invalid input.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For state conflicts: the transitions or actions that are allowed from the current state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    /// For duplicates: the id of the object that already exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_id: Option<String>,
    /// For a refused mirror sync: the members it would have removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub would_remove: Option<Vec<WouldRemove>>,
    /// For a refused mirror sync: how many removals were allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_removals: Option<usize>,
}

/// A member a refused mirror sync would have removed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WouldRemove {
    pub id: String,
    pub external_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Syntactically broken input: malformed JSON, a bad cursor, a bad header.
    #[error("bad request: {detail}")]
    BadRequest {
        detail: String,
        errors: Vec<FieldError>,
    },
    /// Well-formed input that breaks the rules of a field.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("authentication required: {0}")]
    Unauthorized(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("conflict: {detail}")]
    Conflict {
        detail: String,
        allowed: Option<Vec<String>>,
        existing_id: Option<String>,
    },
    /// A mirror sync would remove more members than allowed.
    #[error("too many removals")]
    TooManyRemovals {
        would_remove: Vec<(String, String)>,
        allowed: usize,
    },
    /// `If-Match` did not match the current version of the object.
    #[error("precondition failed")]
    PreconditionFailed(String),
    #[error("payload too large")]
    PayloadTooLarge(usize),
    #[error("unsupported media type")]
    UnsupportedMediaType(String),
    #[error("not acceptable")]
    NotAcceptable(String),
    #[error("method not allowed")]
    MethodNotAllowed(Vec<String>),
    #[error("too many requests")]
    TooManyRequests {
        retry_after_secs: u64,
        /// The limit that was reached, for the `RateLimit-Policy` and `RateLimit` headers.
        policy: Option<RateLimitPolicy>,
    },
    /// The database is unreachable or the pool is exhausted: worth retrying shortly.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// Anything else. The cause is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

/// A limit as the IETF `RateLimit` header fields describe it (draft-ietf-httpapi-ratelimit-
/// headers): `quota` units per `window_secs`; for a limit on concurrent requests the window
/// is the time one request takes, and we say 1 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitPolicy {
    pub name: &'static str,
    pub quota: u64,
    pub window_secs: u64,
}

impl RateLimitPolicy {
    /// `RateLimit-Policy: "suggestions";q=2;w=1`
    pub fn policy_header(&self) -> String {
        format!("\"{}\";q={};w={}", self.name, self.quota, self.window_secs)
    }

    /// `RateLimit: "suggestions";r=1;t=0`: `remaining` units left, reset in `reset_secs`.
    pub fn header(&self, remaining: u64, reset_secs: u64) -> String {
        format!("\"{}\";r={};t={}", self.name, remaining, reset_secs)
    }
}

impl AppError {
    /// 429 with `Retry-After` (and the limit's `RateLimit` headers when known).
    pub fn too_many(retry_after_secs: u64, policy: Option<RateLimitPolicy>) -> Self {
        AppError::TooManyRequests {
            retry_after_secs,
            policy,
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        AppError::BadRequest {
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    pub fn bad_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        let e = FieldError::new(field, message);
        AppError::BadRequest {
            detail: format!("invalid value for `{}`: {}", e.field, e.message),
            errors: vec![e],
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError::new(field, message)])
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        AppError::Conflict {
            detail: detail.into(),
            allowed: None,
            existing_id: None,
        }
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        AppError::Internal(cause.to_string())
    }

    fn slug_and_title(&self) -> (&'static str, &'static str) {
        match self {
            AppError::BadRequest { .. } => ("bad-request", "The request is malformed"),
            AppError::Validation(_) => ("validation", "The request is not valid"),
            AppError::Unauthorized(_) => ("unauthorized", "Authentication is required"),
            AppError::Forbidden(_) => ("forbidden", "You may not do this"),
            AppError::NotFound(_) => ("not-found", "Not found"),
            AppError::Conflict { .. } => ("conflict", "Conflict with the current state"),
            AppError::TooManyRemovals { .. } => (
                "too-many-removals",
                "The sync would remove more members than allowed",
            ),
            AppError::PreconditionFailed(_) => ("precondition-failed", "The object has changed"),
            AppError::PayloadTooLarge(_) => ("payload-too-large", "The request body is too large"),
            AppError::UnsupportedMediaType(_) => {
                ("unsupported-media-type", "Unsupported content type")
            }
            AppError::NotAcceptable(_) => ("not-acceptable", "No acceptable representation"),
            AppError::MethodNotAllowed(_) => ("method-not-allowed", "Method not allowed"),
            AppError::TooManyRequests { .. } => ("too-many-requests", "Too many requests"),
            AppError::Unavailable(_) => ("unavailable", "The service is temporarily unavailable"),
            AppError::Internal(_) => ("internal", "Internal server error"),
        }
    }

    pub fn to_problem(&self) -> Problem {
        let (slug, title) = self.slug_and_title();
        let mut problem = Problem {
            problem_type: format!("/problems/{slug}"),
            title: title.to_owned(),
            status: self.status_code().as_u16(),
            detail: String::new(),
            errors: Vec::new(),
            allowed: None,
            existing_id: None,
            would_remove: None,
            max_removals: None,
        };
        problem.detail = match self {
            AppError::BadRequest { detail, errors } => {
                problem.errors = errors.clone();
                detail.clone()
            }
            AppError::Validation(errors) => {
                problem.errors = errors.clone();
                match errors.as_slice() {
                    [one] => format!("`{}` {}", one.field, one.message),
                    many => format!("{} fields are invalid", many.len()),
                }
            }
            AppError::Unauthorized(d)
            | AppError::Forbidden(d)
            | AppError::NotFound(d)
            | AppError::PreconditionFailed(d)
            | AppError::UnsupportedMediaType(d)
            | AppError::NotAcceptable(d) => d.clone(),
            AppError::Conflict {
                detail,
                allowed,
                existing_id,
            } => {
                problem.allowed = allowed.clone();
                problem.existing_id = existing_id.clone();
                detail.clone()
            }
            AppError::TooManyRemovals {
                would_remove,
                allowed,
            } => {
                problem.would_remove = Some(
                    would_remove
                        .iter()
                        .map(|(id, external_id)| WouldRemove {
                            id: id.clone(),
                            external_id: external_id.clone(),
                        })
                        .collect(),
                );
                problem.max_removals = Some(*allowed);
                format!(
                    "this mirror sync would remove {} members, more than the {allowed} allowed; \
                     check the list, and if it is right send it again with max_removals={}",
                    would_remove.len(),
                    would_remove.len()
                )
            }
            AppError::PayloadTooLarge(limit) => {
                format!("the request body exceeds the limit of {limit} bytes")
            }
            AppError::MethodNotAllowed(allowed) => {
                format!("this resource supports {}", allowed.join(", "))
            }
            AppError::TooManyRequests {
                retry_after_secs, ..
            } => {
                format!("slow down and retry in {retry_after_secs} s")
            }
            AppError::Unavailable(_) => {
                "the database is not reachable right now; retry shortly".to_owned()
            }
            AppError::Internal(_) => {
                "an unexpected error occurred; it has been logged with the request id given in the X-Request-Id header".to_owned()
            }
        };
        problem
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } | AppError::TooManyRemovals { .. } => StatusCode::CONFLICT,
            AppError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(cause) => tracing::error!(%cause, "request failed"),
            AppError::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            _ => {}
        }
        let mut resp = HttpResponse::build(self.status_code());
        resp.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        match self {
            AppError::Unauthorized(_) => {
                resp.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            AppError::MethodNotAllowed(allowed) => {
                resp.insert_header((header::ALLOW, allowed.join(", ")));
            }
            AppError::TooManyRequests {
                retry_after_secs,
                policy,
            } => {
                resp.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
                if let Some(policy) = policy {
                    resp.insert_header(("ratelimit-policy", policy.policy_header()));
                    resp.insert_header(("ratelimit", policy.header(0, *retry_after_secs)));
                }
            }
            AppError::Unavailable(_) => {
                resp.insert_header((header::RETRY_AFTER, "5"));
            }
            _ => {}
        }
        let body = serde_json::to_vec(&self.to_problem()).unwrap_or_default();
        resp.body(body)
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => AppError::NotFound("no such object".into()),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                AppError::conflict("an object with the same unique value already exists")
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => AppError::conflict(
                "the object is referenced by, or refers to, an object that does not allow this change",
            ),
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                AppError::Unavailable(info.message().to_owned())
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                AppError::conflict("a concurrent change got there first; retry the request")
            }
            other => {
                // SQLite reports a writer that waited longer than busy_timeout as a plain
                // error; it is contention, not a bug, so the client may retry.
                // A PostgreSQL server that went away shows up as an unclassified error on the
                // connection in use: also a reason to retry, not a bug.
                let text = other.to_string();
                let lost = [
                    "database is locked",
                    "database is busy",
                    "server closed the connection",
                    "no connection to the server",
                    "connection to server",
                    "terminating connection",
                    "could not receive data",
                    "could not send data",
                    "SSL SYSCALL error",
                ];
                if lost.iter().any(|needle| text.contains(needle)) {
                    AppError::Unavailable(text)
                } else {
                    AppError::Internal(text)
                }
            }
        }
    }
}

impl From<r2d2::Error> for AppError {
    fn from(e: r2d2::Error) -> Self {
        AppError::Unavailable(e.to_string())
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<validator::ValidationErrors> for AppError {
    fn from(e: validator::ValidationErrors) -> Self {
        AppError::Validation(crate::api::extract::flatten_validation_errors(&e, ""))
    }
}
