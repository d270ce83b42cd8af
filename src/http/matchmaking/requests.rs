//! 1:1 meeting requests between attendees: asking, answering, locking into a slot.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::AppState;
use crate::app::matchmaking::requests::{self as app, RequestQuery, RequestRecord};
use crate::domain::access::Principal;
use crate::domain::matchmaking::{MeetingRequestStatus, RequestAction, Slot};
use crate::error::AppResult;
use crate::http::extract::{ValidJson, ValidQuery};
use crate::http::respond::{self, Page, PageRequest};

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingRequest {
    pub id: Uuid,
    pub event_id: Uuid,
    pub requester_registration_id: Uuid,
    pub recipient_registration_id: Uuid,
    /// Both companies asked for this meeting.
    pub mutual: bool,
    pub status: MeetingRequestStatus,
    pub message: String,
    /// Set by the organiser: the scheduler keeps the meeting here.
    pub locked: Option<MeetingLock>,
    /// The requesting company's attendees named for this meeting (those the caller may see,
    /// by the contact rule); `null`: none named, all its attendees take part.
    pub requester_attendee_ids: Option<Vec<Uuid>>,
    /// The same for the company asked.
    pub recipient_attendee_ids: Option<Vec<Uuid>>,
    /// An online meeting's video link (set by either company or the host).
    pub video_url: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingLock {
    /// The slot's number now; none when the sessions changed and no slot starts then.
    pub slot: Option<usize>,
    pub starts_at: DateTime<Utc>,
    pub table: Option<i32>,
}

pub(super) fn to_request(record: RequestRecord, all: &[Slot]) -> AppResult<MeetingRequest> {
    let RequestRecord {
        row,
        requester_attendees,
        recipient_attendees,
    } = record;
    let locked = row.locked_starts_at.map(|at| MeetingLock {
        slot: all
            .iter()
            .find(|s| s.starts_at.naive_utc() == at)
            .map(|s| s.index),
        starts_at: at.and_utc(),
        table: row.locked_table,
    });
    Ok(MeetingRequest {
        id: row.id,
        event_id: row.event_id,
        requester_registration_id: row.requester_registration_id,
        recipient_registration_id: row.recipient_registration_id,
        mutual: row.mutual,
        status: row.status,
        message: row.message,
        locked,
        requester_attendee_ids: requester_attendees,
        recipient_attendee_ids: recipient_attendees,
        video_url: row.video_url,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "requester_registration_id": "0193a5c8-7d1e-7c3a-9b1e-000000000001",
    "recipient_registration_id": "0193a5c8-7d1e-7c3a-9b1e-000000000002",
    "message": "We would like to discuss EMC testing of our door frames."
}))]
pub struct MeetingRequestInput {
    /// The registration of the company asking (one the caller edits, unless an organiser asks).
    pub requester_registration_id: Uuid,
    pub recipient_registration_id: Uuid,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub message: String,
    /// Who of the requesting company's attendees take part (contact ids of its
    /// registration's attendees); left out or empty: all of them.
    #[serde(default)]
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub requester_attendee_ids: Vec<Uuid>,
}

/// Ask another attendee for a 1:1 meeting. If they already asked the caller's company, their
/// request becomes mutual (and accepted) instead: 200 with that request.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = MeetingRequestInput,
    responses(
        (status = 201, description = "Created", body = MeetingRequest, headers(("Location" = String), ("ETag" = String))),
        (status = 200, description = "The other side had asked already: their request, now mutual", body = MeetingRequest, headers(("ETag" = String))),
        (status = 409, description = "Already requested, or the event is not open for it"),
    )
)]
#[post("/events/{id}/meeting-requests")]
pub async fn create_meeting_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    body: ValidJson<MeetingRequestInput>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let input = body.0;
    let ((row, all), created) = app::create(
        &state.db,
        caller,
        event_id,
        input.requester_registration_id,
        input.recipient_registration_id,
        input.message,
        input.requester_attendee_ids,
    )
    .await?;
    let request = to_request(row, &all)?;
    if created {
        respond::created(
            &req,
            format!("/api/v1/events/{event_id}/meeting-requests/{}", request.id),
            &request,
        )
    } else {
        respond::ok(&req, &request)
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MeetingRequestListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only requests this registration made or received.
    pub registration_id: Option<Uuid>,
    pub status: Option<MeetingRequestStatus>,
}

/// Meeting requests of the event: all of them for organisers, else those of the companies the
/// caller edits.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), MeetingRequestListQuery),
    responses((status = 200, description = "A page of meeting requests", body = Page<MeetingRequest>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page")))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/meeting-requests")]
pub async fn list_meeting_requests(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<MeetingRequestListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let filter = RequestQuery {
        registration_id: q.registration_id,
        status: q.status,
    };
    let (rows, all) = app::list(
        &state.db,
        caller,
        id.into_inner(),
        filter,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let (rows, next_cursor) = page.cut(rows, |r| r.row.id.to_string());
    let page = Page {
        items: rows
            .into_iter()
            .map(|r| to_request(r, &all))
            .collect::<AppResult<_>>()?,
        next_cursor,
    };
    respond::page(&req, &page)
}

/// One meeting request.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("request_id" = Uuid, Path, description = "Meeting request id")),
    responses(
        (status = 200, description = "The request", body = MeetingRequest, headers(("ETag" = String))),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/meeting-requests/{request_id}")]
pub async fn get_meeting_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, request_id) = path.into_inner();
    let (row, all) = app::get(&state.db, caller, event_id, request_id).await?;
    respond::ok(&req, &to_request(row, &all)?)
}

