//! Contact catalogues — the "catalogue of immediately usable contacts" a Cluster2Cluster day
//! ends with — as paginated JSON, or streamed as CSV or vCard so that memory stays flat
//! however many contacts there are.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use futures_util::Stream;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;
use validator::Validate;

use super::extract::ValidQuery;
use super::negotiate::{Format, negotiate};
use super::respond::{self, Page, PageRequest};
use crate::AppState;
use crate::app::catalogue::{self as catalogue, Source};
use crate::domain::access::Principal;
use crate::domain::catalogue::CatalogueEntry;
use crate::error::{AppError, AppResult};
use crate::export;
use crate::export::dialect::Dialect;
use crate::export::vcard::VcardVersion;
use crate::store::Db;
use crate::store::catalogue::Window;
use chrono::{DateTime, Utc};

/// Companies per database round trip while streaming.
const STREAM_CHUNK: i64 = 200;

/// The layout of the files, in their tags: a new layout (columns appended, names in parts)
/// must not be answered with 304 to a client holding a file of the old one.
pub(super) const LAYOUT: &str = "crm1";

/// The problem when `version` comes with another format.
pub(crate) const VCARD_ONLY: &str = "applies to vCard exports only (format=vcf)";

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    /// `json`, `csv` or `vcf`; overrides the Accept header.
    pub format: Option<Format>,
    /// CSV only: `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;` and
    /// decimal commas, for Excel in Italian, Swiss, German or French settings).
    pub dialect: Option<Dialect>,
    /// vCard only: `4.0` (default; RFC 6350) or `3.0` (RFC 2426, for Outlook and older
    /// address books).
    pub version: Option<VcardVersion>,
    /// JSON only: page size, 1 to 500 (default 50). CSV and vCard stream everything.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// JSON only: `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only companies whose entry changed at or after this time (RFC 3339): the company,
    /// its people (added, edited, consent, deleted) or, for events, its registration.
    pub updated_since: Option<DateTime<Utc>>,
    /// JSON only: also entries that left the catalogue (companies removed, registrations
    /// cancelled), as tombstones with `removed_at` and no people.
    pub include_removed: Option<bool>,
}

/// A file made of catalogue entries (CSV, vCard, the companies file), produced page by page
/// while it is sent: `render(entries, first)` writes the bytes of one page (`first`: the
/// file's start, for a header).
pub(super) fn export_stream(
    db: Db,
    source: Source,
    window: Window,
    render: impl Fn(&[CatalogueEntry], bool) -> Vec<u8> + Clone + 'static,
) -> impl Stream<Item = Result<Bytes, actix_web::Error>> {
    futures_util::stream::unfold(Some((None::<String>, true)), move |state| {
        let db = db.clone();
        let render = render.clone();
        async move {
            let (after, first) = state?;
            let page = catalogue::page(&db, source, window, after, STREAM_CHUNK).await;
            let entries = match page {
                Ok(entries) => entries,
                Err(e) => {
                    // The status line is gone already; end the body so the client sees a
                    // truncated transfer rather than a complete-looking file.
                    tracing::error!(error = %e, "catalogue export failed mid-stream");
                    return Some((
                        Err(actix_web::error::ErrorInternalServerError("export failed")),
                        None,
                    ));
                }
            };
            let next = (entries.len() as i64 == STREAM_CHUNK)
                .then(|| entries.last().map(|(key, _)| (Some(key.clone()), false)))
                .flatten();
            let entries: Vec<CatalogueEntry> = entries.into_iter().map(|(_, e)| e).collect();
            Some((Ok(Bytes::from(render(&entries, first))), next))
        }
    })
}

