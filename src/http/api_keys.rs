//! `/api-keys`: keys for machines. The secret is shown once, at creation; only its hash is
//! kept. Revocation takes effect with the next request.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::{ValidJson, ValidQuery};
use super::respond::{self, Page, PageRequest};
use crate::AppState;
use crate::app::api_keys::{self as app, KeyRequest};
use crate::domain::access::Principal;
use crate::domain::api_key::ApiScope;
use crate::domain::format;
use crate::error::{AppError, AppResult};
use crate::store::api_keys::ApiKeyRow;

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKey {
    pub id: Uuid,
    pub cluster_id: Uuid,
    pub name: String,
    pub scopes: Vec<ApiScope>,
    /// The first characters of the secret, to tell keys apart.
    #[schema(example = "c2c_Xy12ab")]
    pub prefix: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The manager (or admin) who made the key. The key works only while they still manage
    /// its cluster: a manager who leaves takes their keys' power with them.
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

fn to_key(row: ApiKeyRow) -> AppResult<ApiKey> {
    Ok(ApiKey {
        id: row.id,
        cluster_id: row.cluster_id,
        scopes: serde_json::from_str(&row.scopes).map_err(AppError::internal)?,
        name: row.name,
        prefix: row.prefix,
        expires_at: row.expires_at.map(|d| d.and_utc()),
        last_used_at: row.last_used_at.map(|d| d.and_utc()),
        revoked_at: row.revoked_at.map(|d| d.and_utc()),
        created_by: row.created_by,
        created_at: row.created_at.and_utc(),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKey {
    #[serde(flatten)]
    pub key: ApiKey,
    /// Send as `Authorization: Bearer <secret>`. Shown this once; it cannot be read again.
    pub secret: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Portal nightly sync", "cluster_id": "0193a5c8-7d1e-7c3a-9b1e-000000000001", "scopes": ["members:sync", "members:read"]}))]
pub struct ApiKeyInput {
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    pub cluster_id: Uuid,
    #[validate(length(min = 1, max = 10))]
    #[schema(min_items = 1, max_items = 10)]
    pub scopes: Vec<ApiScope>,
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ApiKeyListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Create a key for a cluster (its managers and admins). The answer holds the secret, once.
#[utoipa::path(
    tag = "api-keys",
    request_body = ApiKeyInput,
    responses(
        (status = 201, description = "Created; `secret` is shown only now", body = CreatedApiKey, headers(("Location" = String))),
        (status = 403, description = "Not a manager of this cluster"),
    )
)]
#[post("/api-keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<ApiKeyInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let (row, secret) = app::create(
        &state.db,
        &caller,
        KeyRequest {
            name: input.name,
            cluster_id: input.cluster_id,
            scopes: input.scopes,
            expires_at: input.expires_at,
        },
    )
    .await?;
    let key = to_key(row)?;
    let location = format!("/api/v1/api-keys/{}", key.id);
    let mut resp = respond::created(&req, location, &CreatedApiKey { key, secret })?;
    resp.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

/// Keys of the clusters the caller manages (all for admins).
#[utoipa::path(
    tag = "api-keys",
    params(ApiKeyListQuery),
    responses((status = 200, description = "A page of keys", body = Page<ApiKey>, headers(("ETag" = String))))
)]
#[get("/api-keys")]
pub async fn list_api_keys(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<ApiKeyListQuery>,
) -> AppResult<HttpResponse> {
    let page = PageRequest::new(query.0.limit, query.0.cursor.as_deref())?;
    let rows = app::list(
        &state.db,
        &caller,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(rows, &page, |r| r.id.to_string(), to_key)?;
    respond::page(&req, &page)
}

/// One key (never its secret).
#[utoipa::path(
    tag = "api-keys",
    params(("id" = Uuid, Path, description = "Key id")),
    responses((status = 200, description = "The key", body = ApiKey, headers(("ETag" = String))))
)]
#[get("/api-keys/{id}")]
pub async fn get_api_key(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let row = app::get(&state.db, caller, id.into_inner()).await?;
    respond::ok(&req, &to_key(row)?)
}

/// Revoke a key: it stops working with the next request.
#[utoipa::path(
    tag = "api-keys",
    params(("id" = Uuid, Path, description = "Key id")),
    responses((status = 204, description = "Revoked"))
)]
#[delete("/api-keys/{id}")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    app::revoke(&state.db, caller, id.into_inner()).await?;
    Ok(respond::no_content())
}
