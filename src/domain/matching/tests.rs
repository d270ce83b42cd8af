//! Tests of the partner suggestions: words, both directions, explanations, languages.

use super::ranking::W_OTHER_CLUSTER;
use super::words::stem;
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
