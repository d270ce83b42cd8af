//! `/events/{id}/registrations`: companies register with their attendees and pitch card.
//! Seats are counted in attendees and enforced inside the registering transaction.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::contacts::Contact;
use super::events::{visible_event, visible_event_with_seats};
use super::extract::{IfMatch, ValidJson, ValidQuery};
use super::respond::{self, Page, PageRequest};
use super::{from_json_text, to_json_text};
use crate::AppState;
use crate::domain::access::{Principal, require};
use crate::domain::catalogue::Pitch;
use crate::domain::event::{EventParties, registration_closed_reason};
use crate::domain::format;
use crate::domain::text::normalize_tags;
use crate::error::{AppError, AppResult, FieldError};
use crate::store::registrations::{
    self as store, NewRegistration, PitchData, RegistrationFilter, RegistrationRow,
};
use crate::store::{DbConn, stored_uuid};

#[derive(Debug, Serialize, ToSchema)]
pub struct Registration {
    pub id: Uuid,
    pub event_id: Uuid,
    pub member_id: Uuid,
    pub cluster_id: Uuid,
    /// `active` or `cancelled`.
    #[schema(example = "active")]
    pub status: String,
    /// The contact people who attend; each takes a seat.
    pub attendees: Vec<Contact>,
    /// The pitch card for this event (prefilled from the company profile).
    pub pitch: Pitch,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

fn pitch_of(row: &RegistrationRow) -> AppResult<Pitch> {
    Ok(Pitch {
        core_business: row.pitch_core_business.clone(),
        areas_of_interest: from_json_text(&row.pitch_areas_of_interest)?,
        partners_sought: from_json_text(&row.pitch_partners_sought)?,
        ongoing_projects: row.pitch_ongoing_projects.clone(),
    })
}

fn pitch_data(p: &Pitch) -> AppResult<PitchData> {
    Ok(PitchData {
        pitch_core_business: p.core_business.trim().to_owned(),
        pitch_areas_of_interest: to_json_text(&normalize_tags(&p.areas_of_interest))?,
        pitch_partners_sought: to_json_text(&normalize_tags(&p.partners_sought))?,
        pitch_ongoing_projects: p.ongoing_projects.trim().to_owned(),
    })
}

/// Registrations with their attendees, loaded together, as `viewer` may see them: attendees
/// who did not consent to sharing are shown only to their company's editors, its cluster's
/// managers and admins (the one contact rule).
fn to_registrations(
    conn: &mut DbConn,
    viewer: &Principal,
    rows: Vec<RegistrationRow>,
) -> AppResult<Vec<Registration>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let attendees = store::attendees_of(conn, &ids)?;
    rows.into_iter()
        .map(|row| {
            let (member, cluster) = (row.member_uuid()?, row.cluster_uuid()?);
            Ok(Registration {
                id: stored_uuid(&row.id)?,
                event_id: stored_uuid(&row.event_id)?,
                member_id: row.member_uuid()?,
                cluster_id: row.cluster_uuid()?,
                pitch: pitch_of(&row)?,
                attendees: attendees
                    .iter()
                    .filter(|(r, c)| {
                        *r == row.id && viewer.sees_contact(cluster, member, c.share_consent)
                    })
                    .map(|(_, c)| Contact::from_row(c.clone()))
                    .collect::<AppResult<_>>()?,
                status: row.status,
                created_at: row.created_at.and_utc(),
                updated_at: row.updated_at.and_utc(),
                cancelled_at: row.cancelled_at.map(|d| d.and_utc()),
            })
        })
        .collect()
}

fn to_registration(
    conn: &mut DbConn,
    viewer: &Principal,
    row: RegistrationRow,
) -> AppResult<Registration> {
    Ok(to_registrations(conn, viewer, vec![row])?.remove(0))
}

