//! Partner suggestions across the whole directory without reading every profile per request.
//!
//! Each company's words are prepared once, when it changes, into a compact document: stems
//! as interned ids with their counts, per bag (offer, search, interests, projects), and its
//! tags. Document frequencies are kept per cluster and in all as documents come and go. A
//! request then scores every candidate from these numbers — the same BM25, TF-IDF and tag
//! measures as [`matching::suggest`], with the same statistics (the subject left out) — and
//! only the few it returns are explained in words, from their text.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::matching::{self, B, K1, Match, Options, Profile, idf_of, terms};
use super::text::fold;

/// Interned strings: stems and folded tags become `u32`s.
#[derive(Debug, Default)]
struct Interner {
    ids: HashMap<Box<str>, u32>,
}

/// Gives ids to strings.
trait Ids {
    fn id(&mut self, s: &str) -> u32;
}

impl Ids for Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(s.into(), id);
        id
    }
}

/// The index's dictionary, read-only, with the few new words of one request numbered after
/// it: such words belong to no indexed company.
struct Overlay<'a> {
    base: &'a Interner,
    extra: HashMap<Box<str>, u32>,
}

impl Ids for Overlay<'_> {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.base.ids.get(s) {
            return id;
        }
        let next = (self.base.ids.len() + self.extra.len()) as u32;
        *self.extra.entry(s.into()).or_insert(next)
    }
}

impl Overlay<'_> {
    fn get(&self, s: &str) -> Option<u32> {
        self.base.ids.get(s).or_else(|| self.extra.get(s)).copied()
    }

    fn len(&self) -> usize {
        self.base.ids.len() + self.extra.len()
    }
}

/// Stem ids with their counts, sorted by id, and the number of words.
#[derive(Debug, Default, Clone)]
struct CBag {
    terms: Box<[(u32, u32)]>,
    len: u32,
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

    fn tf(&self, term: u32) -> Option<u32> {
        self.terms
            .binary_search_by_key(&term, |(t, _)| *t)
            .ok()
            .map(|i| self.terms[i].1)
    }
}

/// A sought tag: its folded form, and the stems of its words.
#[derive(Debug, Clone)]
struct SoughtTag {
    folded: u32,
    stems: Box<[u32]>,
}

/// One company, prepared.
#[derive(Debug, Clone)]
struct Doc {
    cluster: Uuid,
    offer: CBag,
    seeks: CBag,
    interests: CBag,
    projects: CBag,
    interest_tags: Box<[u32]>,
    /// `interest_tags` sorted, without repeats (for the Jaccard measure).
    tag_set: Box<[u32]>,
    sought_tags: Box<[SoughtTag]>,
}

