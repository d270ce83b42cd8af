//! The problem the scheduler is given and the solution it answers, in plain indexes.

use serde::Serialize;
use utoipa::ToSchema;

/// One meeting to place, between attendees `a` and `b` (indexes into the attendee list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingSpec {
    pub a: usize,
    pub b: usize,
    /// Both sides asked for it: placed before one-sided requests.
    pub mutual: bool,
    /// Fixed by the organiser: this slot, and this table if given.
    pub locked: Option<(usize, Option<usize>)>,
}

/// Everything the scheduler needs, in plain indexes.
#[derive(Debug, Clone, Default)]
pub struct Problem {
    pub attendees: usize,
    /// The session of each slot, in time order.
    pub slot_sessions: Vec<usize>,
    /// Per session, the most meetings one attendee may have in it.
    pub session_limits: Vec<Option<u32>>,
    pub tables: usize,
    /// Per attendee, the slots they blocked.
    pub blocked: Vec<Vec<usize>>,
    pub meetings: Vec<MeetingSpec>,
}

/// Why a meeting found no place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unplaced {
    /// Locked into a slot or table that another locked meeting (or a blocked attendee) holds.
    LockedConflict,
    /// The two attendees have no slot that neither blocked.
    NoCommonAvailability,
    /// In every slot both could attend, one of them reached the session's limit.
    ParticipantLimitReached,
    /// In every slot both could attend, one of them is already in another meeting.
    ParticipantsBusy,
    /// Every slot where both are free already uses all tables.
    NoTableFree,
}

impl Unplaced {
    pub fn as_str(self) -> &'static str {
        match self {
            Unplaced::LockedConflict => "locked_conflict",
            Unplaced::NoCommonAvailability => "no_common_availability",
            Unplaced::ParticipantLimitReached => "participant_limit_reached",
            Unplaced::ParticipantsBusy => "participants_busy",
            Unplaced::NoTableFree => "no_table_free",
        }
    }
}

/// A placed meeting: slot index and table number (1-based, as printed on the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub meeting: usize,
    pub slot: usize,
    pub table: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Solution {
    /// Ordered by slot, then table.
    pub placed: Vec<Placement>,
    /// Ordered by meeting index.
    pub unplaced: Vec<(usize, Unplaced)>,
    /// Slots attendees wait between their first and last meeting of a session, summed.
    pub idle_slots: usize,
}
