//! `/problems/{type}`: the page each problem's `type` URI points at (RFC 9457 §3.1.1: the
//! URI should resolve to documentation for humans), one short page per kind of problem.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use crate::domain::i18n::{self, Language};
use crate::error::{AppError, AppResult};
use crate::http::extract::ValidQuery;
use crate::http::problem::mark_language;

/// Slug, status, title (as problems carry it) and what the client should do.
pub const TYPES: &[(&str, u16, &str, &str)] = &[
    (
        "bad-request",
        400,
        "The request is malformed",
        "The JSON does not parse, an id or a query parameter is malformed, or a parameter is unknown. `errors` names the field; fix the request before sending it again.",
    ),
    (
        "validation",
        422,
        "The request is not valid",
        "The request is well-formed but breaks a rule. `errors` lists every field at fault with a message (`offices[1].country`); nothing was changed.",
    ),
    (
        "unauthorized",
        401,
        "Authentication is required",
        "Send `Authorization: Bearer <token>` with an access token from `POST /api/v1/auth/login` (or a refreshed one), or an API key.",
    ),
    (
        "forbidden",
        403,
        "You may not do this",
        "You are signed in, but your roles do not allow this on this object. `detail` says what you may not do; README, Access, says who may.",
    ),
    (
        "not-found",
        404,
        "Not found",
        "No such object, or one you may not see (objects you may not see answer as if they did not exist).",
    ),
    (
        "conflict",
        409,
        "Conflict with the current state",
        "The object is not in a state that allows this (`allowed` lists what is), or another object holds the place (`existing_id`). Read it again and decide.",
    ),
    (
        "too-many-removals",
        409,
        "The sync would remove more members than allowed",
        "A mirror sync would remove more companies than `max_removals`. Check `would_remove`; if the list is right, send it again with a higher `max_removals`.",
    ),
    (
        "precondition-failed",
        412,
        "The object has changed",
        "`If-Match` named an older version. Read the object again (new `ETag`), apply your change to it and send it with the new ETag.",
    ),
    (
        "payload-too-large",
        413,
        "The request body is too large",
        "The body exceeds the operation's limit (`detail` gives it). Split the data or use the operation meant for large inputs.",
    ),
    (
        "unsupported-media-type",
        415,
        "Unsupported content type",
        "Send the body as `application/json` (with `Content-Type`).",
    ),
    (
        "not-acceptable",
        406,
        "No acceptable representation",
        "The `Accept` header or `format` names no format this operation offers; `detail` lists those it does.",
    ),
    (
        "method-not-allowed",
        405,
        "Method not allowed",
        "The resource exists but not with this method; `Allow` lists the methods it supports.",
    ),
    (
        "too-many-requests",
        429,
        "Too many requests",
        "A limit was reached. Wait for `Retry-After` seconds (the `RateLimit` headers say how much is left) and try again.",
    ),
    (
        "unavailable",
        503,
        "The service is temporarily unavailable",
        "The database is not reachable or busy. Retry after `Retry-After` seconds; the request did nothing.",
    ),
    (
        "internal",
        500,
        "Internal server error",
        "Something failed on our side and was logged with the request id. Quote the `X-Request-Id` of the answer when you report it.",
    ),
];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The query of a problem type's page.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProblemPageQuery {
    /// The page in this language (`it`, `de`, `fr`, `en`); without it, the best of
    /// `Accept-Language`, else English.
    pub lang: Option<Language>,
}

