//! Events: the status machine, who may see and change an event, when registration is open.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::access::Principal;
use crate::domain::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    /// Being prepared: visible to the host's and the guests' managers only.
    Draft,
    /// Announced: everyone signed in sees it; companies register.
    Published,
    /// Over: registration is closed, the catalogue stays.
    Closed,
    Cancelled,
}

/// What can be done to an event's status, as actions (`POST /events/{id}/publish` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventAction {
    Publish,
    Close,
    Cancel,
}

impl EventAction {
    pub fn as_str(self) -> &'static str {
        match self {
            EventAction::Publish => "publish",
            EventAction::Close => "close",
            EventAction::Cancel => "cancel",
        }
    }

    fn target(self) -> EventStatus {
        match self {
            EventAction::Publish => EventStatus::Published,
            EventAction::Close => EventStatus::Closed,
            EventAction::Cancel => EventStatus::Cancelled,
        }
    }
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Draft => "draft",
            EventStatus::Published => "published",
            EventStatus::Closed => "closed",
            EventStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<EventStatus> {
        match s {
            "draft" => Some(EventStatus::Draft),
            "published" => Some(EventStatus::Published),
            "closed" => Some(EventStatus::Closed),
            "cancelled" => Some(EventStatus::Cancelled),
            _ => None,
        }
    }

    /// `draft → published → closed`, and `draft | published → cancelled`.
    pub fn allowed_actions(self) -> &'static [EventAction] {
        match self {
            EventStatus::Draft => &[EventAction::Publish, EventAction::Cancel],
            EventStatus::Published => &[EventAction::Close, EventAction::Cancel],
            EventStatus::Closed | EventStatus::Cancelled => &[],
        }
    }

    /// The status after `action`, or 409 naming the actions allowed from here.
    pub fn apply(self, action: EventAction) -> Result<EventStatus> {
        let allowed = self.allowed_actions();
        if allowed.contains(&action) {
            Ok(action.target())
        } else {
            Err(Error::Conflict {
                detail: format!(
                    "a {} event cannot {}; allowed: {}",
                    self.as_str(),
                    action.as_str(),
                    if allowed.is_empty() {
                        "nothing, the event is final".to_owned()
                    } else {
                        allowed
                            .iter()
                            .map(|a| a.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                ),
                allowed: Some(allowed.iter().map(|a| a.as_str().to_owned()).collect()),
            })
        }
    }

    /// Details (title, venue, capacity …) can change until the event is over.
    pub fn is_editable(self) -> bool {
        matches!(self, EventStatus::Draft | EventStatus::Published)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Video,
    Article,
    Photo,
}

/// The clusters of an event, which decide who sees and changes it.
#[derive(Debug, Clone)]
pub struct EventParties {
    pub host: Uuid,
    pub guests: Vec<Uuid>,
    pub status: EventStatus,
    /// People the host made co-organisers of this event (user ids).
    pub co_organisers: Vec<Uuid>,
}

impl EventParties {
    pub fn clusters(&self) -> impl Iterator<Item = Uuid> + '_ {
        std::iter::once(self.host).chain(self.guests.iter().copied())
    }

    pub fn is_participating_cluster(&self, cluster: Uuid) -> bool {
        self.clusters().any(|c| c == cluster)
    }

    /// The host's and the guests' managers (and admins).
    pub fn is_organiser(&self, p: &Principal) -> bool {
        self.clusters().any(|c| p.manages_cluster(c))
    }

    /// Drafts are for the organisers; anything else for everyone signed in.
    pub fn can_view(&self, p: &Principal) -> bool {
        self.status != EventStatus::Draft || self.is_organiser(p)
    }

    /// Details, status and agenda belong to the host cluster.
    pub fn can_edit(&self, p: &Principal) -> bool {
        p.manages_cluster(self.host)
    }

    /// Who runs the day (edits the agenda, approves registrations, checks people in, runs
    /// the scheduler): the host's managers and admins, and the co-organisers the host named —
    /// while they still manage a guest cluster of the event.
    pub fn can_run_day(&self, p: &Principal) -> bool {
        self.can_edit(p) || self.is_co_organiser(p)
    }

    /// The post-event survey — its questions and its anonymous results — is the host's: its
    /// managers and admins, signed in (not co-organisers, not API keys, which act for a
    /// whole cluster).
    pub fn owns_survey(&self, p: &Principal) -> bool {
        p.api_key.is_none() && self.can_edit(p)
    }

    /// Named co-organiser and still a manager of a guest cluster (API keys never are).
    pub fn is_co_organiser(&self, p: &Principal) -> bool {
        p.api_key.is_none()
            && self.co_organisers.contains(&p.user_id)
            && self.guests.iter().any(|g| p.manages_cluster(*g))
    }
}

/// Why registration is closed, if it is.
pub fn registration_closed_reason(
    status: EventStatus,
    deadline: Option<NaiveDateTime>,
    ends_at: NaiveDateTime,
    now: DateTime<Utc>,
) -> Option<String> {
    let now = now.naive_utc();
    match status {
        EventStatus::Draft => Some("the event is not published yet".into()),
        EventStatus::Closed => Some("the event is closed".into()),
        EventStatus::Cancelled => Some("the event is cancelled".into()),
        EventStatus::Published if deadline.is_some_and(|d| now > d) => {
            Some("the registration deadline has passed".into())
        }
        EventStatus::Published if now > ends_at => Some("the event is over".into()),
        EventStatus::Published => None,
    }
}

/// An IANA time zone such as `Europe/Zurich`.
pub fn parse_time_zone(name: &str) -> Option<chrono_tz::Tz> {
    name.parse::<chrono_tz::Tz>().ok()
}

pub fn validate_time_zone(name: &str) -> std::result::Result<(), validator::ValidationError> {
    match parse_time_zone(name) {
        Some(_) => Ok(()),
        None => Err(validator::ValidationError::new("time_zone")
            .with_message("must be an IANA time zone such as Europe/Zurich".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_machine_allows_only_its_arrows() {
        use EventAction::*;
        use EventStatus::*;
        assert_eq!(Draft.apply(Publish).unwrap(), Published);
        assert_eq!(Draft.apply(Cancel).unwrap(), Cancelled);
        assert_eq!(Published.apply(Close).unwrap(), Closed);
        assert_eq!(Published.apply(Cancel).unwrap(), Cancelled);
        for (from, action) in [
            (Draft, Close),
            (Published, Publish),
            (Closed, Publish),
            (Closed, Cancel),
            (Cancelled, Publish),
            (Cancelled, Close),
        ] {
            match from.apply(action) {
                Err(Error::Conflict {
                    allowed: Some(allowed),
                    ..
                }) => {
                    let expected: Vec<String> = from
                        .allowed_actions()
                        .iter()
                        .map(|a| a.as_str().to_owned())
                        .collect();
                    assert_eq!(allowed, expected);
                }
                other => panic!("{from:?} + {action:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn registration_closes_at_the_deadline_and_with_the_event() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let now = at("2026-11-20 12:00").and_utc();
        let ends = at("2026-11-25 17:00");
        assert_eq!(
            registration_closed_reason(
                EventStatus::Published,
                Some(at("2026-11-21 00:00")),
                ends,
                now
            ),
            None
        );
        assert!(
            registration_closed_reason(
                EventStatus::Published,
                Some(at("2026-11-19 00:00")),
                ends,
                now
            )
            .unwrap()
            .contains("deadline")
        );
        assert!(registration_closed_reason(EventStatus::Closed, None, ends, now).is_some());
        assert!(registration_closed_reason(EventStatus::Draft, None, ends, now).is_some());
        assert!(
            registration_closed_reason(EventStatus::Published, None, at("2026-11-19 00:00"), now)
                .unwrap()
                .contains("over")
        );
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert!(parse_time_zone("Europe/Zurich").is_some());
        assert!(parse_time_zone("Europe/Rome").is_some());
        assert!(parse_time_zone("CET+1").is_none());
        assert!(parse_time_zone("Mars/Olympus").is_none());
    }
}
