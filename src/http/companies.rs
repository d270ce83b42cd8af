//! The companies file of a catalogue (`companies.csv`): one row per company of a cluster or
//! of an event, for importing companies into a CRM before their people (see
//! `export::companies` for the columns). The same readers as the catalogue's, and the same
//! one rule for people: only those who consented to sharing are counted.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;
use validator::Validate;

use super::catalogue::{LAYOUT, export_stream};
use super::extract::ValidQuery;
use super::files;
use super::negotiate::Format;
use super::respond;
use crate::AppState;
use crate::app::catalogue::{self as catalogue, Source};
use crate::domain::translation::Language;
use crate::error::AppResult;
use crate::export;
use crate::export::dialect::Dialect;
use crate::store::catalogue::Window;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CompaniesQuery {
    /// `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM and `;`, for Excel
    /// in Italian, Swiss, German or French settings).
    pub dialect: Option<Dialect>,
    /// Only companies whose entry changed at or after this time (RFC 3339).
    pub updated_since: Option<DateTime<Utc>>,
    /// `description` in this language where the company translated its profile, the
    /// original elsewhere.
    pub lang: Option<Language>,
}

const EXAMPLE: &str = "member_id,name,domain,domain_url,website,city,country,description,cluster,cluster_id,registration_id,shared_contacts\r\n0193a5c8-7d1e-7c3a-9b1e-000000000002,Soliani Emc,soliani.example,https://soliani.example,https://www.soliani.example,Como,IT,EMC testing,Lombardia Aerospace Cluster,0193a5c8-7d1e-7c3a-9b1e-000000000001,,1\r\n";

async fn answer(
    state: &AppState,
    req: &HttpRequest,
    source: Source,
    q: CompaniesQuery,
) -> AppResult<HttpResponse> {
    let dialect = q.dialect.unwrap_or_default();
    let window = Window {
        updated_since: q.updated_since.map(|t| t.naive_utc()),
        include_removed: false,
        lang: q.lang,
    };
    // A weak tag from the catalogue's fingerprint (the same data), so that a polling script
    // gets 304 without the file being produced again.
    let fingerprint = catalogue::fingerprint(&state.db, source).await?;
    let etag = format!(
        "W/{}",
        respond::etag_of_bytes(
            format!(
                "companies|{:?}|{dialect:?}|{:?}|{fingerprint}|{LAYOUT}",
                window.updated_since, window.lang
            )
            .as_bytes()
        )
    );
    let body = export_stream(state.db.clone(), source, window, move |entries, first| {
        let rows = export::companies::rows(entries, dialect);
        if first {
            [export::companies::header(dialect), rows].concat()
        } else {
            rows
        }
    });
    let file = files::streamed(req, Format::Csv, "companies", Some(etag), body);
    Ok(respond::content_language(file, window.lang))
}

/// The companies of a cluster's catalogue as CSV, one row per member company — including
/// those with nobody who consented to sharing, which the per-person files leave out. For the
/// cluster's managers, its member companies' editors, and admins (as the catalogue).
#[utoipa::path(
    tag = "catalogues",
    params(("id" = Uuid, Path, description = "Cluster id"), CompaniesQuery),
    responses(
        (status = 200, description = "The companies file", content(
            (String = "text/csv", example = json!(EXAMPLE)),
        ), headers(("ETag" = String), ("Content-Disposition" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 403, description = "Not part of this cluster"),
    )
)]
#[get("/clusters/{id}/companies.csv")]
pub async fn get_cluster_companies(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: crate::domain::access::Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<CompaniesQuery>,
) -> AppResult<HttpResponse> {
    let cluster_id = id.into_inner();
    catalogue::authorize_cluster(&state.db, &caller, cluster_id).await?;
    answer(&state, &req, Source::Cluster(cluster_id), query.0).await
}

/// The companies of an event's catalogue as CSV, one row per registered company — including
/// those with nobody who consented to sharing. For attendees' companies, the participating
/// clusters' managers and admins (as the catalogue).
#[utoipa::path(
    tag = "catalogues",
    params(("id" = Uuid, Path, description = "Event id"), CompaniesQuery),
    responses(
        (status = 200, description = "The companies file", content(
            (String = "text/csv", example = json!(EXAMPLE)),
        ), headers(("ETag" = String), ("Content-Disposition" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 403, description = "Neither an attendee's company, nor a manager of a participating cluster"),
    )
)]
#[get("/events/{id}/companies.csv")]
pub async fn get_event_companies(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: crate::domain::access::Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<CompaniesQuery>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    catalogue::authorize_event(&state.db, caller, event_id).await?;
    answer(&state, &req, Source::Event(event_id), query.0).await
}
