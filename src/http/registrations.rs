//! `/events/{id}/registrations`: companies register with their attendees and pitch card.
//! Seats are counted in attendees and enforced inside the registering transaction.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::contacts::Contact;
use super::extract::{IfMatch, ValidJson, ValidQuery};
use super::files::{self, Sheet, XlsxWorkbook};
use super::respond::{self, Page, PageRequest};
use crate::AppState;
use crate::app::edit;
use crate::app::registrations::{
    self as registrations, ListFilter, NewRegistrationInput, PitchChange, Registered,
    RegistrationChange, RegistrationKey, RegistrationRecord, pitch_of,
};
use crate::domain::access::Principal;
use crate::domain::catalogue::Pitch;
use crate::domain::format;
use crate::domain::registration::RegistrationStatus;
use crate::error::{AppError, AppResult};
use crate::export;
use crate::export::dialect::Dialect;
use crate::export::registrations::{Attendee, RegistrationLine};
use crate::store::registrations::StatusFilter;

#[derive(Debug, Serialize, ToSchema)]
pub struct Registration {
    pub id: Uuid,
    pub event_id: Uuid,
    pub member_id: Uuid,
    pub cluster_id: Uuid,
    /// `active` (holds its seats), `pending` (awaits the organisers' approval), `waitlisted`
    /// (on the waiting list, see `waitlist_position`), `declined` or `cancelled`.
    pub status: RegistrationStatus,
    /// For a waitlisted registration: its place in the line, 1 = next (derived from when it
    /// joined the line; it moves up as those ahead leave or are promoted).
    pub waitlist_position: Option<i64>,
    /// When it joined the waiting list (kept once promoted).
    pub waitlisted_at: Option<DateTime<Utc>>,
    /// Why the organisers declined it, if they said.
    pub decline_reason: Option<String>,
    /// The contact people who attend; each takes a seat.
    pub attendees: Vec<Contact>,
    /// The pitch card for this event (prefilled from the company profile).
    pub pitch: Pitch,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

impl Registration {
    /// The registration as clients see it (attendees already filtered for the caller).
    pub fn from_record(rec: RegistrationRecord) -> AppResult<Registration> {
        let row = rec.row;
        Ok(Registration {
            id: row.id,
            event_id: row.event_id,
            member_id: row.member_id,
            cluster_id: row.cluster_id,
            pitch: pitch_of(&row)?,
            attendees: rec
                .attendees
                .into_iter()
                .map(Contact::from_row)
                .collect::<AppResult<_>>()?,
            status: row.status,
            waitlist_position: rec.waitlist_position,
            waitlisted_at: row.waitlisted_at.map(|d| d.and_utc()),
            decline_reason: row.decline_reason,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
            cancelled_at: row.cancelled_at.map(|d| d.and_utc()),
        })
    }
}

/// The ETag of the registration as the caller sees it (for `If-Match`).
fn etag_of(rec: &RegistrationRecord) -> AppResult<String> {
    respond::etag_of(&Registration::from_record(rec.clone())?)
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

impl From<PitchInput> for PitchChange {
    fn from(p: PitchInput) -> PitchChange {
        PitchChange {
            core_business: p.core_business,
            areas_of_interest: p.areas_of_interest,
            partners_sought: p.partners_sought,
            ongoing_projects: p.ongoing_projects,
        }
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
    /// Include declined and cancelled registrations (default: the live ones: active,
    /// pending, waitlisted).
    pub include_cancelled: Option<bool>,
    /// Only registrations in this status (overrides `include_cancelled`).
    pub status: Option<RegistrationStatus>,
}

/// List registrations: organisers see all, company editors their own companies'.
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id"), RegistrationListQuery),
    responses((status = 200, description = "A page of registrations", body = Page<Registration>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))))
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
    let filter = file_filter(q.cluster_id, q.status, q.include_cancelled);
    let rows = registrations::list(
        &state.db,
        caller,
        event_id,
        filter,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(
        rows,
        &page,
        |r| r.row.id.to_string(),
        Registration::from_record,
    )?;
    respond::page(&req, &page)
}

/// The query of `registrations.csv`: the dialect and the filters of the JSON list.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegistrationCsvQuery {
    /// `rfc4180` (default: `,`) or `excel` (UTF-8 BOM and `;`, for Excel in Italian, Swiss,
    /// German or French settings).
    pub dialect: Option<Dialect>,
    /// Only companies of this cluster.
    pub cluster_id: Option<Uuid>,
    /// Include declined and cancelled registrations (default: the live ones: active,
    /// pending, waitlisted).
    pub include_cancelled: Option<bool>,
    /// Only registrations in this status (overrides `include_cancelled`).
    pub status: Option<RegistrationStatus>,
}

