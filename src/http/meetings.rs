//! `/partnership-requests/{id}/meetings`: follow-up meetings agreed on an accepted request,
//! as JSON or iCalendar (`{meeting_id}.ics`).

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::contacts::Contact;
use super::extract::{IfMatch, ValidJson, ValidQuery};
use super::files::{self, NoQuery};
use super::negotiate::{Format, formats, negotiate};
use super::respond::{self, Page, PageRequest};
use crate::AppState;
use crate::app::edit::{self, Child};
use crate::app::meetings::{self, MeetingWithPeople, Scheduled};
use crate::domain::access::Principal;
use crate::domain::event::validate_time_zone;
use crate::domain::format;
use crate::domain::partnership::MeetingStatus;
use crate::domain::translation::Language;
use crate::error::{AppError, AppResult, FieldError};
use crate::export::ical::{CalendarItem, calendar_in_at};
use crate::store::meetings::MeetingData;

#[derive(Debug, Serialize, ToSchema)]
pub struct Meeting {
    pub id: Uuid,
    pub request_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: String,
    /// Where, for a meeting in person.
    pub location: String,
    pub online_url: Option<String>,
    pub participant_contact_ids: Vec<Uuid>,
    /// The participants' details.
    pub participants: Vec<Contact>,
    /// Agenda and notes.
    pub notes: String,
    pub status: MeetingStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The meeting as clients see it, with the participants the caller may see.
pub(crate) fn to_meeting(m: MeetingWithPeople) -> AppResult<Meeting> {
    let row = m.row;
    let participants: Vec<Contact> = m
        .participants
        .into_iter()
        .map(Contact::from_row)
        .collect::<AppResult<_>>()?;
    Ok(Meeting {
        id: row.id,
        request_id: row.request_id,
        participant_contact_ids: participants.iter().map(|c| c.id).collect(),
        participants,
        status: row.status,
        starts_at: row.starts_at.and_utc(),
        ends_at: row.ends_at.and_utc(),
        time_zone: row.time_zone,
        location: row.location,
        online_url: row.online_url,
        notes: row.notes,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}

fn planned() -> MeetingStatus {
    MeetingStatus::Planned
}

#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "starts_at": "2026-12-03T10:00:00+01:00",
    "ends_at": "2026-12-03T11:30:00+01:00",
    "time_zone": "Europe/Zurich",
    "location": "Stans",
    "participant_contact_ids": ["0193a5c8-7d1e-7c3a-9b1e-000000000003"],
    "notes": "Visit of the EMC laboratory"
}))]
pub struct MeetingInput {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[validate(custom(function = "validate_time_zone"))]
    #[schema(example = "Europe/Zurich")]
    pub time_zone: String,
    #[serde(default)]
    #[validate(length(max = 300), custom(function = "format::validate_single_line"))]
    #[schema(max_length = 300)]
    pub location: String,
    #[serde(default)]
    #[validate(length(max = 500), custom(function = "format::validate_http_url"))]
    #[schema(max_length = 500, format = Uri)]
    pub online_url: Option<String>,
    /// Contact people of either company.
    #[serde(default)]
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub participant_contact_ids: Vec<Uuid>,
    #[serde(default)]
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    pub notes: String,
    #[serde(default = "planned")]
    pub status: MeetingStatus,
}

impl MeetingInput {
    fn check(&self) -> AppResult<()> {
        let mut errors = Vec::new();
        if self.ends_at <= self.starts_at {
            errors.push(FieldError::new("ends_at", "must be after starts_at"));
        } else if self.ends_at - self.starts_at > Duration::days(7) {
            errors.push(FieldError::new("ends_at", "a meeting lasts at most 7 days"));
        }
        if self.location.trim().is_empty() && self.online_url.is_none() {
            errors.push(FieldError::new("location", "give a place or an online_url"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(errors))
        }
    }

    fn to_data(&self) -> MeetingData {
        MeetingData {
            starts_at: self.starts_at.naive_utc(),
            ends_at: self.ends_at.naive_utc(),
            time_zone: self.time_zone.clone(),
            location: self.location.trim().to_owned(),
            online_url: self.online_url.as_deref().map(format::normalize_http_url),
            notes: self.notes.trim().to_owned(),
            status: self.status,
        }
    }

    fn from_meeting(m: Meeting) -> MeetingInput {
        MeetingInput {
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            time_zone: m.time_zone,
            location: m.location,
            online_url: m.online_url,
            participant_contact_ids: m.participant_contact_ids,
            notes: m.notes,
            status: m.status,
        }
    }
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "held", "notes": "Agreed on a joint offer"}))]
pub struct MeetingPatch {
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub starts_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub ends_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub time_zone: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub location: Option<String>,
    #[serde(default, deserialize_with = "super::double_option")]
    pub online_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub participant_contact_ids: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub notes: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub status: Option<MeetingStatus>,
}

