//! Score parts, their weights, and the ranking of candidates into suggestions.

use serde::Serialize;
use utoipa::ToSchema;

use super::Profile;
use super::measures::{Prepared, Raw, Stats, explanation, prepare, raw};

/// Weights of the score parts; they add up to 1 without the cross-cluster bonus.
const W_SEEKS: f64 = 0.30;
const W_SOUGHT_BY: f64 = 0.30;
const W_TAGS: f64 = 0.15;
const W_INTERESTS: f64 = 0.15;
const W_PROJECTS: f64 = 0.10;
/// Added when the other company belongs to another cluster and the caller prefers that.
pub(super) const W_OTHER_CLUSTER: f64 = 0.10;

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

/// Options of one suggestion request.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// On a Cluster2Cluster day: favour companies of another cluster than the subject's.
    pub prefer_other_cluster: bool,
    pub limit: usize,
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
