//! `/events/{id}/badges`: what to print on each attendee's badge, with the check-in code
//! for its QR code, as JSON or CSV.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::ValidQuery;
use super::negotiate::{Format, negotiate};
use super::respond;
use crate::AppState;
use crate::app::badges::{self as badges, BadgeRecord};
use crate::domain::access::Principal;
use crate::error::AppResult;
use crate::export;
use crate::export::dialect::Dialect;

#[derive(Debug, Serialize, ToSchema)]
pub struct Badge {
    pub registration_id: Uuid,
    pub contact_id: Uuid,
    pub name: String,
    /// The company's legal name.
    pub company: String,
    /// The company's cluster.
    pub cluster: String,
    /// The company's country (ISO 3166-1 alpha-2).
    pub country: String,
    /// The person's check-in code for this event (20 URL-safe characters), for the badge's
    /// QR code: `POST /events/{id}/check-ins` takes it.
    pub code: String,
    /// Whether the person has been checked in.
    pub checked_in: bool,
}

impl From<BadgeRecord> for Badge {
    fn from(b: BadgeRecord) -> Badge {
        Badge {
            registration_id: b.registration_id,
            contact_id: b.contact_id,
            name: b.name,
            company: b.company,
            cluster: b.cluster,
            country: b.country,
            code: b.code,
            checked_in: b.checked_in,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BadgeList {
    pub event_id: Uuid,
    /// By company, then name.
    pub items: Vec<Badge>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BadgeQuery {
    /// `json` or `csv`; overrides the Accept header.
    pub format: Option<Format>,
    /// CSV only: `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;` and
    /// decimal commas, for Excel in Italian, Swiss, German or French settings).
    pub dialect: Option<Dialect>,
}

/// Badges of the people of the event's active registrations (the organisers running the
/// day; API keys with `events:checkin`): name, company, cluster, country and check-in code,
/// as JSON or CSV (one row per person; cells that a spreadsheet would take for a formula
/// start with `'`). The contact rule applies: a person the caller may not see (who did not
/// consent to sharing, of a company the caller neither edits nor manages) is left out of
/// the list, so their badge comes from their own cluster's managers.
#[utoipa::path(
    tag = "check-ins",
    params(("id" = Uuid, Path, description = "Event id"), BadgeQuery),
    responses(
        (status = 200, description = "The badges", content(
            (BadgeList = "application/json"),
            (String = "text/csv", example = "name,company,cluster,country,code\r\nIvano Soliani,Soliani Emc,Lombardia Aerospace Cluster,IT,q9Xc2kT0bR7mWv4sYh1e\r\n"),
        ), headers(("ETag" = String))),
        (status = 403, description = "Not running this event's day"),
        (status = 406, description = "Neither JSON nor CSV is acceptable"),
    )
)]
#[get("/events/{id}/badges")]
pub async fn get_badges(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<BadgeQuery>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let format = negotiate(&req, query.0.format, &[Format::Json, Format::Csv])?;
    let records = badges::badges(&state.db, caller, event_id).await?;
    if format == Format::Json {
        let list = BadgeList {
            event_id,
            items: records.into_iter().map(Badge::from).collect(),
        };
        return respond::ok(&req, &list);
    }
    let body = export::badges::write(&records, query.0.dialect.unwrap_or_default());
    let etag = respond::etag_of_bytes(&body);
    if respond::if_none_match_hits(&req, &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .content_type(format.media_type())
        .insert_header((header::ETAG, etag))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"badges.csv\"",
        ))
        .body(body))
}
