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
use crate::auth::password;
use crate::domain::access::{Grant, Principal, Role, Scope, require};
use crate::domain::format;
use crate::error::{AppError, AppResult};
use crate::store::users::{self as store, GrantRow};
use crate::store::{DbConn, stored_uuid};

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
    fn from_row(row: &GrantRow) -> AppResult<RoleGrant> {
        let parse = |s: &Option<String>| s.as_deref().map(stored_uuid).transpose();
        Ok(RoleGrant {
            id: stored_uuid(&row.id)?,
            role: Role::parse(&row.role)
                .ok_or_else(|| AppError::internal(format!("stored role {}", row.role)))?,
            cluster_id: parse(&row.cluster_id)?,
            member_id: parse(&row.member_id)?,
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
    "created_at": "2026-11-25T08:00:00Z",
    "updated_at": "2026-11-25T08:00:00Z"
}))]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<RoleGrant>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The account with the grants `viewer` may see (a manager sees only their clusters' grants
/// of a person who also works with other clusters).
fn to_user(viewer: &Principal, row: store::User, grants: &[GrantRow]) -> AppResult<User> {
    let id = stored_uuid(&row.id)?;
    let mut roles = Vec::new();
    for g in grants.iter().filter(|g| g.user_id == row.id) {
        let grant = RoleGrant::from_row(g)?;
        if viewer.can_see_grant(id, grant.cluster_id) {
            roles.push(grant);
        }
    }
    Ok(User {
        id,
        roles,
        email: row.email,
        display_name: row.display_name,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}

pub fn load_user(conn: &mut DbConn, viewer: &Principal, id: Uuid) -> AppResult<User> {
    let row = store::get(conn, id)?;
    let grants = store::active_grants_of(conn, std::slice::from_ref(&row.id))?;
    to_user(viewer, row, &grants)
}

/// 404 unless the caller may see the account: their own, any for admins, and for cluster
/// managers the accounts holding a role in their clusters. (404 rather than 403, so that
/// e-mail addresses of other clusters' people cannot be probed.)
fn ensure_visible(conn: &mut DbConn, caller: &Principal, user_id: Uuid) -> AppResult<()> {
    if caller.user_id == user_id || caller.is_admin() {
        return Ok(());
    }
    let clusters = caller.managed_clusters();
    if !clusters.is_empty()
        && (store::has_grant_in_clusters(conn, user_id, &clusters)?
            || store::created_by(conn, user_id)? == Some(caller.user_id))
    {
        return Ok(());
    }
    Err(AppError::NotFound(format!("no user with id {user_id}")))
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
    ),
    security(("bearer" = []))
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<UserListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let visible = if caller.is_admin() {
        None
    } else {
        let managed = caller.managed_clusters();
        require(!managed.is_empty(), "list user accounts")?;
        Some(managed)
    };
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let fetch = page.clone();
    let (rows, grants) = state
        .db
        .run(move |conn| {
            let rows = store::list(
                conn,
                visible.as_deref(),
                q.email.as_deref(),
                fetch.after(),
                fetch.fetch_limit(),
            )?;
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let grants = store::active_grants_of(conn, &ids)?;
            Ok((rows, grants))
        })
        .await?;
    let page = Page::from_rows(
        rows,
        &page,
        |r| r.id.clone(),
        |r| to_user(&caller, r, &grants),
    )?;
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
    ),
    security(("bearer" = []))
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<UserInput>,
) -> AppResult<HttpResponse> {
    require(caller.can_create_users(), "create user accounts")?;
    let input = body.0;
    crate::domain::password::check(&input.password, &input.email)
        .map_err(|m| AppError::invalid("password", m))?;
    let hash = password::hash_off_thread(input.password).await?;
    let user = state
        .db
        .write(move |conn| {
            let row = store::insert_by(
                conn,
                &input.email,
                &hash,
                &input.display_name,
                Some(caller.user_id),
            )?;
            to_user(&caller, row, &[])
        })
        .await?;
    respond::created(&req, format!("/api/v1/users/{}", user.id), &user)
}

/// Get one account with its roles.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "The user", body = User, headers(("ETag" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
    ),
    security(("bearer" = []))
)]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let user = state
        .db
        .run(move |conn| {
            ensure_visible(conn, &caller, id)?;
            load_user(conn, &caller, id)
        })
        .await?;
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
    ),
    security(("bearer" = []))
)]
#[delete("/users/{id}")]
pub async fn delete_user(
    state: web::Data<AppState>,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    require(caller.is_admin(), "delete user accounts")?;
    if id == caller.user_id {
        return Err(AppError::conflict("you cannot delete your own account"));
    }
    state
        .db
        .write(move |conn| {
            crate::app::gdpr::forget_kept_answers_of_user(conn, id)?;
            Ok(store::delete(conn, id)?)
        })
        .await?;
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
    /// The grant this input asks for, with the member's cluster looked up.
    fn to_grant(&self, conn: &mut DbConn) -> AppResult<Grant> {
        let scope = match (self.role, self.cluster_id, self.member_id) {
            (Role::Admin, None, None) => Scope::Platform,
            (Role::ClusterManager, Some(cluster_id), None) => {
                if !crate::store::clusters::exists(conn, cluster_id)? {
                    return Err(AppError::invalid(
                        "cluster_id",
                        format!("no cluster with id {cluster_id}"),
                    ));
                }
                Scope::Cluster(cluster_id)
            }
            (Role::MemberEditor, None, Some(member_id)) => Scope::Member {
                member_id,
                cluster_id: store::cluster_of_member(conn, member_id)?.ok_or_else(|| {
                    AppError::invalid(
                        "member_id",
                        format!("no member company with id {member_id}"),
                    )
                })?,
            },
            (Role::Admin, _, _) => {
                return Err(AppError::invalid(
                    "role",
                    "admin is a platform role: send neither cluster_id nor member_id",
                ));
            }
            (Role::ClusterManager, _, _) => {
                return Err(AppError::invalid(
                    "cluster_id",
                    "cluster_manager needs cluster_id (and no member_id)",
                ));
            }
            (Role::MemberEditor, _, _) => {
                return Err(AppError::invalid(
                    "member_id",
                    "member_editor needs member_id (and no cluster_id)",
                ));
            }
        };
        Ok(Grant {
            role: self.role,
            scope,
        })
    }
}

