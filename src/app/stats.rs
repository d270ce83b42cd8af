//! The outcome figures of an event (a Cluster2Cluster day).

use uuid::Uuid;

use crate::domain::access::Principal;
use crate::domain::partnership::PairFigures;
use crate::error::AppResult;
use crate::store::Db;

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
        Ok(EventFigures {
            clusters,
            cluster_pairs,
        })
    })
    .await
}
