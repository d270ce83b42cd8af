//! What a Cluster2Cluster day produced, per ordered pair of clusters: the B2B meetings asked
//! for, scheduled, held and how they went, the partnership requests by status and their
//! follow-up meetings. Counting only; the inputs come from the store.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::matchmaking::{MeetingOutcome, MeetingRequestStatus};
use super::partnership::{MeetingStatus, RequestStatus};

/// Side records of a meeting by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct OutcomeCounts {
    pub cooperation_possible: i64,
    pub follow_up_planned: i64,
    pub no_fit: i64,
    pub did_not_take_place: i64,
}

impl OutcomeCounts {
    fn add(&mut self, o: MeetingOutcome) {
        match o {
            MeetingOutcome::CooperationPossible => self.cooperation_possible += 1,
            MeetingOutcome::FollowUpPlanned => self.follow_up_planned += 1,
            MeetingOutcome::NoFit => self.no_fit += 1,
            MeetingOutcome::DidNotTakePlace => self.did_not_take_place += 1,
        }
    }
}

/// Partnership requests by their status now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct RequestCounts {
    pub total: i64,
    pub pending: i64,
    pub accepted: i64,
    pub declined: i64,
    pub withdrawn: i64,
    pub concluded: i64,
    pub closed: i64,
}

/// The figures of one ordered cluster pair (asking cluster → asked cluster).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct PairOutcome {
    pub from_cluster_id: Uuid,
    pub to_cluster_id: Uuid,
    /// B2B meeting requests made on the day's matchmaking, whatever became of them.
    pub meetings_requested: i64,
    /// Accepted by both sides (whether or not the scheduler placed them).
    pub meetings_accepted: i64,
    /// Still accepted, and in the published schedule.
    pub meetings_scheduled: i64,
    /// Scheduled, and a side recorded that it took place, or — when no side said it did not —
    /// both companies had someone checked in.
    pub meetings_held: i64,
    /// What the sides recorded of scheduled meetings (each side's record counts once); `null`
    /// for readers who do not organise the event (a pair with one meeting would give a
    /// company's rating away).
    pub outcomes: Option<OutcomeCounts>,
    /// Mean rating of those records that carry one (1 to 5); `null` without any, and for
    /// readers who do not organise the event.
    pub mean_rating: Option<f64>,
    pub partnership_requests: RequestCounts,
    /// Follow-up meetings of those requests, planned or held.
    pub follow_up_meetings: i64,
    pub follow_up_meetings_held: i64,
}

/// One B2B meeting request, reduced to what is counted.
#[derive(Debug, Clone)]
pub struct MeetingFact {
    pub id: Uuid,
    pub requester_registration: Uuid,
    pub recipient_registration: Uuid,
    pub status: MeetingRequestStatus,
}

/// One side's record of a meeting.
#[derive(Debug, Clone)]
pub struct OutcomeFact {
    pub meeting_request_id: Uuid,
    pub outcome: MeetingOutcome,
    pub rating: Option<i32>,
}

/// Everything a day's pair figures are counted from.
pub struct DayFacts<'a> {
    /// Every registration of the event (cancelled ones too) with its company's cluster.
    pub cluster_of: &'a HashMap<Uuid, Uuid>,
    pub meetings: &'a [MeetingFact],
    /// Meeting requests placed in the published schedule.
    pub scheduled: &'a HashSet<Uuid>,
    /// Registrations with at least one attendee checked in.
    pub checked_in: &'a HashSet<Uuid>,
    pub outcomes: &'a [OutcomeFact],
    /// Partnership requests of the event: (from cluster, to cluster, status, count).
    pub requests: &'a [(Uuid, Uuid, RequestStatus, i64)],
    /// Their follow-up meetings: (from cluster, to cluster, status, count).
    pub follow_ups: &'a [(Uuid, Uuid, MeetingStatus, i64)],
}

