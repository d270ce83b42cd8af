//! RFC 9457 `application/problem+json`: how the HTTP layer shows an [`AppError`].
//!
//! Every failure a handler can meet ends up here, so clients see one shape for all of them and
//! nothing internal (SQL text, stack traces, file paths) ever leaks into a response.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::i18n::{self, Language};
use crate::error::{AppError, FieldError};

tokio::task_local! {
    /// The language the current request asked for (`Accept-Language`), for the problems
    /// rendered while it is handled: `ResponseError::error_response` cannot see the request.
    static LANGUAGE: Language;
}

/// The language of the request being handled; English outside a request.
pub fn current_language() -> Language {
    LANGUAGE.try_with(|l| *l).unwrap_or_default()
}

/// Runs `fut` with `lang` as the language problems are written in.
pub async fn with_language<F: std::future::Future>(lang: Language, fut: F) -> F::Output {
    LANGUAGE.scope(lang, fut).await
}

/// Marks an answer as written in `lang` and as depending on `Accept-Language`, so that
/// caches keep one copy per language.
pub fn mark_language(headers: &mut actix_web::http::header::HeaderMap, lang: Language) {
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.as_str()),
    );
    let vary = headers
        .get_all(header::VARY)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect::<Vec<_>>();
    if !vary
        .iter()
        .any(|v| v.eq_ignore_ascii_case("accept-language") || v == "*")
    {
        let mut all = vary;
        all.push("Accept-Language".to_owned());
        if let Ok(value) = HeaderValue::from_str(&all.join(", ")) {
            headers.insert(header::VARY, value);
        }
    }
}

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem details document.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "/problems/validation",
    "title": "The request is not valid",
    "status": 422,
    "detail": "1 field is invalid",
    "errors": [{"field": "country", "code": "country", "message": "must be an ISO 3166-1 alpha-2 country code such as CH or IT"}]
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

/// A detail text in `lang` when the catalogue knows it (written out or as a filled-in
/// template), else as written.
fn detail_in(detail: &str, lang: Language) -> String {
    i18n::translate_with(i18n::DETAIL_TABLES, i18n::ALL_TABLES, detail, lang)
}

impl AppError {
    /// The problem in English (for logs and the command line).
    pub fn to_problem(&self) -> Problem {
        self.to_problem_in(Language::En)
    }

    /// The problem with its title, details and field messages in `lang`; `type`, `status`
    /// and the field `code`s are the same in every language.
    pub fn to_problem_in(&self, lang: Language) -> Problem {
        let (slug, title) = self.slug_and_title();
        let title = i18n::entry(i18n::PROBLEM_TEXTS, slug).map_or(title, |e| e.text(lang));
        let text = |key: &str, params: &[(&str, String)]| {
            i18n::entry(i18n::PROBLEM_TEXTS, key)
                .map_or_else(String::new, |e| i18n::fill(e.text(lang), params))
        };
        let localize = |errors: &[FieldError]| -> Vec<FieldError> {
            errors.iter().map(|e| e.in_language(lang)).collect()
        };
        let mut problem = Problem {
            problem_type: format!("/problems/{slug}"),
            title: title.to_owned(),
            status: self.status(),
            detail: String::new(),
            errors: Vec::new(),
            allowed: None,
            existing_id: None,
            would_remove: None,
            max_removals: None,
        };
        problem.detail = match self {
            AppError::BadRequest { detail, errors } => {
                problem.errors = localize(errors);
                match (errors.as_slice(), problem.errors.as_slice()) {
                    // `AppError::bad_field`'s detail, said again with the translated message.
                    ([one], [translated])
                        if *detail
                            == format!("invalid value for `{}`: {}", one.field, one.message) =>
                    {
                        text(
                            "invalid_value",
                            &[
                                ("field", one.field.clone()),
                                ("message", translated.message.clone()),
                            ],
                        )
                    }
                    _ => detail_in(detail, lang),
                }
            }
            AppError::Validation(errors) => {
                problem.errors = localize(errors);
                match problem.errors.as_slice() {
                    [one] => format!("`{}` {}", one.field, one.message),
                    many => text("fields_invalid", &[("count", many.len().to_string())]),
                }
            }
            AppError::Unauthorized(d)
            | AppError::Forbidden(d)
            | AppError::NotFound(d)
            | AppError::PreconditionFailed(d)
            | AppError::UnsupportedMediaType(d)
            | AppError::NotAcceptable(d) => detail_in(d, lang),
            AppError::Conflict {
                detail,
                allowed,
                existing_id,
            } => {
                problem.allowed = allowed.clone();
                problem.existing_id = existing_id.clone();
                detail_in(detail, lang)
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
                text(
                    "would_remove",
                    &[
                        ("count", would_remove.len().to_string()),
                        ("allowed", allowed.to_string()),
                    ],
                )
            }
            AppError::PayloadTooLarge(limit) => text("body_limit", &[("limit", limit.to_string())]),
            AppError::MethodNotAllowed(allowed) => {
                text("supports", &[("methods", allowed.join(", "))])
            }
            AppError::TooManyRequests {
                retry_after_secs, ..
            } => text("retry_in", &[("seconds", retry_after_secs.to_string())]),
            AppError::Unavailable(_) => detail_in(
                "the database is not reachable right now; retry shortly",
                lang,
            ),
            AppError::Internal(_) => detail_in(
                "an unexpected error occurred; it has been logged with the request id given in the X-Request-Id header",
                lang,
            ),
        };
        problem
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
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
        let lang = current_language();
        let body = serde_json::to_vec(&self.to_problem_in(lang)).unwrap_or_default();
        let mut resp = resp.body(body);
        mark_language(resp.headers_mut(), lang);
        resp
    }
}
