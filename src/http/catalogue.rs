//! Contact catalogues — the "catalogue of immediately usable contacts" a Cluster2Cluster day
//! ends with — as paginated JSON, or streamed as CSV or vCard so that memory stays flat
//! however many contacts there are, or as an Excel workbook. Each file has its own operation
//! (`catalogue.csv`, `catalogue.vcf`, `catalogue.xlsx`); the JSON one still takes `format=`.

use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use futures_util::Stream;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;
use validator::Validate;

use super::extract::ValidQuery;
use super::files::{self, XlsxWorkbook};
use super::negotiate::{Format, formats, negotiate};
use super::respond::{self, Page, PageRequest};
use crate::AppState;
use crate::app::catalogue::{self as catalogue, Source};
use crate::domain::access::Principal;
use crate::domain::catalogue::CatalogueEntry;
use crate::domain::translation::Language;
use crate::error::{AppError, AppResult};
use crate::export;
use crate::export::dialect::Dialect;
use crate::export::table::Table;
use crate::export::vcard::VcardVersion;
use crate::store::Db;
use crate::store::catalogue::Window;
use chrono::{DateTime, Utc};

/// Companies per database round trip while streaming.
const STREAM_CHUNK: i64 = 200;

formats!(
    /// What `GET /clusters/{id}/catalogue` and `GET /events/{id}/catalogue` serve.
    CatalogueFormat { Json, Csv, Vcf }
);

/// The layout of the files, in their tags: a new layout (columns appended, names in parts)
/// must not be answered with 304 to a client holding a file of the old one.
pub(super) const LAYOUT: &str = "crm1";

/// The problem when `version` comes with another format.
pub(crate) const VCARD_ONLY: &str = "applies to vCard exports only (format=vcf)";

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    /// `json`, `csv` or `vcf`; overrides the Accept header. Clients that want the file can
    /// call `catalogue.csv` or `catalogue.vcf`; the workbook is only `catalogue.xlsx` (a
    /// binary answer here would make generated clients read every answer as a blob).
    pub format: Option<CatalogueFormat>,
    /// CSV only: `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;` and
    /// decimal commas, for Excel in Italian, Swiss, German or French settings).
    pub dialect: Option<Dialect>,
    /// vCard only: `4.0` (default; RFC 6350) or `3.0` (RFC 2426, for Outlook and older
    /// address books).
    pub version: Option<VcardVersion>,
    /// JSON only: page size, 1 to 500 (default 50). The files hold everything.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// JSON only: `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only companies whose entry changed at or after this time (RFC 3339): the company,
    /// its people (added, edited, consent, deleted) or, for events, its registration.
    pub updated_since: Option<DateTime<Utc>>,
    /// The pitch texts (core business, ongoing projects) in this language where the company
    /// translated its profile, the original elsewhere (`Content-Language` says which was
    /// asked for). A pitch rewritten for an event stays as written.
    pub lang: Option<Language>,
    /// JSON only: also entries that left the catalogue (companies removed, registrations
    /// cancelled), as tombstones with `removed_at` and no people.
    pub include_removed: Option<bool>,
}

/// The query of `catalogue.csv`.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogueCsvQuery {
    /// `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;` and decimal
    /// commas, for Excel in Italian, Swiss, German or French settings).
    pub dialect: Option<Dialect>,
    /// Only companies whose entry changed at or after this time (RFC 3339): the company,
    /// its people (added, edited, consent, deleted) or, for events, its registration.
    pub updated_since: Option<DateTime<Utc>>,
    /// The pitch texts (core business, ongoing projects) in this language where the company
    /// translated its profile, the original elsewhere (`Content-Language` says which was
    /// asked for). A pitch rewritten for an event stays as written.
    pub lang: Option<Language>,
}