/// The figures per ordered cluster pair, ordered by pair; pairs with nothing are left out.
pub fn pair_outcomes(f: &DayFacts<'_>) -> Vec<PairOutcome> {
    let mut pairs: BTreeMap<(Uuid, Uuid), PairOutcome> = BTreeMap::new();
    fn entry(
        pairs: &mut BTreeMap<(Uuid, Uuid), PairOutcome>,
        from: Uuid,
        to: Uuid,
    ) -> &mut PairOutcome {
        pairs.entry((from, to)).or_insert_with(|| PairOutcome {
            from_cluster_id: from,
            to_cluster_id: to,
            outcomes: Some(OutcomeCounts::default()),
            ..Default::default()
        })
    }
    let mut ratings: HashMap<(Uuid, Uuid), (i64, i64)> = HashMap::new();
    for m in f.meetings {
        let (Some(&from), Some(&to)) = (
            f.cluster_of.get(&m.requester_registration),
            f.cluster_of.get(&m.recipient_registration),
        ) else {
            continue;
        };
        let mine: Vec<&OutcomeFact> = f
            .outcomes
            .iter()
            .filter(|o| o.meeting_request_id == m.id)
            .collect();
        let p = entry(&mut pairs, from, to);
        p.meetings_requested += 1;
        if m.status == MeetingRequestStatus::Accepted {
            p.meetings_accepted += 1;
        }
        // Only meetings still accepted and in the published schedule count as scheduled,
        // held and rated: a cancelled one, or one a later run dropped, is none of these.
        let scheduled = m.status == MeetingRequestStatus::Accepted && f.scheduled.contains(&m.id);
        if scheduled {
            p.meetings_scheduled += 1;
            // What the sides recorded wins over the door scans: a meeting both companies
            // came to may still not have taken place.
            let said_held = mine.iter().any(|o| o.outcome.took_place());
            let said_not = mine.iter().any(|o| !o.outcome.took_place());
            let both_came = f.checked_in.contains(&m.requester_registration)
                && f.checked_in.contains(&m.recipient_registration);
            if said_held || (both_came && !said_not) {
                p.meetings_held += 1;
            }
        }
        for o in mine.iter().filter(|_| scheduled) {
            p.outcomes
                .get_or_insert_with(Default::default)
                .add(o.outcome);
            if let Some(r) = o.rating {
                let (sum, n) = ratings.entry((from, to)).or_default();
                *sum += i64::from(r);
                *n += 1;
            }
        }
    }
    for &(from, to, status, n) in f.requests {
        let c = &mut entry(&mut pairs, from, to).partnership_requests;
        c.total += n;
        match status {
            RequestStatus::Pending => c.pending += n,
            RequestStatus::Accepted => c.accepted += n,
            RequestStatus::Declined => c.declined += n,
            RequestStatus::Withdrawn => c.withdrawn += n,
            RequestStatus::Concluded => c.concluded += n,
            RequestStatus::Closed => c.closed += n,
        }
    }
    for &(from, to, status, n) in f.follow_ups {
        let p = entry(&mut pairs, from, to);
        match status {
            MeetingStatus::Planned => p.follow_up_meetings += n,
            MeetingStatus::Held => {
                p.follow_up_meetings += n;
                p.follow_up_meetings_held += n;
            }
            MeetingStatus::Cancelled => {}
        }
    }
    for (key, p) in pairs.iter_mut() {
        if let Some((sum, n)) = ratings.get(key).filter(|(_, n)| *n > 0) {
            // Two decimals, from the exact sum.
            p.mean_rating = Some((*sum as f64 / *n as f64 * 100.0).round() / 100.0);
        }
    }
    pairs.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meetings_count_as_held_by_check_ins_or_by_what_a_side_recorded() {
        let (swiss, lombardy) = (Uuid::now_v7(), Uuid::now_v7());
        let [a, b, c, d] = [0; 4].map(|_| Uuid::now_v7());
        let cluster_of = HashMap::from([(a, lombardy), (b, swiss), (c, lombardy), (d, swiss)]);
        let m = |requester, recipient, status| MeetingFact {
            id: Uuid::now_v7(),
            requester_registration: requester,
            recipient_registration: recipient,
            status,
        };
        let meetings = vec![
            m(a, b, MeetingRequestStatus::Accepted), // scheduled, both checked in
            m(c, b, MeetingRequestStatus::Accepted), // scheduled, c not checked in, outcome says held
            m(c, d, MeetingRequestStatus::Accepted), // scheduled, nobody came, a side says so
            m(a, b, MeetingRequestStatus::Accepted), // scheduled, both came, yet it did not happen
            m(c, b, MeetingRequestStatus::Cancelled), // was scheduled, then cancelled
            m(a, d, MeetingRequestStatus::Declined),
            m(b, a, MeetingRequestStatus::Accepted), // the other direction, not scheduled
        ];
        let scheduled = HashSet::from([
            meetings[0].id,
            meetings[1].id,
            meetings[2].id,
            meetings[3].id,
        ]);
        let checked_in = HashSet::from([a, b]);
        let o = |i: usize, outcome, rating| OutcomeFact {
            meeting_request_id: meetings[i].id,
            outcome,
            rating,
        };
        let outcomes = vec![
            o(0, MeetingOutcome::CooperationPossible, Some(5)),
            o(0, MeetingOutcome::FollowUpPlanned, Some(4)),
            o(1, MeetingOutcome::NoFit, Some(2)),
            o(2, MeetingOutcome::DidNotTakePlace, None),
            o(3, MeetingOutcome::DidNotTakePlace, None),
            o(4, MeetingOutcome::CooperationPossible, Some(1)),
        ];
        let requests = [
            (lombardy, swiss, RequestStatus::Concluded, 2),
            (lombardy, swiss, RequestStatus::Pending, 1),
        ];
        let follow_ups = [
            (lombardy, swiss, MeetingStatus::Held, 1),
            (lombardy, swiss, MeetingStatus::Planned, 2),
            (lombardy, swiss, MeetingStatus::Cancelled, 5),
        ];
        let out = pair_outcomes(&DayFacts {
            cluster_of: &cluster_of,
            meetings: &meetings,
            scheduled: &scheduled,
            checked_in: &checked_in,
            outcomes: &outcomes,
            requests: &requests,
            follow_ups: &follow_ups,
        });
        let ls = out.iter().find(|p| p.from_cluster_id == lombardy).unwrap();
        assert_eq!(
            (
                ls.meetings_requested,
                ls.meetings_accepted,
                ls.meetings_scheduled,
                ls.meetings_held
            ),
            (6, 4, 4, 2)
        );
        assert_eq!(
            ls.outcomes.clone().unwrap(),
            OutcomeCounts {
                cooperation_possible: 1,
                follow_up_planned: 1,
                no_fit: 1,
                did_not_take_place: 2
            }
        );
        assert_eq!(ls.mean_rating, Some(3.67));
        assert_eq!(
            (
                ls.partnership_requests.total,
                ls.partnership_requests.concluded
            ),
            (3, 2)
        );
        assert_eq!((ls.follow_up_meetings, ls.follow_up_meetings_held), (3, 1));
        let sl = out.iter().find(|p| p.from_cluster_id == swiss).unwrap();
        assert_eq!(
            (
                sl.meetings_requested,
                sl.meetings_scheduled,
                sl.meetings_held
            ),
            (1, 0, 0)
        );
        assert_eq!(sl.mean_rating, None);
    }
}
