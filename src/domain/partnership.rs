//! Partnership requests: their workflow, who may move them, who may see them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::access::Principal;
use crate::domain::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    Supply,
    CoDevelopment,
    JointBid,
    Distribution,
    Other,
}

impl RequestKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Supply => "supply",
            RequestKind::CoDevelopment => "co_development",
            RequestKind::JointBid => "joint_bid",
            RequestKind::Distribution => "distribution",
            RequestKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<RequestKind> {
        [
            Self::Supply,
            Self::CoDevelopment,
            Self::JointBid,
            Self::Distribution,
            Self::Other,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Accepted,
    Declined,
    Withdrawn,
    Concluded,
    Closed,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 6] = [
        Self::Pending,
        Self::Accepted,
        Self::Declined,
        Self::Withdrawn,
        Self::Concluded,
        Self::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Accepted => "accepted",
            RequestStatus::Declined => "declined",
            RequestStatus::Withdrawn => "withdrawn",
            RequestStatus::Concluded => "concluded",
            RequestStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<RequestStatus> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Pending and accepted requests are open: only one per pair of companies and event.
    pub fn is_open(self) -> bool {
        matches!(self, RequestStatus::Pending | RequestStatus::Accepted)
    }
}

/// The workflow's actions, each its own endpoint (`POST …/{id}/accept` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestAction {
    Accept,
    Decline,
    Withdraw,
    Conclude,
    Close,
}

/// Which side of a request the caller is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Sender,
    Recipient,
}

impl RequestAction {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestAction::Accept => "accept",
            RequestAction::Decline => "decline",
            RequestAction::Withdraw => "withdraw",
            RequestAction::Conclude => "conclude",
            RequestAction::Close => "close",
        }
    }

    const ALL: [RequestAction; 5] = [
        Self::Accept,
        Self::Decline,
        Self::Withdraw,
        Self::Conclude,
        Self::Close,
    ];

    /// `pending → accepted | declined` (recipient), `pending → withdrawn` (sender),
    /// `accepted → concluded | closed` (either side).
    fn arrow(self) -> (RequestStatus, RequestStatus, &'static [Side]) {
        use RequestStatus::*;
        match self {
            RequestAction::Accept => (Pending, Accepted, &[Side::Recipient]),
            RequestAction::Decline => (Pending, Declined, &[Side::Recipient]),
            RequestAction::Withdraw => (Pending, Withdrawn, &[Side::Sender]),
            RequestAction::Conclude => (Accepted, Concluded, &[Side::Sender, Side::Recipient]),
            RequestAction::Close => (Accepted, Closed, &[Side::Sender, Side::Recipient]),
        }
    }
}

/// The actions `sides` may take from `status`.
pub fn allowed_actions(status: RequestStatus, sides: &[Side]) -> Vec<RequestAction> {
    RequestAction::ALL
        .into_iter()
        .filter(|a| {
            let (from, _, who) = a.arrow();
            from == status && who.iter().any(|s| sides.contains(s))
        })
        .collect()
}

