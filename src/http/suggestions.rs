//! Partner suggestions: for an attendee of an event (from the pitch cards) and for a company
//! of the directory (from the public profiles). The ranking is `domain::matching`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::ValidQuery;
use super::respond;
use crate::AppState;
use crate::app::suggestions::{self, Suggested};
use crate::domain::access::Principal;
use crate::domain::matching::ScoreParts;
use crate::error::{AppError, AppResult};

/// Another company worth meeting, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct Suggestion {
    pub member_id: Uuid,
    /// Its registration, for suggestions within an event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_id: Option<Uuid>,
    pub legal_name: String,
    pub cluster_id: Uuid,
    /// The sum of `score_parts`; higher is better (about 0 to 1.1).
    pub score: f64,
    pub score_parts: ScoreParts,
    /// Words both profiles share where it matters, strongest first.
    pub matched_terms: Vec<String>,
    /// Tags of one side found on the other (sought tags, shared interests).
    pub matched_tags: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Suggestions {
    pub items: Vec<Suggestion>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SuggestionQuery {
    /// How many suggestions, 1 to 50 (default 10).
    #[validate(range(min = 1, max = 50))]
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
    /// Directory only: candidates of this cluster only.
    pub cluster_id: Option<Uuid>,
}

impl Suggestion {
    fn from_found(s: Suggested) -> Suggestion {
        Suggestion {
            member_id: s.member_id,
            registration_id: s.registration_id,
            legal_name: s.legal_name,
            cluster_id: s.cluster_id,
            score: s.found.score,
            score_parts: s.found.parts,
            matched_terms: s.found.matched_terms,
            matched_tags: s.found.matched_tags,
        }
    }

    fn list(found: Vec<Suggested>) -> Suggestions {
        Suggestions {
            items: found.into_iter().map(Suggestion::from_found).collect(),
        }
    }
}

/// Suggestions for one attendee among the other attendees of the event, from the pitch cards.
/// On a Cluster2Cluster day (more than one cluster takes part) companies of another cluster
/// come first at equal fit.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Event id"), ("registration_id" = Uuid, Path, description = "Registration id"), SuggestionQuery),
    responses(
        (status = 200, description = "Suggestions, best first", body = Suggestions, headers(("ETag" = String), ("RateLimit-Policy" = String), ("RateLimit" = String))),
        (status = 429, description = "This caller already has as many suggestion requests running as allowed; see Retry-After", headers(("Retry-After" = String), ("RateLimit-Policy" = String), ("RateLimit" = String))),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/events/{id}/registrations/{registration_id}/suggestions")]
pub async fn get_registration_suggestions(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    query: ValidQuery<SuggestionQuery>,
) -> AppResult<HttpResponse> {
    let (event_id, registration_id) = path.into_inner();
    let limit = query.0.limit.unwrap_or(10) as usize;
    let (permit, left) = suggestion_permit(&state, &caller)?;
    let found =
        suggestions::for_registration(&state.db, caller, event_id, registration_id, limit).await;
    drop(permit);
    let answer = Suggestion::list(found?);
    with_rate_limit(&state, respond::ok(&req, &answer)?, left)
}

/// Suggestions are the most expensive reads: a caller (a user, or an API key) may run
/// `suggestions_per_user` of them at once; one more is 429 with `Retry-After`.
fn suggestion_permit(
    state: &AppState,
    caller: &Principal,
) -> AppResult<(crate::limits::Permit<Uuid>, usize)> {
    let who = caller.api_key.as_ref().map_or(caller.user_id, |k| k.id);
    state
        .suggestion_slots
        .try_acquire(who)
        .ok_or_else(|| AppError::too_many(1, Some(suggestion_policy(state))))
}

fn suggestion_policy(state: &AppState) -> crate::error::RateLimitPolicy {
    crate::error::RateLimitPolicy {
        name: "suggestions",
        quota: state.suggestion_slots.max() as u64,
        window_secs: 1,
    }
}

fn with_rate_limit(
    state: &AppState,
    mut resp: HttpResponse,
    left: usize,
) -> AppResult<HttpResponse> {
    use actix_web::http::header::{HeaderName, HeaderValue};
    let policy = suggestion_policy(state);
    for (name, value) in [
        ("ratelimit-policy", policy.policy_header()),
        ("ratelimit", policy.header(left as u64, 0)),
    ] {
        resp.headers_mut().insert(
            HeaderName::from_static(name),
            HeaderValue::from_str(&value).map_err(AppError::internal)?,
        );
    }
    Ok(resp)
}

/// Suggestions for a company across the directory, from the public profiles (which every
/// signed-in user may read). `cluster_id` narrows the candidates to one cluster.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Member company id"), SuggestionQuery),
    responses(
        (status = 200, description = "Suggestions, best first", body = Suggestions, headers(("ETag" = String), ("RateLimit-Policy" = String), ("RateLimit" = String))),
        (status = 429, description = "This caller already has as many suggestion requests running as allowed; see Retry-After", headers(("Retry-After" = String), ("RateLimit-Policy" = String), ("RateLimit" = String))),
    )
)]
#[get("/members/{id}/suggestions")]
pub async fn get_member_suggestions(
    state: web::Data<AppState>,
    req: HttpRequest,
    _caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<SuggestionQuery>,
) -> AppResult<HttpResponse> {
    let member_id = id.into_inner();
    let limit = query.0.limit.unwrap_or(10) as usize;
    let (permit, left) = suggestion_permit(&state, &_caller)?;
    let cluster = query.0.cluster_id;
    let found = suggestions::for_member(
        &state.db,
        state.clone(),
        |s: &web::Data<AppState>| &s.directory,
        member_id,
        cluster,
        limit,
    )
    .await;
    drop(permit);
    let answer = Suggestion::list(found?);
    with_rate_limit(&state, respond::ok(&req, &answer)?, left)
}
