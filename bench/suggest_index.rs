//! Directory suggestions in process, without HTTP or a database: the precomputed index
//! (`domain::directory`) against the reference computation (`domain::matching::suggest`,
//! which prepares every profile per request — what the service did before), on the same
//! generated directory, in one run.
//!
//!   cargo run --release --example suggest-index-bench [companies]

use std::time::Instant;

use cluster2cluster::domain::directory::DirectoryIndex;
use cluster2cluster::domain::matching::{self, Options, Profile};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

const TAGS: &[&str] = &[
    "aerostructures",
    "composites",
    "machining",
    "avionics",
    "EMC",
    "surface treatment",
    "NDT",
    "MRO",
    "space",
    "drones",
    "harnesses",
    "additive manufacturing",
    "flight test",
    "logistics",
    "certification",
    "cabin interiors",
    "titanium",
];
const SECTORS: &[&str] = &[
    "aerospace",
    "space",
    "automotive",
    "mechatronics",
    "advanced materials",
];

fn pick<'a>(rng: &mut StdRng, items: &'a [&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

/// Profiles shaped like `cluster2cluster generate`'s.
fn profile(rng: &mut StdRng, n: usize, clusters: &[Uuid]) -> Profile {
    let tags = |rng: &mut StdRng, k: usize| (0..k).map(|_| pick(rng, TAGS).to_owned()).collect();
    Profile {
        core_business: format!(
            "{} and {} for {}",
            pick(rng, TAGS),
            pick(rng, TAGS),
            pick(rng, SECTORS)
        ),
        areas_of_interest: tags(rng, 3),
        areas_of_interest_notes: String::new(),
        partners_sought: tags(rng, 2),
        partners_sought_notes: String::new(),
        ongoing_projects: format!("Project {n}: {}", pick(rng, TAGS)),
        cluster: clusters[rng.random_range(0..clusters.len())],
    }
}

fn main() {
    let companies: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let mut rng = StdRng::seed_from_u64(2017);
    let clusters: Vec<Uuid> = (0..20).map(|_| Uuid::now_v7()).collect();
    let directory: Vec<(Uuid, Profile)> = (0..companies)
        .map(|n| (Uuid::now_v7(), profile(&mut rng, n, &clusters)))
        .collect();
    let options = Options {
        prefer_other_cluster: false,
        limit: 10,
    };

    let started = Instant::now();
    let mut index = DirectoryIndex::new();
    for (id, p) in &directory {
        index.upsert(*id, p);
    }
    let build = started.elapsed();

    let subjects: Vec<usize> = (0..50).map(|i| i * companies / 50).collect();
    let started = Instant::now();
    let mut returned = 0;
    for &s in &subjects {
        let (id, subject) = &directory[s];
        let ranking = index.rank(*id, subject, None, options);
        for item in &ranking.items {
            let p = &directory.iter().find(|(i, _)| *i == item.id).unwrap().1;
            returned += ranking.explain(subject, item, p).matched_terms.len().min(1);
        }
    }
    let indexed = started.elapsed() / subjects.len() as u32;

    if std::env::var("C2C_INDEX_ONLY").is_ok() {
        for _ in 0..20 {
            for &s in &subjects {
                let (id, subject) = &directory[s];
                returned += index.rank(*id, subject, None, options).items.len();
            }
        }
        println!("{returned}");
        return;
    }
    let started = Instant::now();
    for &s in subjects.iter().take(10) {
        let (_, subject) = &directory[s];
        let others: Vec<Profile> = directory
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != s)
            .map(|(_, (_, p))| p.clone())
            .collect();
        returned += matching::suggest(subject, &others, options).len().min(1);
    }
    let reference = started.elapsed() / 10;

    println!(
        "companies: {companies}; index built in {:.1} ms",
        build.as_secs_f64() * 1000.0
    );
    println!(
        "per request, all companies: index {:.2} ms, reference {:.2} ms, ratio {:.1}x ({returned})",
        indexed.as_secs_f64() * 1000.0,
        reference.as_secs_f64() * 1000.0,
        reference.as_secs_f64() / indexed.as_secs_f64()
    );
}