/// The status after `action` by someone on `sides`: 403 when no side of theirs may take
/// it at all, 409 listing what they may do when the status does not allow it.
pub fn apply(
    status: RequestStatus,
    action: RequestAction,
    sides: &[Side],
) -> Result<RequestStatus> {
    let (from, to, who) = action.arrow();
    if !who.iter().any(|s| sides.contains(s)) {
        return Err(Error::Forbidden(format!(
            "only the {} may {} a request",
            if who == [Side::Recipient] {
                "recipient"
            } else {
                "sender"
            },
            action.as_str()
        )));
    }
    if status != from {
        let allowed = allowed_actions(status, sides);
        return Err(Error::Conflict {
            detail: format!(
                "a {} request cannot be {}; allowed now: {}",
                status.as_str(),
                past(action),
                if allowed.is_empty() {
                    "nothing".to_owned()
                } else {
                    allowed
                        .iter()
                        .map(|a| a.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ),
            allowed: Some(allowed.iter().map(|a| a.as_str().to_owned()).collect()),
        });
    }
    Ok(to)
}

fn past(action: RequestAction) -> &'static str {
    match action {
        RequestAction::Accept => "accepted",
        RequestAction::Decline => "declined",
        RequestAction::Withdraw => "withdrawn",
        RequestAction::Conclude => "concluded",
        RequestAction::Close => "closed",
    }
}

/// The companies and clusters of a request.
#[derive(Debug, Clone, Copy)]
pub struct Parties {
    pub from_member: Uuid,
    pub from_cluster: Uuid,
    pub to_member: Uuid,
    pub to_cluster: Uuid,
}

impl Parties {
    /// The sides the caller acts for: their company's editors and their cluster's managers
    /// (admins act for both).
    pub fn sides(&self, p: &Principal) -> Vec<Side> {
        let mut sides = Vec::new();
        if p.can_edit_member(self.from_cluster, self.from_member) {
            sides.push(Side::Sender);
        }
        if p.can_edit_member(self.to_cluster, self.to_member) {
            sides.push(Side::Recipient);
        }
        sides
    }

    /// Only the two companies' editors, their clusters' managers and admins see a request.
    pub fn can_view(&self, p: &Principal) -> bool {
        !self.sides(p).is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Planned,
    Held,
    Cancelled,
}

impl MeetingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Planned => "planned",
            MeetingStatus::Held => "held",
            MeetingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<MeetingStatus> {
        [Self::Planned, Self::Held, Self::Cancelled]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

/// Share of accepted among answered requests, in percent with one decimal; `None` when none
/// was answered yet.
pub fn acceptance_rate(accepted: i64, answered: i64) -> Option<f64> {
    (answered > 0).then(|| (accepted as f64 * 1000.0 / answered as f64).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestAction::*;
    use RequestStatus::*;

    #[test]
    fn every_arrow_and_its_side() {
        let r = [Side::Recipient];
        let s = [Side::Sender];
        assert_eq!(apply(Pending, Accept, &r).unwrap(), Accepted);
        assert_eq!(apply(Pending, Decline, &r).unwrap(), Declined);
        assert_eq!(apply(Pending, Withdraw, &s).unwrap(), Withdrawn);
        assert_eq!(apply(Accepted, Conclude, &s).unwrap(), Concluded);
        assert_eq!(apply(Accepted, Close, &r).unwrap(), Closed);
        // The wrong side: 403 whatever the status.
        assert!(matches!(
            apply(Pending, Accept, &s),
            Err(Error::Forbidden(_))
        ));
        assert!(matches!(
            apply(Pending, Withdraw, &r),
            Err(Error::Forbidden(_))
        ));
        assert!(matches!(
            apply(Pending, Accept, &[]),
            Err(Error::Forbidden(_))
        ));
    }

    #[test]
    fn illegal_transitions_name_what_is_allowed() {
        let both = [Side::Sender, Side::Recipient];
        for status in RequestStatus::ALL {
            for action in RequestAction::ALL {
                let legal = action.arrow().0 == status;
                match apply(status, action, &both) {
                    Ok(_) => assert!(legal, "{status:?} {action:?}"),
                    Err(Error::Conflict {
                        allowed: Some(allowed),
                        ..
                    }) => {
                        assert!(!legal);
                        let expected: Vec<String> = allowed_actions(status, &both)
                            .iter()
                            .map(|a| a.as_str().to_owned())
                            .collect();
                        assert_eq!(allowed, expected);
                    }
                    Err(other) => panic!("{status:?} {action:?}: {other:?}"),
                }
            }
        }
        assert_eq!(allowed_actions(Pending, &[Side::Sender]), vec![Withdraw]);
        assert_eq!(
            allowed_actions(Pending, &[Side::Recipient]),
            vec![Accept, Decline]
        );
        assert!(allowed_actions(Declined, &both).is_empty());
    }

    #[test]
    fn acceptance_rate_rounds_and_knows_nothing_yet() {
        assert_eq!(acceptance_rate(2, 3), Some(66.7));
        assert_eq!(acceptance_rate(0, 0), None);
    }
}

/// Figures for one ordered pair of clusters (requests sent from one to the other).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct PairFigures {
    pub from_cluster_id: Uuid,
    pub to_cluster_id: Uuid,
    pub requests: i64,
    /// Accepted, including those concluded or closed since.
    pub accepted: i64,
    pub declined: i64,
    /// Percent of answered requests (accepted or declined) that were accepted.
    pub acceptance_rate: Option<f64>,
    /// Meetings planned or held.
    pub meetings_agreed: i64,
    pub meetings_held: i64,
}

/// Folds per-status counts of requests and meetings into per-pair figures, ordered by pair.
pub fn pair_figures(
    requests: &[(Uuid, Uuid, RequestStatus, i64)],
    meetings: &[(Uuid, Uuid, MeetingStatus, i64)],
) -> Vec<PairFigures> {
    let mut pairs: std::collections::BTreeMap<(Uuid, Uuid), PairFigures> = Default::default();
    let entry = |pairs: &mut std::collections::BTreeMap<(Uuid, Uuid), PairFigures>,
                 from: Uuid,
                 to: Uuid| {
        pairs
            .entry((from, to))
            .or_insert_with(|| PairFigures {
                from_cluster_id: from,
                to_cluster_id: to,
                ..Default::default()
            })
            .clone()
    };
    for (from, to, status, n) in requests {
        let mut f = entry(&mut pairs, *from, *to);
        f.requests += n;
        match status {
            RequestStatus::Accepted | RequestStatus::Concluded | RequestStatus::Closed => {
                f.accepted += n
            }
            RequestStatus::Declined => f.declined += n,
            RequestStatus::Pending | RequestStatus::Withdrawn => {}
        }
        pairs.insert((*from, *to), f);
    }
    for (from, to, status, n) in meetings {
        let mut f = entry(&mut pairs, *from, *to);
        match status {
            MeetingStatus::Planned => f.meetings_agreed += n,
            MeetingStatus::Held => {
                f.meetings_agreed += n;
                f.meetings_held += n;
            }
            MeetingStatus::Cancelled => {}
        }
        pairs.insert((*from, *to), f);
    }
    pairs
        .into_values()
        .map(|mut f| {
            f.acceptance_rate = acceptance_rate(f.accepted, f.accepted + f.declined);
            f
        })
        .collect()
}

#[cfg(test)]
mod figure_tests {
    use super::*;

    #[test]
    fn pairs_count_accepted_including_later_states_and_agreed_meetings() {
        let (ch, it) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let figures = pair_figures(
            &[
                (it, ch, RequestStatus::Pending, 2),
                (it, ch, RequestStatus::Accepted, 1),
                (it, ch, RequestStatus::Concluded, 1),
                (it, ch, RequestStatus::Declined, 1),
                (ch, it, RequestStatus::Withdrawn, 1),
            ],
            &[
                (it, ch, MeetingStatus::Planned, 1),
                (it, ch, MeetingStatus::Held, 2),
                (it, ch, MeetingStatus::Cancelled, 5),
            ],
        );
        assert_eq!(figures.len(), 2);
        let it_ch = figures.iter().find(|f| f.from_cluster_id == it).unwrap();
        assert_eq!((it_ch.requests, it_ch.accepted, it_ch.declined), (5, 2, 1));
        assert_eq!(it_ch.acceptance_rate, Some(66.7));
        assert_eq!((it_ch.meetings_agreed, it_ch.meetings_held), (3, 2));
        let ch_it = figures.iter().find(|f| f.from_cluster_id == ch).unwrap();
        assert_eq!(ch_it.acceptance_rate, None);
    }
}
