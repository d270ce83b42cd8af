//! The B2B meeting scheduler of an event day: accepted meeting requests go into time slots
//! and at tables so that nobody is in two places at once, no slot holds more meetings than
//! there are tables, per-session limits and blocked slots are respected and locked meetings
//! stay where the organiser put them.
//!
//! Seen as a graph, attendees are vertices, meetings are edges and slots are colours: a
//! schedule is a proper edge colouring whose colour classes hold at most `tables` edges.
//! The scheduler works in the classic way for bipartite edge colouring (König's theorem,
//! proved by alternating-path "Kempe" swaps) and then balances the classes with de Werra's
//! swaps, so that on two clusters meeting each other (a bipartite graph) with no availability
//! limits it places every meeting whenever `slots ≥ max(busiest attendee's meetings,
//! ⌈meetings ÷ tables⌉)`. With blocked slots, limits and locks the problem is NP-hard; the same
//! moves then act as a strong heuristic (tests compare it with an exact ILP optimum). Mutual
//! requests go first and may displace one-sided ones. Finally single-meeting moves shorten
//! each attendee's idle time between meetings. Everything is deterministic: ties break on the
//! input order, which callers make stable.

mod check;
mod model;
mod repair;
mod solver;
mod state;
mod swaps;

pub use check::violations;
pub use model::{MeetingSpec, Placement, Problem, Solution, Unplaced};
pub use solver::solve;

#[cfg(test)]
mod tests;