impl Doc {
    fn of(interner: &mut dyn Ids, p: &Profile) -> Doc {
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
    fn counted_stems(&self) -> HashSet<u32> {
        [&self.offer, &self.interests, &self.seeks]
            .iter()
            .flat_map(|b| b.terms.iter().map(|(t, _)| *t))
            .collect()
    }
}

/// Document frequencies of one collection (a cluster, or all companies).
#[derive(Debug, Default, Clone)]
struct Df {
    docs: i64,
    offer_words: i64,
    df: HashMap<u32, i64>,
}

impl Df {
    fn add(&mut self, doc: &Doc, sign: i64) {
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

/// The directory, prepared: every active company, and the statistics of the collection.
#[derive(Debug, Default)]
pub struct DirectoryIndex {
    interner: Interner,
    /// The companies in id order (the order candidates are ranked in on ties).
    docs: std::collections::BTreeMap<Uuid, Doc>,
    all: Df,
    by_cluster: HashMap<Uuid, Df>,
    /// The change-feed position the index reflects (set by whoever keeps it up to date).
    pub seq: i64,
}

impl DirectoryIndex {
    pub fn new() -> DirectoryIndex {
        DirectoryIndex::default()
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Adds a company, or replaces what is known of it.
    pub fn upsert(&mut self, id: Uuid, profile: &Profile) {
        self.remove(id);
        let doc = Doc::of(&mut self.interner, profile);
        self.all.add(&doc, 1);
        self.by_cluster.entry(doc.cluster).or_default().add(&doc, 1);
        self.docs.insert(id, doc);
    }

    /// Forgets a company (removed, or gone).
    pub fn remove(&mut self, id: Uuid) {
        if let Some(doc) = self.docs.remove(&id) {
            self.all.add(&doc, -1);
            if let Some(df) = self.by_cluster.get_mut(&doc.cluster) {
                df.add(&doc, -1);
                if df.docs == 0 {
                    self.by_cluster.remove(&doc.cluster);
                }
            }
        }
    }

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
    pub parts: super::matching::ScoreParts,
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::seq::IndexedRandom;
    use rand::{Rng, SeedableRng};

    fn random_profile(rng: &mut StdRng, clusters: &[Uuid]) -> Profile {
        const WORDS: &[&str] = &[
            "precision",
            "machining",
            "composites",
            "compositi",
            "aerostructures",
            "avionics",
            "EMC",
            "testing",
            "laboratorio",
            "prove",
            "surface",
            "treatment",
            "titanium",
            "aluminium",
            "helicopter",
            "satellite",
            "space",
            "MRO",
            "cabin",
            "interiors",
            "lavorazioni",
            "meccaniche",
            "Präzision",
            "Luftfahrt",
            "usinage",
            "précision",
            "drones",
            "certification",
            "EN9100",
            "harness",
            "cables",
            "software",
            "simulation",
        ];
        let text = |rng: &mut StdRng, n: usize| {
            (0..rng.random_range(0..n))
                .map(|_| *WORDS.choose(rng).unwrap())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let tags = |rng: &mut StdRng| {
            (0..rng.random_range(0..4))
                .map(|_| {
                    let a = WORDS.choose(rng).unwrap();
                    if rng.random_bool(0.3) {
                        format!("{a} {}", WORDS.choose(rng).unwrap())
                    } else {
                        a.to_string()
                    }
                })
                .collect::<Vec<_>>()
        };
        Profile {
            core_business: text(rng, 25),
            areas_of_interest: tags(rng),
            areas_of_interest_notes: text(rng, 8),
            partners_sought: tags(rng),
            partners_sought_notes: text(rng, 8),
            ongoing_projects: text(rng, 12),
            cluster: *clusters.choose(rng).unwrap(),
        }
    }

    /// The index ranks exactly as the reference computation over the same candidates (the
    /// directory in id order, without the subject), also after companies change and go.
    #[test]
    fn the_index_ranks_as_the_reference_does() {
        let mut rng = StdRng::seed_from_u64(2017);
        let clusters: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
        let mut directory: Vec<(Uuid, Profile)> = (0..300)
            .map(|_| (Uuid::now_v7(), random_profile(&mut rng, &clusters)))
            .collect();
        let mut index = DirectoryIndex::new();
        for (id, p) in &directory {
            index.upsert(*id, p);
        }
        // Changes and removals after the first build.
        for _ in 0..40 {
            let i = rng.random_range(0..directory.len());
            directory[i].1 = random_profile(&mut rng, &clusters);
            index.upsert(directory[i].0, &directory[i].1);
        }
        for _ in 0..30 {
            let i = rng.random_range(0..directory.len());
            let (id, _) = directory.remove(i);
            index.remove(id);
        }
        directory.sort_by_key(|(id, _)| *id);
        let mut compared = 0;
        for s in (0..directory.len()).step_by(13) {
            let (subject_id, subject) = directory[s].clone();
            for cluster in [None, Some(clusters[0])] {
                let candidates: Vec<(Uuid, Profile)> = directory
                    .iter()
                    .filter(|(id, p)| *id != subject_id && cluster.is_none_or(|c| c == p.cluster))
                    .cloned()
                    .collect();
                let profiles: Vec<Profile> = candidates.iter().map(|(_, p)| p.clone()).collect();
                let options = Options {
                    prefer_other_cluster: false,
                    limit: 10,
                };
                let expected = matching::suggest(&subject, &profiles, options);
                let ranking = index.rank(subject_id, &subject, cluster, options);
                assert_eq!(ranking.items.len(), expected.len());
                for (item, e) in ranking.items.iter().zip(&expected) {
                    let profile = &directory.iter().find(|(i, _)| *i == item.id).unwrap().1;
                    let g = ranking.explain(&subject, item, profile);
                    assert_eq!(
                        item.id, candidates[e.candidate].0,
                        "same company in the same place"
                    );
                    assert!(
                        (g.score - e.score).abs() < 1e-9,
                        "{} vs {}",
                        g.score,
                        e.score
                    );
                    assert_eq!(g.parts, e.parts);
                    assert_eq!(g.matched_terms, e.matched_terms);
                    assert_eq!(g.matched_tags, e.matched_tags);
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "only {compared} suggestions compared");
    }
}