/// Pitch fields to set for this event; those left out come from the company profile.
#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PitchInput {
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "format::validate_not_blank")
    )]
    #[schema(min_length = 1, max_length = 2000)]
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub core_business: Option<String>,
    #[validate(length(max = 30), custom(function = "format::validate_tags"))]
    #[schema(max_items = 30)]
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub areas_of_interest: Option<Vec<String>>,
    #[validate(length(max = 30), custom(function = "format::validate_tags"))]
    #[schema(max_items = 30)]
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub partners_sought: Option<Vec<String>>,
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub ongoing_projects: Option<String>,
}

impl PitchInput {
    fn apply(self, mut base: Pitch) -> Pitch {
        if let Some(v) = self.core_business {
            base.core_business = v;
        }
        if let Some(v) = self.areas_of_interest {
            base.areas_of_interest = v;
        }
        if let Some(v) = self.partners_sought {
            base.partners_sought = v;
        }
        if let Some(v) = self.ongoing_projects {
            base.ongoing_projects = v;
        }
        base
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "member_id": "0193a5c8-7d1e-7c3a-9b1e-000000000002",
    "attendee_contact_ids": ["0193a5c8-7d1e-7c3a-9b1e-000000000003"],
    "pitch": {"ongoing_projects": "Looking for a Swiss partner for an EMC test bench"}
}))]
pub struct RegistrationInput {
    pub member_id: Uuid,
    /// Contact people of the company who attend (at least one).
    #[validate(length(min = 1, max = 20))]
    #[schema(min_items = 1, max_items = 20)]
    pub attendee_contact_ids: Vec<Uuid>,
    #[serde(default)]
    #[validate(nested)]
    pub pitch: Option<PitchInput>,
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationPatch {
    #[validate(length(min = 1, max = 20))]
    #[schema(min_items = 1, max_items = 20)]
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub attendee_contact_ids: Option<Vec<Uuid>>,
    #[validate(nested)]
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub pitch: Option<PitchInput>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegistrationListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only companies of this cluster.
    pub cluster_id: Option<Uuid>,
    /// Include cancelled registrations (default: active ones only).
    pub include_cancelled: Option<bool>,
}

/// Attendees must be distinct contact people of the registering company.
fn check_attendees(conn: &mut DbConn, member_id: Uuid, attendees: &[Uuid]) -> AppResult<()> {
    let mut errors = Vec::new();
    for (i, contact) in attendees.iter().enumerate() {
        if attendees[..i].contains(contact) {
            errors.push(FieldError::new(
                format!("attendee_contact_ids[{i}]"),
                "is listed twice",
            ));
        } else if crate::store::contacts::get(conn, member_id, *contact).is_err() {
            errors.push(FieldError::new(
                format!("attendee_contact_ids[{i}]"),
                format!("{contact} is not a contact person of member {member_id}"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// 409 when `wanted` more seats do not fit.
fn check_seats(capacity: i32, taken: i64, wanted: i64) -> AppResult<()> {
    let left = i64::from(capacity) - taken;
    if wanted > left {
        Err(AppError::conflict(format!(
            "not enough seats: {wanted} requested, {} left of {capacity}",
            left.max(0)
        )))
    } else {
        Ok(())
    }
}

/// Who may change a company's registration: its editors and its cluster's managers.
fn require_company_editor(caller: &Principal, row: &RegistrationRow) -> AppResult<()> {
    Ok(require(
        caller.can_edit_member(row.cluster_uuid()?, row.member_uuid()?),
        "change this company's registration",
    )?)
}

/// What the caller sees of an event's registrations: all of them for organisers, else only
/// their own companies' (attendee lists are private contact data).
fn visibility(caller: &Principal, parties: &EventParties) -> Option<Vec<Uuid>> {
    (!parties.is_organiser(caller)).then(|| caller.edited_members())
}

/// List registrations: organisers see all, company editors their own companies'.
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id"), RegistrationListQuery),
    responses((status = 200, description = "A page of registrations", body = Page<Registration>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page")))),
    security(("bearer" = []))
)]
#[get("/events/{id}/registrations")]
pub async fn list_registrations(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<RegistrationListQuery>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let q = query.0;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let page = state
        .db
        .run(move |conn| {
            let event = visible_event(conn, &caller, event_id)?;
            let filter = RegistrationFilter {
                members: visibility(&caller, &event.parties()?),
                cluster_id: q.cluster_id,
                include_cancelled: q.include_cancelled.unwrap_or(false),
                updated_since: None,
            };
            let rows = store::list(conn, event_id, &filter, page.after(), page.fetch_limit())?;
            let (rows, next_cursor) = page.cut(rows, |r| r.id.clone());
            Ok(Page {
                items: to_registrations(conn, &caller, rows)?,
                next_cursor,
            })
        })
        .await?;
    respond::page(&req, &page)
}

/// Register a company (its editors or its cluster's managers). Seats are counted in
/// attendees; when they run out the answer is 409.
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = RegistrationInput,
    responses(
        (status = 201, description = "Registered", body = Registration, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not an editor of this company"),
        (status = 409, description = "Registration is closed, the company is already registered (`existing_id`), or not enough seats are left"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{id}/registrations")]
pub async fn create_registration(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    body: ValidJson<RegistrationInput>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let input = body.0;
    let registration = state
        .db
        .write(move |conn| {
            // Serialises registrations per event (PostgreSQL); SQLite's write lock already does.
            crate::store::lock_for_update(conn, "events", &event_id.to_string())?;
            let event = visible_event_with_seats(conn, &caller, event_id)?;
            let parties = event.parties()?;
            let member = crate::store::members::get(conn, input.member_id).map_err(|_| {
                AppError::invalid(
                    "member_id",
                    format!("no member company with id {}", input.member_id),
                )
            })?;
            let cluster_id = member.cluster_uuid()?;
            require(
                caller.can_edit_member(cluster_id, input.member_id),
                "register this company",
            )?;
            if let Some(reason) = registration_closed_reason(
                parties.status,
                event.row.registration_deadline,
                event.row.ends_at,
                Utc::now(),
            ) {
                return Err(AppError::conflict(format!(
                    "registration is closed: {reason}"
                )));
            }
            if !parties.is_participating_cluster(cluster_id) {
                return Err(AppError::invalid(
                    "member_id",
                    "the company's cluster does not take part in this event",
                ));
            }
            if let Some(existing) = store::active_of_member(conn, event_id, input.member_id)? {
                return Err(AppError::Conflict {
                    detail: "this company is already registered for the event".into(),
                    allowed: None,
                    existing_id: Some(existing.id),
                });
            }
            check_attendees(conn, input.member_id, &input.attendee_contact_ids)?;
            check_seats(
                event.row.capacity,
                event.seats()?,
                input.attendee_contact_ids.len() as i64,
            )?;
            let profile = Pitch {
                core_business: member.core_business.clone(),
                areas_of_interest: from_json_text(&member.areas_of_interest)?,
                partners_sought: from_json_text(&member.partners_sought)?,
                ongoing_projects: member.ongoing_projects.clone(),
            };
            let pitch = input.pitch.unwrap_or_default().apply(profile);
            let row = store::insert(
                conn,
                NewRegistration {
                    event_id,
                    member_id: input.member_id,
                    cluster_id,
                    pitch: &pitch_data(&pitch)?,
                    attendees: &input.attendee_contact_ids,
                    registered_by: Some(caller.user_id),
                },
            )?;
            to_registration(conn, &caller, row)
        })
        .await?;
    respond::created(
        &req,
        format!(
            "/api/v1/events/{event_id}/registrations/{}",
            registration.id
        ),
        &registration,
    )
}

/// The registration if the caller may see it (the event is visible to them, and so is the
/// company); "not found" otherwise.
pub(crate) fn visible_registration(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Uuid,
    registration_id: Uuid,
) -> AppResult<store::RegistrationRow> {
    let event = visible_event(conn, caller, event_id)?;
    let row = store::get(conn, event_id, registration_id)?;
    if let Some(members) = visibility(caller, &event.parties()?)
        && !members.contains(&row.member_uuid()?)
    {
        return Err(AppError::NotFound(format!(
            "event {event_id} has no registration {registration_id}"
        )));
    }
    Ok(row)
}

/// Get one registration (organisers, and the company's editors).
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id")),
    responses(
        (status = 200, description = "The registration", body = Registration, headers(("ETag" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
    ),
    security(("bearer" = []))
)]
#[get("/events/{id}/registrations/{registration_id}")]
pub async fn get_registration(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, registration_id) = path.into_inner();
    let registration = state
        .db
        .run(move |conn| {
            let row = visible_registration(conn, &caller, event_id, registration_id)?;
            to_registration(conn, &caller, row)
        })
        .await?;
    respond::ok(&req, &registration)
}

/// Change the attendees or the pitch card. More attendees need free seats.
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if it changed since")),
    request_body(content = RegistrationPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated", body = Registration, headers(("ETag" = String))),
        (status = 403, description = "Not an editor of this company"),
        (status = 409, description = "Cancelled, registration closed, or not enough seats"),
    ),
    security(("bearer" = []))
)]
#[patch("/events/{id}/registrations/{registration_id}")]
pub async fn update_registration(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
    body: ValidJson<RegistrationPatch>,
) -> AppResult<HttpResponse> {
    let (event_id, registration_id) = path.into_inner();
    let patch = body.0;
    let registration = state
        .db
        .write(move |conn| {
            crate::store::lock_for_update(conn, "events", &event_id.to_string())?;
            let event = visible_event_with_seats(conn, &caller, event_id)?;
            let row = store::get(conn, event_id, registration_id)?;
            require_company_editor(&caller, &row)?;
            let current = to_registration(conn, &caller, row.clone())?;
            if_match.check(&respond::etag_of(&current)?)?;
            if !row.is_active() {
                return Err(AppError::conflict("the registration is cancelled"));
            }
            let parties = event.parties()?;
            if let Some(reason) = registration_closed_reason(
                parties.status,
                event.row.registration_deadline,
                event.row.ends_at,
                Utc::now(),
            ) {
                return Err(AppError::conflict(format!(
                    "registration is closed: {reason}"
                )));
            }
            let attendees = match patch.attendee_contact_ids {
                Some(ids) => {
                    check_attendees(conn, row.member_uuid()?, &ids)?;
                    let added = ids.len() as i64 - current.attendees.len() as i64;
                    if added > 0 {
                        check_seats(event.row.capacity, event.seats()?, added)?;
                    }
                    ids
                }
                None => current.attendees.iter().map(|c| c.id).collect(),
            };
            let pitch = patch.pitch.unwrap_or_default().apply(current.pitch);
            let updated = store::update(conn, &row, &pitch_data(&pitch)?, &attendees)?;
            to_registration(conn, &caller, updated)
        })
        .await?;
    respond::ok(&req, &registration)
}

/// Cancel a registration: its seats are free again. It stays listed with
/// `include_cancelled=true`.
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if it changed since")),
    responses(
        (status = 200, description = "Cancelled", body = Registration, headers(("ETag" = String))),
        (status = 403, description = "Not an editor of this company"),
        (status = 409, description = "Already cancelled, or the event is over"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{id}/registrations/{registration_id}/cancel")]
pub async fn cancel_registration(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let (event_id, registration_id) = path.into_inner();
    let registration = state
        .db
        .write(move |conn| {
            crate::store::lock_for_update(conn, "events", &event_id.to_string())?;
            let event = visible_event(conn, &caller, event_id)?;
            let row = store::get(conn, event_id, registration_id)?;
            require_company_editor(&caller, &row)?;
            if_match.check(&respond::etag_of(&to_registration(
                conn,
                &caller,
                row.clone(),
            )?)?)?;
            if !row.is_active() {
                return Err(AppError::conflict("the registration is already cancelled"));
            }
            if event.status()? == crate::domain::event::EventStatus::Closed {
                return Err(AppError::conflict(
                    "the event is closed; its registrations are part of the record",
                ));
            }
            let cancelled = store::cancel(conn, &row)?;
            to_registration(conn, &caller, cancelled)
        })
        .await?;
    respond::ok(&req, &registration)
}
