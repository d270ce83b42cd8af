//! `/clusters`: the industry clusters, their public profile and computed member count.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::double_option;
use super::extract::{IfMatch, ValidJson, ValidQuery};
use super::respond::{self, Page, PageRequest};
use crate::AppState;
use crate::app::{clusters, edit};
use crate::domain::access::Principal;
use crate::domain::geo;
use crate::error::AppResult;
use crate::http::principal::SignedIn;
use crate::store::clusters::{ClusterFilter, ClusterRow, ClusterWithCount};

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a5c8-7d1e-7c3a-9b1e-2f4d5e6a7b8c",
    "name": "Lombardia Aerospace Cluster",
    "slug": "lombardia-aerospace-cluster",
    "country": "IT",
    "region": "IT-25",
    "sector": "aerospace",
    "description": "The district of Lombardy's aerospace companies.",
    "website": "https://www.lombardiaerospace.it",
    "founded_year": 2009,
    "contact_email": "info@lombardiaerospace.it",
    "contact_phone": null,
    "member_count": 12,
    "created_at": "2026-11-25T08:00:00Z",
    "updated_at": "2026-11-25T08:00:00Z"
}))]
pub struct Cluster {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// ISO 3166-2 subdivision, where the cluster has one.
    pub region: Option<String>,
    pub sector: String,
    pub description: String,
    pub website: Option<String>,
    pub founded_year: Option<i32>,
    /// Public contact address of the cluster.
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    /// Number of member companies (computed).
    pub member_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Cluster {
    fn from_row((row, member_count): (ClusterRow, i64)) -> AppResult<Cluster> {
        Ok(Cluster {
            id: row.id,
            name: row.name,
            slug: row.slug,
            country: row.country,
            region: row.region,
            sector: row.sector,
            description: row.description,
            website: row.website,
            founded_year: row.founded_year,
            contact_email: row.contact_email,
            contact_phone: row.contact_phone,
            member_count,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        })
    }
}

pub use crate::app::clusters::ClusterInput;

/// Partial update: only the fields sent change; `null` clears an optional field.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterPatch {
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub slug: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    pub region: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub sector: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    pub website: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub founded_year: Option<Option<i32>>,
    #[serde(default, deserialize_with = "double_option")]
    pub contact_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub contact_phone: Option<Option<String>>,
}

impl ClusterPatch {
    /// The full input that results from applying this patch to `base`; it is validated like
    /// a `PUT` body, so a patch can never store what a full update could not.
    fn apply(self, mut base: ClusterInput) -> ClusterInput {
        super::apply_patch!(self, base;
            name,
            slug,
            country,
            region,
            sector,
            description,
            website,
            founded_year,
            contact_email,
            contact_phone
        );
        base
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ClusterListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only clusters in this country (ISO 3166-1 alpha-2).
    #[validate(custom(function = "geo::validate_country"))]
    #[param(pattern = "^[A-Z]{2}$")]
    pub country: Option<String>,
    /// Only clusters of this sector (exact match).
    #[validate(length(max = 100))]
    pub sector: Option<String>,
    /// The cluster with this slug.
    #[validate(length(max = 64))]
    pub slug: Option<String>,
}

/// List clusters (the public directory), in creation order.
#[utoipa::path(
    tag = "clusters",
    params(ClusterListQuery),
    responses((status = 200, description = "A page of clusters", body = Page<Cluster>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))))
)]
#[get("/clusters")]
pub async fn list_clusters(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: SignedIn,
    query: ValidQuery<ClusterListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let filter = ClusterFilter {
        country: q.country,
        sector: q.sector,
        slug: q.slug,
    };
    let rows = clusters::list(
        &state.db,
        who.0,
        filter,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(rows, &page, |(r, _)| r.id.to_string(), Cluster::from_row)?;
    respond::page(&req, &page)
}

/// Create a cluster (platform admins).
#[utoipa::path(
    tag = "clusters",
    request_body = ClusterInput,
    responses(
        (status = 201, description = "Created", body = Cluster, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Only platform admins create clusters"),
        (status = 409, description = "The slug is taken"),
    )
)]
#[post("/clusters")]
pub async fn create_cluster(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<ClusterInput>,
) -> AppResult<HttpResponse> {
    let data = body.0.into_data()?;
    let row = clusters::create(&state.db, &caller, data).await?;
    let cluster = Cluster::from_row(row)?;
    respond::created(&req, format!("/api/v1/clusters/{}", cluster.id), &cluster)
}

