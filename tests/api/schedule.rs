//! Scheduler quality against exact optima: random small instances with blocked slots,
//! session limits and few tables, solved by the service's scheduler and by an integer program
//! in HiGHS (tests/python/schedule_optimum.py, a test helper only). No database is involved.

use cluster2cluster::domain::schedule::{MeetingSpec, Problem, solve, violations};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::common::python;

/// Two clusters of attendees; most meetings cross the border, some stay inside a cluster
/// (so the graph is not always bipartite); a fifth of the slots blocked on average.
fn instance(seed: u64) -> Problem {
    let mut rng = StdRng::seed_from_u64(seed);
    let left = 4 + rng.random_range(0..6);
    let right = 4 + rng.random_range(0..6);
    let attendees = left + right;
    let sessions = 1 + rng.random_range(0..2);
    let per_session = 3 + rng.random_range(0..3);
    let slot_sessions: Vec<usize> = (0..sessions).flat_map(|q| vec![q; per_session]).collect();
    let slots = slot_sessions.len();
    let session_limits = (0..sessions)
        .map(|_| (rng.random_range(0..3) == 0).then(|| 2 + rng.random_range(0..2) as u32))
        .collect();
    let tables = 2 + rng.random_range(0..4);
    let blocked = (0..attendees)
        .map(|_| (0..slots).filter(|_| rng.random_range(0..5) == 0).collect())
        .collect();
    let wanted = 10 + rng.random_range(0..30);
    let mut pairs = std::collections::BTreeSet::new();
    for _ in 0..wanted * 3 {
        if pairs.len() == wanted {
            break;
        }
        let a = rng.random_range(0..left);
        let b = if rng.random_range(0..6) == 0 {
            rng.random_range(0..left)
        } else {
            left + rng.random_range(0..right)
        };
        if a != b {
            pairs.insert((a.min(b), a.max(b)));
        }
    }
    Problem {
        attendees,
        slot_sessions,
        session_limits,
        tables,
        blocked,
        meetings: pairs
            .into_iter()
            .map(|(a, b)| MeetingSpec {
                a,
                b,
                mutual: false,
                locked: None,
            })
            .collect(),
    }
}

#[test]
fn scheduler_reaches_97_percent_of_the_exact_optimum() {
    let Some(python) = python() else { return };
    let instances: Vec<Problem> = (1..=60).map(instance).collect();
    let mut input = String::new();
    for p in &instances {
        let line = json!({
            "attendees": p.attendees,
            "slot_sessions": p.slot_sessions,
            "session_limits": p.session_limits,
            "tables": p.tables,
            "blocked": p.blocked,
            "meetings": p.meetings.iter().map(|m| [m.a, m.b]).collect::<Vec<_>>(),
        });
        input.push_str(&line.to_string());
        input.push('\n');
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/python/schedule_optimum.py"
    );
    let out = std::process::Command::new(&python)
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(input.as_bytes())?;
            child.wait_with_output()
        })
        .expect("run the HiGHS helper");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let optima: Vec<usize> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("optimum "))
        .map(|n| n.trim().parse().unwrap())
        .collect();
    assert_eq!(optima.len(), instances.len());

    let (mut placed_total, mut optimum_total, mut exact) = (0, 0, 0);
    for (i, (p, &opt)) in instances.iter().zip(&optima).enumerate() {
        let solution = solve(p);
        assert_eq!(
            violations(p, &solution),
            Vec::<String>::new(),
            "instance {i}"
        );
        let placed = solution.placed.len();
        // Above the optimum would mean a broken model or a broken schedule.
        assert!(
            placed <= opt,
            "instance {i}: {placed} placed, optimum {opt}"
        );
        exact += usize::from(placed == opt);
        if placed < opt && std::env::var("C2C_DEBUG_SCHEDULE").is_ok() {
            eprintln!(
                "instance {i}: {placed}/{opt}, tables {}, slots {}, limits {:?}, meetings {}, reasons {:?}",
                p.tables,
                p.slot_sessions.len(),
                p.session_limits,
                p.meetings.len(),
                solution.unplaced.iter().map(|u| u.1).collect::<Vec<_>>()
            );
        }
        placed_total += placed;
        optimum_total += opt;
    }
    let ratio = placed_total as f64 / optimum_total as f64;
    eprintln!(
        "scheduler: {placed_total} of the optimal {optimum_total} meetings ({:.2}%), optimal on {exact} of {} instances",
        ratio * 100.0,
        instances.len()
    );
    assert!(ratio >= 0.97, "only {:.2}% of the optimum", ratio * 100.0);
}