/// The query of `catalogue.vcf`.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogueVcfQuery {
    /// `4.0` (default; RFC 6350) or `3.0` (RFC 2426, for Outlook and older address books).
    pub version: Option<VcardVersion>,
    /// Only companies whose entry changed at or after this time (RFC 3339): the company,
    /// its people (added, edited, consent, deleted) or, for events, its registration.
    pub updated_since: Option<DateTime<Utc>>,
    /// The pitch texts (core business, ongoing projects) in this language where the company
    /// translated its profile, the original elsewhere (`Content-Language` says which was
    /// asked for). A pitch rewritten for an event stays as written.
    pub lang: Option<Language>,
}

/// The query of `catalogue.xlsx`.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogueFileQuery {
    /// Only companies whose entry changed at or after this time (RFC 3339): the company,
    /// its people (added, edited, consent, deleted) or, for events, its registration.
    pub updated_since: Option<DateTime<Utc>>,
    /// The pitch texts (core business, ongoing projects) in this language where the company
    /// translated its profile, the original elsewhere (`Content-Language` says which was
    /// asked for). A pitch rewritten for an event stays as written.
    pub lang: Option<Language>,
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
    let format = negotiate(req, q.format, CatalogueFormat::OFFERED)?;
    if q.version.is_some() && format != Format::Vcf {
        return Err(AppError::bad_field("version", VCARD_ONLY));
    }
    let window = Window {
        updated_since: q.updated_since.map(|t| t.naive_utc()),
        include_removed: q.include_removed.unwrap_or(false),
        lang: q.lang,
    };
    if format != Format::Json {
        if window.include_removed {
            return Err(AppError::bad_field(
                "include_removed",
                "tombstones exist in JSON only; the files list what is in the catalogue",
            ));
        }
        let shape = Shape {
            format,
            dialect: q.dialect.unwrap_or_default(),
            version: q.version.unwrap_or_default(),
        };
        return file(state, req, source, window, shape, name).await;
    }
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
    Ok(respond::content_language(
        respond::page(req, &page)?,
        window.lang,
    ))
}

/// How a catalogue file is written: its format, the CSV dialect, the vCard version.
#[derive(Debug, Clone, Copy)]
struct Shape {
    format: Format,
    dialect: Dialect,
    version: VcardVersion,
}

impl Shape {
    fn of(format: Format) -> Shape {
        Shape {
            format,
            dialect: Dialect::default(),
            version: VcardVersion::default(),
        }
    }
}

