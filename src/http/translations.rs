//! `/members/{id}/translations/{lang}` and `/events/{id}/translations/{lang}`: the text of a
//! company's profile or of an event in one of the four languages, beside the original.
//!
//! Reads of the objects take `lang` to answer in a language; they never translate by
//! `Accept-Language`: a frontend that GETs with its browser's language and PUTs back what it
//! read would otherwise overwrite the original with a translation. Translations are written
//! here only, one language at a time.

use actix_web::{HttpRequest, HttpResponse, delete, get, put, web};
use uuid::Uuid;

use super::extract::{IfMatch, ValidJson};
use super::respond;
use crate::AppState;
use crate::app::translations::{self, Change, Event, FieldsOf, Member, Translated};
use crate::app::{events, members};
use crate::domain::access::Principal;
use crate::domain::translation::{EventText, Language, MemberText, Translations};
use crate::error::{AppError, AppResult};
use crate::http::principal::SignedIn;

/// `If-Match` against the translation as it is now; a translation that does not exist yet
/// matches only when the header is absent.
fn check_if_match<T: serde::Serialize>(if_match: &IfMatch, current: Option<&T>) -> AppResult<()> {
    match current {
        Some(t) => if_match.check(&respond::etag_of(t)?),
        None if if_match.0.is_none() => Ok(()),
        None => Err(AppError::PreconditionFailed(
            "If-Match names a version, but there is no translation into this language yet; send the request without If-Match".into(),
        )),
    }
}

/// Writes or removes one language of a `T` with `If-Match` checked against the translation
/// as it is now.
async fn write<T: Translated>(
    state: &AppState,
    caller: Principal,
    id: Uuid,
    lang: Language,
    if_match: IfMatch,
    change: Change<FieldsOf<T>>,
) -> AppResult<T::Row>
where
    FieldsOf<T>: serde::Serialize + Send,
{
    translations::write::<T>(
        &state.db,
        caller,
        id,
        lang,
        move |current| check_if_match(&if_match, current),
        change,
    )
    .await
}

/// The translation into `lang` with its ETag and `Content-Language`; 404 when there is none.
fn answer<T: serde::Serialize>(
    req: &HttpRequest,
    text: Option<&T>,
    what: &str,
    lang: Language,
) -> AppResult<HttpResponse> {
    let text = text.ok_or_else(|| {
        AppError::NotFound(format!("{what} has no translation into {}", lang.as_str()))
    })?;
    Ok(respond::content_language(
        respond::ok(req, text)?,
        Some(lang),
    ))
}

/// A member company's text in one language.
#[utoipa::path(
    tag = "members",
    params(
        ("id" = Uuid, Path, description = "Member company id"),
        ("lang" = Language, Path, description = "it, de, fr or en"),
    ),
    responses(
        (status = 200, description = "The translated fields (the others read as the original)", body = MemberText, headers(("ETag" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, description = "No such member, or no translation into this language"),
    )
)]
#[get("/members/{id}/translations/{lang}")]
pub async fn get_member_translation(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: SignedIn,
    path: web::Path<(Uuid, Language)>,
) -> AppResult<HttpResponse> {
    let (id, lang) = path.into_inner();
    let row = members::get(&state.db, who.0, id).await?;
    answer(&req, row.translations.get(lang), Member::WHAT, lang)
}

/// Write a member company's text in one language (its editors, its cluster's managers,
/// admins), replacing that language's translation: fields left out read as the original.
/// Core business, notes and projects are translated, with the originals' limits; names,
/// places and tags are the same in every language. Not in the original's own language
/// (`original_language`): edit the profile itself for that.
#[utoipa::path(
    tag = "members",
    params(
        ("id" = Uuid, Path, description = "Member company id"),
        ("lang" = Language, Path, description = "it, de, fr or en"),
        ("If-Match" = Option<String>, Header, description = "ETag of the translation from a previous GET or PUT; 412 if it changed since (leave out to write a first translation)"),
    ),
    request_body = MemberText,
    responses(
        (status = 200, description = "The translation as stored; the member's version and ETag move on", body = MemberText, headers(("ETag" = String))),
        (status = 403, description = "Not an editor of this member company"),
        (status = 422, description = "A field breaks its rule, no field is given, an unknown field is sent, or `lang` is the original's language"),
    )
)]
#[put("/members/{id}/translations/{lang}")]
pub async fn put_member_translation(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Language)>,
    if_match: IfMatch,
    body: ValidJson<MemberText>,
) -> AppResult<HttpResponse> {
    let (id, lang) = path.into_inner();
    let row = write::<Member>(&state, caller, id, lang, if_match, Change::Put(body.0)).await?;
    answer(&req, row.translations.get(lang), Member::WHAT, lang)
}

