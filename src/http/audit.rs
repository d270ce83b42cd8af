//! `GET /audit-log`: who changed what, for admins (everything) and cluster managers (what
//! concerns their clusters).

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::ValidQuery;
use super::respond::{self, Page, PageRequest};
use crate::AppState;
use crate::app::audit::{EntryRow, Filter};
use crate::domain::access::Principal;
use crate::error::{AppError, AppResult};

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a5c8-7d1e-7c3a-9b1e-2f4d5e6a7b8c",
    "at": "2026-11-30T09:12:00Z",
    "actor_user_id": "0193a5c8-7d1e-7c3a-9b1e-000000000009",
    "operation": "PATCH /api/v1/members/{member_id}/contacts/{id}",
    "path": "/api/v1/members/0193a5c8-7d1e-7c3a-9b1e-000000000002/contacts/0193a5c8-7d1e-7c3a-9b1e-000000000003",
    "fields": ["share_consent"],
    "clusters": ["0193a5c8-7d1e-7c3a-9b1e-000000000001"],
    "objects": ["contact:0193a5c8-7d1e-7c3a-9b1e-000000000003"]
}))]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// The user who made the change (absent for API keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_user_id: Option<Uuid>,
    /// The API key that made the change (absent for users).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_api_key_id: Option<Uuid>,
    /// Method and route.
    pub operation: String,
    pub path: String,
    /// The names of the fields the request sent; never their values.
    pub fields: Vec<String>,
    /// The clusters the change concerns.
    pub clusters: Vec<Uuid>,
    /// What it wrote, as `type:id` (at most 100, then "… N more").
    pub objects: Vec<String>,
}

impl AuditEntry {
    fn from_row(row: EntryRow) -> AppResult<AuditEntry> {
        fn list<T: serde::de::DeserializeOwned>(text: &str) -> AppResult<Vec<T>> {
            serde_json::from_str(text).map_err(AppError::internal)
        }
        Ok(AuditEntry {
            id: row.id,
            at: row.at.and_utc(),
            actor_user_id: row.actor_user_id,
            actor_api_key_id: row.actor_api_key_id,
            fields: list(&row.fields)?,
            clusters: list(&row.clusters)?,
            objects: list(&row.objects)?,
            operation: row.operation,
            path: row.path,
        })
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only changes concerning this cluster (managers: one of theirs).
    pub cluster_id: Option<Uuid>,
    /// Only changes by this user.
    pub actor_user_id: Option<Uuid>,
    /// Only changes by this API key.
    pub actor_api_key_id: Option<Uuid>,
    /// Only this operation, as listed (method and route, such as
    /// `PATCH /api/v1/members/{id}`).
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub operation: Option<String>,
    /// Only changes that wrote this object (or whose path names it).
    pub object_id: Option<Uuid>,
    /// From this time on (RFC 3339).
    pub since: Option<DateTime<Utc>>,
    /// Before this time (RFC 3339).
    pub until: Option<DateTime<Utc>>,
}

/// The audit log, oldest first: one entry per write made through the API (by users and API
/// keys), written in the same transaction as the change. Admins read everything; cluster
/// managers the changes that concern their clusters.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of entries", body = Page<AuditEntry>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))),
        (status = 403, description = "Neither an admin nor a manager of the cluster asked for"),
    )
)]
#[get("/audit-log")]
pub async fn list_audit_log(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<AuditQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let filter = Filter {
        clusters: None,
        actor_user_id: q.actor_user_id.map(|u| u.to_string()),
        actor_api_key_id: q.actor_api_key_id.map(|k| k.to_string()),
        operation: q.operation,
        object_id: q.object_id.map(|o| o.to_string()),
        since: q.since.map(|t| t.naive_utc()),
        until: q.until.map(|t| t.naive_utc()),
    };
    let rows = crate::app::audit::read(
        &state.db,
        &caller,
        q.cluster_id,
        filter,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(rows, &page, |r| r.id.to_string(), AuditEntry::from_row)?;
    respond::page(&req, &page)
}
