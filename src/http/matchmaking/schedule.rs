//! Each attendee's personal schedule, as JSON or iCalendar.

use actix_web::{HttpRequest, HttpResponse, get, http::header, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::runs::to_run;
use crate::AppState;
use crate::app::matchmaking::schedule as app;
use crate::domain::access::Principal;
use crate::error::AppResult;
use crate::http::extract::ValidQuery;
use crate::http::negotiate::{Format, negotiate};
use crate::http::respond;

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
    let found = app::personal(&state.db, caller, event_id, registration_id).await?;
    let run = to_run(found.run)?;
    let event = found.event;
    let schedule = PersonalSchedule {
        registration_id,
        run_id: run.id,
        published_at: run.published_at,
        meetings: found
            .meetings
            .iter()
            .map(|m| PersonalMeeting {
                meeting_request_id: m.meeting.meeting_request_id,
                slot: m.meeting.slot,
                starts_at: m.meeting.starts_at,
                ends_at: m.meeting.ends_at,
                table: m.meeting.table,
                with_registration_id: m.with_registration_id,
                with_member_id: m.with_member_id,
                with_legal_name: m.with_legal_name.clone(),
            })
            .collect(),
    };
    if format == Format::Ics {
        let body = app::ics(&event, registration_id, &found.meetings);
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
