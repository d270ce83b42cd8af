//! The outcome figures of an event (a Cluster2Cluster day).

use uuid::Uuid;

use std::collections::{HashMap, HashSet};

use crate::domain::access::Principal;
use crate::domain::figures::{DayFacts, MeetingFact, OutcomeFact, PairOutcome, pair_outcomes};
use crate::domain::partnership::PairFigures;
use crate::error::AppResult;
use crate::store::{Db, DbConn};

/// One participating cluster's figures.
pub struct ClusterCounts {
    pub cluster_id: Uuid,
    pub cluster_name: String,
    /// Companies with an active registration.
    pub companies: i64,
    pub attendees: i64,
    /// Of those, companies with at least one person checked in on the day.
    pub checked_in_companies: i64,
    /// Attendees checked in on the day (attendance is what check-ins record).
    pub checked_in_attendees: i64,
    /// Pitch slots in the agenda.
    pub pitches: i64,
}

pub struct EventFigures {
    /// The host first, then the guests.
    pub clusters: Vec<ClusterCounts>,
    /// Partnership requests made in the context of the event, per ordered cluster pair.
    pub cluster_pairs: Vec<PairFigures>,
    /// What the day produced per ordered cluster pair (meetings, outcomes, requests).
    pub pair_outcomes: Vec<PairOutcome>,
    /// The name of every cluster the figures mention.
    pub cluster_names: HashMap<Uuid, String>,
    /// The survey's headline figures, for the host's managers and admins (its results are
    /// theirs).
    pub survey: Option<crate::app::survey::SurveySummary>,
}

/// The facts the pair outcomes are counted from, read in a handful of queries.
fn pair_outcomes_of(conn: &mut DbConn, event_id: Uuid) -> AppResult<Vec<PairOutcome>> {
    use crate::store::{matchmaking, meeting_outcomes, partnerships, registrations};
    let regs = registrations::list(
        conn,
        event_id,
        &registrations::RegistrationFilter {
            statuses: registrations::StatusFilter::Any,
            ..Default::default()
        },
        None,
        i64::MAX,
    )?;
    let cluster_of: HashMap<Uuid, Uuid> = regs.iter().map(|r| (r.id, r.cluster_id)).collect();
    let meetings: Vec<MeetingFact> = matchmaking::list_requests(
        conn,
        event_id,
        &matchmaking::RequestFilter::default(),
        None,
        i64::MAX,
    )?
    .into_iter()
    .map(|r| MeetingFact {
        id: r.id,
        requester_registration: r.requester_registration_id,
        recipient_registration: r.recipient_registration_id,
        status: r.status,
    })
    .collect();
    let scheduled: HashSet<Uuid> = match matchmaking::published_run(conn, event_id)? {
        Some(run) => crate::app::matchmaking::runs::result_of(&run)?
            .meetings
            .into_iter()
            .map(|m| m.meeting_request_id)
            .collect(),
        None => HashSet::new(),
    };
    let checked_in = crate::store::check_ins::registrations_present(conn, event_id)?;
    let outcomes: Vec<OutcomeFact> = meeting_outcomes::of_event(conn, event_id)?
        .into_iter()
        .map(|o| OutcomeFact {
            meeting_request_id: o.meeting_request_id,
            outcome: o.outcome,
            rating: o.rating,
        })
        .collect();
    let requests = partnerships::counts_by_cluster_pair(conn, Some(event_id), None)?;
    let follow_ups = partnerships::meetings_by_cluster_pair(conn, Some(event_id), None)?;
    Ok(pair_outcomes(&DayFacts {
        cluster_of: &cluster_of,
        meetings: &meetings,
        scheduled: &scheduled,
        checked_in: &checked_in,
        outcomes: &outcomes,
        requests: &requests,
        follow_ups: &follow_ups,
    }))
}

/// Companies, attendees (registered and checked in) and pitches per participating cluster,
/// and the partnership requests and follow-up meetings that came out of the day (whoever may
/// see the event).
pub async fn event_figures(db: &Db, caller: Principal, event_id: Uuid) -> AppResult<EventFigures> {
    db.run(move |conn| {
        let event = crate::app::events::visible_event(conn, &caller, event_id)?;
        let counts = crate::store::registrations::counts_per_cluster(conn, event_id)?;
        let checked_in = crate::store::check_ins::counts_per_cluster(conn, event_id)?;
        let pitches = crate::store::agenda::pitches_per_cluster(conn, event_id)?;
        let mut clusters = Vec::new();
        for cluster_id in event.parties().clusters() {
            let (companies, attendees) = counts
                .iter()
                .find(|(c, _, _)| *c == cluster_id)
                .map_or((0, 0), |(_, n, a)| (*n, *a));
            let (checked_in_companies, checked_in_attendees) = checked_in
                .iter()
                .find(|(c, _, _)| *c == cluster_id)
                .map_or((0, 0), |(_, n, a)| (*n, *a));
            let pitches = pitches
                .iter()
                .find(|(c, _)| *c == Some(cluster_id))
                .map_or(0, |(_, n)| *n);
            let cluster_name = crate::store::clusters::get(conn, cluster_id)?.0.name;
            clusters.push(ClusterCounts {
                cluster_id,
                cluster_name,
                companies,
                attendees,
                checked_in_companies,
                checked_in_attendees,
                pitches,
            });
        }
        let cluster_pairs = crate::app::partnerships::figures(conn, Some(event_id), None)?;
        let mut pair_outcomes = pair_outcomes_of(conn, event_id)?;
        // Per-pair outcomes and ratings are the organisers': a small pair gives a company's
        // own record away.
        if !event.parties().is_organiser(&caller) {
            for p in &mut pair_outcomes {
                p.outcomes = None;
                p.mean_rating = None;
            }
        }
        let mut cluster_names: HashMap<Uuid, String> = clusters
            .iter()
            .map(|c| (c.cluster_id, c.cluster_name.clone()))
            .collect();
        for p in &pair_outcomes {
            for id in [p.from_cluster_id, p.to_cluster_id] {
                if let std::collections::hash_map::Entry::Vacant(e) = cluster_names.entry(id) {
                    let name = crate::store::clusters::get(conn, id)?.0.name;
                    e.insert(name);
                }
            }
        }
        let survey = if event.parties().owns_survey(&caller) {
            Some(crate::app::survey::summary(conn, event_id)?)
        } else {
            None
        };
        Ok(EventFigures {
            clusters,
            cluster_pairs,
            pair_outcomes,
            cluster_names,
            survey,
        })
    })
    .await
}
