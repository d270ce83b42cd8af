//! Extractors that turn untrusted request parts into typed, validated values or a precise
//! 4xx problem: JSON bodies, query strings, path ids, `If-Match`.

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use validator::Validate;

pub use crate::error::flatten_validation_errors;

use crate::AppState;
use crate::error::{AppError, FieldError};

/// A JSON request body, deserialised strictly (unknown fields are errors) and validated.
///
/// Syntax errors answer 400, wrong types, unknown fields and rule violations 422 with the
/// JSON path of each bad field, a wrong content type 415, a body over the limit 413.
pub struct ValidJson<T>(pub T);

pub fn is_json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn body_limit(req: &HttpRequest) -> usize {
    req.app_data::<web::Data<AppState>>()
        .map(|s| s.config.body_limit)
        .unwrap_or(1024 * 1024)
}

/// Reads a body of at most `limit` bytes. With a declared length, the buffer is allocated
/// once at that size, so a large body never sits in memory twice while the buffer grows.
pub async fn read_body_sized(
    mut payload: Payload,
    limit: usize,
    declared_len: Option<usize>,
) -> Result<web::BytesMut, AppError> {
    let mut body = web::BytesMut::with_capacity(declared_len.unwrap_or(0).min(limit));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| match e {
            actix_web::error::PayloadError::Overflow => AppError::PayloadTooLarge(limit),
            other => AppError::bad_request(format!("could not read the request body: {other}")),
        })?;
        if body.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

async fn read_body(mut payload: Payload, limit: usize) -> Result<web::BytesMut, AppError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| match e {
            actix_web::error::PayloadError::Overflow => AppError::PayloadTooLarge(limit),
            other => AppError::bad_request(format!("could not read the request body: {other}")),
        })?;
        if body.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Deserialises JSON with the path of the failing field. Syntax problems are 400, data
/// problems (types, unknown or missing fields) 422.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::bad_request(
            "the request body is empty; send a JSON object",
        ));
    }
    // Two steps, so that any syntax error (even after a complete object) is reported as such
    // before the shape is checked; serde_json's recursion limit bounds the nesting depth.
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| json_error(".", &e))?;
    // Every body of this API is an object (serde would also accept a struct as an array).
    if !value.is_object() {
        return Err(AppError::invalid("body", "must be a JSON object"));
    }
    let mut bad = Vec::new();
    find_control_characters(&value, "", &mut bad);
    if !bad.is_empty() {
        return Err(AppError::Validation(bad));
    }
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let path = e.path().to_string();
        json_error(&path, e.inner())
    })
}

/// Like [`parse_json`], for bodies too large to hold twice: deserialises straight into `T`
/// without a `serde_json::Value` of the whole body (which costs several times the body's
/// size: 60 MB of `[0,0,…]` became a gigabyte), and reports the first error with its path.
/// Control characters are not looked for here: the caller checks the typed result.
pub fn parse_large_json<'a, T: serde::Deserialize<'a>>(body: &'a [u8]) -> Result<T, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::bad_request(
            "the request body is empty; send a JSON object",
        ));
    }
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(AppError::invalid("body", "must be a JSON object"));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        json_error(&path, e.inner())
    })?;
    de.end().map_err(|e| json_error(".", &e))?;
    Ok(value)
}

/// Control characters in raw JSON text: escaped (`\b`, `\f`, `\u0000`…) or written as raw
/// DEL and C1 bytes (raw C0 bytes are not valid JSON and fail parsing anyway).
pub fn has_control_characters_in_raw_json(body: &[u8]) -> bool {
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'\\' if i + 1 < body.len() => {
                match body[i + 1] {
                    b'b' | b'f' => return true,
                    b'u' if i + 5 < body.len() => {
                        let hex = std::str::from_utf8(&body[i + 2..i + 6]).ok();
                        if let Some(c) = hex
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32)
                            && c.is_control()
                            && !matches!(c, '\t' | '\n' | '\r')
                        {
                            return true;
                        }
                        i += 6;
                        continue;
                    }
                    _ => {}
                }
                i += 2;
                continue;
            }
            0x7f => return true,
            0xc2 if i + 1 < body.len() && (0x80..=0x9f).contains(&body[i + 1]) => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// Control characters other than tab and line breaks have no place in text a person typed,
