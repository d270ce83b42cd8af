//! `/events/{id}/stats`: the outcome figures a cluster reports after a Cluster2Cluster day.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::respond;
use crate::AppState;
use crate::app::stats;
use crate::domain::access::Principal;
use crate::error::AppResult;

#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterFigures {
    pub cluster_id: Uuid,
    pub cluster_name: String,
    /// Companies with an active registration.
    pub companies: i64,
    /// Attendees named by active registrations.
    pub attendees: i64,
    /// Companies with at least one person checked in on the day.
    pub checked_in_companies: i64,
    /// Attendees checked in on the day: who actually came.
    pub checked_in_attendees: i64,
    /// Pitch slots in the agenda.
    pub pitches: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventStats {
    pub event_id: Uuid,
    /// One entry per participating cluster: the host first, then the guests.
    pub clusters: Vec<ClusterFigures>,
    pub companies: i64,
    pub attendees: i64,
    pub checked_in_companies: i64,
    pub checked_in_attendees: i64,
    pub pitches: i64,
    /// Partnership requests made in the context of this event, per ordered cluster pair.
    pub cluster_pairs: Vec<crate::domain::partnership::PairFigures>,
    pub requests: i64,
    pub requests_accepted: i64,
    /// Follow-up meetings planned or held.
    pub meetings_agreed: i64,
}

/// Companies, attendees (registered, and checked in on the day) and pitches per
/// participating cluster, and the partnership
/// requests and follow-up meetings that came out of the day, per cluster pair.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, description = "The figures", body = EventStats, headers(("ETag" = String))))
)]
#[get("/events/{id}/stats")]
pub async fn get_event_stats(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let figures = stats::event_figures(&state.db, caller, event_id).await?;
    let clusters: Vec<ClusterFigures> = figures
        .clusters
        .into_iter()
        .map(|c| ClusterFigures {
            cluster_id: c.cluster_id,
            cluster_name: c.cluster_name,
            companies: c.companies,
            attendees: c.attendees,
            checked_in_companies: c.checked_in_companies,
            checked_in_attendees: c.checked_in_attendees,
            pitches: c.pitches,
        })
        .collect();
    let cluster_pairs = figures.cluster_pairs;
    let stats = EventStats {
        event_id,
        requests: cluster_pairs.iter().map(|p| p.requests).sum(),
        requests_accepted: cluster_pairs.iter().map(|p| p.accepted).sum(),
        meetings_agreed: cluster_pairs.iter().map(|p| p.meetings_agreed).sum(),
        cluster_pairs,
        companies: clusters.iter().map(|c| c.companies).sum(),
        attendees: clusters.iter().map(|c| c.attendees).sum(),
        checked_in_companies: clusters.iter().map(|c| c.checked_in_companies).sum(),
        checked_in_attendees: clusters.iter().map(|c| c.checked_in_attendees).sum(),
        pitches: clusters.iter().map(|c| c.pitches).sum(),
        clusters,
    };
    respond::ok(&req, &stats)
}