/// The catalogue as a file: CSV and vCard streamed, xlsx built whole.
async fn file(
    state: &AppState,
    req: &HttpRequest,
    source: Source,
    window: Window,
    shape: Shape,
    name: &str,
) -> AppResult<HttpResponse> {
    let Shape {
        format,
        dialect,
        version,
    } = shape;
    // A weak ETag from a fingerprint of the data, so that a script polling the export gets
    // 304 without the service producing the file again.
    let fingerprint = catalogue::fingerprint(&state.db, source).await?;
    let etag = format!(
        "W/{}",
        respond::etag_of_bytes(
            format!(
                "{}|{:?}|{:?}|{fingerprint}{}|{LAYOUT}",
                format.extension(),
                window.updated_since,
                window.lang,
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
        return Ok(files::not_modified(etag));
    }
    if format == Format::Xlsx {
        let mut entries = Vec::new();
        let mut after = None;
        loop {
            let page = catalogue::page(&state.db, source, window, after, STREAM_CHUNK).await?;
            let full = page.len() as i64 == STREAM_CHUNK;
            after = page.last().map(|(key, _)| key.clone());
            entries.extend(page.into_iter().map(|(_, e)| e));
            let rows: usize = entries.iter().map(|e| e.contacts.len()).sum();
            if rows > state.config.workbook_max_rows {
                return Err(files::too_many_rows(
                    state.config.workbook_max_rows,
                    "catalogue.csv (or updated_since)",
                ));
            }
            if !full {
                break;
            }
        }
        let table = Table {
            sheet: "Catalogue",
            columns: &export::csv::HEADER,
            rows: export::csv::cells(&entries),
        };
        let book = files::workbook(name, etag, table).await?;
        return Ok(respond::content_language(book, window.lang));
    }
    let body = export_stream(
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
    );
    let file = files::streamed(req, format, name, Some(etag), body);
    Ok(respond::content_language(file, window.lang))
}

/// The contact catalogue of an event: each registered company with its pitch card and its
/// contact people who consented to sharing (never the others). For attendees' companies,
/// the participating clusters' managers and admins. JSON pages, or the whole catalogue as
/// CSV (one row per contact) or vCard 4.0 or 3.0 (one card per contact); the workbook is
/// `catalogue.xlsx`.
#[utoipa::path(
    tag = "catalogues",
    params(("id" = Uuid, Path, description = "Event id"), CatalogueQuery),
    responses(
        (status = 200, description = "The catalogue", headers(("ETag" = String, description = "Strong for a JSON page; weak for a file, from a fingerprint of the data")), content(
            (Page<CatalogueEntry> = "application/json"),
            (String = "text/csv", example = "company,cluster,company_country,…\r\nSoliani Emc,Lombardia Aerospace Cluster,IT,…\r\n"),
            (String = "text/vcard", example = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ivano Soliani\r\nORG:Soliani Emc\r\n…\r\nEND:VCARD\r\n"),
        )),
        (status = 403, description = "Neither an attendee's company, nor a manager of a participating cluster"),
        (status = 406, description = "None of JSON, CSV, vCard is acceptable (the workbook is `catalogue.xlsx`)"),
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
        (status = 200, description = "The catalogue", headers(("ETag" = String, description = "Strong for a JSON page; weak for a file, from a fingerprint of the data")), content(
            (Page<CatalogueEntry> = "application/json"),
            (String = "text/csv"),
            (String = "text/vcard"),
        )),
        (status = 403, description = "Not part of this cluster"),
        (status = 406, description = "None of JSON, CSV, vCard is acceptable (the workbook is `catalogue.xlsx`)"),
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

/// The file operations of one catalogue: each file's path and operation id, the id's
/// description, what 403 means, the file's name, the source, and the access check of the JSON
/// operation (which the files share).
macro_rules! catalogue_files {
    (
        id: $id_doc:tt,
        forbidden: $forbidden:tt,
        stem: $stem:tt,
        source: $source:path,
        authorize: |$state:ident, $caller:ident, $id:ident| $auth:expr,
        csv: $csv:ident = $csv_path:tt,
        vcf: $vcf:ident = $vcf_path:tt,
        xlsx: $xlsx:ident = $xlsx_path:tt $(,)?
    ) => {
        /// The catalogue as CSV, with the access of its JSON operation: RFC 4180 or, with
        /// `dialect=excel`, what Excel in Italian, Swiss, German or French settings opens; one
        /// row per contact person who consented to sharing; cells a spreadsheet would take for
        /// a formula start with `'`.
        #[utoipa::path(
            tag = "catalogues",
            params(("id" = Uuid, Path, description = $id_doc), CatalogueCsvQuery),
            responses(
                (status = 200, description = "The catalogue", headers(("ETag" = String, description = "Weak: from a fingerprint of the data")), content(
                    (String = "text/csv", example = "company,cluster,company_country,…\r\nSoliani Emc,Lombardia Aerospace Cluster,IT,…\r\n"),
                )),
                (status = 403, description = $forbidden),
            )
        )]
        #[get($csv_path)]
        pub async fn $csv(
            state: web::Data<AppState>,
            req: HttpRequest,
            caller: Principal,
            id: web::Path<Uuid>,
            query: ValidQuery<CatalogueCsvQuery>,
        ) -> AppResult<HttpResponse> {
            let ($state, $caller, $id) = (&state, caller, id.into_inner());
            $auth;
            let q = query.0;
            let shape = Shape { dialect: q.dialect.unwrap_or_default(), ..Shape::of(Format::Csv) };
            file($state, &req, $source($id), window(q.updated_since, q.lang), shape, $stem).await
        }

        /// The catalogue as vCard 4.0 (or 3.0 with `version=3.0`, for Outlook), with the access
        /// of its JSON operation: one card per contact person who consented to sharing.
        #[utoipa::path(
            tag = "catalogues",
            params(("id" = Uuid, Path, description = $id_doc), CatalogueVcfQuery),
            responses(
                (status = 200, description = "The catalogue", headers(("ETag" = String, description = "Weak: from a fingerprint of the data")), content(
                    (String = "text/vcard", example = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ivano Soliani\r\nORG:Soliani Emc\r\n…\r\nEND:VCARD\r\n"),
                )),
                (status = 403, description = $forbidden),
            )
        )]
        #[get($vcf_path)]
        pub async fn $vcf(
            state: web::Data<AppState>,
            req: HttpRequest,
            caller: Principal,
            id: web::Path<Uuid>,
            query: ValidQuery<CatalogueVcfQuery>,
        ) -> AppResult<HttpResponse> {
            let ($state, $caller, $id) = (&state, caller, id.into_inner());
            $auth;
            let q = query.0;
            let shape = Shape { version: q.version.unwrap_or_default(), ..Shape::of(Format::Vcf) };
            file($state, &req, $source($id), window(q.updated_since, q.lang), shape, $stem).await
        }

        /// The catalogue as an Excel workbook, with the access of its JSON operation: the
        /// columns of the CSV, one row per contact person who consented to sharing, every
        /// text a text cell (phone numbers too).
        #[utoipa::path(
            tag = "catalogues",
            params(("id" = Uuid, Path, description = $id_doc), CatalogueFileQuery),
            responses(
                (status = 200, description = "The catalogue", headers(("ETag" = String, description = "Weak: from a fingerprint of the data")), content(
                    (inline(XlsxWorkbook) = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                )),
                (status = 403, description = $forbidden),
            )
        )]
        #[get($xlsx_path)]
        pub async fn $xlsx(
            state: web::Data<AppState>,
            req: HttpRequest,
            caller: Principal,
            id: web::Path<Uuid>,
            query: ValidQuery<CatalogueFileQuery>,
        ) -> AppResult<HttpResponse> {
            let ($state, $caller, $id) = (&state, caller, id.into_inner());
            $auth;
            let window = window(query.0.updated_since, query.0.lang);
            file($state, &req, $source($id), window, Shape::of(Format::Xlsx), $stem).await
        }
    };
}