/// and PostgreSQL cannot store U+0000 at all: refuse them everywhere, naming the field.
pub fn has_control_characters(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

fn find_control_characters(value: &serde_json::Value, path: &str, out: &mut Vec<FieldError>) {
    use serde_json::Value;
    let message = "must not contain control characters";
    match value {
        Value::String(s) if has_control_characters(s) => {
            out.push(FieldError::new(
                if path.is_empty() { "body" } else { path },
                message,
            ));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                find_control_characters(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let field = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if has_control_characters(key) {
                    out.push(FieldError::new(field.clone(), message));
                }
                find_control_characters(item, &field, out);
            }
        }
        _ => {}
    }
}

pub fn json_error(path: &str, e: &serde_json::Error) -> AppError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Data => {
            let message = clean_serde_message(e);
            // serde reports a missing field at its parent; name the field itself.
            let missing = message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next());
            let field = match (path, missing) {
                (".", Some(name)) => name.to_owned(),
                (parent, Some(name)) => format!("{parent}.{name}"),
                (".", None) => "body".to_owned(),
                (path, None) => path.to_owned(),
            };
            let message = if missing.is_some() {
                "is required".to_owned()
            } else {
                message
            };
            AppError::Validation(vec![FieldError::new(field, message)])
        }
        Category::Syntax | Category::Eof | Category::Io => AppError::BadRequest {
            detail: format!("the request body is not valid JSON: {e}"),
            errors: vec![FieldError::new("body", e.to_string())],
        },
    }
}

/// serde's messages end with " at line 1 column 23"; the path already says where.
fn clean_serde_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// What the JSON extractors need from the request head, taken before the body is read.
struct BodyHead {
    limit: usize,
    json: bool,
    declared_len: Option<usize>,
}

impl BodyHead {
    fn of(req: &HttpRequest, limit: usize) -> BodyHead {
        BodyHead {
            limit,
            json: is_json_content_type(req.headers()),
            declared_len: req
                .headers()
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<usize>().ok()),
        }
    }

    /// The validated body, or `None` for an absent body when `optional`.
    async fn read<T: DeserializeOwned + Validate>(
        self,
        payload: Payload,
        optional: bool,
    ) -> Result<Option<T>, AppError> {
        self.read_with(payload, optional, parse_json).await
    }

    async fn read_with<T: DeserializeOwned + Validate>(
        self,
        payload: Payload,
        optional: bool,
        parse: fn(&[u8]) -> Result<T, AppError>,
    ) -> Result<Option<T>, AppError> {
        if self.declared_len.is_some_and(|len| len > self.limit) {
            return Err(AppError::PayloadTooLarge(self.limit));
        }
        let body = read_body(payload, self.limit).await?;
        // An optional body may be left out, or sent as JSON `null` (as the contract allows).
        if optional && (body.iter().all(u8::is_ascii_whitespace) || body.trim_ascii() == b"null") {
            return Ok(None);
        }
        if !self.json {
            return Err(AppError::UnsupportedMediaType(
                "send the body as `Content-Type: application/json`".into(),
            ));
        }
        let value: T = parse(&body)?;
        value.validate()?;
        crate::app::audit::set_fields(&body);
        Ok(Some(value))
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let head = BodyHead::of(req, body_limit(req));
        let payload = payload.take();
        Box::pin(async move {
            if !head.json {
                return Err(AppError::UnsupportedMediaType(
                    "send the body as `Content-Type: application/json`".into(),
                ));
            }
            let value = head.read::<T>(payload, false).await?;
            value
                .map(ValidJson)
                .ok_or_else(|| AppError::bad_request("the request body is empty"))
        })
    }
}

/// [`ValidJson`] with a body limit of its own, `LIMIT` bytes (or the service's, if lower):
/// for bodies that are bounded lists, so that a too long one is refused (413) unread.
pub struct SizedJson<T, const LIMIT: usize>(pub T);

impl<T: DeserializeOwned + Validate + 'static, const LIMIT: usize> FromRequest
    for SizedJson<T, LIMIT>
{
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let head = BodyHead::of(req, LIMIT.min(body_limit(req)));
        let payload = payload.take();
        Box::pin(async move {
            if !head.json {
                return Err(AppError::UnsupportedMediaType(
                    "send the body as `Content-Type: application/json`".into(),
                ));
            }
            let value = head.read::<T>(payload, false).await?;
            value
                .map(SizedJson)
                .ok_or_else(|| AppError::bad_request("the request body is empty"))
        })
    }
}

/// A JSON body that may be left out entirely (actions with an optional comment): no body
/// gives `T::default()`; a body is held to the same rules as [`ValidJson`].
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Validate + Default + 'static> FromRequest for OptionalJson<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let head = BodyHead::of(req, body_limit(req));
        let payload = payload.take();
        Box::pin(async move {
            Ok(OptionalJson(
                head.read::<T>(payload, true).await?.unwrap_or_default(),
            ))
        })
    }
}