async fn act(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    action: RequestAction,
) -> AppResult<HttpResponse> {
    let (event_id, request_id) = path.into_inner();
    let (row, all) = app::act(&state.db, caller, event_id, request_id, action).await?;
    respond::ok(&req, &to_request(row, &all)?)
}

/// One operation per action on a meeting request; they differ only in the action and the
/// words of the contract.
macro_rules! request_action {
    ($fn_name:ident, $path:literal, $action:expr, $doc:literal, $done:literal, $conflict:literal) => {
        #[doc = $doc]
        #[utoipa::path(
            tag = "matchmaking",
            params(("id" = Uuid, Path, description = "Event id"), ("request_id" = Uuid, Path, description = "Meeting request id")),
            responses(
                (status = 200, description = $done, body = MeetingRequest, headers(("ETag" = String))),
                (status = 409, description = $conflict),
            )
        )]
        #[post($path)]
        pub async fn $fn_name(
            state: web::Data<AppState>,
            req: HttpRequest,
            caller: Principal,
            path: web::Path<(Uuid, Uuid)>,
        ) -> AppResult<HttpResponse> {
            act(state, req, caller, path, $action).await
        }
    };
}

request_action!(
    accept_meeting_request,
    "/events/{id}/meeting-requests/{request_id}/accept",
    RequestAction::Accept,
    "Accept a pending request (its recipient, or the host).",
    "Accepted",
    "Not pending"
);
request_action!(
    decline_meeting_request,
    "/events/{id}/meeting-requests/{request_id}/decline",
    RequestAction::Decline,
    "Decline a pending request (its recipient, or the host).",
    "Declined",
    "Not pending"
);
request_action!(
    cancel_meeting_request,
    "/events/{id}/meeting-requests/{request_id}/cancel",
    RequestAction::Cancel,
    "Cancel a pending or accepted request (either company, or the host).",
    "Cancelled",
    "Already declined or cancelled"
);

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"slot": 3, "table": 7}))]
pub struct LockInput {
    /// Slot number (see the meeting sessions).
    pub slot: usize,
    /// Table number, 1 to the number of tables; none: any table.
    #[serde(default)]
    #[validate(range(min = 1, max = 1000))]
    #[schema(minimum = 1, maximum = 1000)]
    pub table: Option<i32>,
}

/// Lock an accepted meeting into a slot (and table): schedule runs keep it there (host
/// managers).
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("request_id" = Uuid, Path, description = "Meeting request id")),
    request_body = LockInput,
    responses(
        (status = 200, description = "Locked", body = MeetingRequest, headers(("ETag" = String))),
        (status = 409, description = "The request is not accepted"),
    )
)]
#[put("/events/{id}/meeting-requests/{request_id}/lock")]
pub async fn lock_meeting_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<LockInput>,
) -> AppResult<HttpResponse> {
    let (event_id, request_id) = path.into_inner();
    let input = body.0;
    let (row, all) = app::lock(
        &state.db,
        caller,
        event_id,
        request_id,
        input.slot,
        input.table,
    )
    .await?;
    respond::ok(&req, &to_request(row, &all)?)
}

/// Unlock a meeting: the next run may move it.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("request_id" = Uuid, Path, description = "Meeting request id")),
    responses((status = 200, description = "Unlocked", body = MeetingRequest, headers(("ETag" = String))))
)]
#[delete("/events/{id}/meeting-requests/{request_id}/lock")]
pub async fn unlock_meeting_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, request_id) = path.into_inner();
    let (row, all) = app::unlock(&state.db, caller, event_id, request_id).await?;
    respond::ok(&req, &to_request(row, &all)?)
}

/// Who of one company's attendees take part in a meeting.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "registration_id": "0193a5c8-7d1e-7c3a-9b1e-000000000002",
    "contact_ids": ["0193a5c8-7d1e-7c3a-9b1e-000000000003"]
}))]
pub struct MeetingAttendeesInput {
    /// The side: the requesting or the asked company's registration.
    pub registration_id: Uuid,
    /// Attendees of that registration; empty: all of them (the default).
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub contact_ids: Vec<Uuid>,
}

/// Name who of one company's attendees take part in a meeting (its editors, or the host);
/// an empty list goes back to all of them. Each person's schedule
/// (`…/registrations/{registration_id}/schedule?attendee=`, `/me/schedule`) then holds only
/// the meetings they attend.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("request_id" = Uuid, Path, description = "Meeting request id")),
    request_body = MeetingAttendeesInput,
    responses(
        (status = 200, description = "The request with its attendees", body = MeetingRequest, headers(("ETag" = String))),
        (status = 409, description = "The request is declined or cancelled"),
        (status = 422, description = "Not a side of the request, or a contact who does not attend with it"),
    )
)]
#[put("/events/{id}/meeting-requests/{request_id}/attendees")]
pub async fn put_meeting_attendees(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<MeetingAttendeesInput>,
) -> AppResult<HttpResponse> {
    let (event_id, request_id) = path.into_inner();
    let input = body.0;
    let (record, all) = app::set_attendees(
        &state.db,
        caller,
        event_id,
        request_id,
        input.registration_id,
        input.contact_ids,
    )
    .await?;
    respond::ok(&req, &to_request(record, &all)?)
}
