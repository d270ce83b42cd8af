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

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use utoipa::ToSchema;

use super::text::fold;

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

/// Weights of the score parts; they add up to 1 without the cross-cluster bonus.
const W_SEEKS: f64 = 0.30;
const W_SOUGHT_BY: f64 = 0.30;
const W_TAGS: f64 = 0.15;
const W_INTERESTS: f64 = 0.15;
const W_PROJECTS: f64 = 0.10;
/// Added when the other company belongs to another cluster and the caller prefers that.
const W_OTHER_CLUSTER: f64 = 0.10;
pub(crate) const K1: f64 = 1.2;
pub(crate) const B: f64 = 0.75;

/// The parts of a suggestion's score; they add up to `score`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct ScoreParts {
    /// What this company seeks, found in the other's offer (BM25).
    pub seeks_matches_offer: f64,
    /// What the other company seeks, found in this one's offer (BM25).
    pub offer_matches_their_search: f64,
    /// Sought tags found on the other side, both ways.
    pub tags: f64,
    /// Areas of interest in common (tags and text).
    pub shared_interests: f64,
    /// Ongoing projects that touch the other's business.
    pub projects: f64,
    /// Bonus for a company of the other cluster on a Cluster2Cluster day.
    pub other_cluster: f64,
}

/// One suggestion for the profile asked about.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Index of the candidate in the list given to [`suggest`].
    pub candidate: usize,
    pub score: f64,
    pub parts: ScoreParts,
    pub matched_terms: Vec<String>,
    pub matched_tags: Vec<String>,
}

const STOP_WORDS: &[&str] = &[
    // English
    "the",
    "and",
    "for",
    "with",
    "from",
    "that",
    "this",
    "are",
    "our",
    "its",
    "their",
    "into",
    "also",
    "all",
    "any",
    "new",
    "other",
    "such",
    "who",
    "which",
    "have",
    "has",
    "was",
    "were",
    "will",
    "can",
    "not",
    "but",
    "more",
    "most",
    "per",
    "via",
    "over",
    "out",
    "own",
    "about",
    "partner",
    "partners",
    "company",
    "companies",
    "looking",
    // Italian
    "della",
    "delle",
    "dello",
    "degli",
    "del",
    "dei",
    "che",
    "con",
    "per",
    "una",
    "uno",
    "nel",
    "nella",
    "nelle",
    "negli",
    "sul",
    "sulla",
    "alla",
    "alle",
    "agli",
    "dal",
    "dalla",
    "tra",
    "fra",
    "come",
    "anche",
    "sono",
    "essere",
    "suo",
    "sua",
    "loro",
    "nostro",
    "nostra",
    "più",
    "non",
    "gli",
    "azienda",
    "aziende",
    // German
    "der",
    "die",
    "das",
    "und",
    "für",
    "mit",
    "von",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einer",
    "eines",
    "im",
    "ist",
    "sind",
    "auf",
    "aus",
    "bei",
    "zum",
    "zur",
    "auch",
    "wir",
    "unsere",
    "sich",
    "nach",
    "oder",
    "als",
    "wie",
    "über",
    "unternehmen",
    // French
    "les",
    "des",
    "une",
    "pour",
    "avec",
    "dans",
    "par",
    "sur",
    "est",
    "sont",
    "aux",
    "que",
    "qui",
    "nous",
    "notre",
    "nos",
    "leur",
    "leurs",
    "pas",
    "plus",
    "ses",
    "son",
    "entreprise",
    "entreprises",
];

fn stop_words() -> &'static HashSet<String> {
    static WORDS: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| STOP_WORDS.iter().map(|w| fold(w)).collect())
}

/// Light suffix folding shared by the four languages: plural `s`, then a final vowel.
/// `composites`, `composite`, `compositi` → `composit`; `materiali`, `materials` → `material`.
fn stem(word: &str) -> String {
    let mut w = word;
    if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") {
        w = &w[..w.len() - 1];
    }
    if w.len() > 5 && w.ends_with(['a', 'e', 'i', 'o']) {
        w = &w[..w.len() - 1];
    }
    w.to_owned()
}

/// Words of `text` as (stem, the word as written, folded), stop words and short words dropped.
pub fn terms(text: &str) -> Vec<(String, String)> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !stop_words().contains(*w))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| (stem(w), w.to_owned()))
        .collect()
}

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
struct Prepared {
    offer: Bag,
    seeks: Bag,
    interests: Bag,
    projects: Bag,
    interest_tags: Vec<(String, String)>,
    sought_tags: Vec<(String, String)>,
}