impl MeetingPatch {
    fn apply(self, mut base: MeetingInput) -> MeetingInput {
        super::apply_patch!(self, base;
            starts_at,
            ends_at,
            time_zone,
            location,
            online_url,
            participant_contact_ids,
            notes,
            status
        );
        base
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MeetingListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

formats!(
    /// What `GET /partnership-requests/{id}/meetings/{meeting_id}` serves.
    MeetingFormat { Json, Ics }
);

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MeetingQuery {
    /// `json` or `ics`; overrides the Accept header. Clients that want the file can call
    /// `{meeting_id}.ics`.
    pub format: Option<MeetingFormat>,
}

/// The meetings of a request.
#[utoipa::path(
    tag = "partnerships",
    params(("id" = Uuid, Path, description = "Request id"), MeetingListQuery),
    responses((status = 200, description = "A page of meetings", body = Page<Meeting>, headers(("ETag" = String))))
)]
#[get("/partnership-requests/{id}/meetings")]
pub async fn list_meetings(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<MeetingListQuery>,
) -> AppResult<HttpResponse> {
    let request_id = id.into_inner();
    let page = PageRequest::new(query.0.limit, query.0.cursor.as_deref())?;
    let rows = meetings::list(
        &state.db,
        caller,
        request_id,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let (rows, next_cursor) = page.cut(rows, |m| m.row.id.to_string());
    let page = Page {
        items: rows.into_iter().map(to_meeting).collect::<AppResult<_>>()?,
        next_cursor,
    };
    respond::page(&req, &page)
}

/// Agree a follow-up meeting on an accepted request (either side).
#[utoipa::path(
    tag = "partnerships",
    params(("id" = Uuid, Path, description = "Request id")),
    request_body = MeetingInput,
    responses(
        (status = 201, description = "Created", body = Meeting, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The request is not accepted"),
    )
)]
#[post("/partnership-requests/{id}/meetings")]
pub async fn create_meeting(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    body: ValidJson<MeetingInput>,
) -> AppResult<HttpResponse> {
    let request_id = id.into_inner();
    let input = body.0;
    input.check()?;
    let created = meetings::create(
        &state.db,
        caller,
        request_id,
        input.to_data(),
        input.participant_contact_ids,
    )
    .await?;
    let meeting = to_meeting(created)?;
    respond::created(
        &req,
        format!(
            "/api/v1/partnership-requests/{request_id}/meetings/{}",
            meeting.id
        ),
        &meeting,
    )
}

/// One meeting, as JSON or as an iCalendar invitation (`Accept: text/calendar` or
/// `format=ics`).
#[utoipa::path(
    tag = "partnerships",
    params(("id" = Uuid, Path, description = "Request id"), ("meeting_id" = Uuid, Path, description = "Meeting id"), MeetingQuery),
    responses(
        (status = 200, description = "The meeting", headers(("ETag" = String)), content(
            (Meeting = "application/json"),
            (String = "text/calendar"),
        )),
        (status = 406, description = "Neither JSON nor iCalendar is acceptable"),
    )
)]
#[get("/partnership-requests/{id}/meetings/{meeting_id}")]
pub async fn get_meeting(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    query: ValidQuery<MeetingQuery>,
) -> AppResult<HttpResponse> {
    let format = negotiate(&req, query.0.format, MeetingFormat::OFFERED)?;
    let (request_id, meeting_id) = path.into_inner();
    let (found, subject) = meetings::get(&state.db, caller, request_id, meeting_id).await?;
    let meeting = to_meeting(found)?;
    if format == Format::Ics {
        return meeting_file(&req, &subject, &meeting);
    }
    respond::ok(&req, &meeting)
}

