//! Meeting sessions: the event's time blocks of meeting slots.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::AppState;
use crate::app::matchmaking::SessionsAndSlots;
use crate::app::matchmaking::sessions::{self as app, NewSession};
use crate::domain::access::Principal;
use crate::domain::matchmaking::{Break, Slot};
use crate::error::AppResult;
use crate::http::extract::ValidJson;
use crate::http::respond::{self, Page};

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingSession {
    pub id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub slot_minutes: i32,
    pub breaks: Vec<Break>,
    /// At most this many meetings per attendee in this session; none: no limit.
    pub max_meetings_per_participant: Option<i32>,
    /// The slots it makes, numbered across all the event's sessions.
    pub slots: Vec<Slot>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "starts_at": "2017-05-17T14:00:00Z",
    "ends_at": "2017-05-17T16:00:00Z",
    "slot_minutes": 20,
    "breaks": [{"starts_at": "2017-05-17T15:00:00Z", "ends_at": "2017-05-17T15:15:00Z"}],
    "max_meetings_per_participant": 4
}))]
pub struct MeetingSessionInput {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Length of one meeting, 5 to 240 minutes.
    #[validate(range(min = 5, max = 240))]
    #[schema(minimum = 5, maximum = 240)]
    pub slot_minutes: i32,
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub breaks: Vec<Break>,
    #[serde(default)]
    #[validate(range(min = 1, max = 288))]
    #[schema(minimum = 1, maximum = 288)]
    pub max_meetings_per_participant: Option<i32>,
}

fn to_sessions(s: &SessionsAndSlots) -> AppResult<Vec<MeetingSession>> {
    s.rows
        .iter()
        .zip(&s.plans)
        .enumerate()
        .map(|(q, (row, plan))| {
            Ok(MeetingSession {
                id: row.id,
                starts_at: plan.starts_at,
                ends_at: plan.ends_at,
                slot_minutes: row.slot_minutes,
                breaks: plan.breaks.clone(),
                max_meetings_per_participant: row.max_meetings_per_participant,
                slots: s.slots.iter().filter(|x| x.session == q).copied().collect(),
            })
        })
        .collect()
}

/// The event's meeting sessions with their slots, in time order.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, description = "All sessions (one page)", body = Page<MeetingSession>, headers(("ETag" = String)))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/meeting-sessions")]
pub async fn list_meeting_sessions(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let sessions = app::list(&state.db, caller, id.into_inner()).await?;
    let page = Page {
        items: to_sessions(&sessions)?,
        next_cursor: None,
    };
    respond::page(&req, &page)
}

/// Add a meeting session (host managers): inside the event, not overlapping another session,
/// breaks inside the session.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = MeetingSessionInput,
    responses(
        (status = 201, description = "Created", body = MeetingSession, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "It overlaps another session"),
    )
)]
#[post("/events/{id}/meeting-sessions")]
pub async fn create_meeting_session(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    body: ValidJson<MeetingSessionInput>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let input = body.0;
    let new = NewSession {
        starts_at: input.starts_at,
        ends_at: input.ends_at,
        slot_minutes: input.slot_minutes,
        breaks: input.breaks,
        max_meetings_per_participant: input.max_meetings_per_participant,
    };
    let (sessions, row) = app::create(&state.db, caller, event_id, new).await?;
    let q = sessions
        .rows
        .iter()
        .position(|r| r.id == row.id)
        .unwrap_or(0);
    let session = to_sessions(&sessions)?.remove(q);
    respond::created(
        &req,
        format!("/api/v1/events/{event_id}/meeting-sessions/{}", session.id),
        &session,
    )
}

/// Remove a meeting session (host managers). Slot numbers after it change; published
/// schedules keep their times.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("session_id" = Uuid, Path, description = "Session id")),
    responses((status = 204, description = "Removed"))
)]
#[delete("/events/{id}/meeting-sessions/{session_id}")]
pub async fn delete_meeting_session(
    state: web::Data<AppState>,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, session_id) = path.into_inner();
    app::delete(&state.db, caller, event_id, session_id).await?;
    Ok(respond::no_content())
}
