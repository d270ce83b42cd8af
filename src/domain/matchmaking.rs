//! Rules of 1:1 meetings on an event day: the slots that meeting sessions make, and the life of
//! a meeting request.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::error::{Error, FieldError, Result};

/// A pause inside a meeting session: no slot overlaps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Break {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// A meeting session as the scheduler needs it.
#[derive(Debug, Clone)]
pub struct SessionPlan {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub slot_minutes: u32,
    pub breaks: Vec<Break>,
    pub max_meetings_per_participant: Option<u32>,
}

/// One meeting slot; `index` is its number across the event's sessions, in time order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Slot {
    #[serde(rename = "slot")]
    pub index: usize,
    /// Position of its session among the event's sessions (time order).
    pub session: usize,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Most slots one session may make: a day of 5-minute slots.
pub const MAX_SLOTS_PER_SESSION: usize = 288;

/// The slots of `sessions` (in time order): back to back from each session's start, skipping
/// any that would overlap a break, ending when the next one would pass the session's end.
pub fn slots(sessions: &[SessionPlan]) -> Vec<Slot> {
    let mut out = Vec::new();
    for (q, session) in sessions.iter().enumerate() {
        let length = Duration::minutes(i64::from(session.slot_minutes.max(1)));
        let mut start = session.starts_at;
        while start + length <= session.ends_at {
            let end = start + length;
            match session
                .breaks
                .iter()
                .filter(|b| b.starts_at < end && start < b.ends_at)
                .map(|b| b.ends_at)
                .max()
            {
                // Resume right after the break.
                Some(resume) => start = resume,
                None => {
                    out.push(Slot {
                        index: out.len(),
                        session: q,
                        starts_at: start,
                        ends_at: end,
                    });
                    start = end;
                }
            }
        }
    }
    out
}

/// Checks a new session: it ends after it starts, lies within the event (`event`: start and
/// end), its breaks lie within it, it makes between one and [`MAX_SLOTS_PER_SESSION`] slots
/// (422 naming the fields), and it overlaps none of the `existing` sessions (id, start, end;
/// 409 naming the one it overlaps).
pub fn check_new_session(
    plan: &SessionPlan,
    event: (DateTime<Utc>, DateTime<Utc>),
    existing: &[(Uuid, DateTime<Utc>, DateTime<Utc>)],
) -> Result<()> {
    let mut errors = Vec::new();
    let (start, end) = (plan.starts_at, plan.ends_at);
    if end <= start {
        errors.push(FieldError::new("ends_at", "must be after starts_at"));
    }
    if start < event.0 || end > event.1 {
        errors.push(FieldError::new(
            "starts_at",
            format!(
                "the session must lie within the event ({} to {})",
                event.0.to_rfc3339(),
                event.1.to_rfc3339()
            ),
        ));
    }
    for (i, b) in plan.breaks.iter().enumerate() {
        if b.ends_at <= b.starts_at || b.starts_at < start || b.ends_at > end {
            errors.push(FieldError::new(
                format!("breaks[{i}]"),
                "a break ends after it starts and lies within the session",
            ));
        }
    }
    if errors.is_empty() {
        let n = slots(std::slice::from_ref(plan)).len();
        if n == 0 {
            errors.push(FieldError::new(
                "slot_minutes",
                "the session has no room for one slot",
            ));
        } else if n > MAX_SLOTS_PER_SESSION {
            errors.push(FieldError::new(
                "slot_minutes",
                format!("the session would have {n} slots; at most {MAX_SLOTS_PER_SESSION}"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    match existing.iter().find(|(_, s, e)| *s < end && start < *e) {
        Some((id, s, e)) => Err(Error::conflict(format!(
            "it overlaps meeting session {id} ({} to {})",
            s.to_rfc3339(),
            e.to_rfc3339()
        ))),
        None => Ok(()),
    }
}

/// Where a meeting request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingRequestStatus {
    /// Waiting for the recipient (events that do not auto-accept).
    Pending,
    /// Both want the meeting: the scheduler places it.
    Accepted,
    Declined,
    Cancelled,
}

impl MeetingRequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingRequestStatus::Pending => "pending",
            MeetingRequestStatus::Accepted => "accepted",
            MeetingRequestStatus::Declined => "declined",
            MeetingRequestStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<MeetingRequestStatus> {
        match s {
            "pending" => Some(MeetingRequestStatus::Pending),
            "accepted" => Some(MeetingRequestStatus::Accepted),
            "declined" => Some(MeetingRequestStatus::Declined),
            "cancelled" => Some(MeetingRequestStatus::Cancelled),
            _ => None,
        }
    }
}

/// How a scheduled meeting went, as one side saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingOutcome {
    /// The companies see a way to work together.
    CooperationPossible,
    /// They agreed to meet again.
    FollowUpPlanned,
    NoFit,
    DidNotTakePlace,
}

impl MeetingOutcome {
    pub const ALL: [MeetingOutcome; 4] = [
        MeetingOutcome::CooperationPossible,
        MeetingOutcome::FollowUpPlanned,
        MeetingOutcome::NoFit,
        MeetingOutcome::DidNotTakePlace,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingOutcome::CooperationPossible => "cooperation_possible",
            MeetingOutcome::FollowUpPlanned => "follow_up_planned",
            MeetingOutcome::NoFit => "no_fit",
            MeetingOutcome::DidNotTakePlace => "did_not_take_place",
        }
    }

    pub fn parse(s: &str) -> Option<MeetingOutcome> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// Whether the meeting happened by this account.
    pub fn took_place(self) -> bool {
        self != MeetingOutcome::DidNotTakePlace
    }
}

/// The rating rule: 1 to 5, and only for a meeting that took place.
pub fn check_rating(
    outcome: MeetingOutcome,
    rating: Option<i32>,
) -> std::result::Result<(), &'static str> {
    match rating {
        None => Ok(()),
        Some(_) if !outcome.took_place() => Err("a meeting that did not take place is not rated"),
        Some(r) if !(1..=5).contains(&r) => Err("must be from 1 to 5"),
        Some(_) => Ok(()),
    }
}

