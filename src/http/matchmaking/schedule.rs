//! Each attendee's personal schedule, as JSON or iCalendar (`schedule.ics`).

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::runs::to_run;
use crate::AppState;
use crate::app::matchmaking::schedule::{self as app, MeetingWith};
use crate::domain::access::Principal;
use crate::error::AppResult;
use crate::http::extract::ValidQuery;
use crate::http::files;
use crate::http::negotiate::{Format, formats, negotiate};
use crate::http::respond;

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalMeeting {
    pub meeting_request_id: Uuid,
    pub slot: usize,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// `starts_at` in the schedule's time zone, with its offset.
    #[schema(value_type = String, format = DateTime, example = "2017-11-07T10:20:00+01:00")]
    pub local_starts_at: DateTime<FixedOffset>,
    #[schema(value_type = String, format = DateTime, example = "2017-11-07T10:40:00+01:00")]
    pub local_ends_at: DateTime<FixedOffset>,
    pub table: usize,
    /// The company met.
    pub with_registration_id: Uuid,
    pub with_member_id: Uuid,
    pub with_legal_name: String,
    /// An online meeting's video link; none: at the table.
    pub video_url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalSchedule {
    pub registration_id: Uuid,
    /// Whose schedule: the attendee asked for (`attendee=`), or `null` for the company's.
    pub attendee_contact_id: Option<Uuid>,
    /// The IANA zone of the `local_*` times: the attendee's own (that of the account with
    /// their e-mail address), else the event's.
    #[schema(example = "Europe/Zurich")]
    pub time_zone: String,
    /// The published run this comes from.
    pub run_id: Uuid,
    pub published_at: Option<DateTime<Utc>>,
    /// In time order.
    pub meetings: Vec<PersonalMeeting>,
}

formats!(
    /// What the personal schedules (`GET /events/{id}/registrations/{registration_id}/schedule`,
    /// `GET /me/schedule`) serve.
    ScheduleFormat { Json, Ics }
);

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ScheduleQuery {
    /// `json` or `ics`; overrides the Accept header. Clients that want the file can call
    /// `schedule.ics`.
    pub format: Option<ScheduleFormat>,
    /// One attendee of the registration (a contact id): only the meetings they attend, in
    /// their time zone.
    pub attendee: Option<Uuid>,
}

/// The query of `schedule.ics`.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ScheduleFileQuery {
    /// One attendee of the registration (a contact id): only the meetings they attend, in
    /// their time zone.
    pub attendee: Option<Uuid>,
}

fn meeting_of(m: &MeetingWith, zone: Tz) -> PersonalMeeting {
    PersonalMeeting {
        meeting_request_id: m.meeting.meeting_request_id,
        slot: m.meeting.slot,
        starts_at: m.meeting.starts_at,
        ends_at: m.meeting.ends_at,
        local_starts_at: m.meeting.starts_at.with_timezone(&zone).fixed_offset(),
        local_ends_at: m.meeting.ends_at.with_timezone(&zone).fixed_offset(),
        table: m.meeting.table,
        with_registration_id: m.with_registration_id,
        with_member_id: m.with_member_id,
        with_legal_name: m.with_legal_name.clone(),
        video_url: m.video_url.clone(),
    }
}

/// A registration's meetings from the published schedule, as JSON or iCalendar (`Accept:
/// text/calendar` or `format=ics`): slot, time and table. With `attendee`, one person's:
/// the meetings that name them for their company or name nobody, times in their own zone.
/// Its company's editors and the organisers.
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
        (status = 422, description = "`attendee` is not an attendee of this registration"),
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
    let format = negotiate(&req, query.0.format, ScheduleFormat::OFFERED)?;
    let (event_id, registration_id) = path.into_inner();
    if format == Format::Ics {
        return personal_file(
            &state,
            &req,
            caller,
            event_id,
            registration_id,
            query.0.attendee,
        )
        .await;
    }
    let found = app::personal(
        &state.db,
        caller,
        event_id,
        registration_id,
        query.0.attendee,
    )
    .await?;
    let run = to_run(found.run)?;
    let zone = found.time_zone;
    let schedule = PersonalSchedule {
        registration_id,
        attendee_contact_id: found.attendee,
        time_zone: zone.name().to_owned(),
        run_id: run.id,
        published_at: run.published_at,
        meetings: found.meetings.iter().map(|m| meeting_of(m, zone)).collect(),
    };
    respond::ok(&req, &schedule)
}

/// A calendar file of a registration's meetings; a read whose `If-None-Match` matches gets
/// 304 (the file's `DTSTAMP` is the schedule's publication, so the same schedule is the same
/// bytes).
async fn personal_file(
    state: &AppState,
    req: &HttpRequest,
    caller: Principal,
    event_id: Uuid,
    registration_id: Uuid,
    attendee: Option<Uuid>,
) -> AppResult<HttpResponse> {
    let found = app::personal(&state.db, caller, event_id, registration_id, attendee).await?;
    let run = to_run(found.run)?;
    let body = app::ics(
        &found.event,
        registration_id,
        &found.meetings,
        found.time_zone,
        run.published_at,
    );
    Ok(files::bytes(
        req,
        Format::Ics,
        "meetings",
        body.into_bytes(),
    ))
}

