//! What a rule of the domain can answer when it says no. The layers above decide how to
//! show it (the HTTP layer: 422, 409, 403 as problem+json).

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::i18n;

/// One invalid input value: where it is (`field`, a JSON path such as `offices[1].country`,
/// a query parameter or a header), which rule it breaks (`code`, the same in every language)
/// and what is wrong with it (`message`, in the language of the answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    #[schema(example = "country")]
    pub field: String,
    /// The rule the value breaks (`length`, `range`, `country`, `single_line`, … ; `invalid`
    /// for a rule without its own code). Stable: clients switch on it, never on `message`.
    #[schema(example = "country")]
    pub code: String,
    #[schema(example = "must be an ISO 3166-1 alpha-2 country code such as CH or IT")]
    pub message: String,
    /// The catalogue entry and its parameters, to say the message in another language.
    #[serde(skip)]
    #[schema(ignore)]
    pub key: Option<&'static str>,
    #[serde(skip)]
    #[schema(ignore)]
    pub params: Vec<(&'static str, String)>,
}

impl FieldError {
    /// A message written in English where it arises; found again in the catalogue by its
    /// text (a template's parameters read back from it), so that it can be translated when it
    /// has an entry. The `code` is the entry's for a message written out in full; a message
    /// found by its template keeps `invalid`, the code it had before templates were matched
    /// (codes never change).
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        let found = i18n::find(i18n::FIELD_TABLES, &message);
        let code = match &found {
            Some(f) if f.params.is_empty() => f.entry.code,
            _ => "invalid",
        };
        Self {
            field: field.into(),
            code: code.to_owned(),
            message,
            key: found.as_ref().map(|f| f.entry.key),
            params: found.map(|f| f.params).unwrap_or_default(),
        }
    }

    /// The catalogue's message `key` with its parameters.
    pub fn coded(
        field: impl Into<String>,
        key: &'static str,
        params: Vec<(&'static str, String)>,
    ) -> Self {
        let entry = i18n::entry_in(i18n::FIELD_TABLES, key);
        Self {
            field: field.into(),
            code: entry.map_or("invalid", |e| e.code).to_owned(),
            message: entry.map_or_else(|| key.to_owned(), |e| i18n::fill(e.en, &params)),
            key: entry.map(|e| e.key),
            params,
        }
    }

    /// The same error with its message in `lang` (as it is when the catalogue has no entry).
    pub fn in_language(&self, lang: i18n::Language) -> FieldError {
        let mut out = self.clone();
        if let Some(entry) = self.key.and_then(|k| i18n::entry_in(i18n::FIELD_TABLES, k)) {
            out.message = i18n::say(i18n::FIELD_TABLES, entry, &self.params, lang);
        }
        out
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
