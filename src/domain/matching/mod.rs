//! Partner suggestions: how well what one company seeks matches what another offers, in both
//! directions, explained part by part.
//!
//! Text is folded (lower case, no accents), split into words, stripped of Italian, German,
//! French and English stop words and reduced by a light suffix folding so that `compositi`,
//! `composite` and `composites` meet. Text similarity is BM25 (k1 = 1.2, b = 0.75) of one
//! side's "partners sought" against the other side's offer (core business, areas of interest,
//! ongoing projects), both ways, with document frequencies from the candidates at hand; shared
//! interests and projects use TF-IDF cosine similarity; tags match when equal after folding or
//! when every word of a sought tag occurs in the other side's offer.
//!
//! Score parts are weighted so that they add up to the score: BM25 parts are divided by the
//! best BM25 among the candidates (the best match scores its full weight), the others are
//! already between 0 and 1.

mod measures;
mod ranking;
mod words;

pub(crate) use measures::{B, K1};
pub use measures::{explain, idf_of};
pub(crate) use ranking::rank;
pub use ranking::{Match, Options, ScoreParts, suggest};
pub use words::terms;

/// What a company says about itself, from its profile or its pitch card.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub core_business: String,
    pub areas_of_interest: Vec<String>,
    pub areas_of_interest_notes: String,
    pub partners_sought: Vec<String>,
    pub partners_sought_notes: String,
    pub ongoing_projects: String,
    /// Its cluster, for the preference for the other cluster on a Cluster2Cluster day.
    pub cluster: uuid::Uuid,
}

#[cfg(test)]
mod tests;
