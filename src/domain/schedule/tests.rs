//! Tests of the scheduler: guarantees, locks, reasons, priorities, idle time, determinism.

use super::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn bipartite(
    seed: u64,
    left: usize,
    right: usize,
    meetings: usize,
    tables: usize,
) -> (Problem, usize) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut pairs = std::collections::BTreeSet::new();
    while pairs.len() < meetings {
        pairs.insert((rng.random_range(0..left), left + rng.random_range(0..right)));
    }
    let specs: Vec<MeetingSpec> = pairs
        .into_iter()
        .enumerate()
        .map(|(i, (a, b))| MeetingSpec {
            a,
            b,
            mutual: i % 3 == 0,
            locked: None,
        })
        .collect();
    let mut degree = vec![0; left + right];
    for m in &specs {
        degree[m.a] += 1;
        degree[m.b] += 1;
    }
    let slots = (*degree.iter().max().unwrap()).max(meetings.div_ceil(tables));
    (
        Problem {
            attendees: left + right,
            slot_sessions: vec![0; slots],
            session_limits: vec![None],
            tables,
            blocked: vec![Vec::new(); left + right],
            meetings: specs,
        },
        slots,
    )
}

#[test]
fn bipartite_meetings_all_fit_when_slots_suffice() {
    // Tight instances: slots = max(max degree, ⌈meetings ÷ tables⌉) exactly.
    for seed in 1..60u64 {
        let mut rng = StdRng::seed_from_u64(seed * 7919);
        let left = 3 + rng.random_range(0..20);
        let right = 3 + rng.random_range(0..20);
        let meetings = (1 + rng.random_range(0..left * right)).min(150);
        let tables = 1 + rng.random_range(0..12);
        let (problem, slots) = bipartite(seed, left, right, meetings, tables);
        let solution = solve(&problem);
        assert_eq!(violations(&problem, &solution), Vec::<String>::new());
        assert!(
            solution.unplaced.is_empty(),
            "seed {seed}: {left}+{right} attendees, {meetings} meetings, {tables} tables, {slots} slots: {:?}",
            solution.unplaced
        );
    }
}

#[test]
fn locked_meetings_stay_and_clashing_locks_are_reported() {
    let problem = Problem {
        attendees: 4,
        slot_sessions: vec![0, 0, 0],
        session_limits: vec![None],
        tables: 2,
        blocked: vec![vec![], vec![], vec![], vec![]],
        meetings: vec![
            MeetingSpec {
                a: 0,
                b: 1,
                mutual: false,
                locked: Some((2, Some(2))),
            },
            MeetingSpec {
                a: 0,
                b: 2,
                mutual: false,
                locked: Some((2, None)),
            },
            MeetingSpec {
                a: 2,
                b: 3,
                mutual: false,
                locked: None,
            },
        ],
    };
    let solution = solve(&problem);
    assert_eq!(violations(&problem, &solution), Vec::<String>::new());
    assert!(solution.placed.contains(&Placement {
        meeting: 0,
        slot: 2,
        table: 2
    }));
    assert_eq!(solution.unplaced, vec![(1, Unplaced::LockedConflict)]);
}

#[test]
fn reasons_name_the_obstacle() {
    let problem = Problem {
        attendees: 4,
        slot_sessions: vec![0, 0],
        session_limits: vec![Some(1)],
        tables: 1,
        blocked: vec![vec![0, 1], vec![], vec![], vec![]],
        meetings: vec![
            MeetingSpec {
                a: 0,
                b: 1,
                mutual: false,
                locked: None,
            },
            MeetingSpec {
                a: 1,
                b: 2,
                mutual: true,
                locked: None,
            },
            MeetingSpec {
                a: 1,
                b: 3,
                mutual: false,
                locked: None,
            },
            MeetingSpec {
                a: 2,
                b: 3,
                mutual: false,
                locked: None,
            },
        ],
    };
    let solution = solve(&problem);
    assert_eq!(violations(&problem, &solution), Vec::<String>::new());
    let reasons: std::collections::HashMap<usize, Unplaced> =
        solution.unplaced.iter().copied().collect();
    assert_eq!(reasons[&0], Unplaced::NoCommonAvailability);
    // 1–2 (mutual) goes in; then 1 and 2 are at the limit of one meeting per session.
    assert_eq!(solution.placed.len(), 1);
    assert_eq!(reasons[&2], Unplaced::ParticipantLimitReached);
    assert_eq!(reasons[&3], Unplaced::ParticipantLimitReached);

    let busy = Problem {
        attendees: 3,
        slot_sessions: vec![0],
        session_limits: vec![None],
        tables: 2,
        blocked: vec![vec![]; 3],
        meetings: vec![
            MeetingSpec {
                a: 0,
                b: 1,
                mutual: false,
                locked: None,
            },
            MeetingSpec {
                a: 0,
                b: 2,
                mutual: false,
                locked: None,
            },
        ],
    };
    assert_eq!(solve(&busy).unplaced, vec![(1, Unplaced::ParticipantsBusy)]);
}

#[test]
fn mutual_meetings_displace_one_sided_ones() {
    // One slot, one table: the mutual meeting wins whatever the input order.
    let problem = Problem {
        attendees: 4,
        slot_sessions: vec![0],
        session_limits: vec![None],
        tables: 1,
        blocked: vec![vec![]; 4],
        meetings: vec![
            MeetingSpec {
                a: 0,
                b: 1,
                mutual: false,
                locked: None,
            },
            MeetingSpec {
                a: 2,
                b: 3,
                mutual: true,
                locked: None,
            },
        ],
    };
    let solution = solve(&problem);
    assert_eq!(solution.placed.len(), 1);
    assert_eq!(solution.placed[0].meeting, 1);
    assert_eq!(solution.unplaced, vec![(0, Unplaced::NoTableFree)]);
}

#[test]
fn idle_time_is_short_when_there_is_room() {
    // One attendee, three meetings, nine slots: they should sit back to back.
    let problem = Problem {
        attendees: 4,
        slot_sessions: vec![0; 9],
        session_limits: vec![None],
        tables: 3,
        blocked: vec![vec![]; 4],
        meetings: (1..4)
            .map(|b| MeetingSpec {
                a: 0,
                b,
                mutual: false,
                locked: None,
            })
            .collect(),
    };
    let solution = solve(&problem);
    assert!(solution.unplaced.is_empty());
    assert_eq!(solution.idle_slots, 0);
}

#[test]
fn same_input_same_schedule() {
    let (problem, _) = bipartite(42, 15, 15, 120, 6);
    assert_eq!(solve(&problem), solve(&problem));
}
