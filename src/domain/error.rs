//! What a rule of the domain can answer when it says no. The layers above decide how to
//! show it (the HTTP layer: 422, 409, 403 as problem+json).

use serde::Serialize;
use utoipa::ToSchema;

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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Values that break the rules of their fields.
    #[error("invalid: {0:?}")]
    Invalid(Vec<FieldError>),
    /// The change does not fit the current state; `allowed` names what would.
    #[error("conflict: {detail}")]
    Conflict {
        detail: String,
        allowed: Option<Vec<String>>,
    },
    /// The caller may not do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError::new(field, message)])
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Error::Conflict {
            detail: detail.into(),
            allowed: None,
        }
    }
}
