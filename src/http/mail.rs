//! Mail: the outbox for admins (`/admin/mail`), a person's notification settings
//! (`/me/notifications`), and the one-click unsubscribe link of every optional mail
//! (`/unsubscribe`, no login: the link's signed token is the proof).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::{ValidJson, ValidQuery};
use super::respond::{self, Page, PageRequest};
use crate::AppState;
use crate::app::mail::{outbox, settings};
use crate::domain::access::Principal;
use crate::domain::mail::{Language, MailKind, MailStatus, unsubscribe_page};
use crate::error::AppResult;
use crate::store::mail::{Filter, MailRow};

/// A mail of the outbox, without its bodies.
#[derive(Debug, Serialize, ToSchema)]
pub struct MailSummary {
    pub id: Uuid,
    pub kind: MailKind,
    #[schema(format = Email)]
    pub to_address: String,
    /// The account it is for; none for an address without one (an invitation).
    pub to_user_id: Option<Uuid>,
    pub language: Language,
    pub subject: String,
    pub status: MailStatus,
    /// Attempts made to send it.
    pub attempts: i32,
    /// When it is tried next (pending mail only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The SMTP server's answer to the last failed attempt.
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The file name of the attachment, if any.
    pub attachment_name: Option<String>,
}

/// A whole mail of the outbox: what was (or will be) sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct MailMessage {
    #[serde(flatten)]
    pub summary: MailSummary,
    pub text_body: String,
    pub html_body: String,
    /// The attachment's media type, such as `text/calendar; method=PUBLISH; charset=utf-8`.
    pub attachment_type: Option<String>,
    /// The attachment (text: an iCalendar file).
    pub attachment: Option<String>,
    /// The one-click unsubscribe link (`List-Unsubscribe`); none for mail about the account
    /// itself.
    pub unsubscribe_url: Option<String>,
}

fn to_summary(row: &MailRow) -> AppResult<MailSummary> {
    Ok(MailSummary {
        id: row.id,
        kind: row.kind,
        to_address: row.to_address.clone(),
        to_user_id: row.to_user_id,
        language: row.language,
        subject: row.subject.clone(),
        status: row.status,
        attempts: row.attempts,
        next_attempt_at: (row.status == MailStatus::Pending).then(|| row.next_attempt_at.and_utc()),
        last_error: row.last_error.clone(),
        sent_at: row.sent_at.map(|t| t.and_utc()),
        created_at: row.created_at.and_utc(),
        attachment_name: row.attachment_name.clone(),
    })
}

fn to_message(row: MailRow) -> AppResult<MailMessage> {
    Ok(MailMessage {
        summary: to_summary(&row)?,
        text_body: row.text_body,
        html_body: row.html_body,
        attachment_type: row.attachment_type,
        attachment: row.attachment,
        unsubscribe_url: row.unsubscribe_url,
    })
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MailListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    pub status: Option<MailStatus>,
    pub kind: Option<MailKind>,
    /// The recipient's address (case does not matter).
    #[validate(length(max = 254))]
    #[param(max_length = 254)]
    pub to: Option<String>,
}

/// The mail outbox, oldest first (admins): what was sent, what waits (all of it when no
/// SMTP server is configured) and what was given up, with the SMTP server's last answer.
#[utoipa::path(
    tag = "mail",
    params(MailListQuery),
    responses(
        (status = 200, description = "A page of mails", body = Page<MailSummary>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))),
        (status = 403, description = "Not an admin"),
    )
)]
#[get("/admin/mail")]
pub async fn list_mail(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<MailListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let filter = Filter {
        status: q.status,
        kind: q.kind,
        to: q.to.filter(|t| !t.trim().is_empty()),
        to_user_id: None,
    };
    let rows = outbox::list(
        &state.db,
        &caller,
        filter,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(rows, &page, |r| r.id.to_string(), |r| to_summary(&r))?;
    respond::page(&req, &page)
}

/// One mail with its text and HTML bodies and its attachment (admins).
#[utoipa::path(
    tag = "mail",
    params(("id" = Uuid, Path, description = "Mail id")),
    responses(
        (status = 200, description = "The mail", body = MailMessage, headers(("ETag" = String))),
        (status = 403, description = "Not an admin"),
    )
)]
#[get("/admin/mail/{id}")]
pub async fn get_mail(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let row = outbox::get(&state.db, &caller, id.into_inner()).await?;
    respond::ok(&req, &to_message(row)?)
}

/// Send a failed mail again, now (admins): it gets one more attempt. A pending mail is
/// queued already and stays as it is.
#[utoipa::path(
    tag = "mail",
    params(("id" = Uuid, Path, description = "Mail id")),
    responses(
        (status = 200, description = "Queued again", body = MailSummary),
        (status = 403, description = "Not an admin"),
        (status = 409, description = "The mail was sent already"),
    )
)]
#[post("/admin/mail/{id}/retry")]
pub async fn retry_mail(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let row = outbox::retry(&state.db, &caller, id.into_inner()).await?;
    respond::ok(&req, &to_summary(&row)?)
}