/// The query of `registrations.xlsx`: the filters of the JSON list.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegistrationXlsxQuery {
    /// Only companies of this cluster.
    pub cluster_id: Option<Uuid>,
    /// Include declined and cancelled registrations (default: the live ones: active,
    /// pending, waitlisted).
    pub include_cancelled: Option<bool>,
    /// Only registrations in this status (overrides `include_cancelled`).
    pub status: Option<RegistrationStatus>,
}

/// Registrations read per store call when a file is made.
const FILE_CHUNK: i64 = 200;

/// Every registration the JSON list shows the caller (same call, same attendee
/// visibility), as table rows with the company's and the cluster's names.
async fn registrations_file(
    state: &AppState,
    req: &HttpRequest,
    caller: Principal,
    event_id: Uuid,
    filter: ListFilter,
    sheet: Sheet,
) -> AppResult<HttpResponse> {
    let mut items = Vec::new();
    let mut after: Option<String> = None;
    // Bounded: each full chunk adds FILE_CHUNK rows, and past the workbook limit it stops.
    loop {
        let rows = registrations::list(
            &state.db,
            caller.clone(),
            event_id,
            filter.clone(),
            after.clone(),
            FILE_CHUNK,
        )
        .await?;
        let full = rows.len() as i64 == FILE_CHUNK;
        after = rows.last().map(|r| r.row.id.to_string());
        for rec in rows {
            items.push(Registration::from_record(rec)?);
        }
        if items.len() > state.config.workbook_max_rows {
            return Err(files::too_many_rows(
                state.config.workbook_max_rows,
                "the JSON list (paged)",
            ));
        }
        if !full {
            break;
        }
    }
    let mut member_ids: Vec<Uuid> = items.iter().map(|r| r.member_id).collect();
    member_ids.sort();
    member_ids.dedup();
    let names = registrations::company_names(&state.db, member_ids).await?;
    let lines = items
        .into_iter()
        .map(|r| {
            let (company, cluster) = names
                .get(&r.member_id)
                .cloned()
                .ok_or_else(|| AppError::internal("registered company missing"))?;
            Ok(RegistrationLine {
                id: r.id,
                member_id: r.member_id,
                company,
                cluster,
                status: r.status,
                waitlist_position: r.waitlist_position,
                attendees: r
                    .attendees
                    .into_iter()
                    .map(|a| Attendee {
                        name: a.name,
                        email: a.email,
                    })
                    .collect(),
                created_at: r.created_at,
                cancelled_at: r.cancelled_at,
                decline_reason: r.decline_reason,
                core_business: r.pitch.core_business,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    files::table(
        req,
        sheet,
        "registrations",
        export::registrations::table(&lines),
    )
    .await
}

fn file_filter(
    cluster_id: Option<Uuid>,
    status: Option<RegistrationStatus>,
    include_cancelled: Option<bool>,
) -> ListFilter {
    ListFilter {
        cluster_id,
        statuses: match (status, include_cancelled.unwrap_or(false)) {
            (Some(status), _) => StatusFilter::Only(vec![status]),
            (None, true) => StatusFilter::Any,
            (None, false) => StatusFilter::Live,
        },
    }
}

/// The registrations as CSV, with the access of `GET /events/{id}/registrations`.
///
/// One row per registration the JSON list would return (all pages, same filters), with the
/// attendees the caller may see there; cells that a spreadsheet would take for a formula
/// start with `'`.
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id"), RegistrationCsvQuery),
    responses(
        (status = 200, description = "The registrations", headers(("ETag" = String)), content(
            (String = "text/csv", example = "registration_id,member_id,company,cluster,status,waitlist_position,attendees,attendee_emails,attendee_count,created_at,cancelled_at,decline_reason,core_business\r\n0193a5c8-7d1e-7c3a-9b1e-000000000010,0193a5c8-7d1e-7c3a-9b1e-000000000002,Soliani Emc S.r.l.,Lombardia Aerospace Cluster,active,,Ivano Soliani,ivano.soliani@soliani-emc.example,1,2026-03-01T09:30:00Z,,,EMC testing for aerospace\r\n"),
        )),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, description = "No such event, or not visible to the caller (others see only their own companies' registrations, or none)"),
    )
)]
#[get("/events/{id}/registrations.csv")]
pub async fn get_registrations_csv(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<RegistrationCsvQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let filter = file_filter(q.cluster_id, q.status, q.include_cancelled);
    let sheet = Sheet::Csv(q.dialect.unwrap_or_default());
    registrations_file(&state, &req, caller, id.into_inner(), filter, sheet).await
}

/// The registrations as an Excel workbook, with the access of `GET /events/{id}/registrations`.
///
/// One row per registration the JSON list would return (all pages, same filters), with the
/// attendees the caller may see there; text as string cells, never formulas.
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id"), RegistrationXlsxQuery),
    responses(
        (status = 200, description = "The registrations", headers(("ETag" = String)), content(
            (inline(XlsxWorkbook) = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, description = "No such event, or not visible to the caller (others see only their own companies' registrations, or none)"),
    )
)]
#[get("/events/{id}/registrations.xlsx")]
pub async fn get_registrations_xlsx(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<RegistrationXlsxQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let filter = file_filter(q.cluster_id, q.status, q.include_cancelled);
    registrations_file(&state, &req, caller, id.into_inner(), filter, Sheet::Xlsx).await
}

/// Register a company (its editors or its cluster's managers). Seats are counted in
/// attendees: the registration is `active` when they fit and nobody waits, else
/// `waitlisted` (promoted in order as seats free up); on events with `approval_required` it
/// is `pending` until the organisers approve it. Invitation-only events need the company's
/// invitation (403 without).
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = RegistrationInput,
    responses(
        (status = 201, description = "Registered", body = Registration, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not an editor of this company, or the event is invitation-only and the company is not invited"),
        (status = 409, description = "Registration is closed, or the company is already registered (`existing_id`: an active, pending or waitlisted registration)"),
    )
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
    let new = NewRegistrationInput {
        member_id: input.member_id,
        attendee_contact_ids: input.attendee_contact_ids,
        pitch: input.pitch.map(PitchChange::from).unwrap_or_default(),
    };
    let registration =
        Registration::from_record(registrations::create(&state.db, caller, event_id, new).await?)?;
    respond::created(
        &req,
        format!(
            "/api/v1/events/{event_id}/registrations/{}",
            registration.id
        ),
        &registration,
    )
}

/// Get one registration (organisers, and the company's editors).
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id")),
    responses(
        (status = 200, description = "The registration", body = Registration, headers(("ETag" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
    )
)]
#[get("/events/{id}/registrations/{registration_id}")]
pub async fn get_registration(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, registration_id) = path.into_inner();
    let rec = registrations::get(&state.db, caller, event_id, registration_id).await?;
    let registration = Registration::from_record(rec)?;
    respond::ok(&req, &registration)
}

/// Change the attendees or the pitch card. More attendees of an active registration need
/// free seats; fewer free seats for the waiting list.
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if it changed since")),
    request_body(content = RegistrationPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated", body = Registration, headers(("ETag" = String))),
        (status = 403, description = "Not an editor of this company"),
        (status = 409, description = "Declined or cancelled, registration closed, or not enough seats"),
    )
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
    let change = RegistrationChange {
        attendee_contact_ids: patch.attendee_contact_ids,
        pitch: patch.pitch.map(PitchChange::from).unwrap_or_default(),
    };
    let key = RegistrationKey {
        event_id,
        registration_id,
    };
    let done = edit::update::<registrations::Registration, _, _>(
        &state.db,
        caller,
        key,
        move |current: &Registered| if_match.check(&etag_of(&current.record)?),
        move |_: &Registered| Ok(change),
    )
    .await?;
    let registration = Registration::from_record(done.record)?;
    respond::ok(&req, &registration)
}

/// Cancel a registration (active, pending or waitlisted): its seats are free again and go
/// to the waiting list, first in line first, in the same request. It stays listed with
/// `include_cancelled=true`.
#[utoipa::path(
    tag = "registrations",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if it changed since")),
    responses(
        (status = 200, description = "Cancelled", body = Registration, headers(("ETag" = String))),
        (status = 403, description = "Not an editor of this company"),
        (status = 409, description = "Already cancelled, or the event is over"),
    )
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
    let key = RegistrationKey {
        event_id,
        registration_id,
    };
    let done = edit::update::<registrations::Cancellation, _, _>(
        &state.db,
        caller,
        key,
        move |current: &Registered| if_match.check(&etag_of(&current.record)?),
        |_: &Registered| Ok(()),
    )
    .await?;
    let registration = Registration::from_record(done.record)?;
    respond::ok(&req, &registration)
}
