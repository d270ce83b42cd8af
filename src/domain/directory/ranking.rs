//! Ranking against the index, and the explanation in words of the few it returns.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::dictionary::Overlay;
use super::document::{CBag, Df, Doc, SoughtTag};
use super::index::DirectoryIndex;
use crate::domain::matching::{self, B, K1, Match, Options, Profile, idf_of};

impl DirectoryIndex {
    /// Ranks the indexed companies — of `cluster` only, when given — for `subject` (company
    /// `subject_id`, which may or may not be in the index) exactly as [`matching::suggest`]
    /// ranks the same candidates in id order. The ranking explains its few in words with
    /// [`Ranking::explain`], from their text.
    pub fn rank(
        &self,
        subject_id: Uuid,
        subject: &Profile,
        cluster: Option<Uuid>,
        options: Options,
    ) -> Ranking<'_> {
        let mut words = Overlay {
            base: &self.interner,
            extra: HashMap::new(),
        };
        let me = Doc::of(&mut words, subject);
        // Statistics over the candidates: the collection without the subject, when it is
        // one of it.
        let empty = &EMPTY_DF;
        let base = match cluster {
            Some(c) => self.by_cluster.get(&c).unwrap_or(empty),
            None => &self.all,
        };
        let counted = self
            .docs
            .get(&subject_id)
            .filter(|d| cluster.is_none_or(|c| c == d.cluster));
        let minus: HashSet<u32> = counted.map(Doc::counted_stems).unwrap_or_default();
        let (docs, words_total) = match counted {
            Some(d) => (base.docs - 1, base.offer_words - i64::from(d.offer.len)),
            None => (base.docs, base.offer_words),
        };
        let docs = docs.max(1) as f64;
        let avg_len = (words_total as f64 / docs).max(1.0);
        let df = |t: u32| -> i64 {
            base.df.get(&t).copied().unwrap_or(0) - i64::from(minus.contains(&t))
        };
        // Every word's weight at once: a few microseconds per thousand words, and the loop
        // below only indexes.
        let idf: Vec<f64> = (0..words.len() as u32)
            .map(|t| idf_of(docs, df(t) as f64))
            .collect();
        let idf = |t: u32| idf[t as usize];

        let candidates: Vec<(&Uuid, &Doc)> = self
            .docs
            .iter()
            .filter(|(id, d)| **id != subject_id && cluster.is_none_or(|c| c == d.cluster))
            .collect();

