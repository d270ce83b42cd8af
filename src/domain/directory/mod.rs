//! Partner suggestions across the whole directory without reading every profile per request.
//!
//! Each company's words are prepared once, when it changes, into a compact document: stems
//! as interned ids with their counts, per bag (offer, search, interests, projects), and its
//! tags. Document frequencies are kept per cluster and in all as documents come and go. A
//! request then scores every candidate from these numbers — the same BM25, TF-IDF and tag
//! measures as [`matching::suggest`], with the same statistics (the subject left out) — and
//! only the few it returns are explained in words, from their text.
//!
//! [`matching::suggest`]: crate::domain::matching::suggest

mod dictionary;
mod document;
mod index;
mod ranking;

pub use index::DirectoryIndex;
pub use ranking::{RankedItem, Ranking};

#[cfg(test)]
mod tests;
