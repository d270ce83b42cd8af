//! Partner suggestions: for an attendee of an event (from the pitch cards) and for a company
//! of the directory (from the public profiles). The ranking is `domain::matching`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::events::visible_event;
use super::extract::ValidQuery;
use super::from_json_text;
use super::respond;
use crate::AppState;
use crate::domain::access::Principal;
use crate::domain::matching::{Options, Profile, ScoreParts, suggest};
use crate::error::{AppError, AppResult};
use crate::store::members::MemberRow;
use crate::store::registrations::{self, RegistrationFilter, RegistrationRow};
use crate::store::{DbConn, stored_uuid};

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

/// A registration's pitch card, with the company's notes (the card has tags only).
fn pitch_profile(r: &RegistrationRow, member: Option<&MemberRow>) -> AppResult<Profile> {
    Ok(Profile {
        core_business: r.pitch_core_business.clone(),
        areas_of_interest: from_json_text(&r.pitch_areas_of_interest)?,
        areas_of_interest_notes: member
            .map(|m| m.areas_of_interest_notes.clone())
            .unwrap_or_default(),
        partners_sought: from_json_text(&r.pitch_partners_sought)?,
        partners_sought_notes: member
            .map(|m| m.partners_sought_notes.clone())
            .unwrap_or_default(),
        ongoing_projects: r.pitch_ongoing_projects.clone(),
        cluster: r.cluster_uuid()?,
    })
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
    let answer = state
        .db
        .run(move |conn| {
            let event = visible_event(conn, &caller, event_id)?;
            let parties = event.parties()?;
            let subject = registrations::get(conn, event_id, registration_id)?;
            let mine = caller.can_edit_member(subject.cluster_uuid()?, subject.member_uuid()?);
            if !mine && !parties.is_organiser(&caller) {
                // Someone else's suggestions are private: as if the registration did not exist.
                return Err(AppError::NotFound(format!(
                    "event {event_id} has no registration {registration_id}"
                )));
            }
            if !subject.is_active() {
                return Err(AppError::conflict("the registration is cancelled"));
            }
            let all = registrations::list(
                conn,
                event_id,
                &RegistrationFilter::default(),
                None,
                i64::MAX,
            )?;
            let members = members_by_id(conn, &all)?;
            let others: Vec<&RegistrationRow> = all
                .iter()
                .filter(|r| r.id != subject.id && r.member_id != subject.member_id)
                .collect();
            let me = pitch_profile(&subject, members.get(&subject.member_id))?;
            let candidates = others
                .iter()
                .map(|r| pitch_profile(r, members.get(&r.member_id)))
                .collect::<AppResult<Vec<_>>>()?;
            let prefer_other_cluster = parties.clusters().count() > 1;
            let found = suggest(
                &me,
                &candidates,
                Options {
                    prefer_other_cluster,
                    limit,
                },
            );
            let items = found
                .into_iter()
                .map(|m| {
                    let r = others[m.candidate];
                    Ok(Suggestion {
                        member_id: r.member_uuid()?,
                        registration_id: Some(stored_uuid(&r.id)?),
                        legal_name: members
                            .get(&r.member_id)
                            .map(|m| m.legal_name.clone())
                            .unwrap_or_default(),
                        cluster_id: r.cluster_uuid()?,
                        score: m.score,
                        score_parts: m.parts,
                        matched_terms: m.matched_terms,
                        matched_tags: m.matched_tags,
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            Ok(Suggestions { items })
        })
        .await?;
    drop(permit);
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

fn members_by_id(
    conn: &mut DbConn,
    rows: &[RegistrationRow],
) -> AppResult<std::collections::HashMap<String, MemberRow>> {
    let ids: Vec<String> = rows.iter().map(|r| r.member_id.clone()).collect();
    Ok(crate::store::members::by_ids(conn, &ids)?
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect())
}

/// Suggestions for a company across the directory, from the public profiles (which every
/// signed-in user may read). `cluster_id` narrows the candidates to one cluster.
#[utoipa::path(
    tag = "matchmaking",
    params(("id" = Uuid, Path, description = "Member company id"), SuggestionQuery),
    responses(
        (status = 200, description = "Suggestions, best first", body = Suggestions, headers(("ETag" = String), ("RateLimit-Policy" = String), ("RateLimit" = String))),
        (status = 429, description = "This caller already has as many suggestion requests running as allowed; see Retry-After", headers(("Retry-After" = String), ("RateLimit-Policy" = String), ("RateLimit" = String))),
    ),
    security(("bearer" = []))
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
    let shared = state.clone();
    let answer = state
        .db
        .run(move |conn| {
            let subject = crate::store::members::get(conn, member_id)?;
            let me = crate::app::suggest_index::member_profile(&subject)?;
            let directory = &shared.directory;
            directory.with_current(conn, |index, conn| {
                let ranking = index.rank(
                    member_id,
                    &me,
                    cluster,
                    Options {
                        prefer_other_cluster: false,
                        limit,
                    },
                );
                // The index holds numbers; the few returned are explained from their text.
                let ids: Vec<Uuid> = ranking.items.iter().map(|i| i.id).collect();
                let profiles = crate::app::suggest_index::profiles_of(conn, &ids)?;
                let ranked: Vec<(Uuid, crate::domain::matching::Match)> = ranking
                    .items
                    .iter()
                    .filter_map(|item| {
                        let (_, p) = profiles.iter().find(|(id, _)| *id == item.id)?;
                        Some((item.id, ranking.explain(&me, item, p)))
                    })
                    .collect();
                let keys: Vec<String> = ranked.iter().map(|(id, _)| id.to_string()).collect();
                let rows = crate::store::members::by_ids(conn, &keys)?;
                let items = ranked
                    .into_iter()
                    .filter_map(|(id, m)| {
                        let row = rows.iter().find(|r| r.id == id.to_string())?;
                        Some((row, m))
                    })
                    .map(|(o, m)| {
                        Ok(Suggestion {
                            member_id: stored_uuid(&o.id)?,
                            registration_id: None,
                            legal_name: o.legal_name.clone(),
                            cluster_id: stored_uuid(&o.cluster_id)?,
                            score: m.score,
                            score_parts: m.parts,
                            matched_terms: m.matched_terms,
                            matched_tags: m.matched_tags,
                        })
                    })
                    .collect::<AppResult<Vec<_>>>()?;
                Ok(Suggestions { items })
            })
        })
        .await?;
    drop(permit);
    with_rate_limit(&state, respond::ok(&req, &answer)?, left)
}
