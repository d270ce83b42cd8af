//! Matchmaking on an event day: the organiser's settings and meeting sessions, 1:1 meeting
//! requests between attendees, blocked slots, schedule runs (preview, publish) and each
//! attendee's personal schedule as JSON or iCalendar. The scheduler is `domain::schedule`.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, delete, get, http::header, post, put, web};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::events::visible_event;
use super::extract::{ValidJson, ValidQuery};
use super::negotiate::{Format, negotiate};
use super::respond::{self, Page, PageRequest};
use super::{from_json_text, to_json_text};
use crate::AppState;
use crate::domain::access::{Principal, require};
use crate::domain::event::{EventParties, EventStatus};
use crate::domain::matchmaking::{
    Break, MeetingRequestStatus, RequestAction, SessionPlan, Sides, Slot, check_new_session,
    next_status, slots,
};
use crate::domain::schedule::{self, MeetingSpec, Problem, Unplaced};
use crate::error::{AppError, AppResult, FieldError};
use crate::export::ical::{CalendarItem, calendar};
use crate::store::events::EventRecord;
use crate::store::matchmaking::{self as store, RequestRow, RunRow, SessionRow};
use crate::store::registrations::{self, RegistrationRow};
use crate::store::{DbConn, stored_uuid};

/// Tables when the organiser has not said.
const DEFAULT_TABLES: i32 = 20;

// ---------------------------------------------------------------- settings and sessions

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"auto_accept": false, "tables": 12}))]
pub struct MatchmakingSettings {
    /// Meeting requests are accepted at once instead of waiting for the recipient.
    pub auto_accept: bool,
    /// Meeting tables in the room: at most this many meetings per slot.
    #[validate(range(min = 1, max = 1000))]
    #[schema(minimum = 1, maximum = 1000)]
    pub tables: i32,
}

fn settings_of(conn: &mut DbConn, event_id: Uuid) -> AppResult<MatchmakingSettings> {
    Ok(match store::settings(conn, event_id)? {
        Some(row) => MatchmakingSettings {
            auto_accept: row.auto_accept,
            tables: row.tables,
        },
        None => MatchmakingSettings {
            auto_accept: false,
            tables: DEFAULT_TABLES,
        },
    })
}

/// The event if the caller may see it, with its parties.
fn event_and_parties(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Uuid,
) -> AppResult<(EventRecord, EventParties)> {
    let event = visible_event(conn, caller, event_id)?;
    let parties = event.parties()?;
    Ok((event, parties))
}

/// Matchmaking belongs to the host cluster, like the agenda.
fn require_host(caller: &Principal, parties: &EventParties) -> AppResult<()> {
    Ok(require(
        parties.can_edit(caller),
        "organise matchmaking for this event",
    )?)
}

/// The event's matchmaking settings (defaults until the host sets them).
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, description = "The settings", body = MatchmakingSettings, headers(("ETag" = String)))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/matchmaking")]
pub async fn get_matchmaking_settings(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let settings = state
        .db
        .run(move |conn| {
            visible_event(conn, &caller, event_id)?;
            settings_of(conn, event_id)
        })
        .await?;
    respond::ok(&req, &settings)
}

