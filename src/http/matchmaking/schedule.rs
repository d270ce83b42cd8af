//! Each attendee's personal schedule, as JSON or iCalendar.

use actix_web::{HttpRequest, HttpResponse, get, http::header, web};
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
use crate::http::negotiate::{Format, negotiate};
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

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ScheduleQuery {
    /// `json` or `ics`; overrides the Accept header.
    pub format: Option<Format>,
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

/// A calendar file with its ETag; a read whose `If-None-Match` matches gets 304 (the file's
/// `DTSTAMP` is the schedule's publication, so the same schedule is the same bytes).
fn calendar_file(req: &HttpRequest, body: String, name: &str) -> HttpResponse {
    let etag = respond::etag_of_bytes(body.as_bytes());
    if respond::if_none_match_hits(req, &etag) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish();
    }
    HttpResponse::Ok()
        .content_type(Format::Ics.media_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::ETAG, etag))
        .body(body)
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
    let format = negotiate(&req, query.0.format, &[Format::Json, Format::Ics])?;
    let (event_id, registration_id) = path.into_inner();
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
    if format == Format::Ics {
        let body = app::ics(
            &found.event,
            registration_id,
            &found.meetings,
            zone,
            run.published_at,
        );
        return Ok(calendar_file(&req, body, "meetings.ics"));
    }
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
    /// `json` or `ics`; overrides the Accept header.
    pub format: Option<Format>,
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
    let format = negotiate(&req, query.0.format, &[Format::Json, Format::Ics])?;
    let found = app::mine(&state.db, caller, query.0.event_id).await?;
    if format == Format::Ics {
        return Ok(calendar_file(&req, app::my_ics(&found), "my-meetings.ics"));
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