/// A follow-up meeting as a calendar entry: the participants the reader may see, the place
/// (or the link) as its location.
/// A follow-up meeting as a calendar entry, the service's words in `lang`.
pub(crate) fn meeting_item(meeting: &Meeting, subject: &str, lang: Language) -> CalendarItem {
    let people: Vec<&str> = meeting
        .participants
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    CalendarItem {
        uid: format!("{}@cluster2cluster", meeting.id),
        summary: subject.to_owned(),
        description: format!(
            "{}\n{}: {}",
            meeting.notes,
            crate::domain::calendar_feed::words::participants(lang),
            people.join(", ")
        ),
        starts_at: meeting.starts_at,
        ends_at: meeting.ends_at,
        location: Some(meeting_place(meeting)),
    }
}

/// Where a meeting takes place: the place, the link, or both.
fn meeting_place(meeting: &Meeting) -> String {
    match (&meeting.online_url, meeting.location.as_str()) {
        (Some(url), "") => url.clone(),
        (Some(url), place) => format!("{place} / {url}"),
        (None, place) => place.to_owned(),
    }
}

/// The meeting as an iCalendar invitation in the zone it was agreed in, stamped by its last
/// change: the same meeting is the same bytes (and ETag) on every read.
fn meeting_file(req: &HttpRequest, subject: &str, meeting: &Meeting) -> AppResult<HttpResponse> {
    let zone = crate::domain::event::parse_time_zone(&meeting.time_zone)
        .ok_or_else(|| AppError::internal("stored time zone"))?;
    let body = calendar_in_at(
        subject,
        "",
        &[meeting_item(meeting, subject, Language::En)],
        zone,
        meeting.updated_at,
    );
    Ok(files::bytes(req, Format::Ics, "meeting", body.into_bytes()))
}

/// One meeting as an iCalendar invitation, with the access of
/// `GET /partnership-requests/{id}/meetings/{meeting_id}`.
#[utoipa::path(
    tag = "partnerships",
    params(("id" = Uuid, Path, description = "Request id"), ("meeting_id" = Uuid, Path, description = "Meeting id"), NoQuery),
    responses(
        (status = 200, description = "The meeting", headers(("ETag" = String)), content(
            (String = "text/calendar", example = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nEND:VCALENDAR\r\n"),
        )),
    )
)]
#[get("/partnership-requests/{id}/meetings/{meeting_id}.ics")]
pub async fn get_meeting_ics(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    _query: ValidQuery<NoQuery>,
) -> AppResult<HttpResponse> {
    let (request_id, meeting_id) = path.into_inner();
    let (found, subject) = meetings::get(&state.db, caller, request_id, meeting_id).await?;
    meeting_file(&req, &subject, &to_meeting(found)?)
}

/// Reschedule a meeting, change its participants, or record that it was held or cancelled.
#[utoipa::path(
    tag = "partnerships",
    params(("id" = Uuid, Path, description = "Request id"), ("meeting_id" = Uuid, Path, description = "Meeting id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if it changed since")),
    request_body(content = MeetingPatch, content_type = "application/json"),
    responses((status = 200, description = "Updated", body = Meeting, headers(("ETag" = String))))
)]
#[patch("/partnership-requests/{id}/meetings/{meeting_id}")]
pub async fn update_meeting(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
    body: ValidJson<MeetingPatch>,
) -> AppResult<HttpResponse> {
    let (request_id, meeting_id) = path.into_inner();
    let patch = body.0;
    let key = Child {
        parent: request_id,
        id: meeting_id,
    };
    let updated = edit::update::<meetings::Meeting, _, _>(
        &state.db,
        caller,
        key,
        move |current: &Scheduled| {
            if_match.check(&respond::etag_of(&to_meeting(current.meeting.clone())?)?)
        },
        move |current: &Scheduled| {
            let input = patch.apply(MeetingInput::from_meeting(to_meeting(
                current.meeting.clone(),
            )?));
            input.validate()?;
            input.check()?;
            Ok((input.to_data(), input.participant_contact_ids))
        },
    )
    .await?;
    let meeting = to_meeting(updated.meeting)?;
    respond::ok(&req, &meeting)
}
