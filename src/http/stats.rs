//! `/events/{id}/stats`: the outcome figures a cluster reports after a Cluster2Cluster day,
//! as JSON, or the figures per cluster pair as CSV or xlsx (`stats.csv`, `stats.xlsx`).

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::ValidQuery;
use super::files::{self, CsvQuery, NoQuery, Sheet, XlsxWorkbook};
use super::negotiate::{Format, formats, negotiate};
use crate::domain::figures::PairOutcome;
use crate::export::dialect::Dialect;
use crate::export::stats::{NamedPair, table as pairs_table};

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
    /// What the day produced per ordered cluster pair (asking cluster → asked cluster), with
    /// the clusters' names: B2B meetings requested, scheduled, held and their outcomes;
    /// partnership requests by status; follow-up meetings.
    pub pair_outcomes: Vec<NamedPairOutcome>,
    /// The post-event survey's headline figures: for the host's managers and admins, `null`
    /// for everyone else (co-organisers and API keys included).
    pub survey: Option<SurveyFigures>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyFigures {
    pub responses: u64,
    /// Attendees of active registrations, who may answer.
    pub invited: u64,
    /// Each scale question (1 to 5) with its mean, in the survey's order.
    pub scale_means: Vec<SurveyScaleMean>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyScaleMean {
    pub key: String,
    pub prompt: String,
    pub answered: u64,
    /// Rounded to 2 decimals; `null` without answers.
    pub mean: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NamedPairOutcome {
    pub from_cluster_name: String,
    pub to_cluster_name: String,
    #[serde(flatten)]
    pub figures: PairOutcome,
}

formats!(
    /// What `GET /events/{id}/stats` serves.
    StatsFormat { Json, Csv }
);

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// `json`, or `csv` (one row per cluster pair); overrides the Accept header. Clients that
    /// want the file can call `stats.csv`; the workbook is only `stats.xlsx`.
    pub format: Option<StatsFormat>,
    /// CSV only: `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;` and
    /// decimal commas, for Excel in Italian, Swiss, German or French settings).
    pub dialect: Option<Dialect>,
}

/// Companies, attendees (registered, and checked in on the day) and pitches per
/// participating cluster, and the partnership
/// requests and follow-up meetings that came out of the day, per cluster pair.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), StatsQuery),
    responses(
        (status = 200, description = "The figures", headers(("ETag" = String)), content(
            (EventStats = "application/json"),
            (String = "text/csv", example = "from_cluster,to_cluster,meetings_requested,…\r\n"),
        )),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 406, description = "Neither JSON nor CSV is acceptable (the workbook has its own `.xlsx` operation)"),
    )
)]
#[get("/events/{id}/stats")]
pub async fn get_event_stats(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<StatsQuery>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let format = negotiate(&req, query.0.format, StatsFormat::OFFERED)?;
    if format != Format::Json {
        let sheet = Sheet::of(format, query.0.dialect);
        return stats_file(&state, &req, caller, event_id, sheet).await;
    }
    let figures = stats::event_figures(&state.db, caller, event_id).await?;
    let name = |id: &Uuid| figures.cluster_names.get(id).cloned().unwrap_or_default();
    let pair_outcomes: Vec<NamedPairOutcome> = figures
        .pair_outcomes
        .iter()
        .map(|p| NamedPairOutcome {
            from_cluster_name: name(&p.from_cluster_id),
            to_cluster_name: name(&p.to_cluster_id),
            figures: p.clone(),
        })
        .collect();
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
        pair_outcomes,
        survey: figures.survey.map(|s| SurveyFigures {
            responses: s.responses,
            invited: s.invited,
            scale_means: s
                .scale_means
                .into_iter()
                .map(|m| SurveyScaleMean {
                    key: m.key,
                    prompt: m.prompt,
                    answered: m.answered,
                    mean: m.mean,
                })
                .collect(),
        }),
    };
    respond::ok(&req, &stats)
}

async fn stats_file(
    state: &AppState,
    req: &HttpRequest,
    caller: Principal,
    event_id: Uuid,
    sheet: Sheet,
) -> AppResult<HttpResponse> {
    let figures = stats::event_figures(&state.db, caller, event_id).await?;
    let name = |id: &Uuid| {
        figures
            .cluster_names
            .get(id)
            .map(String::as_str)
            .unwrap_or("")
    };
    let table = pairs_table(figures.pair_outcomes.iter().map(|p| NamedPair {
        from_cluster: name(&p.from_cluster_id),
        to_cluster: name(&p.to_cluster_id),
        figures: p,
    }));
    files::table(req, sheet, "outcome-figures", table).await
}

/// The outcome figures per ordered cluster pair as CSV, the `pair_outcomes` of
/// `GET /events/{id}/stats` (same access; outcome counts and ratings empty for readers who do
/// not organise the event).
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), CsvQuery),
    responses(
        (status = 200, description = "The figures", headers(("ETag" = String)), content(
            (String = "text/csv", example = "from_cluster,to_cluster,meetings_requested,…\r\n"),
        )),
        (status = 304, description = "Not modified (If-None-Match)"),
    )
)]
#[get("/events/{id}/stats.csv")]
pub async fn get_event_stats_csv(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<CsvQuery>,
) -> AppResult<HttpResponse> {
    let sheet = Sheet::Csv(query.0.dialect.unwrap_or_default());
    stats_file(&state, &req, caller, id.into_inner(), sheet).await
}

/// The outcome figures per ordered cluster pair as an Excel workbook, the `pair_outcomes` of
/// `GET /events/{id}/stats` (same access).
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), NoQuery),
    responses(
        (status = 200, description = "The figures", headers(("ETag" = String)), content(
            (inline(XlsxWorkbook) = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 304, description = "Not modified (If-None-Match)"),
    )
)]
#[get("/events/{id}/stats.xlsx")]
pub async fn get_event_stats_xlsx(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    _query: ValidQuery<NoQuery>,
) -> AppResult<HttpResponse> {
    stats_file(&state, &req, caller, id.into_inner(), Sheet::Xlsx).await
}
