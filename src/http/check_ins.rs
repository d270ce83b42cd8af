//! `/events/{id}/check-ins`: organisers (and their scanners' API keys with `events:checkin`)
//! check people in by the code on their badge, one scan at a time or in offline batches.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::{SizedJson, ValidJson, ValidQuery};
use super::respond::{self, Page, PageRequest};
use crate::AppState;
use crate::app::check_ins::{self as check_ins, BatchResult, CheckInView};
use crate::domain::access::Principal;
use crate::domain::check_in::{MAX_BATCH_BODY_BYTES, MAX_BATCH_ITEMS, ScanOutcome};
use crate::error::AppResult;

/// A person checked in at an event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckIn {
    pub id: Uuid,
    pub event_id: Uuid,
    pub registration_id: Uuid,
    pub member_id: Uuid,
    pub cluster_id: Uuid,
    /// The company's legal name.
    pub company: String,
    /// The person; `null`, like their name, when the contact rule hides them from the caller
    /// (a person who did not consent to sharing, of a company the caller does not edit or
    /// manage): the check-in still counts.
    pub contact_id: Option<Uuid>,
    pub name: Option<String>,
    /// When the code was scanned (the earliest scan when there were several).
    pub scanned_at: DateTime<Utc>,
    /// When the service recorded the check-in.
    pub created_at: DateTime<Utc>,
}

impl CheckIn {
    pub fn from_view(v: CheckInView) -> CheckIn {
        CheckIn {
            id: v.row.id,
            event_id: v.row.event_id,
            registration_id: v.row.registration_id,
            member_id: v.member_id,
            cluster_id: v.cluster_id,
            company: v.company,
            // The name is there exactly when the contact rule lets the caller see the person.
            contact_id: v.name.is_some().then_some(v.row.contact_id),
            name: v.name,
            scanned_at: v.row.scanned_at.and_utc(),
            created_at: v.row.created_at.and_utc(),
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "q9Xc2kT0bR7mWv4sYh1e"}))]
pub struct CheckInInput {
    /// The code on the person's badge.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub code: String,
    /// When the code was scanned (default: now). Not in the future (two minutes of clock
    /// skew are allowed), nor more than a day before the event was created.
    #[serde(default)]
    pub scanned_at: Option<DateTime<Utc>>,
}