/// The window of a file: what is in the catalogue (no tombstones), changed since a time.
fn window(updated_since: Option<DateTime<Utc>>, lang: Option<Language>) -> Window {
    Window {
        updated_since: updated_since.map(|t| t.naive_utc()),
        include_removed: false,
        lang,
    }
}

catalogue_files! {
    id: "Event id",
    forbidden: "Neither an attendee's company, nor a manager of a participating cluster",
    stem: "catalogue",
    source: Source::Event,
    authorize: |state, caller, id| catalogue::authorize_event(&state.db, caller, id).await?,
    csv: get_event_catalogue_csv = "/events/{id}/catalogue.csv",
    vcf: get_event_catalogue_vcf = "/events/{id}/catalogue.vcf",
    xlsx: get_event_catalogue_xlsx = "/events/{id}/catalogue.xlsx",
}

catalogue_files! {
    id: "Cluster id",
    forbidden: "Not part of this cluster",
    stem: "members",
    source: Source::Cluster,
    authorize: |state, caller, id| catalogue::authorize_cluster(&state.db, &caller, id).await?,
    csv: get_cluster_catalogue_csv = "/clusters/{id}/catalogue.csv",
    vcf: get_cluster_catalogue_vcf = "/clusters/{id}/catalogue.vcf",
    xlsx: get_cluster_catalogue_xlsx = "/clusters/{id}/catalogue.xlsx",
}
