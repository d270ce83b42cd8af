//! The figures across notes: `/trade-notes/figures`, as JSON pages, or one CSV or xlsx file
//! (`figures.csv`, `figures.xlsx`).

use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use futures_util::Stream;

use super::super::extract::ValidQuery;
use super::super::files::{self, XlsxWorkbook};
use super::super::negotiate::{Format, formats, negotiate};
use super::super::respond::{self, Page, PageRequest};
use super::wire::TradeFigure;
use crate::AppState;
use crate::app::trade_notes::{self, FilterParams};
use crate::domain::access::Principal;
use crate::error::AppResult;
use crate::export::dialect::Dialect;
use crate::export::figures::table as figures_table;
use crate::store::Db;
use crate::store::trade_notes::NoteFilter;

formats!(
    /// What `GET /trade-notes/figures` serves.
    TradeFiguresFormat { Json, Csv }
);

super::with_trade_filters!(
    /// The figure list's query: the format, a page (JSON) or the dialect (CSV), and the
    /// filters.
    pub struct TradeFigureListQuery {
        /// `json` or `csv`; overrides the Accept header. Clients that want the file can call
        /// `figures.csv` (or `figures.xlsx`, the workbook).
        pub format: Option<TradeFiguresFormat>,
        /// CSV only: `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;`
        /// and decimal commas, for Excel in Italian, Swiss, German or French settings).
        pub dialect: Option<Dialect>,
        /// JSON only: page size, 1 to 500 (default 50). The files hold every matching figure.
        #[param(minimum = 1, maximum = 500)]
        pub limit: Option<u32>,
        /// JSON only: `next_cursor` of the previous page.
        pub cursor: Option<String>,
    }
);

super::with_trade_filters!(
    /// The query of `figures.csv`: the dialect and the list's filters.
    pub struct TradeFigureCsvQuery {
        /// `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;` and decimal
        /// commas, for Excel in Italian, Swiss, German or French settings).
        pub dialect: Option<Dialect>,
    }
);

super::with_trade_filters!(
    /// The query of `figures.xlsx`: the list's filters.
    pub struct TradeFigureXlsxQuery {}
);

/// Figures per database round trip while streaming CSV.
const STREAM_CHUNK: i64 = 500;

/// The CSV body, produced page by page while it is sent.
fn figures_csv_stream(
    db: Db,
    filter: NoteFilter,
    dialect: Dialect,
) -> impl Stream<Item = Result<Bytes, actix_web::Error>> {
    futures_util::stream::unfold(Some((None::<String>, true)), move |state| {
        let (db, filter) = (db.clone(), filter.clone());
        async move {
            let (after, first) = state?;
            let rows = trade_notes::list_figures(&db, filter, after, STREAM_CHUNK)
                .await
                .and_then(|rows| {
                    rows.into_iter()
                        .map(|rows| {
                            let key = rows.0.id.to_string();
                            TradeFigure::from_rows(rows).map(|f| (key, f))
                        })
                        .collect::<AppResult<Vec<_>>>()
                });
            let rows = match rows {
                Ok(rows) => rows,
                Err(e) => {
                    // The status line is gone already; end the body so the client sees a
                    // truncated transfer rather than a complete-looking file.
                    tracing::error!(error = %e, "figure export failed mid-stream");
                    return Some((
                        Err(actix_web::error::ErrorInternalServerError("export failed")),
                        None,
                    ));
                }
            };
            let next = (rows.len() as i64 == STREAM_CHUNK)
                .then(|| rows.last().map(|(key, _)| (Some(key.clone()), false)))
                .flatten();
            let figures: Vec<TradeFigure> = rows.into_iter().map(|(_, f)| f).collect();
            let mut bytes = Vec::new();
            if first {
                bytes.extend(crate::export::figures::header(dialect));
            }
            bytes.extend(crate::export::figures::rows(&figures, dialect));
            Some((Ok(Bytes::from(bytes)), next))
        }
    })
}