/// List an account's role grants.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "The user's grants", body = Vec<RoleGrant>, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[get("/users/{id}/roles")]
pub async fn list_role_grants(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let user = state
        .db
        .run(move |conn| {
            ensure_visible(conn, &caller, id)?;
            load_user(conn, &caller, id)
        })
        .await?;
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
    ),
    security(("bearer" = []))
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
    let input = body.0;
    let row = state
        .db
        .write(move |conn| {
            let grant = input.to_grant(conn)?;
            require(caller.can_grant(&grant), "grant this role")?;
            // Managers grant to people of their clusters and to the accounts they created;
            // granting to anyone else would reveal that stranger's e-mail address.
            ensure_visible(conn, &caller, user_id)?;
            store::get(conn, user_id)?;
            Ok(store::insert_grant(
                conn,
                user_id,
                &grant,
                Some(caller.user_id),
            )?)
        })
        .await?;
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
    responses((status = 200, description = "The grant", body = RoleGrant, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[get("/users/{id}/roles/{grant_id}")]
pub async fn get_role_grant(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (user_id, grant_id) = path.into_inner();
    let row = state
        .db
        .run(move |conn| {
            ensure_visible(conn, &caller, user_id)?;
            let row = store::get_grant(conn, user_id, grant_id)?;
            let grant = RoleGrant::from_row(&row)?;
            if caller.can_see_grant(user_id, grant.cluster_id) {
                Ok(grant)
            } else {
                Err(AppError::NotFound(format!(
                    "user {user_id} has no grant {grant_id}"
                )))
            }
        })
        .await?;
    respond::ok(&req, &row)
}

/// Revoke a role grant; it stops working with the next request.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id"), ("grant_id" = Uuid, Path, description = "Grant id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "The caller may not revoke this grant"),
        (status = 409, description = "This is the last platform admin grant"),
    ),
    security(("bearer" = []))
)]
#[delete("/users/{id}/roles/{grant_id}")]
pub async fn revoke_role(
    state: web::Data<AppState>,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (user_id, grant_id) = path.into_inner();
    state
        .db
        .write(move |conn| {
            let row = store::get_grant(conn, user_id, grant_id)?;
            let grant = row
                .to_grant()
                .ok_or_else(|| AppError::internal("stored grant is malformed"))?;
            require(caller.can_grant(&grant), "revoke this grant")?;
            if grant.role == Role::Admin && store::count_admins(conn)? <= 1 {
                return Err(AppError::conflict(
                    "this is the last platform admin; grant the role to someone else first",
                ));
            }
            Ok(store::delete_grant(conn, &row.id)?)
        })
        .await?;
    Ok(respond::no_content())
}
