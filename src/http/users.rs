//! `/users`: accounts and their role grants. Admins see and grant everything; cluster
//! managers create accounts for their members' people and grant `member_editor` on their
//! own cluster's companies.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::{ValidJson, ValidQuery};
use super::respond::{self, Page, PageRequest};
use crate::AppState;
use crate::app::users::{self as app, Account, GrantRequest};
use crate::domain::access::{Principal, Role};
use crate::domain::format;
use crate::domain::mail::Language;
use crate::error::AppResult;
use crate::store::users::{self as store, GrantRow};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoleGrant {
    pub id: Uuid,
    pub role: Role,
    /// The cluster a `cluster_manager` manages, or the cluster of a `member_editor`'s company.
    pub cluster_id: Option<Uuid>,
    /// The company a `member_editor` edits.
    pub member_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl RoleGrant {
    pub(crate) fn from_row(row: &GrantRow) -> AppResult<RoleGrant> {
        Ok(RoleGrant {
            id: row.id,
            role: row.role,
            cluster_id: row.cluster_id,
            member_id: row.member_id,
            created_at: row.created_at.and_utc(),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a5c8-7d1e-7c3a-9b1e-2f4d5e6a7b8c",
    "email": "paola.margnini@lombardia-aerospace.example",
    "display_name": "Paola Margnini",
    "roles": [{"id": "0193a5c8-7d1e-7c3a-9b1e-2f4d5e6a7b8d", "role": "cluster_manager", "cluster_id": "0193a5c8-7d1e-7c3a-9b1e-000000000001", "member_id": null, "created_at": "2026-11-25T08:00:00Z"}],
    "language": "it",
    "time_zone": "Europe/Rome",
    "created_at": "2026-11-25T08:00:00Z",
    "updated_at": "2026-11-25T08:00:00Z"
}))]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<RoleGrant>,
    /// The language mail to this person is written in (`it`, `de`, `fr`, `en`).
    pub language: Language,
    /// The IANA time zone this person's times are shown in.
    #[schema(example = "Europe/Zurich")]
    pub time_zone: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The account with its grants among `grants` (those the viewer may see, chosen by the
/// use case).
fn to_user(row: store::User, grants: &[GrantRow]) -> AppResult<User> {
    let roles = grants
        .iter()
        .filter(|g| g.user_id == row.id)
        .map(RoleGrant::from_row)
        .collect::<AppResult<Vec<_>>>()?;
    Ok(User {
        id: row.id,
        roles,
        email: row.email,
        display_name: row.display_name,
        language: row.language,
        time_zone: row.time_zone,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}

impl User {
    pub fn from_account(account: Account) -> AppResult<User> {
        to_user(account.user, &account.grants)
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "ivano.soliani@soliani-emc.example", "password": "three minutes to pitch EMC", "display_name": "Ivano Soliani"}))]
pub struct UserInput {
    #[validate(email, length(max = 254))]
    #[schema(max_length = 254, format = Email)]
    pub email: String,
    /// At least 12 characters, not a common password, not containing the e-mail address.
    #[validate(length(min = 1, max = 1024))]
    #[schema(min_length = 12, max_length = 256, format = Password)]
    pub password: String,
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: String,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Part of the e-mail address.
    #[validate(length(max = 254))]
    pub email: Option<String>,
}

/// List accounts: all of them for admins, those holding a role in their clusters for
/// cluster managers.
#[utoipa::path(
    tag = "users",
    params(UserListQuery),
    responses(
        (status = 200, description = "A page of users", body = Page<User>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))),
        (status = 403, description = "Neither an admin nor a cluster manager"),
    )
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<UserListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let scope = app::list_scope(&caller)?;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let (rows, grants) = app::list(
        &state.db,
        caller,
        scope,
        q.email,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(rows, &page, |r| r.id.to_string(), |r| to_user(r, &grants))?;
    respond::page(&req, &page)
}

