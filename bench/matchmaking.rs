//! Matchmaking benchmark (issue 8): the meeting scheduler on a 500-attendee day with 5,000
//! accepted meetings over 40 slots, and partner suggestions for every attendee of a
//! 500-company event. Not a timed test: it prints figures, with a baseline measured in the
//! same run (a plain first-fit scheduler on the same instance).
//!
//!     cargo run --release --example matchmaking-bench

use std::time::Instant;

use cluster2cluster::domain::matching::{Options, Profile, suggest};
use cluster2cluster::domain::schedule::{MeetingSpec, Problem, solve, violations};

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Two clusters of 250 attendees; `cross` of the meetings go across the border.
fn day(seed: u64, blocked_share: usize, limit: Option<u32>) -> Problem {
    let mut rng = Rng(seed);
    let (side, meetings, slots) = (250, 5000, 40);
    let mut pairs = std::collections::BTreeSet::new();
    while pairs.len() < meetings {
        pairs.insert((rng.below(side), side + rng.below(side)));
    }
    let mut specs: Vec<MeetingSpec> = pairs
        .into_iter()
        .map(|(a, b)| MeetingSpec {
            a,
            b,
            mutual: false,
            locked: None,
        })
        .collect();
    for (i, m) in specs.iter_mut().enumerate() {
        m.mutual = i % 4 == 0;
    }
    Problem {
        attendees: 2 * side,
        slot_sessions: (0..slots).map(|s| s / 10).collect(),
        session_limits: vec![limit; 4],
        tables: meetings.div_ceil(slots),
        blocked: (0..2 * side)
            .map(|_| {
                (0..slots)
                    .filter(|_| blocked_share > 0 && rng.below(100) < blocked_share)
                    .collect()
            })
            .collect(),
        meetings: specs,
    }
}

/// The baseline: each meeting into the earliest slot where both are free and a table is.
fn first_fit(p: &Problem) -> usize {
    let k = p.slot_sessions.len();
    let mut busy = vec![false; p.attendees * k];
    let mut size = vec![0usize; k];
    let mut per_session = std::collections::HashMap::new();
    let mut placed = 0;
    for m in &p.meetings {
        for s in 0..k {
            let q = p.slot_sessions[s];
            let ok = |x: usize| {
                !busy[x * k + s]
                    && !p.blocked[x].contains(&s)
                    && p.session_limits[q]
                        .is_none_or(|l| per_session.get(&(x, q)).copied().unwrap_or(0) < l)
            };
            if size[s] < p.tables && ok(m.a) && ok(m.b) {
                busy[m.a * k + s] = true;
                busy[m.b * k + s] = true;
                size[s] += 1;
                *per_session.entry((m.a, q)).or_insert(0u32) += 1;
                *per_session.entry((m.b, q)).or_insert(0u32) += 1;
                placed += 1;
                break;
            }
        }
    }
    placed
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    println!(
        "| instance | scheduler ms (median of 5) | placed | first-fit ms | first-fit placed | time ratio | placed ratio | idle slots |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (name, blocked, limit) in [
        (
            "500 attendees, 5,000 meetings, 40 slots, 125 tables, no limits",
            0,
            None,
        ),
        (
            "same, 10% of slots blocked, at most 8 meetings per session",
            10,
            Some(8),
        ),
    ] {
        let p = day(0x5EED_2017, blocked, limit);
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        let mut solution = None;
        let mut baseline = 0;
        for _ in 0..5 {
            let t = Instant::now();
            baseline = first_fit(&p);
            theirs.push(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            solution = Some(solve(&p));
            ours.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let solution = solution.unwrap();
        assert!(violations(&p, &solution).is_empty());
        let (ms, base_ms) = (median(ours), median(theirs));
        println!(
            "| {name} | {ms:.1} | {} | {base_ms:.2} | {baseline} | {:.0}× | {:.3} | {} |",
            solution.placed.len(),
            ms / base_ms,
            solution.placed.len() as f64 / baseline as f64,
            solution.idle_slots
        );
    }

    // Suggestions for every attendee of a 500-company event, from generated pitch cards.
    let words = [
        "machining",
        "composites",
        "avionics",
        "EMC",
        "testing",
        "titanium",
        "aerostructures",
        "cabin",
        "interiors",
        "harness",
        "software",
        "certification",
        "additive",
        "drones",
        "satellites",
        "coatings",
        "sensors",
        "hydraulics",
        "MRO",
        "simulation",
        "precision",
        "welding",
        "aluminium",
        "electronics",
        "training",
        "logistics",
        "design",
        "tooling",
    ];
    let mut rng = Rng(42);
    let mut pick = |n: usize| {
        (0..n)
            .map(|_| words[rng.below(words.len())].to_owned())
            .collect::<Vec<_>>()
    };
    let clusters = [uuid::Uuid::now_v7(), uuid::Uuid::now_v7()];
    let profiles: Vec<Profile> = (0..500)
        .map(|i| Profile {
            core_business: format!(
                "{} and {} for {}",
                pick(3).join(" "),
                pick(2).join(" "),
                pick(2).join(" ")
            ),
            areas_of_interest: pick(3),
            areas_of_interest_notes: pick(4).join(" "),
            partners_sought: pick(2),
            partners_sought_notes: pick(5).join(" "),
            ongoing_projects: pick(6).join(" "),
            cluster: clusters[i % 2],
        })
        .collect();
    let t = Instant::now();
    let mut total = 0;
    for i in 0..profiles.len() {
        let others: Vec<Profile> = profiles
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, p)| p.clone())
            .collect();
        total += suggest(
            &profiles[i],
            &others,
            Options {
                prefer_other_cluster: true,
                limit: 10,
            },
        )
        .len();
    }
    let all_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!();
    println!(
        "Suggestions for all 500 attendees of a 500-company event: {all_ms:.0} ms in all, {:.2} ms per attendee ({total} suggestions).",
        all_ms / 500.0
    );
}
