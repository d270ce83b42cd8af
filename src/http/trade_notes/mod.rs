//! `/trade-notes`: trade-statistics notes — raw figures with their units and periods, from
//! which the service computes changes, ratios and shares itself — with filters, a time
//! series per area pair, product and flow, and a CSV export of the figures.

mod figures;
mod notes;
mod series;
mod wire;

pub use figures::*;
pub use notes::*;
pub use series::*;
pub use wire::*;
