//! File answers, written once for every export: the media type, `Content-Disposition`, the
//! ETag and 304 on `If-None-Match`. Each export has its own operation per file format
//! (`…/catalogue.csv`, `…/badges.xlsx`, `…/agenda.ics`) whose 200 declares exactly one media
//! type, beside the JSON operation that still takes `format=`; both answer through here.

use actix_web::http::header;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use futures_util::Stream;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::negotiate::Format;
use super::respond;
use crate::error::{AppError, AppResult};
use crate::export::dialect::Dialect;
use crate::export::table::Table;

/// The query of a file operation whose only parameter is the CSV dialect.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CsvQuery {
    /// `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;` and decimal
    /// commas, for Excel in Italian, Swiss, German or French settings).
    pub dialect: Option<Dialect>,
}

/// The query of a file operation that takes no parameter (unknown ones are refused).
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NoQuery {}

/// An Excel workbook (Office Open XML, `.xlsx`): one worksheet, a header row, one row per
/// record; text as text cells, numbers as numbers.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct XlsxWorkbook(pub Vec<u8>);

/// The refusal of a workbook that would exceed `limit` rows (`Settings::workbook_max_rows`:
/// a workbook is made whole in memory, the CSV files stream any size), naming what to ask
/// for instead.
pub fn too_many_rows(limit: usize, instead: &str) -> AppError {
    AppError::invalid(
        "format",
        format!(
            "more than {limit} rows is too many for one workbook; ask for {instead}, \
             or narrow the request"
        ),
    )
}

/// How a table is sent: CSV in a dialect, or an Excel workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Csv(Dialect),
    Xlsx,
}

impl Sheet {
    /// The sheet for a negotiated `format` (CSV or xlsx).
    pub fn of(format: Format, dialect: Option<Dialect>) -> Sheet {
        match format {
            Format::Xlsx => Sheet::Xlsx,
            _ => Sheet::Csv(dialect.unwrap_or_default()),
        }
    }
}

/// `attachment; filename="<stem>.<extension>"`.
fn disposition(stem: &str, format: Format) -> (header::HeaderName, String) {
    (
        header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"{stem}.{}\"", format.extension()),
    )
}

/// 304 with the tag that matched.
pub fn not_modified(etag: String) -> HttpResponse {
    HttpResponse::NotModified()
        .insert_header((header::ETAG, etag))
        .finish()
}

/// A file made in memory, with a strong ETag of its bytes; 304 when `If-None-Match` holds it.
pub fn bytes(req: &HttpRequest, format: Format, stem: &str, body: Vec<u8>) -> HttpResponse {
    let etag = respond::etag_of_bytes(&body);
    if respond::if_none_match_hits(req, &etag) {
        return not_modified(etag);
    }
    HttpResponse::Ok()
        .content_type(format.media_type())
        .insert_header((header::ETAG, etag))
        .insert_header(disposition(stem, format))
        .body(body)
}

/// A file produced while it is sent. With `etag` (weak, from a fingerprint of the data), a
/// read whose `If-None-Match` holds it gets 304 and nothing is produced.
pub fn streamed<S>(
    req: &HttpRequest,
    format: Format,
    stem: &str,
    etag: Option<String>,
    body: S,
) -> HttpResponse
where
    S: Stream<Item = Result<Bytes, actix_web::Error>> + 'static,
{
    if let Some(etag) = &etag
        && respond::if_none_match_hits(req, etag)
    {
        return not_modified(etag.clone());
    }
    let mut answer = HttpResponse::Ok();
    answer
        .content_type(format.media_type())
        .insert_header(disposition(stem, format));
    if let Some(etag) = etag {
        answer.insert_header((header::ETAG, etag));
    }
    answer.streaming(body)
}

/// A table as CSV (strong ETag of the bytes) or as an xlsx workbook. A workbook carries the
/// time it was written, so its tag is weak, from the table's cells; on a 304 it is not built,
/// and it is built off the request threads.
pub async fn table(
    req: &HttpRequest,
    sheet: Sheet,
    stem: &str,
    table: Table,
) -> AppResult<HttpResponse> {
    if let Sheet::Csv(dialect) = sheet {
        return Ok(bytes(req, Format::Csv, stem, table.csv(dialect)));
    }
    let cells = table.csv(Dialect::Rfc4180);
    let etag = format!(
        "W/{}",
        respond::etag_of_bytes(&[b"xlsx|".as_slice(), &cells].concat())
    );
    if respond::if_none_match_hits(req, &etag) {
        return Ok(not_modified(etag));
    }
    workbook(stem, etag, table).await
}

/// A table as an xlsx workbook with its (weak) tag, built off the request threads.
pub async fn workbook(stem: &str, etag: String, table: Table) -> AppResult<HttpResponse> {
    let body = web::block(move || table.xlsx())
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(Format::Xlsx.media_type())
        .insert_header((header::ETAG, etag))
        .insert_header(disposition(stem, Format::Xlsx))
        .body(body))
}
