//! The error of the service's use cases, in the application's terms (invalid input, not
//! allowed, not found, conflict, too many requests, unavailable). It knows nothing of HTTP:
//! `crate::http::problem` renders it as RFC 9457 problem+json. The layers below have their own
//! errors (`crate::domain::Error`, `crate::store::Error`) that convert into it.

use validator::{ValidationErrors, ValidationErrorsKind};

pub use crate::domain::error::FieldError;

pub type AppResult<T> = Result<T, AppError>;

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

    pub fn slug_and_title(&self) -> (&'static str, &'static str) {
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

    /// The HTTP status this error stands for (the numbers are part of the API's contract).
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest { .. } => 400,
            AppError::Validation(_) => 422,
            AppError::Unauthorized(_) => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Conflict { .. } | AppError::TooManyRemovals { .. } => 409,
            AppError::PreconditionFailed(_) => 412,
            AppError::PayloadTooLarge(_) => 413,
            AppError::UnsupportedMediaType(_) => 415,
            AppError::NotAcceptable(_) => 406,
            AppError::MethodNotAllowed(_) => 405,
            AppError::TooManyRequests { .. } => 429,
            AppError::Unavailable(_) => 503,
            AppError::Internal(_) => 500,
        }
    }
}

impl From<crate::domain::Error> for AppError {
    fn from(e: crate::domain::Error) -> Self {
        use crate::domain::Error;
        match e {
            Error::Invalid(errors) => AppError::Validation(errors),
            Error::Conflict { detail, allowed } => AppError::Conflict {
                detail,
                allowed,
                existing_id: None,
            },
            Error::Forbidden(what) => AppError::Forbidden(what),
        }
    }
}

impl From<crate::store::Error> for AppError {
    fn from(e: crate::store::Error) -> Self {
        use crate::store::Error;
        match e {
            Error::NotFound(what) => AppError::NotFound(what),
            Error::Conflict {
                detail,
                existing_id,
            } => AppError::Conflict {
                detail,
                allowed: None,
                existing_id,
            },
            Error::Stale(detail) => AppError::PreconditionFailed(detail),
            Error::Unavailable(cause) => AppError::Unavailable(cause),
            Error::Internal(cause) => AppError::Internal(cause),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        crate::store::Error::from(e).into()
    }
}

impl From<r2d2::Error> for AppError {
    fn from(e: r2d2::Error) -> Self {
        crate::store::Error::from(e).into()
    }
}

impl From<validator::ValidationErrors> for AppError {
    fn from(e: validator::ValidationErrors) -> Self {
        AppError::Validation(flatten_validation_errors(&e, ""))
    }
}

/// Flattens validator's nested errors into `{field, message}` pairs with JSON paths
/// (`offices[1].country`), sorted so that answers are stable.
pub fn flatten_validation_errors(errors: &ValidationErrors, prefix: &str) -> Vec<FieldError> {
    let mut out = Vec::new();
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                out.extend(list.iter().map(|e| describe(&path, e)));
            }
            ValidationErrorsKind::Struct(inner) => {
                out.extend(flatten_validation_errors(inner, &path));
            }
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    out.extend(flatten_validation_errors(
                        inner,
                        &format!("{path}[{index}]"),
                    ));
                }
            }
        }
    }
    out.sort_by(|a, b| a.field.cmp(&b.field).then(a.message.cmp(&b.message)));
    out
}

/// A readable message for one validator error under its rule's code: its own message if it
/// has one, else the catalogue's message for the rule and its parameters.
fn describe(path: &str, e: &validator::ValidationError) -> FieldError {
    let mut out = if let Some(message) = &e.message {
        FieldError::new(path, message.to_string())
    } else {
        let param = |name: &str| e.params.get(name).map(|v| v.to_string());
        let (key, params) = match e.code.as_ref() {
            "length" => match (param("min"), param("max"), param("equal")) {
                (_, _, Some(eq)) => ("length_equal", vec![("equal", eq)]),
                (Some(min), Some(max), _) => ("length_between", vec![("min", min), ("max", max)]),
                (Some(min), None, _) => ("length_min", vec![("min", min)]),
                (None, Some(max), _) => ("length_max", vec![("max", max)]),
                _ => ("length_invalid", vec![]),
            },
            "range" => match (param("min"), param("max")) {
                (Some(min), Some(max)) => ("range_between", vec![("min", min), ("max", max)]),
                (Some(min), None) => ("range_min", vec![("min", min)]),
                (None, Some(max)) => ("range_max", vec![("max", max)]),
                _ => ("range_invalid", vec![]),
            },
            "email" => ("email", vec![]),
            "url" => ("url", vec![]),
            "regex" => ("regex", vec![]),
            "required" => ("required", vec![]),
            other => ("rule", vec![("rule", other.to_owned())]),
        };
        FieldError::coded(path, key, params)
    };
    // The rule's own code, whatever message it carries.
    out.code = e.code.to_string();
    out
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        AppError::Internal(format!("blocking task failed: {e}"))
    }
}