/// Set whether requests need acceptance and how many tables there are (host managers).
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = MatchmakingSettings,
    responses((status = 200, description = "The settings", body = MatchmakingSettings, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[put("/events/{id}/matchmaking")]
pub async fn put_matchmaking_settings(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    body: ValidJson<MatchmakingSettings>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let input = body.0;
    let settings = state
        .db
        .write(move |conn| {
            // Serialises concurrent first PUTs (update-or-insert) on PostgreSQL.
            crate::store::lock_for_update(conn, "events", &event_id.to_string())?;
            let (_, parties) = event_and_parties(conn, &caller, event_id)?;
            require_host(&caller, &parties)?;
            let row = store::put_settings(conn, event_id, input.auto_accept, input.tables)?;
            Ok(MatchmakingSettings {
                auto_accept: row.auto_accept,
                tables: row.tables,
            })
        })
        .await?;
    respond::ok(&req, &settings)
}

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

fn plan_of(row: &SessionRow) -> AppResult<SessionPlan> {
    Ok(SessionPlan {
        starts_at: row.starts_at.and_utc(),
        ends_at: row.ends_at.and_utc(),
        slot_minutes: u32::try_from(row.slot_minutes).map_err(AppError::internal)?,
        breaks: from_json_text(&row.breaks)?,
        max_meetings_per_participant: row
            .max_meetings_per_participant
            .and_then(|n| u32::try_from(n).ok()),
    })
}

/// The event's sessions (time order) and their slots.
fn sessions_and_slots(
    conn: &mut DbConn,
    event_id: Uuid,
) -> AppResult<(Vec<SessionRow>, Vec<SessionPlan>, Vec<Slot>)> {
    let rows = store::sessions(conn, event_id)?;
    let plans = rows.iter().map(plan_of).collect::<AppResult<Vec<_>>>()?;
    let all = slots(&plans);
    Ok((rows, plans, all))
}

fn to_sessions(
    rows: &[SessionRow],
    plans: &[SessionPlan],
    all: &[Slot],
) -> AppResult<Vec<MeetingSession>> {
    rows.iter()
        .zip(plans)
        .enumerate()
        .map(|(q, (row, plan))| {
            Ok(MeetingSession {
                id: stored_uuid(&row.id)?,
                starts_at: plan.starts_at,
                ends_at: plan.ends_at,
                slot_minutes: row.slot_minutes,
                breaks: plan.breaks.clone(),
                max_meetings_per_participant: row.max_meetings_per_participant,
                slots: all.iter().filter(|s| s.session == q).copied().collect(),
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
    let event_id = id.into_inner();
    let page = state
        .db
        .run(move |conn| {
            visible_event(conn, &caller, event_id)?;
            let (rows, plans, all) = sessions_and_slots(conn, event_id)?;
            Ok(Page {
                items: to_sessions(&rows, &plans, &all)?,
                next_cursor: None,
            })
        })
        .await?;
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
    ),
    security(("bearer" = []))
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
    let session = state
        .db
        .write(move |conn| {
            let (event, parties) = event_and_parties(conn, &caller, event_id)?;
            require_host(&caller, &parties)?;
            let plan = SessionPlan {
                starts_at: input.starts_at,
                ends_at: input.ends_at,
                slot_minutes: u32::try_from(input.slot_minutes).map_err(AppError::internal)?,
                breaks: input.breaks.clone(),
                max_meetings_per_participant: None,
            };
            let existing = store::sessions(conn, event_id)?
                .into_iter()
                .map(|s| (s.id, s.starts_at.and_utc(), s.ends_at.and_utc()))
                .collect::<Vec<_>>();
            check_new_session(
                &plan,
                (event.row.starts_at.and_utc(), event.row.ends_at.and_utc()),
                &existing,
            )?;
            let row = store::insert_session(
                conn,
                event_id,
                &store::NewSession {
                    starts_at: input.starts_at.naive_utc(),
                    ends_at: input.ends_at.naive_utc(),
                    slot_minutes: input.slot_minutes,
                    breaks: to_json_text(&input.breaks)?,
                    max_meetings_per_participant: input.max_meetings_per_participant,
                },
            )?;
            let (rows, plans, all) = sessions_and_slots(conn, event_id)?;
            let q = rows.iter().position(|r| r.id == row.id).unwrap_or(0);
            Ok(to_sessions(&rows, &plans, &all)?.remove(q))
        })
        .await?;
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
    responses((status = 204, description = "Removed")),
    security(("bearer" = []))
)]
#[delete("/events/{id}/meeting-sessions/{session_id}")]
pub async fn delete_meeting_session(
    state: web::Data<AppState>,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, session_id) = path.into_inner();
    state
        .db
        .write(move |conn| {
            let (_, parties) = event_and_parties(conn, &caller, event_id)?;
            require_host(&caller, &parties)?;
            Ok(store::delete_session(conn, event_id, session_id)?)
        })
        .await?;
    Ok(respond::no_content())
}

// ---------------------------------------------------------------- meeting requests

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

fn to_request(row: RequestRow, all: &[Slot]) -> AppResult<MeetingRequest> {
    let locked = row.locked_starts_at.map(|at| MeetingLock {
        slot: all
            .iter()
            .find(|s| s.starts_at.naive_utc() == at)
            .map(|s| s.index),
        starts_at: at.and_utc(),
        table: row.locked_table,
    });
    Ok(MeetingRequest {
        id: stored_uuid(&row.id)?,
        event_id: stored_uuid(&row.event_id)?,
        requester_registration_id: stored_uuid(&row.requester_registration_id)?,
        recipient_registration_id: stored_uuid(&row.recipient_registration_id)?,
        mutual: row.mutual,
        status: MeetingRequestStatus::parse(&row.status)
            .ok_or_else(|| AppError::internal("stored meeting request status"))?,
        message: row.message,
        locked,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}

/// Which sides of `row` the caller acts for.
fn sides_of(
    conn: &mut DbConn,
    caller: &Principal,
    parties: &EventParties,
    event_id: Uuid,
    row: &RequestRow,
) -> AppResult<Sides> {
    let requester =
        registrations::get(conn, event_id, stored_uuid(&row.requester_registration_id)?)?;
    let recipient =
        registrations::get(conn, event_id, stored_uuid(&row.recipient_registration_id)?)?;
    Ok(Sides {
        requester: edits(caller, &requester)?,
        recipient: edits(caller, &recipient)?,
        // Acting for a company is for its own people and the host: a guest cluster's managers
        // see every request of the day but do not decide on another cluster's meetings.
        organiser: parties.can_edit(caller),
    })
}

fn edits(caller: &Principal, r: &RegistrationRow) -> AppResult<bool> {
    Ok(caller.can_edit_member(r.cluster_uuid()?, r.member_uuid()?))
}

/// The request if the caller is one of its companies or an organiser; else "not found".
pub(crate) fn visible_request(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Uuid,
    id: Uuid,
) -> AppResult<(RequestRow, EventParties, Sides)> {
    let (_, parties) = event_and_parties(conn, caller, event_id)?;
    let row = store::get_request(conn, event_id, id)?;
    let sides = sides_of(conn, caller, &parties, event_id, &row)?;
    if sides.requester || sides.recipient || parties.is_organiser(caller) {
        Ok((row, parties, sides))
    } else {
        Err(AppError::NotFound(format!(
            "event {event_id} has no meeting request {id}"
        )))
    }
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
    ),
    security(("bearer" = []))
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
    let (request, created) = state
        .db
        .write(move |conn| {
            let (event, parties) = event_and_parties(conn, &caller, event_id)?;
            let not_found = |field: &str, rid: Uuid| {
                AppError::Validation(vec![FieldError::new(
                    field,
                    format!("event {event_id} has no active registration {rid}"),
                )])
            };
            let requester = registrations::get(conn, event_id, input.requester_registration_id)
                .ok()
                .filter(RegistrationRow::is_active)
                .ok_or_else(|| {
                    not_found("requester_registration_id", input.requester_registration_id)
                })?;
            require(
                edits(&caller, &requester)? || parties.can_edit(&caller),
                "ask for meetings on behalf of this company",
            )?;
            let recipient = registrations::get(conn, event_id, input.recipient_registration_id)
                .ok()
                .filter(RegistrationRow::is_active)
                .ok_or_else(|| {
                    not_found("recipient_registration_id", input.recipient_registration_id)
                })?;
            if requester.member_id == recipient.member_id {
                return Err(AppError::Validation(vec![FieldError::new(
                    "recipient_registration_id",
                    "a company does not meet itself",
                )]));
            }
            if !matches!(
                event.status()?,
                EventStatus::Published | EventStatus::Closed
            ) {
                return Err(AppError::conflict(format!(
                    "meeting requests are for published events; this one is {}",
                    event.row.status
                )));
            }
            let key = store::pair_key(
                input.requester_registration_id,
                input.recipient_registration_id,
            );
            let (_, _, all) = sessions_and_slots(conn, event_id)?;
            if let Some(mut open) = store::open_request(conn, event_id, &key)? {
                if open.requester_registration_id == requester.id || open.mutual {
                    return Err(AppError::conflict(format!(
                        "meeting request {} between these companies is already {}",
                        open.id, open.status
                    )));
                }
                // The recipient of an open request asks back: both want the meeting.
                open.mutual = true;
                open.status = MeetingRequestStatus::Accepted.as_str().to_owned();
                let row = store::update_request(conn, &open)?;
                store::announce_request(conn, &row)?;
                return Ok((to_request(row, &all)?, false));
            }
            let auto = settings_of(conn, event_id)?.auto_accept;
            let status = if auto {
                MeetingRequestStatus::Accepted
            } else {
                MeetingRequestStatus::Pending
            };
            let row = store::insert_request(
                conn,
                &store::NewRequest {
                    event_id,
                    requester: input.requester_registration_id,
                    recipient: input.recipient_registration_id,
                    status: status.as_str(),
                    message: input.message.trim(),
                    created_by: (!caller.user_id.is_nil()).then_some(caller.user_id),
                },
            )?;
            store::announce_request(conn, &row)?;
            Ok((to_request(row, &all)?, true))
        })
        .await?;
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
    let event_id = id.into_inner();
    let q = query.0;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let page = state
        .db
        .run(move |conn| {
            let (_, parties) = event_and_parties(conn, &caller, event_id)?;
            let mut filter = store::RequestFilter {
                registrations: None,
                status: q.status.map(|s| s.as_str().to_owned()),
            };
            if !parties.is_organiser(&caller) {
                let own = registrations::list(
                    conn,
                    event_id,
                    &registrations::RegistrationFilter {
                        members: Some(caller.edited_members()),
                        include_cancelled: true,
                        ..Default::default()
                    },
                    None,
                    i64::MAX,
                )?;
                let mut ids: Vec<String> = own.into_iter().map(|r| r.id).collect();
                // Managers edit all their cluster's companies.
                for cluster in caller.managed_clusters() {
                    let theirs = registrations::list(
                        conn,
                        event_id,
                        &registrations::RegistrationFilter {
                            cluster_id: Some(cluster),
                            include_cancelled: true,
                            ..Default::default()
                        },
                        None,
                        i64::MAX,
                    )?;
                    ids.extend(theirs.into_iter().map(|r| r.id));
                }
                filter.registrations = Some(ids);
            }
            if let Some(rid) = q.registration_id {
                let rid = rid.to_string();
                filter.registrations = Some(match filter.registrations {
                    Some(ids) => ids.into_iter().filter(|i| *i == rid).collect(),
                    None => vec![rid],
                });
            }
            let rows =
                store::list_requests(conn, event_id, &filter, page.after(), page.fetch_limit())?;
            let (rows, next_cursor) = page.cut(rows, |r| r.id.clone());
            let (_, _, all) = sessions_and_slots(conn, event_id)?;
            Ok(Page {
                items: rows
                    .into_iter()
                    .map(|r| to_request(r, &all))
                    .collect::<AppResult<_>>()?,
                next_cursor,
            })
        })
        .await?;
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
    let request = state
        .db
        .run(move |conn| {
            let (row, _, _) = visible_request(conn, &caller, event_id, request_id)?;
            let (_, _, all) = sessions_and_slots(conn, event_id)?;
            to_request(row, &all)
        })
        .await?;
    respond::ok(&req, &request)
}

async fn act(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    action: RequestAction,
) -> AppResult<HttpResponse> {
    let (event_id, request_id) = path.into_inner();
    let request = state
        .db
        .write(move |conn| {
            crate::store::lock_for_update(conn, "meeting_requests", &request_id.to_string())?;
            let (mut row, _, sides) = visible_request(conn, &caller, event_id, request_id)?;
            let current = MeetingRequestStatus::parse(&row.status)
                .ok_or_else(|| AppError::internal("stored meeting request status"))?;
            // A mutual request has two requesters: either may accept or decline it no more.
            let next = next_status(current, action, sides)?;
            row.status = next.as_str().to_owned();
            let row = store::update_request(conn, &row)?;
            store::announce_request(conn, &row)?;
            let (_, _, all) = sessions_and_slots(conn, event_id)?;
            to_request(row, &all)
        })
        .await?;
    respond::ok(&req, &request)
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
            ),
            security(("bearer" = []))
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
    ),
    security(("bearer" = []))
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
    let request = state
        .db
        .write(move |conn| {
            crate::store::lock_for_update(conn, "meeting_requests", &request_id.to_string())?;
            let (mut row, parties, _) = visible_request(conn, &caller, event_id, request_id)?;
            require_host(&caller, &parties)?;
            if row.status != MeetingRequestStatus::Accepted.as_str() {
                return Err(AppError::conflict(format!(
                    "only accepted meetings are locked; this one is {}",
                    row.status
                )));
            }
            let (_, _, all) = sessions_and_slots(conn, event_id)?;
            let tables = settings_of(conn, event_id)?.tables;
            let mut errors = Vec::new();
            let slot = all.get(input.slot);
            if slot.is_none() {
                errors.push(FieldError::new(
                    "slot",
                    format!(
                        "the event has {} slots (0 to {})",
                        all.len(),
                        all.len().saturating_sub(1)
                    ),
                ));
            }
            if input.table.is_some_and(|t| t > tables) {
                errors.push(FieldError::new(
                    "table",
                    format!("the event has {tables} tables"),
                ));
            }
            let Some(slot) = slot.filter(|_| errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            row.locked_starts_at = Some(slot.starts_at.naive_utc());
            row.locked_table = input.table;
            let row = store::update_request(conn, &row)?;
            to_request(row, &all)
        })
        .await?;
    respond::ok(&req, &request)
}

/// Unlock a meeting: the next run may move it.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("request_id" = Uuid, Path, description = "Meeting request id")),
    responses((status = 200, description = "Unlocked", body = MeetingRequest, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[delete("/events/{id}/meeting-requests/{request_id}/lock")]
pub async fn unlock_meeting_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, request_id) = path.into_inner();
    let request = state
        .db
        .write(move |conn| {
            crate::store::lock_for_update(conn, "meeting_requests", &request_id.to_string())?;
            let (mut row, parties, _) = visible_request(conn, &caller, event_id, request_id)?;
            require_host(&caller, &parties)?;
            row.locked_starts_at = None;
            row.locked_table = None;
            let row = store::update_request(conn, &row)?;
            let (_, _, all) = sessions_and_slots(conn, event_id)?;
            to_request(row, &all)
        })
        .await?;
    respond::ok(&req, &request)
}

// ---------------------------------------------------------------- blocked slots

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"slots": [0, 5]}))]
pub struct BlockedSlotsInput {
    /// Slot numbers the attendee cannot meet in.
    #[validate(length(max = 1000))]
    #[schema(max_items = 1000)]
    pub slots: Vec<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BlockedSlots {
    pub registration_id: Uuid,
    pub slots: Vec<Slot>,
}

/// The registration if the caller edits its company or organises the event (reading), or
/// edits its company or hosts the event (changing: a guest cluster's managers do not change
/// another cluster's companies).
fn own_registration(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Uuid,
    registration_id: Uuid,
    change: bool,
) -> AppResult<(RegistrationRow, EventRecord)> {
    let (event, parties) = event_and_parties(conn, caller, event_id)?;
    let row = registrations::get(conn, event_id, registration_id)?;
    let as_organiser = if change {
        parties.can_edit(caller)
    } else {
        parties.is_organiser(caller)
    };
    if edits(caller, &row)? || as_organiser {
        Ok((row, event))
    } else if parties.is_organiser(caller) {
        Err(AppError::Forbidden(
            "only the company and the host change its meeting slots".into(),
        ))
    } else {
        Err(AppError::NotFound(format!(
            "event {event_id} has no registration {registration_id}"
        )))
    }
}

fn blocked_answer(
    conn: &mut DbConn,
    event_id: Uuid,
    registration_id: Uuid,
) -> AppResult<BlockedSlots> {
    let (_, _, all) = sessions_and_slots(conn, event_id)?;
    let times = store::blocked_of(conn, registration_id)?;
    Ok(BlockedSlots {
        registration_id,
        slots: all
            .into_iter()
            .filter(|s| times.contains(&s.starts_at.naive_utc()))
            .collect(),
    })
}

/// Slots an attendee blocked (its company's editors, organisers).
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id")),
    responses((status = 200, description = "Blocked slots", body = BlockedSlots, headers(("ETag" = String)))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/registrations/{registration_id}/blocked-slots")]
pub async fn get_blocked_slots(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, registration_id) = path.into_inner();
    let answer = state
        .db
        .run(move |conn| {
            own_registration(conn, &caller, event_id, registration_id, false)?;
            blocked_answer(conn, event_id, registration_id)
        })
        .await?;
    respond::ok(&req, &answer)
}

/// Replace the slots an attendee blocked.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id")),
    request_body = BlockedSlotsInput,
    responses((status = 200, description = "Blocked slots", body = BlockedSlots, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[put("/events/{id}/registrations/{registration_id}/blocked-slots")]
pub async fn put_blocked_slots(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<BlockedSlotsInput>,
) -> AppResult<HttpResponse> {
    let (event_id, registration_id) = path.into_inner();
    let input = body.0;
    let answer = state
        .db
        .write(move |conn| {
            own_registration(conn, &caller, event_id, registration_id, true)?;
            let (_, _, all) = sessions_and_slots(conn, event_id)?;
            let errors: Vec<FieldError> = input
                .slots
                .iter()
                .enumerate()
                .filter(|(_, s)| **s >= all.len())
                .map(|(i, _)| {
                    FieldError::new(
                        format!("slots[{i}]"),
                        format!("the event has {} slots", all.len()),
                    )
                })
                .collect();
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let mut times: Vec<NaiveDateTime> = input
                .slots
                .iter()
                .map(|&s| all[s].starts_at.naive_utc())
                .collect();
            times.sort();
            times.dedup();
            store::replace_blocked(conn, registration_id, &times)?;
            blocked_answer(conn, event_id, registration_id)
        })
        .await?;
    respond::ok(&req, &answer)
}

// ---------------------------------------------------------------- schedule runs

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Computed, seen by the organisers only.
    Preview,
    /// The schedule attendees see.
    Published,
    /// Was published; a later run replaced it.
    Superseded,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScheduledMeeting {
    pub meeting_request_id: Uuid,
    pub requester_registration_id: Uuid,
    pub recipient_registration_id: Uuid,
    pub slot: usize,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Table number, from 1.
    pub table: usize,
    pub mutual: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnscheduledMeeting {
    pub meeting_request_id: Uuid,
    pub requester_registration_id: Uuid,
    pub recipient_registration_id: Uuid,
    /// `locked_conflict`, `no_common_availability`, `participant_limit_reached`,
    /// `participants_busy` or `no_table_free`.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RunFigures {
    /// Accepted meetings the run had to place.
    pub requested: usize,
    pub scheduled: usize,
    pub mutual_requested: usize,
    pub mutual_scheduled: usize,
    /// Slots attendees wait between their first and last meeting of a session, summed.
    pub idle_slots: usize,
    /// Time the scheduler took, in milliseconds.
    pub solve_ms: f64,
}

/// What a run stores: the schedule and what did not fit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RunResult {
    meetings: Vec<ScheduledMeeting>,
    unscheduled: Vec<UnscheduledMeeting>,
    figures: RunFigures,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleRun {
    pub id: Uuid,
    pub event_id: Uuid,
    pub status: RunStatus,
    pub slot_count: i32,
    pub tables: i32,
    /// Ordered by slot, then table.
    pub meetings: Vec<ScheduledMeeting>,
    pub unscheduled: Vec<UnscheduledMeeting>,
    pub figures: RunFigures,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

fn run_status(row: &RunRow) -> AppResult<RunStatus> {
    match row.status.as_str() {
        "preview" => Ok(RunStatus::Preview),
        "published" => Ok(RunStatus::Published),
        "superseded" => Ok(RunStatus::Superseded),
        other => Err(AppError::internal(format!("stored run status {other}"))),
    }
}

fn to_run(row: RunRow) -> AppResult<ScheduleRun> {
    let result: RunResult = from_json_text(&row.result)?;
    Ok(ScheduleRun {
        id: stored_uuid(&row.id)?,
        event_id: stored_uuid(&row.event_id)?,
        status: run_status(&row)?,
        slot_count: row.slot_count,
        tables: row.tables,
        meetings: result.meetings,
        unscheduled: result.unscheduled,
        figures: result.figures,
        created_at: row.created_at.and_utc(),
        published_at: row.published_at.map(|t| t.and_utc()),
    })
}

/// What the scheduler needs, read from the database.
pub(crate) struct RunInput {
    pub problem: Problem,
    pub requests: Vec<RequestRow>,
    pub slots: Vec<Slot>,
    pub tables: i32,
}

pub(crate) fn load_run_input(conn: &mut DbConn, event_id: Uuid) -> AppResult<RunInput> {
    let (_, plans, all) = sessions_and_slots(conn, event_id)?;
    if all.is_empty() {
        return Err(AppError::conflict(
            "the event has no meeting slots yet: add meeting sessions first",
        ));
    }
    let tables = settings_of(conn, event_id)?.tables;
    let requests = store::schedulable_requests(conn, event_id)?;
    // Attendees are numbered in registration-id order, so the same data gives the same run.
    let mut ids: Vec<&str> = requests
        .iter()
        .flat_map(|r| {
            [
                r.requester_registration_id.as_str(),
                r.recipient_registration_id.as_str(),
            ]
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let slot_at: HashMap<NaiveDateTime, usize> = all
        .iter()
        .map(|s| (s.starts_at.naive_utc(), s.index))
        .collect();
    let mut blocked = vec![Vec::new(); ids.len()];
    for (rid, at) in store::blocked_of_event(conn, event_id)? {
        if let (Some(&x), Some(&s)) = (index.get(rid.as_str()), slot_at.get(&at)) {
            blocked[x].push(s);
        }
    }
    let meetings = requests
        .iter()
        .map(|r| MeetingSpec {
            a: index[r.requester_registration_id.as_str()],
            b: index[r.recipient_registration_id.as_str()],
            mutual: r.mutual,
            // A lock on a time that is no slot any more cannot be kept: usize::MAX reports it.
            locked: r.locked_starts_at.map(|at| {
                (
                    slot_at.get(&at).copied().unwrap_or(usize::MAX),
                    r.locked_table.and_then(|t| usize::try_from(t).ok()),
                )
            }),
        })
        .collect();
    let problem = Problem {
        attendees: ids.len(),
        slot_sessions: all.iter().map(|s| s.session).collect(),
        session_limits: plans
            .iter()
            .map(|p| p.max_meetings_per_participant)
            .collect(),
        tables: usize::try_from(tables).map_err(AppError::internal)?,
        blocked,
        meetings,
    };
    Ok(RunInput {
        problem,
        requests,
        slots: all,
        tables,
    })
}

pub(crate) fn run_result(
    input: &RunInput,
    solution: &schedule::Solution,
    solve_ms: f64,
) -> AppResult<RunResult> {
    let meetings = solution
        .placed
        .iter()
        .map(|p| {
            let r = &input.requests[p.meeting];
            let slot = input.slots[p.slot];
            Ok(ScheduledMeeting {
                meeting_request_id: stored_uuid(&r.id)?,
                requester_registration_id: stored_uuid(&r.requester_registration_id)?,
                recipient_registration_id: stored_uuid(&r.recipient_registration_id)?,
                slot: p.slot,
                starts_at: slot.starts_at,
                ends_at: slot.ends_at,
                table: p.table,
                mutual: r.mutual,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let unscheduled = solution
        .unplaced
        .iter()
        .map(|(e, reason)| {
            let r = &input.requests[*e];
            Ok(UnscheduledMeeting {
                meeting_request_id: stored_uuid(&r.id)?,
                requester_registration_id: stored_uuid(&r.requester_registration_id)?,
                recipient_registration_id: stored_uuid(&r.recipient_registration_id)?,
                reason: Unplaced::as_str(*reason).to_owned(),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let mutual_requested = input.requests.iter().filter(|r| r.mutual).count();
    let mutual_scheduled = meetings.iter().filter(|m| m.mutual).count();
    Ok(RunResult {
        figures: RunFigures {
            requested: input.requests.len(),
            scheduled: meetings.len(),
            mutual_requested,
            mutual_scheduled,
            idle_slots: solution.idle_slots,
            solve_ms: (solve_ms * 100.0).round() / 100.0,
        },
        meetings,
        unscheduled,
    })
}

/// Schedule every accepted meeting (host managers): the answer is a preview until published.
/// Deterministic: the same requests, sessions, tables, blocks and locks give the same run.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 201, description = "The run, as a preview", body = ScheduleRun, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The event has no meeting sessions"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{id}/schedule-runs")]
pub async fn create_schedule_run(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let who = caller.clone();
    let input = state
        .db
        .run(move |conn| {
            let (_, parties) = event_and_parties(conn, &who, event_id)?;
            require_host(&who, &parties)?;
            load_run_input(conn, event_id)
        })
        .await?;
    // The solve is CPU work: off the async workers, and outside any transaction.
    let (input, solution, solve_ms) = tokio::task::spawn_blocking(move || {
        let started = std::time::Instant::now();
        let solution = schedule::solve(&input.problem);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        (input, solution, ms)
    })
    .await
    .map_err(AppError::internal)?;
    let broken = schedule::violations(&input.problem, &solution);
    if !broken.is_empty() {
        return Err(AppError::internal(format!(
            "the scheduler broke a rule: {}",
            broken.join("; ")
        )));
    }
    tracing::info!(
        event = %event_id,
        requested = input.requests.len(),
        scheduled = solution.placed.len(),
        solve_ms,
        "schedule run computed"
    );
    let result = run_result(&input, &solution, solve_ms)?;
    let text = to_json_text(&result)?;
    let slot_count = i32::try_from(input.slots.len()).map_err(AppError::internal)?;
    let tables = input.tables;
    let created_by = (!caller.user_id.is_nil()).then_some(caller.user_id);
    let run = state
        .db
        .write(move |conn| {
            to_run(store::insert_run(
                conn, event_id, slot_count, tables, &text, created_by,
            )?)
        })
        .await?;
    respond::created(
        &req,
        format!("/api/v1/events/{event_id}/schedule-runs/{}", run.id),
        &run,
    )
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleRunSummary {
    pub id: Uuid,
    pub status: RunStatus,
    pub slot_count: i32,
    pub tables: i32,
    pub figures: RunFigures,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RunListQuery {
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The event's schedule runs, newest first (organisers).
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), RunListQuery),
    responses((status = 200, description = "A page of runs", body = Page<ScheduleRunSummary>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page")))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/schedule-runs")]
pub async fn list_schedule_runs(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<RunListQuery>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let page = PageRequest::new(Some(query.0.limit.unwrap_or(20)), query.0.cursor.as_deref())?;
    let page = state
        .db
        .run(move |conn| {
            let (_, parties) = event_and_parties(conn, &caller, event_id)?;
            require(
                parties.is_organiser(&caller),
                "see this event's schedule runs",
            )?;
            let rows = store::list_runs(conn, event_id, page.after(), page.fetch_limit())?;
            let (rows, next_cursor) = page.cut(rows, |r| r.id.clone());
            Ok(Page {
                items: rows
                    .into_iter()
                    .map(|row| {
                        let run = to_run(row)?;
                        Ok(ScheduleRunSummary {
                            id: run.id,
                            status: run.status,
                            slot_count: run.slot_count,
                            tables: run.tables,
                            figures: run.figures,
                            created_at: run.created_at,
                            published_at: run.published_at,
                        })
                    })
                    .collect::<AppResult<_>>()?,
                next_cursor,
            })
        })
        .await?;
    respond::page(&req, &page)
}

/// One schedule run with every meeting (organisers).
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("run_id" = Uuid, Path, description = "Run id")),
    responses((status = 200, description = "The run", body = ScheduleRun, headers(("ETag" = String)))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/schedule-runs/{run_id}")]
pub async fn get_schedule_run(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, run_id) = path.into_inner();
    let run = state
        .db
        .run(move |conn| {
            let (_, parties) = event_and_parties(conn, &caller, event_id)?;
            require(
                parties.is_organiser(&caller),
                "see this event's schedule runs",
            )?;
            to_run(store::get_run(conn, event_id, run_id)?)
        })
        .await?;
    respond::ok(&req, &run)
}

/// Publish a run (host managers): attendees see it as their schedule; the run published
/// before becomes `superseded`.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("run_id" = Uuid, Path, description = "Run id")),
    responses(
        (status = 200, description = "Published", body = ScheduleRun, headers(("ETag" = String))),
        (status = 409, description = "The run was superseded"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{id}/schedule-runs/{run_id}/publish")]
pub async fn publish_schedule_run(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, run_id) = path.into_inner();
    let run = state
        .db
        .write(move |conn| {
            crate::store::lock_for_update(conn, "events", &event_id.to_string())?;
            let (_, parties) = event_and_parties(conn, &caller, event_id)?;
            require_host(&caller, &parties)?;
            let row = store::get_run(conn, event_id, run_id)?;
            match run_status(&row)? {
                RunStatus::Published => to_run(row),
                RunStatus::Superseded => Err(AppError::conflict(
                    "this run was published and replaced since; start a new run",
                )),
                RunStatus::Preview => {
                    let published = store::publish_run(conn, &row)?;
                    let clusters = parties.clusters().map(|c| c.to_string()).collect();
                    store::announce_published(conn, &published, clusters)?;
                    to_run(published)
                }
            }
        })
        .await?;
    respond::ok(&req, &run)
}

// ---------------------------------------------------------------- personal schedule

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalMeeting {
    pub meeting_request_id: Uuid,
    pub slot: usize,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub table: usize,
    /// The company met.
    pub with_registration_id: Uuid,
    pub with_member_id: Uuid,
    pub with_legal_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalSchedule {
    pub registration_id: Uuid,
    /// The published run this comes from.
    pub run_id: Uuid,
    pub published_at: Option<DateTime<Utc>>,
    /// In time order.
    pub meetings: Vec<PersonalMeeting>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ScheduleQuery {
    /// `json` or `ics`; overrides the Accept header.
    pub format: Option<Format>,
}

/// An attendee's meetings from the published schedule, as JSON or iCalendar (`Accept:
/// text/calendar` or `format=ics`): slot, time and table. Its company's editors and the
/// organisers.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id"), ScheduleQuery),
    responses(
        (status = 200, description = "The personal schedule", headers(("ETag" = String)), content(
            (PersonalSchedule = "application/json"),
            (String = "text/calendar"),
        )),
        (status = 409, description = "No schedule is published yet"),
        (status = 406, description = "Neither JSON nor iCalendar is acceptable"),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/registrations/{registration_id}/schedule")]
pub async fn get_personal_schedule(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    query: ValidQuery<ScheduleQuery>,
) -> AppResult<HttpResponse> {
    let format = negotiate(&req, query.0.format, &[Format::Json, Format::Ics])?;
    let (event_id, registration_id) = path.into_inner();
    let (schedule, event) = state
        .db
        .run(move |conn| {
            let (_, event) = own_registration(conn, &caller, event_id, registration_id, false)?;
            let run = store::published_run(conn, event_id)?
                .ok_or_else(|| AppError::conflict("no schedule is published for this event yet"))?;
            let run = to_run(run)?;
            let mine: Vec<&ScheduledMeeting> = run
                .meetings
                .iter()
                .filter(|m| {
                    m.requester_registration_id == registration_id
                        || m.recipient_registration_id == registration_id
                })
                .collect();
            let others: Vec<Uuid> = mine
                .iter()
                .map(|m| {
                    if m.requester_registration_id == registration_id {
                        m.recipient_registration_id
                    } else {
                        m.requester_registration_id
                    }
                })
                .collect();
            // The companies met, in two queries whatever the number of meetings.
            let wanted: Vec<String> = others.iter().map(Uuid::to_string).collect();
            let rows: Vec<RegistrationRow> = registrations::list(
                conn,
                event_id,
                &registrations::RegistrationFilter {
                    include_cancelled: true,
                    ..Default::default()
                },
                None,
                i64::MAX,
            )?
            .into_iter()
            .filter(|r| wanted.contains(&r.id))
            .collect();
            let member_ids: Vec<String> = rows.iter().map(|r| r.member_id.clone()).collect();
            let legal_names: HashMap<String, String> =
                crate::store::members::by_ids(conn, &member_ids)?
                    .into_iter()
                    .map(|m| (m.id, m.legal_name))
                    .collect();
            let mut names = HashMap::new();
            for r in &rows {
                let name = legal_names.get(&r.member_id).cloned().unwrap_or_default();
                names.insert(stored_uuid(&r.id)?, (r.member_uuid()?, name));
            }
            let mut meetings = mine
                .iter()
                .zip(&others)
                .map(|(m, other)| {
                    let (member_id, name) = names
                        .get(other)
                        .ok_or_else(|| AppError::internal("scheduled registration missing"))?;
                    Ok(PersonalMeeting {
                        meeting_request_id: m.meeting_request_id,
                        slot: m.slot,
                        starts_at: m.starts_at,
                        ends_at: m.ends_at,
                        table: m.table,
                        with_registration_id: *other,
                        with_member_id: *member_id,
                        with_legal_name: name.clone(),
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            meetings.sort_by_key(|m| m.slot);
            Ok((
                PersonalSchedule {
                    registration_id,
                    run_id: run.id,
                    published_at: run.published_at,
                    meetings,
                },
                event,
            ))
        })
        .await?;
    if format == Format::Ics {
        let items: Vec<CalendarItem> = schedule
            .meetings
            .iter()
            .map(|m| CalendarItem {
                uid: format!(
                    "{}-{}@cluster2cluster",
                    m.meeting_request_id, registration_id
                ),
                summary: format!("B2B meeting: {} (table {})", m.with_legal_name, m.table),
                description: format!("Slot {}, table {}, {}", m.slot, m.table, event.row.title),
                starts_at: m.starts_at,
                ends_at: m.ends_at,
            })
            .collect();
        let place = format!("{}, {}", event.row.venue_name, event.row.venue_city);
        let body = calendar(&event.row.title, &place, &items);
        return Ok(HttpResponse::Ok()
            .content_type(Format::Ics.media_type())
            .insert_header((
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"meetings.ics\"",
            ))
            .insert_header((header::ETAG, respond::etag_of_bytes(body.as_bytes())))
            .body(body));
    }
    respond::ok(&req, &schedule)
}
