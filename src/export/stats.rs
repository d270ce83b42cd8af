//! An event's outcome figures as a table (CSV or xlsx): one row per ordered cluster pair
//! (asking cluster → asked cluster), with the clusters' names.

use super::table::{Cell, Table};
use crate::domain::figures::PairOutcome;

pub const HEADER: [&str; 20] = [
    "from_cluster",
    "to_cluster",
    "meetings_requested",
    "meetings_accepted",
    "meetings_scheduled",
    "meetings_held",
    "outcome_cooperation_possible",
    "outcome_follow_up_planned",
    "outcome_no_fit",
    "outcome_did_not_take_place",
    "mean_rating",
    "partnership_requests",
    "requests_pending",
    "requests_accepted",
    "requests_declined",
    "requests_withdrawn",
    "requests_concluded",
    "requests_closed",
    "follow_up_meetings",
    "follow_up_meetings_held",
];

/// One pair: the asking cluster's name, the asked cluster's name, the figures.
pub struct NamedPair<'a> {
    pub from_cluster: &'a str,
    pub to_cluster: &'a str,
    pub figures: &'a PairOutcome,
}

pub fn table<'a>(pairs: impl IntoIterator<Item = NamedPair<'a>>) -> Table {
    let rows = pairs
        .into_iter()
        .map(|p| {
            let f = p.figures;
            let r = &f.partnership_requests;
            let mut row = vec![Cell::text(p.from_cluster), Cell::text(p.to_cluster)];
            row.extend(
                [
                    f.meetings_requested,
                    f.meetings_accepted,
                    f.meetings_scheduled,
                    f.meetings_held,
                ]
                .map(Cell::Int),
            );
            // Empty for readers who do not organise the event (see `PairOutcome::outcomes`).
            row.extend(match &f.outcomes {
                Some(o) => [
                    o.cooperation_possible,
                    o.follow_up_planned,
                    o.no_fit,
                    o.did_not_take_place,
                ]
                .map(Cell::Int),
                None => [Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty],
            });
            row.push(
                f.mean_rating
                    .map_or(Cell::Empty, |m| Cell::Decimal(format!("{m:.2}"))),
            );
            row.extend(
                [
                    r.total,
                    r.pending,
                    r.accepted,
                    r.declined,
                    r.withdrawn,
                    r.concluded,
                    r.closed,
                    f.follow_up_meetings,
                    f.follow_up_meetings_held,
                ]
                .map(Cell::Int),
            );
            row
        })
        .collect();
    Table {
        sheet: "Outcome figures",
        columns: &HEADER,
        rows,
    }
}