/// What someone does to a meeting request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestAction {
    Accept,
    Decline,
    Cancel,
}

/// Which side of a request the caller acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sides {
    pub requester: bool,
    pub recipient: bool,
    pub organiser: bool,
}

/// The next status after `action` by someone on `sides`, or why not. The recipient (or the
/// organiser) accepts or declines a pending request; anyone involved cancels an open one.
pub fn next_status(
    current: MeetingRequestStatus,
    action: RequestAction,
    sides: Sides,
) -> Result<MeetingRequestStatus> {
    let allowed = match action {
        RequestAction::Accept | RequestAction::Decline => sides.recipient || sides.organiser,
        RequestAction::Cancel => sides.requester || sides.recipient || sides.organiser,
    };
    if !allowed {
        return Err(Error::Forbidden(format!(
            "only the {} may {} this meeting request",
            if action == RequestAction::Cancel {
                "two companies or the organisers"
            } else {
                "recipient or the organisers"
            },
            match action {
                RequestAction::Accept => "accept",
                RequestAction::Decline => "decline",
                RequestAction::Cancel => "cancel",
            }
        )));
    }
    use MeetingRequestStatus::*;
    match (current, action) {
        (Pending, RequestAction::Accept) => Ok(Accepted),
        (Pending, RequestAction::Decline) => Ok(Declined),
        (Pending | Accepted, RequestAction::Cancel) => Ok(Cancelled),
        (status, action) => Err(Error::conflict(format!(
            "a {} meeting request cannot be {}",
            status.as_str(),
            match action {
                RequestAction::Accept => "accepted",
                RequestAction::Decline => "declined",
                RequestAction::Cancel => "cancelled",
            }
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        chrono::NaiveDate::from_ymd_opt(2017, 5, 17)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
            .and_utc()
    }

    #[test]
    fn slots_skip_breaks_and_stop_at_the_end() {
        let sessions = vec![
            SessionPlan {
                starts_at: at(14, 0),
                ends_at: at(16, 10),
                slot_minutes: 20,
                breaks: vec![Break {
                    starts_at: at(15, 0),
                    ends_at: at(15, 15),
                }],
                max_meetings_per_participant: None,
            },
            SessionPlan {
                starts_at: at(17, 0),
                ends_at: at(17, 45),
                slot_minutes: 20,
                breaks: vec![],
                max_meetings_per_participant: Some(1),
            },
        ];
        let got: Vec<(usize, String)> = slots(&sessions)
            .iter()
            .map(|s| (s.session, s.starts_at.format("%H:%M").to_string()))
            .collect();
        let want = [
            (0, "14:00"),
            (0, "14:20"),
            (0, "14:40"),
            (0, "15:15"),
            (0, "15:35"),
            (1, "17:00"),
            (1, "17:20"),
        ];
        assert_eq!(got, want.map(|(q, t)| (q, t.to_owned())));
        assert!(
            slots(&sessions)
                .iter()
                .enumerate()
                .all(|(i, s)| s.index == i)
        );
    }

    #[test]
    fn who_may_do_what_to_a_request() {
        let requester = Sides {
            requester: true,
            recipient: false,
            organiser: false,
        };
        let recipient = Sides {
            requester: false,
            recipient: true,
            organiser: false,
        };
        let pending = MeetingRequestStatus::Pending;
        assert_eq!(
            next_status(pending, RequestAction::Accept, recipient).unwrap(),
            MeetingRequestStatus::Accepted
        );
        assert!(matches!(
            next_status(pending, RequestAction::Accept, requester),
            Err(Error::Forbidden(_))
        ));
        assert_eq!(
            next_status(pending, RequestAction::Cancel, requester).unwrap(),
            MeetingRequestStatus::Cancelled
        );
        assert!(matches!(
            next_status(
                MeetingRequestStatus::Declined,
                RequestAction::Accept,
                recipient
            ),
            Err(Error::Conflict { .. })
        ));
    }
}