/// A query string, deserialised strictly (unknown parameters are errors) and validated.
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidQuery<T> {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()))
    }
}

pub fn parse_query<T: DeserializeOwned + Validate>(query: &str) -> Result<ValidQuery<T>, AppError> {
    // Parameters sent empty (`?cursor=&q=`) mean "not set" — but an unknown name is refused
    // even when its value is empty.
    // `_` is the cache-buster that jQuery, some proxies and older browsers add to GETs:
    // ignored, never refused.
    let all: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .filter(|(name, _)| name != "_")
        .collect();
    for (name, _) in all.iter().filter(|(_, v)| v.is_empty()) {
        let alone = form_urlencoded::Serializer::new(String::new())
            .append_pair(name, "")
            .finish();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(alone.as_bytes()));
        if let Err(e) = serde_path_to_error::deserialize::<_, T>(de) {
            let message = e.into_inner().to_string();
            if message.starts_with("unknown field") {
                return Err(AppError::bad_field(name.clone(), message));
            }
        }
    }
    let pairs: Vec<(String, String)> = all.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    if let Some((name, _)) = pairs
        .iter()
        .find(|(k, v)| has_control_characters(k) || has_control_characters(v))
    {
        return Err(AppError::bad_field(
            name.clone(),
            "must not contain control characters",
        ));
    }
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&pairs)
        .finish();
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(encoded.as_bytes()));
    let value: T = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        let field = if path == "." {
            // serde names an unknown parameter only in its message.
            message
                .split('`')
                .nth(1)
                .map(str::to_owned)
                .unwrap_or_else(|| "query".to_owned())
        } else {
            path
        };
        AppError::bad_field(field, message)
    })?;
    value.validate().map_err(|e| AppError::BadRequest {
        detail: "invalid query parameters".into(),
        errors: flatten_validation_errors(&e, ""),
    })?;
    Ok(ValidQuery(value))
}

/// The error for a path that does not parse (a malformed id): 400 naming the parameter.
pub fn path_error(err: actix_web::error::PathError, req: &HttpRequest) -> actix_web::Error {
    // `PUT /members/changes` reaches `PUT /members/{id}`; but the path names another
    // resource, which does not take this method: 405 with its `Allow`, not a bad id.
    if let Some(routes) = req.app_data::<web::Data<crate::openapi::RouteTable>>()
        && let Some(methods) = routes.allowed_methods(req.path())
        && !methods.contains(&req.method().as_str())
    {
        return AppError::MethodNotAllowed(methods.into_iter().map(str::to_owned).collect()).into();
    }
    let bad: Vec<FieldError> = req
        .match_info()
        .iter()
        .filter(|(name, value)| name.ends_with("id") && uuid::Uuid::parse_str(value).is_err())
        .map(|(name, _)| FieldError::new(name, "must be a UUID"))
        .collect();
    let detail = match bad.first() {
        Some(first) => format!("`{}` in the path must be a UUID", first.field),
        None => format!("the path is not valid: {err}"),
    };
    AppError::BadRequest {
        detail,
        errors: bad,
    }
    .into()
}

/// `If-Match` as sent: `None` when absent, else the listed entity tags (`*` matches anything).
pub struct IfMatch(pub Option<Vec<String>>);

impl IfMatch {
    /// 412 unless the header is absent, `*`, or lists `current` (strong comparison).
    pub fn check(&self, current: &str) -> Result<(), AppError> {
        match &self.0 {
            None => Ok(()),
            Some(tags) if tags.iter().any(|t| t == "*" || t == current) => Ok(()),
            Some(_) => Err(AppError::PreconditionFailed(format!(
                "If-Match does not match the current ETag {current}; fetch the object again"
            ))),
        }
    }
}

impl FromRequest for IfMatch {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = match req.headers().get(header::IF_MATCH) {
            None => Ok(IfMatch(None)),
            Some(v) => v
                .to_str()
                .map(|s| IfMatch(Some(s.split(',').map(|t| t.trim().to_owned()).collect())))
                .map_err(|_| AppError::bad_field("If-Match", "is not valid header text")),
        };
        std::future::ready(parsed)
    }
}

/// The use cases say a value breaks a rule (422); when the values are query parameters, HTTP
/// calls that a malformed request: 400, naming the same parameters.
pub fn query_rules(e: AppError) -> AppError {
    match e {
        AppError::Validation(errors) => match errors.as_slice() {
            [one] => AppError::bad_field(one.field.clone(), one.message.clone()),
            _ => AppError::BadRequest {
                detail: format!("{} query parameters are invalid", errors.len()),
                errors,
            },
        },
        other => other,
    }
}
