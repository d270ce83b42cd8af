//! `/webhooks`: subscriptions of a cluster to change events, and their deliveries.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::{IfMatch, ValidJson, ValidQuery};
use super::respond::{self, Page, PageRequest};
use crate::AppState;
use crate::app::edit;
use crate::app::webhooks::{self as app, WebhookChange, WebhookRequest};
use crate::domain::access::Principal;
use crate::error::{AppError, AppResult};
use crate::store::outbox::{DeliveryRow, WebhookRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum EventType {
    #[serde(rename = "member.created")]
    MemberCreated,
    #[serde(rename = "member.updated")]
    MemberUpdated,
    #[serde(rename = "member.removed")]
    MemberRemoved,
    /// A contact person was added (also when their company was restored). The payload has
    /// `share_consent`: receivers that keep only consenting people check it.
    #[serde(rename = "contact.created")]
    ContactCreated,
    /// A contact person changed, their consent to sharing included.
    #[serde(rename = "contact.updated")]
    ContactUpdated,
    /// A contact person was deleted or erased, or their company removed.
    #[serde(rename = "contact.removed")]
    ContactRemoved,
    #[serde(rename = "registration.created")]
    RegistrationCreated,
    /// A registration was cancelled (by its company, or because the company was removed).
    #[serde(rename = "registration.cancelled")]
    RegistrationCancelled,
    /// A registration changed status otherwise: approved, waitlisted, promoted from the
    /// waiting list, declined. The payload has the new `status`.
    #[serde(rename = "registration.status_changed")]
    RegistrationStatusChanged,
    #[serde(rename = "partnership_request.status_changed")]
    PartnershipRequestStatusChanged,
    /// A 1:1 meeting request on an event day was made, or changed status (also when it
    /// became mutual).
    #[serde(rename = "meeting_request.changed")]
    MeetingRequestChanged,
    /// An event was created, changed (its status included) or deleted (`deleted: true`).
    #[serde(rename = "event.changed")]
    EventChanged,
    /// A trade-statistics note was published.
    #[serde(rename = "trade_note.published")]
    TradeNotePublished,
    /// An event's meeting schedule was published: attendees can fetch their own.
    #[serde(rename = "schedule.published")]
    SchedulePublished,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Webhook {
    pub id: Uuid,
    pub cluster_id: Uuid,
    pub url: String,
    pub event_types: Vec<EventType>,
    /// Paused webhooks keep their deliveries queued but do not send.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn to_webhook(row: WebhookRow) -> AppResult<Webhook> {
    Ok(Webhook {
        id: row.id,
        cluster_id: row.cluster_id,
        event_types: serde_json::from_str(&row.event_types).map_err(AppError::internal)?,
        url: row.url,
        active: row.active,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "cluster_id": "0193a5c8-7d1e-7c3a-9b1e-000000000001",
    "url": "https://portal.lombardia-aerospace.example/hooks/c2c",
    "event_types": ["member.created", "member.updated", "member.removed"],
    "secret": "a long shared secret for the signatures"
}))]
pub struct WebhookInput {
    pub cluster_id: Uuid,
    #[validate(length(max = 500))]
    #[schema(max_length = 500, format = Uri)]
    pub url: String,
    #[validate(length(min = 1, max = 10))]
    #[schema(min_items = 1, max_items = 10)]
    pub event_types: Vec<EventType>,
    /// Shared secret for the `X-C2C-Signature` HMAC; never shown again.
    #[validate(length(min = 16, max = 200))]
    #[schema(min_length = 16, max_length = 200, format = Password)]
    pub secret: String,
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookPatch {
    #[serde(default, deserialize_with = "super::present")]
    #[validate(length(max = 500))]
    #[schema(nullable = false, max_length = 500, format = Uri)]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[validate(length(min = 1, max = 10))]
    #[schema(nullable = false, min_items = 1, max_items = 10)]
    pub event_types: Option<Vec<EventType>>,
    #[serde(default, deserialize_with = "super::present")]
    #[validate(length(min = 16, max = 200))]
    #[schema(nullable = false, min_length = 16, max_length = 200, format = Password)]
    pub secret: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub active: Option<bool>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Delivery {
    /// Also sent as `X-C2C-Delivery`: receivers deduplicate on it.
    pub id: Uuid,
    pub webhook_id: Uuid,
    pub event_type: String,
    /// `pending`, `delivered` or `failed` (given up after the last retry).
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    /// The JSON body that is (or was) sent.
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

fn to_delivery(row: DeliveryRow) -> AppResult<Delivery> {
    Ok(Delivery {
        id: row.id,
        webhook_id: row.webhook_id,
        payload: serde_json::from_str(&row.payload).map_err(AppError::internal)?,
        event_type: row.event_type,
        status: row.status,
        attempts: row.attempts,
        next_attempt_at: row.next_attempt_at.and_utc(),
        last_status_code: row.last_status_code,
        last_error: row.last_error,
        created_at: row.created_at.and_utc(),
        delivered_at: row.delivered_at.map(|d| d.and_utc()),
    })
}

fn check_url(state: &AppState, url: &str) -> AppResult<()> {
    crate::workers::webhooks::check_target(url, state.config.webhooks_allow_private)
        .map_err(crate::workers::webhooks::target_error)
}

/// Subscribe a URL to a cluster's events (its managers and admins). Deliveries are signed
/// with HMAC-SHA256 (`X-C2C-Signature: sha256=<hex>` over `"<X-C2C-Timestamp>.<body>"`),
/// retried with exponential backoff, and carry `X-C2C-Delivery` for deduplication.
#[utoipa::path(
    tag = "webhooks",
    request_body = WebhookInput,
    responses(
        (status = 201, description = "Subscribed", body = Webhook, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not a manager of this cluster"),
    )
)]
#[post("/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<WebhookInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let types = serde_json::to_string(&input.event_types).map_err(AppError::internal)?;
    let row = app::create(
        &state.db,
        &caller,
        WebhookRequest {
            cluster_id: input.cluster_id,
            url: input.url,
            event_types: types,
            secret: input.secret,
        },
        |url| check_url(&state, url),
    )
    .await?;
    let hook = to_webhook(row)?;
    respond::created(&req, format!("/api/v1/webhooks/{}", hook.id), &hook)
}

/// Webhooks of the clusters the caller manages.
#[utoipa::path(
    tag = "webhooks",
    params(PageQuery),
    responses((status = 200, description = "A page of webhooks", body = Page<Webhook>, headers(("ETag" = String))))
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<PageQuery>,
) -> AppResult<HttpResponse> {
    let page = PageRequest::new(query.0.limit, query.0.cursor.as_deref())?;
    let rows = app::list(
        &state.db,
        &caller,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(rows, &page, |r| r.id.to_string(), to_webhook)?;
    respond::page(&req, &page)
}

/// One webhook (never its secret).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses((status = 200, description = "The webhook", body = Webhook, headers(("ETag" = String))))
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let row = app::get(&state.db, caller, id).await?;
    respond::ok(&req, &to_webhook(row)?)
}

/// Change the URL, the event types, the secret, or pause it.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET")),
    request_body(content = WebhookPatch, content_type = "application/json"),
    responses((status = 200, description = "Updated", body = Webhook, headers(("ETag" = String))))
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<WebhookPatch>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let patch = body.0;
    if let Some(url) = &patch.url {
        check_url(&state, url)?;
    }
    let row = edit::update::<app::Webhook, _, _>(
        &state.db,
        caller,
        id,
        move |row: &WebhookRow| if_match.check(&respond::etag_of(&to_webhook(row.clone())?)?),
        move |current: &WebhookRow| {
            let event_types = match &patch.event_types {
                Some(t) => serde_json::to_string(t).map_err(AppError::internal)?,
                None => current.event_types.clone(),
            };
            Ok(WebhookChange {
                url: patch.url.unwrap_or_else(|| current.url.clone()),
                event_types,
                active: patch.active.unwrap_or(current.active),
                secret: patch.secret,
            })
        },
    )
    .await?;
    respond::ok(&req, &to_webhook(row)?)
}

/// Unsubscribe; queued deliveries go with it.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    app::delete(&state.db, caller, id.into_inner()).await?;
    Ok(respond::no_content())
}

/// Delivery attempts of a webhook, oldest first.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id"), PageQuery),
    responses((status = 200, description = "A page of deliveries", body = Page<Delivery>, headers(("ETag" = String))))
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<PageQuery>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let page = PageRequest::new(query.0.limit, query.0.cursor.as_deref())?;
    let rows = app::deliveries(
        &state.db,
        caller,
        id,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(rows, &page, |r| r.id.to_string(), to_delivery)?;
    respond::page(&req, &page)
}

/// Send a delivery again now (after fixing the receiver, say).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id"), ("delivery_id" = Uuid, Path, description = "Delivery id")),
    responses(
        (status = 200, description = "Queued again", body = Delivery),
        (status = 409, description = "Already delivered"),
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/retry")]
pub async fn retry_delivery(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (id, delivery_id) = path.into_inner();
    let row = app::retry_delivery(&state.db, caller, id, delivery_id).await?;
    respond::ok(&req, &to_delivery(row)?)
}
