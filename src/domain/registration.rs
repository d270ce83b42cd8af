//! A registration's status and the waiting-list rules: who gets a seat when, in which order.
//!
//! ```text
//!   pending ──approve──▶ active | waitlisted      (approval_required events start pending)
//!   pending ──decline──▶ declined
//!   waitlisted ──seats free, first in line──▶ active
//!   waitlisted ──decline──▶ declined
//!   pending | waitlisted | active ──cancel──▶ cancelled
//! ```
//!
//! Only `active` registrations hold seats and take part (catalogue, matchmaking, agenda,
//! stats, public pages). The waiting list is served strictly in order: the first in line is
//! promoted while its attendees fit, and a smaller registration behind it never jumps it
//! (fairness over filling every seat; the organisers may raise the capacity or decline).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// Registered and holding its seats.
    Active,
    /// Waiting for the organisers' approval (events with `approval_required`); no seats.
    Pending,
    /// On the waiting list (no seats yet); promoted in order when seats free up.
    Waitlisted,
    /// Declined by the organisers.
    Declined,
    /// Cancelled by the company (or with it, when the company was removed).
    Cancelled,
}

impl RegistrationStatus {
    pub const ALL: [RegistrationStatus; 5] = [
        RegistrationStatus::Active,
        RegistrationStatus::Pending,
        RegistrationStatus::Waitlisted,
        RegistrationStatus::Declined,
        RegistrationStatus::Cancelled,
    ];

    /// The statuses of a registration that still counts as the company's one registration
    /// for the event (a company has at most one live registration per event).
    pub const LIVE: [RegistrationStatus; 3] = [
        RegistrationStatus::Active,
        RegistrationStatus::Pending,
        RegistrationStatus::Waitlisted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Active => "active",
            RegistrationStatus::Pending => "pending",
            RegistrationStatus::Waitlisted => "waitlisted",
            RegistrationStatus::Declined => "declined",
            RegistrationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<RegistrationStatus> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn is_live(self) -> bool {
        Self::LIVE.contains(&self)
    }
}

/// Where a new (or newly approved) registration of `wanted` attendees goes: `Active` when
/// they fit into the `free` seats and nobody waits (nobody is passed), `Waitlisted`
/// otherwise.
pub fn admit(wanted: i64, free: i64, anyone_waiting: bool) -> RegistrationStatus {
    if !anyone_waiting && wanted <= free {
        RegistrationStatus::Active
    } else {
        RegistrationStatus::Waitlisted
    }
}

/// How many of the waiting list (attendees of each, first in line first) are promoted into
/// `free` seats: the longest prefix that fits. Strictly in order: the first that does not
/// fit stops the line.
pub fn promotable(free: i64, line: &[i64]) -> usize {
    let mut left = free;
    line.iter()
        .take_while(|&&wanted| {
            let fits = wanted <= left;
            if fits {
                left -= wanted;
            }
            fits
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_live_ones_are_three() {
        for s in RegistrationStatus::ALL {
            assert_eq!(RegistrationStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(RegistrationStatus::parse("Active"), None);
        let live: Vec<_> = RegistrationStatus::ALL
            .into_iter()
            .filter(|s| s.is_live())
            .collect();
        assert_eq!(
            live,
            vec![
                RegistrationStatus::Active,
                RegistrationStatus::Pending,
                RegistrationStatus::Waitlisted
            ]
        );
    }

    #[test]
    fn a_new_registration_is_active_only_if_it_fits_and_nobody_waits() {
        assert_eq!(admit(2, 2, false), RegistrationStatus::Active);
        assert_eq!(admit(3, 2, false), RegistrationStatus::Waitlisted);
        assert_eq!(admit(1, 5, true), RegistrationStatus::Waitlisted);
        assert_eq!(admit(1, 0, false), RegistrationStatus::Waitlisted);
    }

    #[test]
    fn the_line_is_served_strictly_in_order() {
        assert_eq!(promotable(0, &[1, 1]), 0);
        assert_eq!(promotable(2, &[1, 1, 1]), 2);
        assert_eq!(promotable(3, &[1, 2, 1]), 2);
        // The first does not fit: the smaller second one does not jump it.
        assert_eq!(promotable(2, &[3, 1]), 0);
        assert_eq!(promotable(4, &[1, 4, 1]), 1);
        assert_eq!(promotable(10, &[]), 0);
    }
}