/// Check a person in by their badge's code (the organisers running the day; API keys with
/// `events:checkin` of such a cluster). 201 the first time; 200 with the same check-in when
/// they are checked in already (an earlier `scanned_at` replaces a later one). Published or
/// closed events only.
#[utoipa::path(
    tag = "check-ins",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = CheckInInput,
    responses(
        (status = 201, description = "Checked in", body = CheckIn, headers(("Location" = String), ("ETag" = String))),
        (status = 200, description = "Checked in already: the existing check-in", body = CheckIn, headers(("ETag" = String))),
        (status = 403, description = "Not running this event's day"),
        (status = 409, description = "The event takes no check-ins (draft, cancelled), the person's registration is cancelled, or they no longer attend"),
        (status = 422, description = "No attendee of this event has the code, or `scanned_at` lies in the future or more than a day before the event was created"),
    )
)]
#[post("/events/{id}/check-ins")]
pub async fn create_check_in(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    body: ValidJson<CheckInInput>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let input = body.0;
    let (view, created) = check_ins::check_in(
        &state.db,
        caller,
        event_id,
        input.code,
        input.scanned_at.map(|t| t.naive_utc()),
    )
    .await?;
    let check_in = CheckIn::from_view(view);
    if created {
        respond::created(
            &req,
            format!("/api/v1/events/{event_id}/check-ins/{}", check_in.id),
            &check_in,
        )
    } else {
        respond::ok(&req, &check_in)
    }
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchScan {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub code: String,
    /// When the scanner read the code (not in the future, nor more than a day before the
    /// event was created).
    pub scanned_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"items": [
    {"code": "q9Xc2kT0bR7mWv4sYh1e", "scanned_at": "2030-05-14T07:41:09Z"},
    {"code": "Zt3pL0aQw8Ee5rUy7iOp", "scanned_at": "2030-05-14T07:42:30Z"}
]}))]
pub struct CheckInBatchInput {
    /// Scans in any order; the same code may appear more than once.
    #[validate(length(min = 1, max = MAX_BATCH_ITEMS), nested)]
    #[schema(min_items = 1, max_items = 500)]
    pub items: Vec<BatchScan>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchItemResult {
    pub code: String,
    /// `created` (checked in by this batch), `already` (checked in before, or earlier in
    /// the batch), `unknown` (no attendee of this event has the code), `cancelled` (their
    /// registration is), `not_attending` (no longer among their company's attendees).
    pub status: ScanOutcome,
    /// The person's check-in as the whole batch left it, for `created` and `already`.
    pub check_in: Option<CheckIn>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckInBatchResult {
    /// One result per scan, in the order sent.
    pub items: Vec<BatchItemResult>,
    pub created: usize,
    pub already: usize,
    /// Scans that checked nobody in (unknown, cancelled, not attending).
    pub refused: usize,
}

impl CheckInBatchResult {
    fn from_results(results: Vec<BatchResult>) -> CheckInBatchResult {
        let count = |o: ScanOutcome| results.iter().filter(|r| r.outcome == o).count();
        let (created, already) = (count(ScanOutcome::Created), count(ScanOutcome::Already));
        let refused = results.len() - created - already;
        CheckInBatchResult {
            created,
            already,
            refused,
            items: results
                .into_iter()
                .map(|r| BatchItemResult {
                    code: r.code,
                    status: r.outcome,
                    check_in: r.check_in.map(CheckIn::from_view),
                })
                .collect(),
        }
    }
}

/// Scans from an offline scanner, stored in one transaction and answered per scan. A person
/// scanned several times keeps the earliest scan time. At most 500 scans and 128 KiB per
/// batch (413 beyond the size); a `scanned_at` in the future refuses the whole batch (422
/// naming each such scan) before anything is stored.
#[utoipa::path(
    tag = "check-ins",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = CheckInBatchInput,
    responses(
        (status = 200, description = "Each scan's outcome", body = CheckInBatchResult),
        (status = 403, description = "Not running this event's day"),
        (status = 409, description = "The event takes no check-ins (draft, cancelled)"),
        (status = 413, description = "The body is larger than 128 KiB"),
        (status = 422, description = "More than 500 scans, or a scan time in the future"),
    )
)]
#[post("/events/{id}/check-ins/batch")]
pub async fn create_check_in_batch(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    body: SizedJson<CheckInBatchInput, MAX_BATCH_BODY_BYTES>,
) -> AppResult<HttpResponse> {
    let items = body
        .0
        .items
        .into_iter()
        .map(|s| (s.code, s.scanned_at.naive_utc()))
        .collect();
    let results = check_ins::check_in_batch(&state.db, caller, id.into_inner(), items).await?;
    respond::ok(&req, &CheckInBatchResult::from_results(results))
}

/// Undo a check-in (a wrong scan): the person is no longer checked in, and may be again.
#[utoipa::path(
    tag = "check-ins",
    params(("id" = Uuid, Path, description = "Event id"), ("check_in_id" = Uuid, Path, description = "Check-in id")),
    responses(
        (status = 204, description = "Undone"),
        (status = 403, description = "Not running this event's day"),
        (status = 409, description = "The event takes no check-ins (draft, cancelled)"),
    )
)]
#[delete("/events/{id}/check-ins/{check_in_id}")]
pub async fn delete_check_in(
    state: web::Data<AppState>,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, check_in_id) = path.into_inner();
    check_ins::undo(&state.db, caller, event_id, check_in_id).await?;
    Ok(respond::no_content())
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CheckInListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The event's check-ins in the order they were recorded (the organisers running the day).
#[utoipa::path(
    tag = "check-ins",
    params(("id" = Uuid, Path, description = "Event id"), CheckInListQuery),
    responses(
        (status = 200, description = "A page of check-ins", body = Page<CheckIn>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))),
        (status = 403, description = "Not running this event's day"),
    )
)]
#[get("/events/{id}/check-ins")]
pub async fn list_check_ins(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<CheckInListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let rows = check_ins::list(
        &state.db,
        caller,
        id.into_inner(),
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(
        rows,
        &page,
        |v| v.row.id.to_string(),
        |v| Ok(CheckIn::from_view(v)),
    )?;
    respond::page(&req, &page)
}