/// What a problem `type` means and what to do about it: a short page for people, as RFC 9457
/// asks of a dereferenceable type URI.
#[utoipa::path(
    tag = "health",
    params(
        ("type" = String, Path, description = "The problem type's last segment, e.g. `validation`"),
        ProblemPageQuery,
        ("Accept-Language" = Option<String>, Header, description = "The languages the reader prefers (`de-CH, fr;q=0.8`); `lang` overrides it"),
    ),
    responses(
        (status = 200, description = "The page", content_type = "text/html", body = String, headers(
            ("Content-Language" = String, description = "The language of the page: `lang`, else the best of `Accept-Language` among it, de, fr and en, else en"),
            ("Vary" = String, description = "`Accept-Language`: the page depends on it"),
        )),
    )
)]
#[get("/problems/{type}")]
pub async fn get_problem_type(
    req: HttpRequest,
    path: web::Path<String>,
    query: ValidQuery<ProblemPageQuery>,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let (slug, status, title, what) = TYPES
        .iter()
        .find(|(s, ..)| *s == slug)
        .ok_or_else(|| AppError::NotFound(format!("no problem type {slug:?}")))?;
    let lang = query.0.lang.unwrap_or_else(|| {
        i18n::negotiate(
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        )
    });
    let said = |table, key: &str, english: &'static str| {
        i18n::entry(table, key).map_or(english, |e| e.text(lang))
    };
    let title = said(i18n::PROBLEM_TEXTS, slug, title);
    let what = said(i18n::PAGES, slug, what);
    let status_line = i18n::entry(i18n::PROBLEM_TEXTS, "page_status").map_or_else(
        || format!("HTTP status {status}. Problem type /problems/{slug} (RFC 9457)."),
        |e| {
            i18n::fill(
                e.text(lang),
                &[
                    ("status", status.to_string()),
                    ("type", format!("/problems/{slug}")),
                ],
            )
        },
    );
    let status_line = escape(&status_line).replacen(
        &format!("/problems/{slug}"),
        &format!("<code>/problems/{slug}</code>"),
        1,
    );
    let body = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body><h1>{title}</h1>\n<p>{status_line}</p>\n<p>{}</p>\n</body></html>\n",
        escape(what),
        lang = lang.as_str(),
        title = escape(title),
    );
    let mut resp = HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(body);
    mark_language(resp.headers_mut(), lang);
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::TYPES;
    use crate::domain::i18n::{self, Language};
    use crate::error::AppError;

    #[test]
    fn every_problem_title_is_in_the_catalogue_in_four_languages() {
        for (slug, _, title, _) in TYPES {
            let entry = i18n::entry(i18n::PROBLEM_TEXTS, slug)
                .unwrap_or_else(|| panic!("no translated title for {slug}"));
            assert_eq!(entry.en, *title, "{slug}");
            for lang in Language::ALL {
                assert!(!entry.text(lang).is_empty(), "{slug} in {}", lang.as_str());
            }
        }
    }

    #[test]
    fn every_page_is_in_the_catalogue_in_four_languages() {
        assert_eq!(i18n::PAGES.len(), TYPES.len());
        for (slug, _, _, what) in TYPES {
            let entry = i18n::entry(i18n::PAGES, slug)
                .unwrap_or_else(|| panic!("no translated page for {slug}"));
            assert_eq!(entry.en, *what, "{slug}");
        }
    }

    #[test]
    fn every_problem_the_service_answers_has_its_page_with_its_title_and_status() {
        let every = [
            AppError::BadRequest {
                detail: String::new(),
                errors: Vec::new(),
            },
            AppError::Validation(Vec::new()),
            AppError::Unauthorized(String::new()),
            AppError::Forbidden(String::new()),
            AppError::NotFound(String::new()),
            AppError::Conflict {
                detail: String::new(),
                allowed: None,
                existing_id: None,
            },
            AppError::TooManyRemovals {
                would_remove: Vec::new(),
                allowed: 0,
            },
            AppError::PreconditionFailed(String::new()),
            AppError::PayloadTooLarge(0),
            AppError::UnsupportedMediaType(String::new()),
            AppError::NotAcceptable(String::new()),
            AppError::MethodNotAllowed(Vec::new()),
            AppError::TooManyRequests {
                retry_after_secs: 1,
                policy: None,
            },
            AppError::Unavailable(String::new()),
            AppError::Internal(String::new()),
        ];
        assert_eq!(every.len(), TYPES.len(), "one page per kind of problem");
        for e in every {
            let (slug, title) = e.slug_and_title();
            let page = TYPES.iter().find(|t| t.0 == slug);
            assert_eq!(
                page.map(|t| (t.1, t.2)),
                Some((e.status(), title)),
                "{slug}"
            );
        }
    }
}
