//! `/events/{id}/co-organisers`: managers of a guest cluster whom the host lets run the day
//! (agenda, approvals, check-in, scheduler) without making them host managers.

use actix_web::{HttpRequest, HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::respond;
use crate::AppState;
use crate::app::co_organisers as app;
use crate::domain::access::Principal;
use crate::error::AppResult;
use crate::store::events::CoOrganiserRow;

#[derive(Debug, Serialize, ToSchema)]
pub struct CoOrganiser {
    pub user_id: Uuid,
    pub display_name: String,
    /// The host manager who named them.
    pub granted_by: Option<Uuid>,
    pub granted_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CoOrganiserList {
    pub items: Vec<CoOrganiser>,
}

fn to_list(rows: Vec<CoOrganiserRow>) -> CoOrganiserList {
    CoOrganiserList {
        items: rows
            .into_iter()
            .map(|r| CoOrganiser {
                user_id: r.user_id,
                display_name: r.display_name,
                granted_by: r.granted_by,
                granted_at: r.created_at.and_utc(),
            })
            .collect(),
    }
}

/// The event's co-organisers (its organisers: the host's and the guests' managers).
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, description = "The co-organisers", body = CoOrganiserList, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[get("/events/{id}/co-organisers")]
pub async fn list_co_organisers(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let rows = app::list(&state.db, caller, id.into_inner()).await?;
    respond::ok(&req, &to_list(rows))
}

/// Name a manager of a guest cluster co-organiser of the event (the host's managers): they
/// then edit the agenda, approve registrations, check people in and run the scheduler — while
/// they manage that cluster. Naming them again changes nothing.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), ("user_id" = Uuid, Path, description = "The guest cluster's manager")),
    responses(
        (status = 201, description = "Named: the co-organisers now", body = CoOrganiserList, headers(("ETag" = String))),
        (status = 200, description = "Already one: the co-organisers", body = CoOrganiserList, headers(("ETag" = String))),
        (status = 422, description = "Not a manager of a guest cluster of the event"),
    )
)]
#[put("/events/{id}/co-organisers/{user_id}")]
pub async fn put_co_organiser(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, user_id) = path.into_inner();
    let (rows, added) = app::add(&state.db, caller, event_id, user_id).await?;
    if added {
        respond::created(
            &req,
            format!("/api/v1/events/{event_id}/co-organisers"),
            &to_list(rows),
        )
    } else {
        respond::ok(&req, &to_list(rows))
    }
}

/// End a co-organiser's right (the host's managers).
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), ("user_id" = Uuid, Path, description = "The co-organiser")),
    responses((status = 204, description = "No longer a co-organiser"))
)]
#[delete("/events/{id}/co-organisers/{user_id}")]
pub async fn delete_co_organiser(
    state: web::Data<AppState>,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, user_id) = path.into_inner();
    app::remove(&state.db, caller, event_id, user_id).await?;
    Ok(respond::no_content())
}