/// Remove a member company's translation into one language (who may edit the company).
#[utoipa::path(
    tag = "members",
    params(
        ("id" = Uuid, Path, description = "Member company id"),
        ("lang" = Language, Path, description = "it, de, fr or en"),
        ("If-Match" = Option<String>, Header, description = "ETag of the translation; 412 if it changed since"),
    ),
    responses(
        (status = 204, description = "Removed; readers of that language read the original"),
        (status = 403, description = "Not an editor of this member company"),
        (status = 404, description = "No such member, or no translation into this language"),
    )
)]
#[delete("/members/{id}/translations/{lang}")]
pub async fn delete_member_translation(
    state: web::Data<AppState>,
    caller: Principal,
    path: web::Path<(Uuid, Language)>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let (id, lang) = path.into_inner();
    write::<Member>(&state, caller, id, lang, if_match, Change::Delete).await?;
    Ok(respond::no_content())
}

/// An event's text in one language.
#[utoipa::path(
    tag = "events",
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("lang" = Language, Path, description = "it, de, fr or en"),
    ),
    responses(
        (status = 200, description = "The translated fields (the others read as the original)", body = EventText, headers(("ETag" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, description = "No such event (drafts are their organisers'), or no translation into this language"),
    )
)]
#[get("/events/{id}/translations/{lang}")]
pub async fn get_event_translation(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Language)>,
) -> AppResult<HttpResponse> {
    let (id, lang) = path.into_inner();
    let record = events::get(&state.db, caller, id).await?;
    answer(&req, record.row.translations.get(lang), Event::WHAT, lang)
}

/// Write an event's title, description and transport in one language (the host cluster's
/// managers, admins; while the event may be edited), replacing that language's translation:
/// fields left out read as the original. Not in the original's own language.
#[utoipa::path(
    tag = "events",
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("lang" = Language, Path, description = "it, de, fr or en"),
        ("If-Match" = Option<String>, Header, description = "ETag of the translation from a previous GET or PUT; 412 if it changed since (leave out to write a first translation)"),
    ),
    request_body = EventText,
    responses(
        (status = 200, description = "The translation as stored; the event's version and ETag move on", body = EventText, headers(("ETag" = String))),
        (status = 403, description = "Not a manager of the host cluster"),
        (status = 409, description = "The event is closed or cancelled"),
        (status = 422, description = "A field breaks its rule, no field is given, an unknown field is sent, or `lang` is the original's language"),
    )
)]
#[put("/events/{id}/translations/{lang}")]
pub async fn put_event_translation(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Language)>,
    if_match: IfMatch,
    body: ValidJson<EventText>,
) -> AppResult<HttpResponse> {
    let (id, lang) = path.into_inner();
    let record = write::<Event>(&state, caller, id, lang, if_match, Change::Put(body.0)).await?;
    answer(&req, record.row.translations.get(lang), Event::WHAT, lang)
}

/// Remove an event's translation into one language (the host cluster's managers, admins).
#[utoipa::path(
    tag = "events",
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("lang" = Language, Path, description = "it, de, fr or en"),
        ("If-Match" = Option<String>, Header, description = "ETag of the translation; 412 if it changed since"),
    ),
    responses(
        (status = 204, description = "Removed; readers of that language read the original"),
        (status = 403, description = "Not a manager of the host cluster"),
        (status = 404, description = "No such event, or no translation into this language"),
        (status = 409, description = "The event is closed or cancelled"),
    )
)]
#[delete("/events/{id}/translations/{lang}")]
pub async fn delete_event_translation(
    state: web::Data<AppState>,
    caller: Principal,
    path: web::Path<(Uuid, Language)>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let (id, lang) = path.into_inner();
    write::<Event>(&state, caller, id, lang, if_match, Change::Delete).await?;
    Ok(respond::no_content())
}
