//! Schedule runs: preview, publish.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::AppState;
use crate::app::matchmaking::runs::{self as app, result_of, run_status};
pub use crate::app::matchmaking::runs::{
    RunFigures, RunStatus, ScheduledMeeting, UnscheduledMeeting,
};
use crate::domain::access::Principal;
use crate::error::AppResult;
use crate::http::extract::ValidQuery;
use crate::http::respond::{self, Page, PageRequest};
use crate::store::matchmaking::RunRow;

#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleRun {
    pub id: Uuid,
    pub event_id: Uuid,
    pub status: RunStatus,
    pub slot_count: i32,
    pub tables: i32,
    /// Ordered by slot, then table.
    pub meetings: Vec<ScheduledMeeting>,
    pub unscheduled: Vec<UnscheduledMeeting>,
    pub figures: RunFigures,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

pub(crate) fn to_run(row: RunRow) -> AppResult<ScheduleRun> {
    let result = result_of(&row)?;
    Ok(ScheduleRun {
        id: row.id,
        event_id: row.event_id,
        status: run_status(&row)?,
        slot_count: row.slot_count,
        tables: row.tables,
        meetings: result.meetings,
        unscheduled: result.unscheduled,
        figures: result.figures,
        created_at: row.created_at.and_utc(),
        published_at: row.published_at.map(|t| t.and_utc()),
    })
}

/// Schedule every accepted meeting (host managers): the answer is a preview until published.
/// Deterministic: the same requests, sessions, tables, blocks and locks give the same run.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 201, description = "The run, as a preview", body = ScheduleRun, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The event has no meeting sessions"),
    )
)]
#[post("/events/{id}/schedule-runs")]
pub async fn create_schedule_run(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let run = to_run(app::create(&state.db, caller, event_id).await?)?;
    respond::created(
        &req,
        format!("/api/v1/events/{event_id}/schedule-runs/{}", run.id),
        &run,
    )
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleRunSummary {
    pub id: Uuid,
    pub status: RunStatus,
    pub slot_count: i32,
    pub tables: i32,
    pub figures: RunFigures,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RunListQuery {
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The event's schedule runs, newest first (organisers).
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), RunListQuery),
    responses((status = 200, description = "A page of runs", body = Page<ScheduleRunSummary>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page")))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/schedule-runs")]
pub async fn list_schedule_runs(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<RunListQuery>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let page = PageRequest::new(Some(query.0.limit.unwrap_or(20)), query.0.cursor.as_deref())?;
    let rows = app::list(
        &state.db,
        caller,
        event_id,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let (rows, next_cursor) = page.cut(rows, |r| r.id.to_string());
    let page = Page {
        items: rows
            .into_iter()
            .map(|row| {
                let run = to_run(row)?;
                Ok(ScheduleRunSummary {
                    id: run.id,
                    status: run.status,
                    slot_count: run.slot_count,
                    tables: run.tables,
                    figures: run.figures,
                    created_at: run.created_at,
                    published_at: run.published_at,
                })
            })
            .collect::<AppResult<_>>()?,
        next_cursor,
    };
    respond::page(&req, &page)
}

/// One schedule run with every meeting (organisers).
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("run_id" = Uuid, Path, description = "Run id")),
    responses((status = 200, description = "The run", body = ScheduleRun, headers(("ETag" = String)))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/schedule-runs/{run_id}")]
pub async fn get_schedule_run(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, run_id) = path.into_inner();
    let run = to_run(app::get(&state.db, caller, event_id, run_id).await?)?;
    respond::ok(&req, &run)
}

/// Publish a run (host managers): attendees see it as their schedule; the run published
/// before becomes `superseded`.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("run_id" = Uuid, Path, description = "Run id")),
    responses(
        (status = 200, description = "Published", body = ScheduleRun, headers(("ETag" = String))),
        (status = 409, description = "The run was superseded"),
    )
)]
#[post("/events/{id}/schedule-runs/{run_id}/publish")]
pub async fn publish_schedule_run(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, run_id) = path.into_inner();
    let run = to_run(app::publish(&state.db, caller, event_id, run_id).await?)?;
    respond::ok(&req, &run)
}