/// A registration's meetings from the published schedule as iCalendar, with the access of
/// `GET /events/{id}/registrations/{registration_id}/schedule`; with `attendee`, one person's,
/// times in their own zone.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id"), ScheduleFileQuery),
    responses(
        (status = 200, description = "The personal schedule", headers(("ETag" = String)), content(
            (String = "text/calendar", example = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nEND:VCALENDAR\r\n"),
        )),
        (status = 409, description = "No schedule is published yet"),
        (status = 422, description = "`attendee` is not an attendee of this registration"),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/registrations/{registration_id}/schedule.ics")]
pub async fn get_personal_schedule_ics(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    query: ValidQuery<ScheduleFileQuery>,
) -> AppResult<HttpResponse> {
    let (event_id, registration_id) = path.into_inner();
    personal_file(
        &state,
        &req,
        caller,
        event_id,
        registration_id,
        query.0.attendee,
    )
    .await
}

/// One meeting of the signed-in person's own schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyMeeting {
    pub event_id: Uuid,
    pub event_title: String,
    /// The registration the person attends with, and the person as its attendee.
    pub registration_id: Uuid,
    pub contact_id: Uuid,
    #[serde(flatten)]
    pub meeting: PersonalMeeting,
}

/// The signed-in person's meetings across the events they attend.
#[derive(Debug, Serialize, ToSchema)]
pub struct MySchedule {
    /// Whether the account's address is confirmed as its holder's (an invitation accepted, a
    /// password reset, an e-mail change confirmed). Until then the account is nobody's
    /// attendee and `meetings` is empty.
    pub email_verified: bool,
    /// The IANA zone of the `local_*` times: the account's.
    #[schema(example = "Europe/Rome")]
    pub time_zone: String,
    /// In time order.
    pub meetings: Vec<MyMeeting>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MyScheduleQuery {
    /// `json` or `ics`; overrides the Accept header. Clients that want the file can call
    /// `/me/schedule.ics`.
    pub format: Option<ScheduleFormat>,
    /// Only this event.
    pub event_id: Option<Uuid>,
}

/// The query of `/me/schedule.ics`.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MyScheduleFileQuery {
    /// Only this event.
    pub event_id: Option<Uuid>,
}

/// The signed-in person's own meetings from the published schedules of the events they
/// attend, as JSON or iCalendar, in their time zone (`PATCH /me`). A person attends as the
/// contact person with their account's e-mail address — once a link mailed there was used
/// (`email_verified`) — in the meetings that name them for their company or name nobody.
/// API keys have no schedule.
#[utoipa::path(
    tag = "matchmaking",
    params(MyScheduleQuery),
    responses(
        (status = 200, description = "The caller's meetings", headers(("ETag" = String)), content(
            (MySchedule = "application/json"),
            (String = "text/calendar"),
        )),
        (status = 403, description = "An API key: only people have a schedule"),
        (status = 406, description = "Neither JSON nor iCalendar is acceptable"),
    ),
    security(("bearer" = []))
)]
#[get("/me/schedule")]
pub async fn get_my_schedule(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<MyScheduleQuery>,
) -> AppResult<HttpResponse> {
    let format = negotiate(&req, query.0.format, ScheduleFormat::OFFERED)?;
    let found = app::mine(&state.db, caller, query.0.event_id).await?;
    if format == Format::Ics {
        return Ok(my_file(&req, &found));
    }
    let zone = found.time_zone;
    let schedule = MySchedule {
        email_verified: found.email_verified,
        time_zone: zone.name().to_owned(),
        meetings: found
            .meetings
            .iter()
            .map(|m| MyMeeting {
                event_id: m.event_id,
                event_title: m.event_title.clone(),
                registration_id: m.registration_id,
                contact_id: m.contact_id,
                meeting: meeting_of(&m.meeting, zone),
            })
            .collect(),
    };
    respond::ok(&req, &schedule)
}

fn my_file(req: &HttpRequest, found: &app::MySchedule) -> HttpResponse {
    let body = app::my_ics(found);
    files::bytes(req, Format::Ics, "my-meetings", body.into_bytes())
}

/// The signed-in person's own meetings as iCalendar, in their time zone: what
/// `GET /me/schedule` lists. API keys have no schedule.
#[utoipa::path(
    tag = "matchmaking",
    params(MyScheduleFileQuery),
    responses(
        (status = 200, description = "The caller's meetings", headers(("ETag" = String)), content(
            (String = "text/calendar", example = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nEND:VCALENDAR\r\n"),
        )),
        (status = 403, description = "An API key: only people have a schedule"),
    ),
    security(("bearer" = []))
)]
#[get("/me/schedule.ics")]
pub async fn get_my_schedule_ics(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<MyScheduleFileQuery>,
) -> AppResult<HttpResponse> {
    let found = app::mine(&state.db, caller, query.0.event_id).await?;
    Ok(my_file(&req, &found))
}
