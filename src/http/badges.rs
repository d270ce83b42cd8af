//! `/events/{id}/badges`: what to print on each attendee's badge, with the check-in code
//! for its QR code, as JSON, CSV or xlsx (`badges.csv`, `badges.xlsx`).

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::ValidQuery;
use super::files::{self, CsvQuery, NoQuery, Sheet, XlsxWorkbook};
use super::negotiate::{Format, formats, negotiate};
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

formats!(
    /// What `GET /events/{id}/badges` serves.
    BadgesFormat { Json, Csv }
);

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BadgeQuery {
    /// `json` or `csv`; overrides the Accept header. Clients that want the file can call
    /// `badges.csv`; the workbook is only `badges.xlsx`.
    pub format: Option<BadgesFormat>,
    /// CSV only: `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;` and
    /// decimal commas, for Excel in Italian, Swiss, German or French settings).
    pub dialect: Option<Dialect>,
}

/// Badges of the people of the event's active registrations (the organisers running the
/// day; API keys with `events:checkin`): name, company, cluster, country and check-in code,
/// as JSON or CSV (`badges.xlsx`: a workbook) (one row per person; CSV cells that a spreadsheet would take for a
/// formula start with `'`). The contact rule applies: a person the caller may not see (who
/// did not consent to sharing, of a company the caller neither edits nor manages) is left out
/// of the list, so their badge comes from their own cluster's managers.
#[utoipa::path(
    tag = "check-ins",
    params(("id" = Uuid, Path, description = "Event id"), BadgeQuery),
    responses(
        (status = 200, description = "The badges", content(
            (BadgeList = "application/json"),
            (String = "text/csv", example = "name,company,cluster,country,code\r\nIvano Soliani,Soliani Emc,Lombardia Aerospace Cluster,IT,q9Xc2kT0bR7mWv4sYh1e\r\n"),
        ), headers(("ETag" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 403, description = "Not running this event's day"),
        (status = 406, description = "Neither JSON nor CSV is acceptable (the workbook has its own `.xlsx` operation)"),
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
    let format = negotiate(&req, query.0.format, BadgesFormat::OFFERED)?;
    if format != Format::Json {
        let sheet = Sheet::of(format, query.0.dialect);
        return badges_file(&state, &req, caller, event_id, sheet).await;
    }
    let records = badges::badges(&state.db, caller, event_id).await?;
    let list = BadgeList {
        event_id,
        items: records.into_iter().map(Badge::from).collect(),
    };
    respond::ok(&req, &list)
}

async fn badges_file(
    state: &AppState,
    req: &HttpRequest,
    caller: Principal,
    event_id: Uuid,
    sheet: Sheet,
) -> AppResult<HttpResponse> {
    let records = badges::badges(&state.db, caller, event_id).await?;
    files::table(req, sheet, "badges", export::badges::table(&records)).await
}

/// The badges as CSV, the rows of `GET /events/{id}/badges` (same access): one row per
/// person, cells that a spreadsheet would take for a formula start with `'`.
#[utoipa::path(
    tag = "check-ins",
    params(("id" = Uuid, Path, description = "Event id"), CsvQuery),
    responses(
        (status = 200, description = "The badges", headers(("ETag" = String)), content(
            (String = "text/csv", example = "name,company,cluster,country,code\r\nIvano Soliani,Soliani Emc,Lombardia Aerospace Cluster,IT,q9Xc2kT0bR7mWv4sYh1e\r\n"),
        )),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 403, description = "Not running this event's day"),
    )
)]
#[get("/events/{id}/badges.csv")]
pub async fn get_badges_csv(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<CsvQuery>,
) -> AppResult<HttpResponse> {
    let sheet = Sheet::Csv(query.0.dialect.unwrap_or_default());
    badges_file(&state, &req, caller, id.into_inner(), sheet).await
}

/// The badges as an Excel workbook, the rows of `GET /events/{id}/badges` (same access).
#[utoipa::path(
    tag = "check-ins",
    params(("id" = Uuid, Path, description = "Event id"), NoQuery),
    responses(
        (status = 200, description = "The badges", headers(("ETag" = String)), content(
            (inline(XlsxWorkbook) = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 403, description = "Not running this event's day"),
    )
)]
#[get("/events/{id}/badges.xlsx")]
pub async fn get_badges_xlsx(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    _query: ValidQuery<NoQuery>,
) -> AppResult<HttpResponse> {
    badges_file(&state, &req, caller, id.into_inner(), Sheet::Xlsx).await
}