/// Create an account (admins and cluster managers). The new user holds no role until one is
/// granted.
#[utoipa::path(
    tag = "users",
    request_body = UserInput,
    responses(
        (status = 201, description = "Created", body = User, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Neither an admin nor a cluster manager"),
        (status = 409, description = "The e-mail address is taken"),
    )
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<UserInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let row = app::create(
        &state.db,
        &caller,
        input.email,
        input.password,
        input.display_name,
    )
    .await?;
    let user = to_user(row, &[])?;
    respond::created(&req, format!("/api/v1/users/{}", user.id), &user)
}

/// Get one account with its roles.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "The user", body = User, headers(("ETag" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
    )
)]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let user = User::from_account(app::get(&state.db, caller, id.into_inner()).await?)?;
    respond::ok(&req, &user)
}

/// Delete an account (admins; not their own).
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 204, description = "Deleted with its roles and tokens"),
        (status = 403, description = "Not an admin"),
        (status = 409, description = "Admins cannot delete their own account"),
    )
)]
#[delete("/users/{id}")]
pub async fn delete_user(
    state: web::Data<AppState>,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    app::delete(&state.db, &caller, id.into_inner()).await?;
    Ok(respond::no_content())
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "member_editor", "member_id": "0193a5c8-7d1e-7c3a-9b1e-000000000002"}))]
pub struct RoleGrantInput {
    pub role: Role,
    /// Required for `cluster_manager`.
    #[serde(default)]
    pub cluster_id: Option<Uuid>,
    /// Required for `member_editor`.
    #[serde(default)]
    pub member_id: Option<Uuid>,
}

impl RoleGrantInput {
    fn into_request(self) -> GrantRequest {
        GrantRequest {
            role: self.role,
            cluster_id: self.cluster_id,
            member_id: self.member_id,
        }
    }
}

/// List an account's role grants.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "The user's grants", body = Vec<RoleGrant>, headers(("ETag" = String))))
)]
#[get("/users/{id}/roles")]
pub async fn list_role_grants(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let user = User::from_account(app::get(&state.db, caller, id.into_inner()).await?)?;
    respond::ok(&req, &user.roles)
}

/// Grant a role. Admins grant any role; cluster managers grant `member_editor` on their own
/// cluster's member companies.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    request_body = RoleGrantInput,
    responses(
        (status = 201, description = "Granted", body = RoleGrant, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "The caller may not grant this role on this object"),
        (status = 409, description = "The user already holds this role"),
    )
)]
#[post("/users/{id}/roles")]
pub async fn grant_role(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    body: ValidJson<RoleGrantInput>,
) -> AppResult<HttpResponse> {
    let user_id = id.into_inner();
    let row = app::grant_role(&state.db, caller, user_id, body.0.into_request()).await?;
    let grant = RoleGrant::from_row(&row)?;
    respond::created(
        &req,
        format!("/api/v1/users/{user_id}/roles/{}", grant.id),
        &grant,
    )
}

/// Get one role grant.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id"), ("grant_id" = Uuid, Path, description = "Grant id")),
    responses((status = 200, description = "The grant", body = RoleGrant, headers(("ETag" = String))))
)]
#[get("/users/{id}/roles/{grant_id}")]
pub async fn get_role_grant(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (user_id, grant_id) = path.into_inner();
    let row = app::get_grant(&state.db, caller, user_id, grant_id).await?;
    respond::ok(&req, &RoleGrant::from_row(&row)?)
}

/// Revoke a role grant; it stops working with the next request.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id"), ("grant_id" = Uuid, Path, description = "Grant id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "The caller may not revoke this grant"),
        (status = 409, description = "This is the last platform admin grant"),
    )
)]
#[delete("/users/{id}/roles/{grant_id}")]
pub async fn revoke_role(
    state: web::Data<AppState>,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (user_id, grant_id) = path.into_inner();
    app::revoke_role(&state.db, caller, user_id, grant_id).await?;
    Ok(respond::no_content())
}