/// Figures across the notes the caller may see, with their notes and computed values, as
/// JSON pages or (`format=csv` or `Accept: text/csv`) one CSV file with a header row; the
/// workbook is `figures.xlsx`.
#[utoipa::path(
    tag = "trade-notes",
    params(TradeFigureListQuery),
    responses(
        (status = 200, description = "The figures", content(
            (Page<TradeFigure> = "application/json"),
            (String = "text/csv", example = "note_id,note_title,…,reporter_area,partner_area,product,hs_code,flow,…\r\n…,IT-25,CH,aircraft,88,balance,…\r\n"),
        ), headers(("ETag" = String, description = "JSON only"), ("Link" = String, description = "JSON only: rel=\"next\" when there is a next page"))),
        (status = 406, description = "Neither JSON nor CSV is acceptable (the workbook is `figures.xlsx`)"),
    )
)]
#[get("/trade-notes/figures")]
pub async fn list_trade_figures(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<TradeFigureListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let answer = match negotiate(&req, q.format, TradeFiguresFormat::OFFERED)? {
        Format::Csv => Answer::Csv(q.dialect.unwrap_or_default()),
        _ => Answer::Page(q.limit, q.cursor.clone()),
    };
    list_figures(&state, &req, caller, q.filters(), answer).await
}

/// How the figures are answered.
enum Answer {
    /// A JSON page: its size and cursor.
    Page(Option<u32>, Option<String>),
    /// One CSV file, streamed.
    Csv(Dialect),
    /// One workbook, built whole.
    Xlsx,
}

async fn list_figures(
    state: &AppState,
    req: &HttpRequest,
    caller: Principal,
    filters: FilterParams,
    answer: Answer,
) -> AppResult<HttpResponse> {
    let filter = filters
        .into_filter(&caller)
        .map_err(crate::http::extract::query_rules)?;
    let (limit, cursor) = match answer {
        Answer::Csv(dialect) => {
            let body = figures_csv_stream(state.db.clone(), filter, dialect);
            return Ok(files::streamed(
                req,
                Format::Csv,
                "trade-figures",
                None,
                body,
            ));
        }
        Answer::Xlsx => {
            let mut figures = Vec::new();
            let mut after = None;
            loop {
                let rows =
                    trade_notes::list_figures(&state.db, filter.clone(), after, STREAM_CHUNK)
                        .await?;
                let full = rows.len() as i64 == STREAM_CHUNK;
                after = rows.last().map(|(f, _)| f.id.to_string());
                for rows in rows {
                    figures.push(TradeFigure::from_rows(rows)?);
                }
                if figures.len() > state.config.workbook_max_rows {
                    return Err(files::too_many_rows(
                        state.config.workbook_max_rows,
                        "figures.csv",
                    ));
                }
                if !full {
                    break;
                }
            }
            let sheet = files::Sheet::Xlsx;
            return files::table(req, sheet, "trade-figures", figures_table(&figures)).await;
        }
        Answer::Page(limit, cursor) => (limit, cursor),
    };
    let page = PageRequest::new(limit, cursor.as_deref())?;
    let rows = trade_notes::list_figures(
        &state.db,
        filter,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(
        rows,
        &page,
        |(f, _)| f.id.to_string(),
        TradeFigure::from_rows,
    )?;
    respond::page(req, &page)
}

/// The figures of `GET /trade-notes/figures` (same filters, same notes visible) as one CSV
/// file, sent while it is read: decimals in the dialect's notation; ids, areas, HS codes and
/// months as they are.
#[utoipa::path(
    tag = "trade-notes",
    params(TradeFigureCsvQuery),
    responses(
        (status = 200, description = "The figures", content(
            (String = "text/csv", example = "note_id,note_title,…,reporter_area,partner_area,product,hs_code,flow,…\r\n…,IT-25,CH,aircraft,88,balance,…\r\n"),
        )),
    )
)]
#[get("/trade-notes/figures.csv")]
pub async fn list_trade_figures_csv(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<TradeFigureCsvQuery>,
) -> AppResult<HttpResponse> {
    let answer = Answer::Csv(query.0.dialect.unwrap_or_default());
    list_figures(&state, &req, caller, query.0.filters(), answer).await
}

/// The figures of `GET /trade-notes/figures` (same filters, same notes visible) as an Excel
/// workbook: amounts as numbers; HS codes (`01`…) and months (`2017-01`) as text cells.
#[utoipa::path(
    tag = "trade-notes",
    params(TradeFigureXlsxQuery),
    responses(
        (status = 200, description = "The figures", headers(("ETag" = String)), content(
            (inline(XlsxWorkbook) = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
    )
)]
#[get("/trade-notes/figures.xlsx")]
pub async fn list_trade_figures_xlsx(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<TradeFigureXlsxQuery>,
) -> AppResult<HttpResponse> {
    list_figures(&state, &req, caller, query.0.filters(), Answer::Xlsx).await
}
