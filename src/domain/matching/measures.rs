//! The unweighted measures of a pair (BM25, TF-IDF cosine, tags) and the words explaining them.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::Profile;
use super::words::terms;
use crate::domain::text::fold;

pub(crate) const K1: f64 = 1.2;
pub(crate) const B: f64 = 0.75;

/// A bag of words with counts, and a readable word per stem for explanations.
#[derive(Debug, Default, Clone)]
struct Bag {
    counts: BTreeMap<String, u32>,
    len: u32,
    shown: HashMap<String, String>,
}

impl Bag {
    fn of(texts: &[&str]) -> Bag {
        let mut bag = Bag::default();
        for text in texts {
            for (stem, word) in terms(text) {
                *bag.counts.entry(stem.clone()).or_default() += 1;
                bag.len += 1;
                bag.shown.entry(stem).or_insert(word);
            }
        }
        bag
    }
}

/// A profile prepared once: its bags and folded tags.
pub(super) struct Prepared {
    offer: Bag,
    seeks: Bag,
    interests: Bag,
    projects: Bag,
    interest_tags: Vec<(String, String)>,
    sought_tags: Vec<(String, String)>,
}

pub(super) fn prepare(p: &Profile) -> Prepared {
    let tags = |t: &[String]| t.iter().map(|t| (fold(t), t.clone())).collect::<Vec<_>>();
    let interests_text = p.areas_of_interest.join(" ");
    let sought_text = p.partners_sought.join(" ");
    Prepared {
        offer: Bag::of(&[&p.core_business, &interests_text, &p.ongoing_projects]),
        seeks: Bag::of(&[&sought_text, &p.partners_sought_notes]),
        interests: Bag::of(&[&interests_text, &p.areas_of_interest_notes]),
        projects: Bag::of(&[&p.ongoing_projects]),
        interest_tags: tags(&p.areas_of_interest),
        sought_tags: tags(&p.partners_sought),
    }
}

/// What BM25 and TF-IDF need from the collection: the average offer length and the inverse
/// document frequency of a stem (document frequencies count a company once per stem found in
/// its offer, interests or search).
pub(super) struct Stats<'a> {
    avg_len: f64,
    idf: Box<dyn Fn(&str) -> f64 + 'a>,
}

/// `ln((N − df + 0.5) / (df + 0.5) + 1)`, BM25's inverse document frequency.
pub fn idf_of(docs: f64, df: f64) -> f64 {
    ((docs - df + 0.5) / (df + 0.5) + 1.0).ln()
}

impl Stats<'static> {
    pub(super) fn of(prepared: &[Prepared]) -> Stats<'static> {
        let mut df: HashMap<String, u32> = HashMap::new();
        let mut total = 0u64;
        for p in prepared {
            total += u64::from(p.offer.len);
            let mut seen: HashSet<&String> = HashSet::new();
            for bag in [&p.offer, &p.interests, &p.seeks] {
                for stem in bag.counts.keys() {
                    if seen.insert(stem) {
                        *df.entry(stem.clone()).or_default() += 1;
                    }
                }
            }
        }
        let docs = prepared.len().max(1) as f64;
        Stats {
            avg_len: (total as f64 / docs).max(1.0),
            idf: Box::new(move |stem: &str| {
                idf_of(docs, f64::from(df.get(stem).copied().unwrap_or(0)))
            }),
        }
    }
}

impl Stats<'_> {
    fn idf(&self, stem: &str) -> f64 {
        (self.idf)(stem)
    }

    /// BM25 of `query` against `doc`, with the stems that contributed.
    fn bm25<'a>(&self, query: &'a Bag, doc: &Bag) -> (f64, Vec<(&'a String, f64)>) {
        let mut score = 0.0;
        let mut hits = Vec::new();
        for stem in query.counts.keys() {
            let Some(&tf) = doc.counts.get(stem) else {
                continue;
            };
            let tf = f64::from(tf);
            let norm =
                tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * f64::from(doc.len) / self.avg_len));
            let s = self.idf(stem) * norm;
            score += s;
            hits.push((stem, s));
        }
        (score, hits)
    }

    /// TF-IDF cosine similarity of two bags, with the stems they share.
    fn cosine<'a>(&self, x: &'a Bag, y: &Bag) -> (f64, Vec<&'a String>) {
        let weight = |bag: &Bag, stem: &str| f64::from(bag.counts[stem]) * self.idf(stem);
        let norm = |bag: &Bag| {
            bag.counts
                .keys()
                .map(|s| weight(bag, s).powi(2))
                .sum::<f64>()
                .sqrt()
        };
        let (nx, ny) = (norm(x), norm(y));
        if nx == 0.0 || ny == 0.0 {
            return (0.0, Vec::new());
        }
        let mut dot = 0.0;
        let mut shared = Vec::new();
        for stem in x.counts.keys() {
            if y.counts.contains_key(stem) {
                dot += weight(x, stem) * weight(y, stem);
                shared.push(stem);
            }
        }
        (dot / (nx * ny), shared)
    }
}

