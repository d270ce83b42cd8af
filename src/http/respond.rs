//! Building JSON answers the same way everywhere: ETags, 304, `Location`, paginated lists
//! with a `Link: rel="next"` header.

use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::domain::cursor;
use crate::error::{AppError, AppResult};

/// Strong ETag of a JSON representation: a hash of exactly the bytes we send.
pub fn etag_of<T: Serialize>(value: &T) -> AppResult<String> {
    let body = serde_json::to_vec(value).map_err(AppError::internal)?;
    Ok(etag_of_bytes(&body))
}

pub fn etag_of_bytes(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("\"{}\"", hex::encode(&digest[..16]))
}

pub fn if_none_match_hits(req: &HttpRequest, etag: &str) -> bool {
    let Some(value) = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    // Weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
    value
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag.trim_start_matches("W/"))
}

/// A JSON answer with its ETag; a GET whose `If-None-Match` matches gets 304 and no body.
pub fn json<T: Serialize>(
    req: &HttpRequest,
    status: StatusCode,
    value: &T,
) -> AppResult<HttpResponse> {
    let body = serde_json::to_vec(value).map_err(AppError::internal)?;
    let etag = etag_of_bytes(&body);
    if req.method() == Method::GET && if_none_match_hits(req, &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish());
    }
    Ok(HttpResponse::build(status)
        .insert_header((header::ETAG, etag))
        .content_type("application/json")
        .body(body))
}

pub fn ok<T: Serialize>(req: &HttpRequest, value: &T) -> AppResult<HttpResponse> {
    json(req, StatusCode::OK, value)
}

/// 201 with `Location` pointing at the new object.
pub fn created<T: Serialize>(
    req: &HttpRequest,
    location: String,
    value: &T,
) -> AppResult<HttpResponse> {
    let mut resp = json(req, StatusCode::CREATED, value)?;
    resp.headers_mut().insert(
        header::LOCATION,
        header::HeaderValue::from_str(&location).map_err(AppError::internal)?,
    );
    Ok(resp)
}

/// Marks an answer whose text was asked for in `lang` (`Content-Language`); without a
/// language the answer is the original and says nothing.
pub fn content_language(
    mut resp: HttpResponse,
    lang: Option<crate::domain::translation::Language>,
) -> HttpResponse {
    if let Some(lang) = lang {
        resp.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            header::HeaderValue::from_static(lang.as_str()),
        );
    }
    resp
}

pub fn no_content() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// `limit` and `cursor`, shared by every list.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub limit: i64,
    pub after: Option<String>,
}

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;

impl PageRequest {
    pub fn new(limit: Option<u32>, cursor: Option<&str>) -> AppResult<PageRequest> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(AppError::bad_field(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let after = match cursor {
            None => None,
            // Every list is keyed by a UUID; anything else was not issued by us.
            Some(c) => Some(
                cursor::decode(c)
                    .filter(|key| uuid::Uuid::parse_str(key).is_ok())
                    .ok_or_else(|| {
                        AppError::bad_field(
                            "cursor",
                            "is not a cursor this service issued; start without one",
                        )
                    })?,
            ),
        };
        Ok(PageRequest {
            limit: i64::from(limit),
            after,
        })
    }

    /// For lists with a `sort`: the page size as in [`PageRequest::new`], and the cursor
    /// read back by `read` (which knows the sort it must have been issued for).
    pub fn sorted<A>(
        limit: Option<u32>,
        cursor: Option<&str>,
        read: impl FnOnce(&str) -> Result<A, String>,
    ) -> AppResult<(PageRequest, Option<A>)> {
        let page = PageRequest::new(limit, None)?;
        let after = match cursor {
            None => None,
            Some(c) => {
                let key = cursor::decode(c).ok_or_else(|| {
                    AppError::bad_field(
                        "cursor",
                        "is not a cursor this service issued; start without one",
                    )
                })?;
                Some(read(&key).map_err(|m| AppError::bad_field("cursor", m))?)
            }
        };
        Ok((page, after))
    }

    /// One more row than shown is fetched to know whether there is a next page.
    pub fn fetch_limit(&self) -> i64 {
        self.limit + 1
    }

    pub fn after(&self) -> Option<&str> {
        self.after.as_deref()
    }

    /// Drops the extra row fetched by [`PageRequest::fetch_limit`] and derives the next
    /// cursor from the key of the last row kept.
    pub fn cut<R>(&self, mut rows: Vec<R>, key: impl Fn(&R) -> String) -> (Vec<R>, Option<String>) {
        let has_more = rows.len() as i64 > self.limit;
        rows.truncate(self.limit as usize);
        let next = if has_more {
            rows.last().map(|r| cursor::encode(&key(r)))
        } else {
            None
        };
        (rows, next)
    }
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// A page from rows fetched with [`PageRequest::fetch_limit`].
    pub fn from_rows<R>(
        rows: Vec<R>,
        page: &PageRequest,
        key: impl Fn(&R) -> String,
        to_item: impl Fn(R) -> AppResult<T>,
    ) -> AppResult<Page<T>> {
        let (rows, next_cursor) = page.cut(rows, key);
        let items = rows
            .into_iter()
            .map(to_item)
            .collect::<AppResult<Vec<T>>>()?;
        Ok(Page { items, next_cursor })
    }
}

/// A list answer: the page as JSON with an ETag, and `Link: <…>; rel="next"` when there is more.
pub fn page<T: Serialize>(req: &HttpRequest, page: &Page<T>) -> AppResult<HttpResponse> {
    let mut resp = ok(req, page)?;
    if let Some(next) = &page.next_cursor {
        resp.headers_mut()
            .insert(header::LINK, next_link(req, next)?);
    }
    Ok(resp)
}

/// `Link: <this request with cursor=next>; rel="next"`.
pub fn next_link(req: &HttpRequest, next: &str) -> AppResult<header::HeaderValue> {
    {
        let mut query: Vec<(String, String)> =
            form_urlencoded::parse(req.query_string().as_bytes())
                .into_owned()
                .filter(|(k, _)| k != "cursor")
                .collect();
        query.push(("cursor".into(), next.to_owned()));
        let qs = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(query)
            .finish();
        let link = format!("<{}?{}>; rel=\"next\"", req.path(), qs);
        header::HeaderValue::from_str(&link).map_err(AppError::internal)
    }
}

/// The contract of a `sort` parameter: a string from the list's allow-list.
pub fn sort_schema<F: crate::domain::sort::SortField>() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(crate::domain::sort::Sort::<F>::allowed()))
        .build()
}