/// One kind of mail and whether the caller receives it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationKind {
    pub kind: MailKind,
    pub receive: bool,
    /// False for mail about the account itself (invitation, password reset, e-mail
    /// verification), which is always sent.
    pub can_mute: bool,
}

/// The kinds of mail the caller receives.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationSettings {
    /// The kinds the caller turned off.
    pub muted: Vec<MailKind>,
    /// Every kind of mail, whether the caller receives it and whether it can be turned off.
    pub kinds: Vec<NotificationKind>,
}

fn notification_settings(muted: Vec<MailKind>) -> NotificationSettings {
    NotificationSettings {
        kinds: MailKind::ALL
            .into_iter()
            .map(|kind| NotificationKind {
                kind,
                receive: !muted.contains(&kind),
                can_mute: !kind.is_transactional(),
            })
            .collect(),
        muted,
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"muted": ["meeting_request_received", "event_reminder"]}))]
pub struct NotificationsInput {
    /// Exactly the kinds of mail not to receive (the others are received). Mail about the
    /// account itself cannot be turned off.
    #[validate(length(max = 12))]
    #[schema(max_items = 12)]
    pub muted: Vec<MailKind>,
}

/// The kinds of mail the signed-in user receives, and those they turned off.
#[utoipa::path(
    tag = "mail",
    responses((status = 200, description = "The caller's settings", body = NotificationSettings, headers(("ETag" = String))))
)]
#[get("/me/notifications")]
pub async fn get_my_notifications(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
) -> AppResult<HttpResponse> {
    let muted = settings::muted(&state.db, caller).await?;
    respond::ok(&req, &notification_settings(muted))
}

/// Set which kinds of mail the signed-in user does not receive.
#[utoipa::path(
    tag = "mail",
    request_body = NotificationsInput,
    responses(
        (status = 200, description = "The caller's settings", body = NotificationSettings, headers(("ETag" = String))),
        (status = 422, description = "A kind that cannot be turned off, or not a kind of mail"),
    )
)]
#[put("/me/notifications")]
pub async fn put_my_notifications(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<NotificationsInput>,
) -> AppResult<HttpResponse> {
    let muted = settings::set_muted(&state.db, caller, body.0.muted).await?;
    respond::ok(&req, &notification_settings(muted))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeQuery {
    /// The token of the mail's unsubscribe link.
    #[validate(length(min = 1, max = 200))]
    #[param(min_length = 1, max_length = 200)]
    pub token: String,
}

/// The answer of a one-click unsubscribe.
#[derive(Debug, Serialize, ToSchema)]
pub struct Unsubscribed {
    pub kind: MailKind,
    /// Always false: this kind is no longer sent to the person.
    pub receive: bool,
}

/// Whether the client wants a page (a browser) rather than JSON.
fn wants_html(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
}

/// The page may post its own form; nothing else.
const PAGE_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

fn page(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, PAGE_CSP))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

/// The page behind an unsubscribe link: asks whether to stop that kind of mail, in the
/// person's language, with a button. Opening it changes nothing (mail scanners open links);
/// the button (or a mail client's one-click POST) does. No login.
#[utoipa::path(
    tag = "mail",
    params(UnsubscribeQuery),
    responses(
        (status = 200, description = "The confirmation page", content((String = "text/html"))),
        (status = 400, description = "Not a valid unsubscribe link"),
    ),
)]
#[get("/unsubscribe")]
pub async fn get_unsubscribe(
    state: web::Data<AppState>,
    query: ValidQuery<UnsubscribeQuery>,
) -> AppResult<HttpResponse> {
    let found = settings::check_unsubscribe(&state.db, query.0.token).await?;
    Ok(page(unsubscribe_page(
        found.kind,
        found.language,
        !found.receiving,
    )))
}

/// One-click unsubscribe (RFC 8058): stops the kind of mail the link names for the person
/// it names. Mail clients post `List-Unsubscribe=One-Click`; the body is not needed. No
/// login: the signed token is the proof. Repeating it is no error. Answers a page to
/// browsers (`Accept: text/html`), JSON otherwise.
#[utoipa::path(
    tag = "mail",
    params(UnsubscribeQuery),
    responses(
        (status = 200, description = "That kind of mail is no longer sent", content(
            (Unsubscribed = "application/json"),
            (String = "text/html"),
        )),
        (status = 400, description = "Not a valid unsubscribe link"),
    ),
)]
#[post("/unsubscribe")]
pub async fn post_unsubscribe(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: ValidQuery<UnsubscribeQuery>,
) -> AppResult<HttpResponse> {
    let done = settings::unsubscribe(&state.db, query.0.token).await?;
    if wants_html(&req) {
        return Ok(page(unsubscribe_page(done.kind, done.language, true)));
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Unsubscribed {
            kind: done.kind,
            receive: false,
        }))
}