fn prepare(p: &Profile) -> Prepared {
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
struct Stats<'a> {
    avg_len: f64,
    idf: Box<dyn Fn(&str) -> f64 + 'a>,
}

/// `ln((N − df + 0.5) / (df + 0.5) + 1)`, BM25's inverse document frequency.
pub fn idf_of(docs: f64, df: f64) -> f64 {
    ((docs - df + 0.5) / (df + 0.5) + 1.0).ln()
}

impl Stats<'static> {
    fn of(prepared: &[Prepared]) -> Stats<'static> {
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

/// Options of one suggestion request.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// On a Cluster2Cluster day: favour companies of another cluster than the subject's.
    pub prefer_other_cluster: bool,
    pub limit: usize,
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
fn raw(stats: &Stats<'_>, me: &Prepared, other: &Prepared) -> Raw {
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

/// The measures of every candidate, weighted into score parts: BM25 parts scaled by the best
/// among the candidates, rounded once; candidates with nothing in common left out; best
/// first, ties in the candidates' order. `other_cluster(i)` tells whether candidate `i` is
/// of another cluster than the subject.
pub(crate) fn rank(
    raw: Vec<(f64, f64, f64, f64, f64)>,
    other_cluster: &dyn Fn(usize) -> bool,
    options: Options,
) -> Vec<(usize, f64, ScoreParts)> {
    let best_seeks = raw.iter().map(|r| r.0).fold(0.0, f64::max);
    let best_sought_by = raw.iter().map(|r| r.1).fold(0.0, f64::max);
    let scaled = |x: f64, best: f64| if best > 0.0 { x / best } else { 0.0 };
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let mut ranked: Vec<(usize, f64, ScoreParts)> = raw
        .into_iter()
        .enumerate()
        .filter_map(|(i, (seeks, sought_by, tag_part, interests, projects))| {
            let mut parts = ScoreParts {
                seeks_matches_offer: round(W_SEEKS * scaled(seeks, best_seeks)),
                offer_matches_their_search: round(W_SOUGHT_BY * scaled(sought_by, best_sought_by)),
                tags: round(W_TAGS * tag_part),
                shared_interests: round(W_INTERESTS * interests),
                projects: round(W_PROJECTS * projects),
                other_cluster: 0.0,
            };
            let substance = parts.seeks_matches_offer
                + parts.offer_matches_their_search
                + parts.tags
                + parts.shared_interests
                + parts.projects;
            if substance <= 0.0 {
                return None;
            }
            if options.prefer_other_cluster && other_cluster(i) {
                parts.other_cluster = W_OTHER_CLUSTER;
            }
            Some((i, round(substance + parts.other_cluster), parts))
        })
        .collect();
    // Best first, ties in the candidates' order: a total order, so picking the first
    // `limit` before sorting them gives what sorting everything would.
    let order = |a: &(usize, f64, ScoreParts), b: &(usize, f64, ScoreParts)| {
        b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
    };
    if options.limit == 0 {
        return Vec::new();
    }
    if ranked.len() > options.limit {
        ranked.select_nth_unstable_by(options.limit - 1, order);
        ranked.truncate(options.limit);
    }
    ranked.sort_by(order);
    ranked
}

/// The words and tags that explain a pair, best first (at most 12 words).
fn explanation(raw: Raw) -> (Vec<String>, Vec<String>) {
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

/// Ranks `candidates` for `subject` (which must not be among them), best first; candidates
/// with nothing in common are left out. Ties keep the candidates' order.
pub fn suggest(subject: &Profile, candidates: &[Profile], options: Options) -> Vec<Match> {
    let me = prepare(subject);
    let others: Vec<Prepared> = candidates.iter().map(prepare).collect();
    let stats = Stats::of(&others);
    let mut raws: Vec<Option<Raw>> = others
        .iter()
        .map(|other| Some(raw(&stats, &me, other)))
        .collect();
    let measures = raws
        .iter()
        .map(|r| {
            let r = r.as_ref().expect("present");
            (r.seeks, r.sought_by, r.tag_part, r.interests, r.projects)
        })
        .collect();
    rank(
        measures,
        &|i| candidates[i].cluster != subject.cluster,
        options,
    )
    .into_iter()
    .map(|(i, score, parts)| {
        let (matched_terms, matched_tags) = explanation(raws[i].take().expect("ranked once"));
        Match {
            candidate: i,
            score,
            parts,
            matched_terms,
            matched_tags,
        }
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn profile(
        core: &str,
        interests: &[&str],
        sought: &[&str],
        projects: &str,
        cluster: Uuid,
    ) -> Profile {
        Profile {
            core_business: core.into(),
            areas_of_interest: interests.iter().map(|s| s.to_string()).collect(),
            partners_sought: sought.iter().map(|s| s.to_string()).collect(),
            ongoing_projects: projects.into(),
            cluster,
            ..Profile::default()
        }
    }

    #[test]
    fn words_are_folded_stopped_and_stemmed() {
        let words: Vec<String> =
            terms("Lavorazioni meccaniche di precisione per l'aerospaziale e i Compositi")
                .into_iter()
                .map(|(s, _)| s)
                .collect();
        assert_eq!(
            words,
            [
                "lavorazion",
                "meccanich",
                "precision",
                "aerospazial",
                "composit"
            ]
        );
        assert_eq!(stem("composites"), stem("compositi"));
        assert!(terms("für die und the and per").is_empty());
    }

    #[test]
    fn both_directions_count_and_the_answer_explains_itself() {
        let (lombard, swiss) = (Uuid::now_v7(), Uuid::now_v7());
        // Aviometal machines aerostructures and seeks EMC testing; Soliani tests EMC and seeks
        // precision machining: a match both ways. The bakery matches nothing.
        let aviometal = profile(
            "Precision machining of aerostructures and composites",
            &["aerostructures", "composites"],
            &["EMC testing"],
            "Lightweight door frames",
            lombard,
        );
        let candidates = vec![
            profile("Industrial bakery", &["food"], &["flour mills"], "", swiss),
            profile(
                "EMC testing laboratory and electromagnetic compatibility consulting",
                &["avionics"],
                &["precision machining"],
                "",
                lombard,
            ),
            profile(
                "Composites repair for aerostructures",
                &["composites", "aerostructures"],
                &[],
                "",
                swiss,
            ),
        ];
        let found = suggest(
            &aviometal,
            &candidates,
            Options {
                prefer_other_cluster: false,
                limit: 10,
            },
        );
        assert_eq!(
            found.iter().map(|m| m.candidate).collect::<Vec<_>>(),
            [1, 2]
        );
        let emc = &found[0];
        assert!(emc.parts.seeks_matches_offer > 0.0 && emc.parts.offer_matches_their_search > 0.0);
        assert!(
            emc.matched_terms.contains(&"emc".to_owned()),
            "{:?}",
            emc.matched_terms
        );
        assert!(emc.matched_tags.contains(&"EMC testing".to_owned()));
        assert!(emc.matched_tags.contains(&"precision machining".to_owned()));
        let p = &emc.parts;
        let sum = p.seeks_matches_offer
            + p.offer_matches_their_search
            + p.tags
            + p.shared_interests
            + p.projects
            + p.other_cluster;
        assert!((sum - emc.score).abs() < 1e-3);
        assert!(found[1].matched_tags.contains(&"composites".to_owned()));

        // On a Cluster2Cluster day the other cluster's company gets the bonus.
        let day = suggest(
            &aviometal,
            &candidates,
            Options {
                prefer_other_cluster: true,
                limit: 10,
            },
        );
        let repair = day.iter().find(|m| m.candidate == 2).unwrap();
        assert_eq!(repair.parts.other_cluster, W_OTHER_CLUSTER);
        assert_eq!(
            day.iter()
                .find(|m| m.candidate == 1)
                .unwrap()
                .parts
                .other_cluster,
            0.0
        );
    }

    #[test]
    fn accents_and_languages_meet() {
        let a = profile(
            "Usinage de précision",
            &[],
            &["Aérospatiale"],
            "",
            Uuid::nil(),
        );
        let b = profile(
            "Componenti per l'aerospaziale e aerospatiale",
            &[],
            &[],
            "",
            Uuid::nil(),
        );
        let found = suggest(
            &a,
            &[b],
            Options {
                prefer_other_cluster: false,
                limit: 5,
            },
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .matched_terms
                .iter()
                .any(|t| t.starts_with("aerospatial"))
        );
    }
}
