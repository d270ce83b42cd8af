//! Series: how a stored figure answers a series, as reported or mirrored from the partner.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::figure::Flow;

/// How a stored figure answers a series asked for one direction and flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Reported by the series' reporter area about its partner, in the series' flow.
    AsReported,
    /// Reported by the partner area: its imports are the reporter's exports (and the other
    /// way round), its balance is the reporter's balance negated.
    Mirrored,
}

/// Whether a figure (reporter, partner, flow) belongs to the series (want_reporter,
/// want_partner, want_flow), and how: exactly as reported, or mirrored from the partner's
/// side. Answers the orientation and whether values must be negated.
pub fn orient(figure: (&str, &str, Flow), want: (&str, &str, Flow)) -> Option<(Orientation, bool)> {
    let (reporter, partner, flow) = figure;
    let (want_reporter, want_partner, want_flow) = want;
    if reporter == want_reporter && partner == want_partner && flow == want_flow {
        Some((Orientation::AsReported, false))
    } else if reporter == want_partner && partner == want_reporter && flow.mirrored() == want_flow {
        Some((Orientation::Mirrored, flow == Flow::Balance))
    } else {
        None
    }
}
