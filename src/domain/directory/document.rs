//! One company prepared for the index: counted bags, sought tags, and document frequencies.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::dictionary::Ids;
use crate::domain::matching::{Profile, terms};
use crate::domain::text::fold;

/// Stem ids with their counts, sorted by id, and the number of words.
#[derive(Debug, Default, Clone)]
pub(super) struct CBag {
    pub(super) terms: Box<[(u32, u32)]>,
    pub(super) len: u32,
}

impl CBag {
    fn of(interner: &mut dyn Ids, texts: &[&str]) -> CBag {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        let mut len = 0;
        for text in texts {
            for (stem, _) in terms(text) {
                *counts.entry(interner.id(&stem)).or_default() += 1;
                len += 1;
            }
        }
        let mut terms: Vec<(u32, u32)> = counts.into_iter().collect();
        terms.sort_unstable();
        CBag {
            terms: terms.into_boxed_slice(),
            len,
        }
    }

    pub(super) fn tf(&self, term: u32) -> Option<u32> {
        self.terms
            .binary_search_by_key(&term, |(t, _)| *t)
            .ok()
            .map(|i| self.terms[i].1)
    }
}

/// A sought tag: its folded form, and the stems of its words.
#[derive(Debug, Clone)]
pub(super) struct SoughtTag {
    pub(super) folded: u32,
    pub(super) stems: Box<[u32]>,
}

/// One company, prepared.
#[derive(Debug, Clone)]
pub(super) struct Doc {
    pub(super) cluster: Uuid,
    pub(super) offer: CBag,
    pub(super) seeks: CBag,
    pub(super) interests: CBag,
    pub(super) projects: CBag,
    pub(super) interest_tags: Box<[u32]>,
    /// `interest_tags` sorted, without repeats (for the Jaccard measure).
    pub(super) tag_set: Box<[u32]>,
    pub(super) sought_tags: Box<[SoughtTag]>,
}

impl Doc {
    pub(super) fn of(interner: &mut dyn Ids, p: &Profile) -> Doc {
        let interests_text = p.areas_of_interest.join(" ");
        let sought_text = p.partners_sought.join(" ");
        let interest_tags: Box<[u32]> = p
            .areas_of_interest
            .iter()
            .map(|t| interner.id(&fold(t)))
            .collect();
        let mut tag_set = interest_tags.to_vec();
        tag_set.sort_unstable();
        tag_set.dedup();
        Doc {
            cluster: p.cluster,
            tag_set: tag_set.into_boxed_slice(),
            offer: CBag::of(
                interner,
                &[&p.core_business, &interests_text, &p.ongoing_projects],
            ),
            seeks: CBag::of(interner, &[&sought_text, &p.partners_sought_notes]),
            interests: CBag::of(interner, &[&interests_text, &p.areas_of_interest_notes]),
            projects: CBag::of(interner, &[&p.ongoing_projects]),
            interest_tags,
            sought_tags: p
                .partners_sought
                .iter()
                .map(|t| {
                    let folded = fold(t);
                    let stems = terms(&folded)
                        .into_iter()
                        .map(|(s, _)| interner.id(&s))
                        .collect();
                    SoughtTag {
                        folded: interner.id(&folded),
                        stems,
                    }
                })
                .collect(),
        }
    }

    /// Stems counted in document frequencies: those of the offer, interests and search.
    pub(super) fn counted_stems(&self) -> HashSet<u32> {
        [&self.offer, &self.interests, &self.seeks]
            .iter()
            .flat_map(|b| b.terms.iter().map(|(t, _)| *t))
            .collect()
    }
}

/// Document frequencies of one collection (a cluster, or all companies).
#[derive(Debug, Default, Clone)]
pub(super) struct Df {
    pub(super) docs: i64,
    pub(super) offer_words: i64,
    pub(super) df: HashMap<u32, i64>,
}

impl Df {
    pub(super) fn add(&mut self, doc: &Doc, sign: i64) {
        self.docs += sign;
        self.offer_words += sign * i64::from(doc.offer.len);
        for t in doc.counted_stems() {
            let n = self.df.entry(t).or_default();
            *n += sign;
            if *n == 0 {
                self.df.remove(&t);
            }
        }
    }
}