/// Sought tags of `seeker` that `offerer` offers: the same tag among its interests, or every
/// word of the tag in its offer.
fn tags_found(seeker: &Prepared, offerer: &Prepared) -> Vec<String> {
    seeker
        .sought_tags
        .iter()
        .filter(|(folded, _)| {
            offerer.interest_tags.iter().any(|(t, _)| t == folded) || {
                let words = terms(folded);
                !words.is_empty()
                    && words
                        .iter()
                        .all(|(s, _)| offerer.offer.counts.contains_key(s))
            }
        })
        .map(|(_, shown)| shown.clone())
        .collect()
}

/// The unweighted measures of one pair, and what explains them.
pub(crate) struct Raw {
    pub seeks: f64,
    pub sought_by: f64,
    terms: BTreeMap<String, f64>,
    tags: Vec<String>,
    pub tag_part: f64,
    pub interests: f64,
    pub projects: f64,
}

/// Measures `other` against `me`.
pub(super) fn raw(stats: &Stats<'_>, me: &Prepared, other: &Prepared) -> Raw {
    let mut terms: BTreeMap<String, f64> = BTreeMap::new();
    let mut note = |stem: &String, weight: f64, bags: [&Bag; 2]| {
        let shown = bags
            .iter()
            .find_map(|b| b.shown.get(stem))
            .cloned()
            .unwrap_or_else(|| stem.clone());
        *terms.entry(shown).or_default() += weight;
    };
    let (seeks, hits) = stats.bm25(&me.seeks, &other.offer);
    for (stem, s) in hits {
        note(stem, s, [&me.seeks, &other.offer]);
    }
    let (sought_by, hits) = stats.bm25(&other.seeks, &me.offer);
    for (stem, s) in hits {
        note(stem, s, [&other.seeks, &me.offer]);
    }
    let found_there = tags_found(me, other);
    let found_here = tags_found(other, me);
    let sought = me.sought_tags.len() + other.sought_tags.len();
    let tag_part = if sought == 0 {
        0.0
    } else {
        (found_there.len() + found_here.len()) as f64 / sought as f64
    };
    let mine: HashSet<&String> = me.interest_tags.iter().map(|(f, _)| f).collect();
    let theirs: HashSet<&String> = other.interest_tags.iter().map(|(f, _)| f).collect();
    let union = mine.union(&theirs).count();
    let jaccard = if union == 0 {
        0.0
    } else {
        mine.intersection(&theirs).count() as f64 / union as f64
    };
    let (cos, shared) = stats.cosine(&me.interests, &other.interests);
    for stem in shared {
        note(stem, cos, [&me.interests, &other.interests]);
    }
    let interests = 0.5 * jaccard + 0.5 * cos;
    let (p1, shared1) = stats.cosine(&me.projects, &other.offer);
    let (p2, shared2) = stats.cosine(&other.projects, &me.offer);
    for stem in shared1 {
        note(stem, p1, [&me.projects, &other.offer]);
    }
    for stem in shared2 {
        note(stem, p2, [&other.projects, &me.offer]);
    }
    let mut tags: Vec<String> = found_there;
    for t in found_here {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    for (folded, shown) in &me.interest_tags {
        if theirs.contains(folded) && !tags.contains(shown) {
            tags.push(shown.clone());
        }
    }
    Raw {
        seeks,
        sought_by,
        terms,
        tags,
        tag_part,
        interests,
        projects: p1.max(p2),
    }
}

/// The words and tags that explain a pair, best first (at most 12 words).
pub(super) fn explanation(raw: Raw) -> (Vec<String>, Vec<String>) {
    let mut terms: Vec<(String, f64)> = raw.terms.into_iter().collect();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    (
        terms.into_iter().take(12).map(|(t, _)| t).collect(),
        raw.tags,
    )
}

/// The matched words and tags of one pair, with the collection's statistics given from
/// outside (`idf` of a stem, average offer length): what a suggestion computed from a
/// precomputed index shows for its best candidates.
pub fn explain(
    subject: &Profile,
    candidate: &Profile,
    avg_len: f64,
    idf: &dyn Fn(&str) -> f64,
) -> (Vec<String>, Vec<String>) {
    let stats = Stats {
        avg_len,
        idf: Box::new(idf),
    };
    explanation(raw(&stats, &prepare(subject), &prepare(candidate)))
}
