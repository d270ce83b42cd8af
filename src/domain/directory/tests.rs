//! Tests of the directory index against the reference ranking.

use super::*;
use crate::domain::matching::{self, Options, Profile};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

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