        let me_offer: HashMap<u32, u32> = me.offer.terms.iter().copied().collect();
        let mut me_tags: Vec<u32> = me.interest_tags.to_vec();
        me_tags.sort_unstable();
        me_tags.dedup();
        let saturation = |tf: f64, doc_len: u32| {
            tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * f64::from(doc_len) / avg_len))
        };
        let norm = |bag: &CBag| -> f64 {
            bag.terms
                .iter()
                .map(|(t, tf)| (f64::from(*tf) * idf(*t)).powi(2))
                .sum::<f64>()
                .sqrt()
        };
        // Both sides sorted by term: one merge.
        let dot = |x: &CBag, y: &CBag| -> f64 {
            let (mut i, mut j, mut sum) = (0, 0, 0.0);
            while i < x.terms.len() && j < y.terms.len() {
                let ((tx, fx), (ty, fy)) = (x.terms[i], y.terms[j]);
                match tx.cmp(&ty) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        let w = idf(tx);
                        sum += f64::from(fx) * w * f64::from(fy) * w;
                        i += 1;
                        j += 1;
                    }
                }
            }
            sum
        };
        let cosine = |x: &CBag, nx: f64, y: &CBag, ny: f64| -> f64 {
            if nx == 0.0 || ny == 0.0 {
                0.0
            } else {
                dot(x, y) / (nx * ny)
            }
        };
        let (me_interests_n, me_projects_n, me_offer_n) =
            (norm(&me.interests), norm(&me.projects), norm(&me.offer));
        let found = |seeker: &[SoughtTag], offer_has: &dyn Fn(u32) -> bool, tags: &[u32]| {
            seeker
                .iter()
                .filter(|t| {
                    tags.contains(&t.folded)
                        || (!t.stems.is_empty() && t.stems.iter().all(|s| offer_has(*s)))
                })
                .count()
        };

        let measure = |other: &Doc| {
            let mut seeks = 0.0;
            for (t, _) in me.seeks.terms.iter() {
                if let Some(tf) = other.offer.tf(*t) {
                    seeks += idf(*t) * saturation(f64::from(tf), other.offer.len);
                }
            }
            let mut sought_by = 0.0;
            for (t, _) in other.seeks.terms.iter() {
                if let Some(&tf) = me_offer.get(t) {
                    sought_by += idf(*t) * saturation(f64::from(tf), me.offer.len);
                }
            }
            let theirs = &other.tag_set;
            let there = found(&me.sought_tags, &|s| other.offer.tf(s).is_some(), theirs);
            let here = found(&other.sought_tags, &|s| me_offer.contains_key(&s), &me_tags);
            let sought = me.sought_tags.len() + other.sought_tags.len();
            let tag_part = if sought == 0 {
                0.0
            } else {
                (there + here) as f64 / sought as f64
            };
            let common = theirs
                .iter()
                .filter(|t| me_tags.binary_search(t).is_ok())
                .count();
            let union = me_tags.len() + theirs.len() - common;
            let jaccard = if union == 0 {
                0.0
            } else {
                common as f64 / union as f64
            };
            let other_offer_n = norm(&other.offer);
            let interests = 0.5 * jaccard
                + 0.5
                    * cosine(
                        &me.interests,
                        me_interests_n,
                        &other.interests,
                        norm(&other.interests),
                    );
            let projects =
                cosine(&me.projects, me_projects_n, &other.offer, other_offer_n).max(cosine(
                    &other.projects,
                    norm(&other.projects),
                    &me.offer,
                    me_offer_n,
                ));
            (seeks, sought_by, tag_part, interests, projects)
        };
        // The candidates are scored on every core: a request for the whole directory is
        // one long loop, and a person waits for it.
        let measures: Vec<(f64, f64, f64, f64, f64)> = {
            let threads = std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .clamp(1, 4);
            if threads == 1 || candidates.len() < 2000 {
                candidates.iter().map(|(_, d)| measure(d)).collect()
            } else {
                let chunk = candidates.len().div_ceil(threads);
                std::thread::scope(|scope| {
                    let parts: Vec<_> = candidates
                        .chunks(chunk)
                        .map(|part| {
                            let measure = &measure;
                            scope.spawn(move || {
                                part.iter().map(|(_, d)| measure(d)).collect::<Vec<_>>()
                            })
                        })
                        .collect();
                    parts
                        .into_iter()
                        .flat_map(|p| p.join().expect("scoring does not panic"))
                        .collect()
                })
            }
        };

        let items = matching::rank(
            measures,
            &|i| candidates[i].1.cluster != subject.cluster,
            options,
        )
        .into_iter()
        .map(|(i, score, parts)| RankedItem {
            id: *candidates[i].0,
            position: i,
            score,
            parts,
        })
        .collect();
        Ranking {
            items,
            words,
            base,
            minus,
            docs,
            avg_len,
        }
    }
}

static EMPTY_DF: std::sync::LazyLock<Df> = std::sync::LazyLock::new(Df::default);

/// One company a ranking returns.
#[derive(Debug, Clone)]
pub struct RankedItem {
    pub id: Uuid,
    /// Its place among the candidates in id order.
    pub position: usize,
    pub score: f64,
    pub parts: matching::ScoreParts,
}

/// The best candidates, best first, with the statistics they were scored with.
pub struct Ranking<'a> {
    pub items: Vec<RankedItem>,
    words: Overlay<'a>,
    base: &'a Df,
    minus: HashSet<u32>,
    docs: f64,
    avg_len: f64,
}

impl Ranking<'_> {
    /// The suggestion for `item`, explained by the words and tags it shares with `subject`
    /// (`candidate` is its profile).
    pub fn explain(&self, subject: &Profile, item: &RankedItem, candidate: &Profile) -> Match {
        let idf = |stem: &str| -> f64 {
            let df = self.words.get(stem).map_or(0, |t| {
                self.base.df.get(&t).copied().unwrap_or(0) - i64::from(self.minus.contains(&t))
            });
            idf_of(self.docs, df as f64)
        };
        let (matched_terms, matched_tags) =
            matching::explain(subject, candidate, self.avg_len, &idf);
        Match {
            candidate: item.position,
            score: item.score,
            parts: item.parts.clone(),
            matched_terms,
            matched_tags,
        }
    }
}
