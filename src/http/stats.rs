//! `/events/{id}/stats`: the outcome figures a cluster reports after a Cluster2Cluster day.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::ValidQuery;
use super::negotiate::{Format, negotiate};
use crate::domain::figures::PairOutcome;
use crate::export::csv_text;
use crate::export::dialect::Dialect;

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

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// `json` or `csv` (one row per cluster pair); overrides the Accept header.
    pub format: Option<Format>,
    /// CSV only: `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;` and
    /// decimal commas, for Excel in Italian, Swiss, German or French settings).
    pub dialect: Option<Dialect>,
}

/// The pair outcomes as CSV: RFC 4180, a header row, one row per ordered cluster pair.
fn pairs_csv(pairs: &[NamedPairOutcome], dialect: Dialect) -> Vec<u8> {
    let mut w = dialect.writer();
    w.row([
        "from_cluster",
        "to_cluster",
        "meetings_requested",
        "meetings_accepted",
        "meetings_scheduled",
        "meetings_held",
        "outcome_cooperation_possible",
        "outcome_follow_up_planned",
        "outcome_no_fit",
        "outcome_did_not_take_place",
        "mean_rating",
        "partnership_requests",
        "requests_pending",
        "requests_accepted",
        "requests_declined",
        "requests_withdrawn",
        "requests_concluded",
        "requests_closed",
        "follow_up_meetings",
        "follow_up_meetings_held",
    ]);
    for p in pairs {
        let f = &p.figures;
        let r = &f.partnership_requests;
        let meetings = [
            f.meetings_requested,
            f.meetings_accepted,
            f.meetings_scheduled,
            f.meetings_held,
        ]
        .map(|n| n.to_string());
        // Empty for readers who do not organise the event (see `PairOutcome::outcomes`).
        let outcomes: [String; 4] = match &f.outcomes {
            Some(o) => [
                o.cooperation_possible,
                o.follow_up_planned,
                o.no_fit,
                o.did_not_take_place,
            ]
            .map(|n| n.to_string()),
            None => Default::default(),
        };
        let rest = [
            r.total,
            r.pending,
            r.accepted,
            r.declined,
            r.withdrawn,
            r.concluded,
            r.closed,
            f.follow_up_meetings,
            f.follow_up_meetings_held,
        ]
        .map(|n| n.to_string());
        let mut record: Vec<String> = vec![
            csv_text(&p.from_cluster_name).into_owned(),
            csv_text(&p.to_cluster_name).into_owned(),
        ];
        record.extend(meetings);
        record.extend(outcomes);
        record.push(
            f.mean_rating
                .map(|m| dialect.decimal(format!("{m:.2}")))
                .unwrap_or_default(),
        );
        record.extend(rest);
        w.row(&record);
    }
    [dialect.start(), &w.finish()].concat()
}

/// Companies, attendees (registered, and checked in on the day) and pitches per
/// participating cluster, and the partnership
/// requests and follow-up meetings that came out of the day, per cluster pair.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), StatsQuery),
    responses((status = 200, description = "The figures", headers(("ETag" = String)), content(
        (EventStats = "application/json"),
        (String = "text/csv", example = "from_cluster,to_cluster,meetings_requested,…\r\n"),
    )))
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
    let format = negotiate(&req, query.0.format, &[Format::Json, Format::Csv])?;
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
    if format == Format::Csv {
        let body = pairs_csv(&pair_outcomes, query.0.dialect.unwrap_or_default());
        return Ok(HttpResponse::Ok()
            .content_type(Format::Csv.media_type())
            .insert_header((
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"outcome-figures.csv\"",
            ))
            .insert_header((header::ETAG, respond::etag_of_bytes(&body)))
            .body(body));
    }
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
