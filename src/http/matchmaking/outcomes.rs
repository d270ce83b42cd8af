//! What a scheduled meeting leaves behind: each side's outcome, rating and private note, and
//! an online meeting's video link.

use actix_web::{HttpRequest, HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::requests::{MeetingRequest, to_request};
use crate::AppState;
use crate::app::matchmaking::outcomes::{self as app, OutcomeInput, SideOutcome};
use crate::domain::access::Principal;
use crate::domain::format;
use crate::domain::matchmaking::MeetingOutcome;
use crate::error::AppResult;
use crate::http::extract::ValidJson;
use crate::http::respond;

/// One side's record of a meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingOutcomeRecord {
    pub meeting_request_id: Uuid,
    /// The side (its company's registration) that recorded it.
    pub registration_id: Uuid,
    pub outcome: MeetingOutcome,
    /// 1 (poor) to 5 (excellent); none for a meeting that did not take place.
    pub rating: Option<i32>,
    /// The side's private note: answered only to that company's own people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub updated_at: DateTime<Utc>,
}

fn to_record(o: SideOutcome) -> MeetingOutcomeRecord {
    MeetingOutcomeRecord {
        meeting_request_id: o.row.meeting_request_id,
        registration_id: o.row.registration_id,
        outcome: o.row.outcome,
        rating: o.row.rating,
        note: o.own.then_some(o.row.note),
        updated_at: o.row.updated_at.and_utc(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingOutcomeList {
    pub items: Vec<MeetingOutcomeRecord>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"outcome": "cooperation_possible", "rating": 4, "note": "Send the EMC test plan by Friday."}))]
pub struct MeetingOutcomeInput {
    pub outcome: MeetingOutcome,
    /// 1 to 5; leave out for a meeting that did not take place.
    #[serde(default)]
    #[validate(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5)]
    pub rating: Option<i32>,
    /// Private to the company recording it.
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[schema(max_length = 4000)]
    pub note: String,
}

/// Record how a scheduled meeting went, for one side (that company's editors, once the
/// meeting's slot has begun). Recording again replaces the side's record; the same values
/// change nothing.
#[utoipa::path(
    tag = "matchmaking",
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("request_id" = Uuid, Path, description = "Meeting request id"),
        ("registration_id" = Uuid, Path, description = "The side: its company's registration"),
    ),
    request_body = MeetingOutcomeInput,
    responses(
        (status = 201, description = "Recorded", body = MeetingOutcomeRecord, headers(("ETag" = String))),
        (status = 200, description = "The side's record, replaced or unchanged", body = MeetingOutcomeRecord, headers(("ETag" = String))),
        (status = 409, description = "The meeting is not in the published schedule or has not begun"),
        (status = 422, description = "Not a side of the meeting, or a rating for a meeting that did not take place"),
    )
)]
#[put("/events/{id}/meeting-requests/{request_id}/outcomes/{registration_id}")]
pub async fn put_meeting_outcome(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid, Uuid)>,
    body: ValidJson<MeetingOutcomeInput>,
) -> AppResult<HttpResponse> {
    let (event_id, request_id, registration_id) = path.into_inner();
    let input = body.0;
    let (record, created) = app::put(
        &state.db,
        caller,
        event_id,
        request_id,
        registration_id,
        OutcomeInput {
            outcome: input.outcome,
            rating: input.rating,
            note: input.note,
        },
    )
    .await?;
    let record = to_record(record);
    if created {
        respond::created(
            &req,
            format!("/api/v1/events/{event_id}/meeting-requests/{request_id}/outcomes"),
            &record,
        )
    } else {
        respond::ok(&req, &record)
    }
}

/// What the sides recorded of a meeting: each company reads its own record with its note;
/// the host's organisers read both sides' outcome and rating, never a note.
#[utoipa::path(
    tag = "matchmaking",
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("request_id" = Uuid, Path, description = "Meeting request id"),
    ),
    responses((status = 200, description = "The records the caller may read", body = MeetingOutcomeList, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[get("/events/{id}/meeting-requests/{request_id}/outcomes")]
pub async fn list_meeting_outcomes(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, request_id) = path.into_inner();
    let items = app::list(&state.db, caller, event_id, request_id).await?;
    respond::ok(
        &req,
        &MeetingOutcomeList {
            items: items.into_iter().map(to_record).collect(),
        },
    )
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://meet.example/c2c-stans-7"}))]
pub struct VideoLinkInput {
    /// Where the online meeting takes place (http or https).
    #[validate(length(max = 500), custom(function = "format::validate_http_url"))]
    #[schema(max_length = 500)]
    pub url: String,
}

/// Make a meeting an online one: its video link (either company, or the host). It shows in
/// the meeting request, the schedules and their calendar files.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("request_id" = Uuid, Path, description = "Meeting request id")),
    request_body = VideoLinkInput,
    responses(
        (status = 200, description = "The request with its link", body = MeetingRequest, headers(("ETag" = String))),
        (status = 409, description = "The request is declined or cancelled"),
    )
)]
#[put("/events/{id}/meeting-requests/{request_id}/video-link")]
pub async fn put_video_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<VideoLinkInput>,
) -> AppResult<HttpResponse> {
    let (event_id, request_id) = path.into_inner();
    let (record, all) =
        app::set_video_link(&state.db, caller, event_id, request_id, Some(body.0.url)).await?;
    respond::ok(&req, &to_request(record, &all)?)
}

/// The meeting takes place at the tables again: its video link is removed.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("request_id" = Uuid, Path, description = "Meeting request id")),
    responses(
        (status = 200, description = "The request without a link", body = MeetingRequest, headers(("ETag" = String))),
        (status = 409, description = "The request is declined or cancelled"),
    )
)]
#[delete("/events/{id}/meeting-requests/{request_id}/video-link")]
pub async fn delete_video_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, request_id) = path.into_inner();
    let (record, all) = app::set_video_link(&state.db, caller, event_id, request_id, None).await?;
    respond::ok(&req, &to_request(record, &all)?)
}