/// Get one cluster.
#[utoipa::path(
    tag = "clusters",
    params(("id" = Uuid, Path, description = "Cluster id")),
    responses(
        (status = 200, description = "The cluster", body = Cluster, headers(("ETag" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
    )
)]
#[get("/clusters/{id}")]
pub async fn get_cluster(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: SignedIn,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let row = clusters::get(&state.db, who.0, id.into_inner()).await?;
    respond::ok(&req, &Cluster::from_row(row)?)
}

/// The edit pipeline (`app::edit`) with `If-Match` checked against the cluster as clients
/// see it and `change` applied to its current input; the result is validated as a whole.
async fn update(
    state: &AppState,
    caller: Principal,
    id: Uuid,
    if_match: IfMatch,
    change: impl FnOnce(ClusterInput) -> AppResult<ClusterInput> + Send + 'static,
) -> AppResult<Cluster> {
    let row = edit::update::<clusters::Cluster, _, _>(
        &state.db,
        caller,
        id,
        move |row: &ClusterWithCount| {
            if_match.check(&respond::etag_of(&Cluster::from_row(row.clone())?)?)
        },
        move |row: &ClusterWithCount| {
            let input = change(ClusterInput::from_data(row.0.data()))?;
            input.validate()?;
            input.into_data()
        },
    )
    .await?;
    Cluster::from_row(row)
}

/// Replace a cluster's profile (its managers and platform admins).
#[utoipa::path(
    tag = "clusters",
    params(("id" = Uuid, Path, description = "Cluster id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the cluster changed since")),
    request_body = ClusterInput,
    responses(
        (status = 200, description = "Updated", body = Cluster, headers(("ETag" = String))),
        (status = 403, description = "Not a manager of this cluster"),
        (status = 409, description = "The slug is taken"),
    )
)]
#[put("/clusters/{id}")]
pub async fn replace_cluster(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<ClusterInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let cluster = update(&state, caller, id.into_inner(), if_match, move |_| {
        Ok(input)
    })
    .await?;
    respond::ok(&req, &cluster)
}

/// Change some fields of a cluster's profile (its managers and platform admins).
#[utoipa::path(
    tag = "clusters",
    params(("id" = Uuid, Path, description = "Cluster id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the cluster changed since")),
    request_body(content = ClusterPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated", body = Cluster, headers(("ETag" = String))),
        (status = 403, description = "Not a manager of this cluster"),
        (status = 409, description = "The slug is taken"),
    )
)]
#[patch("/clusters/{id}")]
pub async fn update_cluster(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<ClusterPatch>,
) -> AppResult<HttpResponse> {
    let patch = body.0;
    let cluster = update(&state, caller, id.into_inner(), if_match, move |base| {
        Ok(patch.apply(base))
    })
    .await?;
    respond::ok(&req, &cluster)
}

/// Delete a cluster that has no member companies left (platform admins).
#[utoipa::path(
    tag = "clusters",
    params(("id" = Uuid, Path, description = "Cluster id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the cluster changed since")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only platform admins delete clusters"),
        (status = 409, description = "The cluster still has member companies"),
    )
)]
#[delete("/clusters/{id}")]
pub async fn delete_cluster(
    state: web::Data<AppState>,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    edit::delete::<clusters::Cluster, _>(
        &state.db,
        caller,
        id.into_inner(),
        move |row: &ClusterWithCount| {
            if_match.check(&respond::etag_of(&Cluster::from_row(row.clone())?)?)
        },
    )
    .await?;
    Ok(respond::no_content())
}