async fn answer(
    state: &AppState,
    req: &HttpRequest,
    source: Source,
    q: CatalogueQuery,
    name: &str,
) -> AppResult<HttpResponse> {
    let format = negotiate(req, q.format, &[Format::Json, Format::Csv, Format::Vcf])?;
    let dialect = q.dialect.unwrap_or_default();
    if q.version.is_some() && format != Format::Vcf {
        return Err(AppError::bad_field("version", VCARD_ONLY));
    }
    let version = q.version.unwrap_or_default();
    let window = Window {
        updated_since: q.updated_since.map(|t| t.naive_utc()),
        include_removed: q.include_removed.unwrap_or(false),
    };
    if window.include_removed && format != Format::Json {
        return Err(AppError::bad_field(
            "include_removed",
            "tombstones exist in JSON only; CSV and vCard list what is in the catalogue",
        ));
    }
    if format == Format::Json {
        let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
        let rows = catalogue::page(
            &state.db,
            source,
            window,
            page.after().map(str::to_owned),
            page.fetch_limit(),
        )
        .await?;
        let page = Page::from_rows(rows, &page, |(k, _)| k.clone(), |(_, e)| Ok(e))?;
        return respond::page(req, &page);
    }
    // A weak ETag from a fingerprint of the data, so that a script polling the export gets
    // 304 without the service producing the file again.
    let fingerprint = catalogue::fingerprint(&state.db, source).await?;
    let etag = format!(
        "W/{}",
        respond::etag_of_bytes(
            format!(
                "{}|{:?}|{fingerprint}{}|{LAYOUT}",
                format.extension(),
                window.updated_since,
                match (format, dialect, version) {
                    (Format::Csv, Dialect::Excel, _) => "|excel",
                    (Format::Vcf, _, VcardVersion::V3) => "|3.0",
                    _ => "",
                }
            )
            .as_bytes()
        )
    );
    if respond::if_none_match_hits(req, &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .content_type(format.media_type())
        .insert_header((header::ETAG, etag))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.{}\"", format.extension()),
        ))
        .streaming(export_stream(
            state.db.clone(),
            source,
            window,
            move |entries, first| match format {
                Format::Csv if first => [
                    export::csv::header(dialect),
                    export::csv::rows(entries, dialect),
                ]
                .concat(),
                Format::Csv => export::csv::rows(entries, dialect),
                _ => export::vcard::cards(entries, version),
            },
        )))
}

/// The contact catalogue of an event: each registered company with its pitch card and its
/// contact people who consented to sharing (never the others). For attendees' companies,
/// the participating clusters' managers and admins. JSON pages, or the whole catalogue as
/// CSV (one row per contact) or vCard 4.0 or 3.0 (one card per contact).
#[utoipa::path(
    tag = "catalogues",
    params(("id" = Uuid, Path, description = "Event id"), CatalogueQuery),
    responses(
        (status = 200, description = "The catalogue", content(
            (Page<CatalogueEntry> = "application/json"),
            (String = "text/csv", example = "company,cluster,company_country,…\r\nSoliani Emc,Lombardia Aerospace Cluster,IT,…\r\n"),
            (String = "text/vcard", example = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ivano Soliani\r\nORG:Soliani Emc\r\n…\r\nEND:VCARD\r\n"),
        )),
        (status = 403, description = "Neither an attendee's company, nor a manager of a participating cluster"),
        (status = 406, description = "None of JSON, CSV, vCard is acceptable"),
    )
)]
#[get("/events/{id}/catalogue")]
pub async fn get_event_catalogue(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<CatalogueQuery>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    catalogue::authorize_event(&state.db, caller, event_id).await?;
    answer(&state, &req, Source::Event(event_id), query.0, "catalogue").await
}

/// A cluster's whole membership as a contact catalogue (consenting contacts only). For the
/// cluster's managers, its member companies' editors, and admins.
#[utoipa::path(
    tag = "catalogues",
    params(("id" = Uuid, Path, description = "Cluster id"), CatalogueQuery),
    responses(
        (status = 200, description = "The catalogue", content(
            (Page<CatalogueEntry> = "application/json"),
            (String = "text/csv"),
            (String = "text/vcard"),
        )),
        (status = 403, description = "Not part of this cluster"),
        (status = 406, description = "None of JSON, CSV, vCard is acceptable"),
    )
)]
#[get("/clusters/{id}/catalogue")]
pub async fn get_cluster_catalogue(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<CatalogueQuery>,
) -> AppResult<HttpResponse> {
    let cluster_id = id.into_inner();
    catalogue::authorize_cluster(&state.db, &caller, cluster_id).await?;
    answer(
        &state,
        &req,
        Source::Cluster(cluster_id),
        query.0,
        "members",
    )
    .await
}
