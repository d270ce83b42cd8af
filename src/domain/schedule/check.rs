//! The check of a solution against every hard rule.

use super::model::{Problem, Solution};

/// Checks a solution against every hard rule; used by tests and as a guard before storing.
pub fn violations(problem: &Problem, solution: &Solution) -> Vec<String> {
    let k = problem.slot_sessions.len();
    let mut out = Vec::new();
    let mut busy = std::collections::HashSet::new();
    let mut tables = std::collections::HashSet::new();
    let mut per_session = std::collections::HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for p in &solution.placed {
        let m = &problem.meetings[p.meeting];
        if !seen.insert(p.meeting) {
            out.push(format!("meeting {} placed twice", p.meeting));
        }
        if p.slot >= k || p.table == 0 || p.table > problem.tables {
            out.push(format!("meeting {} outside the grid", p.meeting));
            continue;
        }
        if !tables.insert((p.slot, p.table)) {
            out.push(format!("table {} used twice in slot {}", p.table, p.slot));
        }
        if let Some((s, t)) = m.locked
            && (s != p.slot || t.is_some_and(|t| t != p.table))
        {
            out.push(format!("locked meeting {} moved", p.meeting));
        }
        for x in [m.a, m.b] {
            if !busy.insert((x, p.slot)) {
                out.push(format!("attendee {x} twice in slot {}", p.slot));
            }
            if m.locked.is_none() && problem.blocked.get(x).is_some_and(|b| b.contains(&p.slot)) {
                out.push(format!("attendee {x} blocked slot {}", p.slot));
            }
            let q = problem.slot_sessions[p.slot];
            let n = per_session.entry((x, q)).or_insert(0u32);
            *n += 1;
            if problem
                .session_limits
                .get(q)
                .copied()
                .flatten()
                .is_some_and(|l| *n > l)
            {
                out.push(format!("attendee {x} over the limit in session {q}"));
            }
        }
    }
    for (e, _) in &solution.unplaced {
        if seen.contains(e) {
            out.push(format!("meeting {e} both placed and unplaced"));
        }
    }
    if seen.len() + solution.unplaced.len() != problem.meetings.len() {
        out.push("some meetings are missing from the answer".into());
    }
    out
}
