//! The solver: the two greedy orders, the phases of one run, and the table numbers.

use super::model::{Placement, Problem, Solution, Unplaced};
use super::state::State;

/// Ejection attempts per run (each copies the state once): enough for small and medium
/// events to reach the exact optimum mostly, bounded for 5,000-meeting days.
const EJECTION_BUDGET: usize = 20_000;

/// Schedules the meetings of `problem`. See the module comment for what is guaranteed.
///
/// Two greedy orders are tried and the better schedule kept (more mutual meetings, then more
/// meetings, then less idle time): busiest attendees first suits days where everything can
/// fit (it is what makes edge colouring work), quietest attendees first suits oversubscribed
/// days (like a greedy maximum matching, it wastes fewer slots on attendees with many options).
pub fn solve(problem: &Problem) -> Solution {
    let mutual_placed = |s: &Solution| {
        s.placed
            .iter()
            .filter(|p| problem.meetings[p.meeting].mutual)
            .count()
    };
    let busiest = solve_in_order(problem, Order::BusiestFirst);
    if busiest
        .unplaced
        .iter()
        .all(|(_, r)| *r == Unplaced::LockedConflict || *r == Unplaced::NoCommonAvailability)
    {
        return busiest; // nothing more can be placed
    }
    let quietest = solve_in_order(problem, Order::QuietestFirst);
    let key = |s: &Solution| {
        (
            mutual_placed(s),
            s.placed.len(),
            std::cmp::Reverse(s.idle_slots),
        )
    };
    if key(&quietest) > key(&busiest) {
        quietest
    } else {
        busiest
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    BusiestFirst,
    QuietestFirst,
}

fn solve_in_order(problem: &Problem, order_kind: Order) -> Solution {
    let mut st = State::new(problem);
    let n = problem.meetings.len();
    let mut unplaced = vec![false; n];

    // Locked meetings first, in input order; a clash with an earlier lock loses.
    let mut table_taken: Vec<Vec<usize>> = vec![Vec::new(); st.k];
    let mut fixed_table: Vec<Option<usize>> = vec![None; n];
    for (e, m) in problem.meetings.iter().enumerate() {
        let Some((s, table)) = m.locked else { continue };
        st.locked[e] = true;
        if s < st.k
            && m.a != m.b
            && table.is_none_or(|t| t >= 1 && t <= problem.tables && !table_taken[s].contains(&t))
            && st.size[s] < problem.tables
            && st.meeting_at(m.a, s).is_none()
            && st.meeting_at(m.b, s).is_none()
        {
            st.place(e, s);
            if let Some(t) = table {
                table_taken[s].push(t);
                fixed_table[e] = Some(t);
            }
        } else {
            unplaced[e] = true;
        }
    }

    // Mutual requests first, then by how busy the two attendees are (see `solve`).
    let mut degree = vec![0usize; problem.attendees];
    for m in &problem.meetings {
        degree[m.a] += 1;
        degree[m.b] += 1;
    }
    let mut order: Vec<usize> = (0..n).filter(|&e| !st.locked[e]).collect();
    order.sort_by_key(|&e| {
        let m = &problem.meetings[e];
        let busy = degree[m.a] + degree[m.b];
        let busy = match order_kind {
            Order::BusiestFirst => usize::MAX - busy,
            Order::QuietestFirst => busy,
        };
        (!m.mutual, busy, e)
    });
    let rank: Vec<usize> = {
        let mut r = vec![usize::MAX; n];
        for (i, &e) in order.iter().enumerate() {
            r[e] = i;
        }
        r
    };

    // Phase 1: colour every meeting, tables not yet counted.
    let mut waiting = Vec::new();
    for &e in &order {
        if let Some(s) = st.best_free_slot(e, false) {
            st.place(e, s);
        } else if !st.place_by_swap(e, false) {
            waiting.push(e);
        }
    }
    // Phase 2: fit the slots to the tables; drop what still does not fit, least wanted first.
    st.balance();
    for s in 0..st.k {
        while st.size[s] > problem.tables {
            let drop = (0..n)
                .filter(|&e| st.slot_of[e] == Some(s) && !st.locked[e])
                .max_by_key(|&e| rank[e])
                .expect("an over-full slot has unlocked meetings");
            st.unplace(drop);
            waiting.push(drop);
        }
    }
    // Phase 3: retry, now with tables counted; a mutual meeting may displace one-sided ones.
    waiting.sort_by_key(|&e| rank[e]);
    let mut queue: std::collections::VecDeque<usize> = waiting.into();
    let mut failed = Vec::new();
    while let Some(e) = queue.pop_front() {
        let placed = match st.best_free_slot(e, true) {
            Some(s) => {
                st.place(e, s);
                true
            }
            None => st.place_by_swap(e, true),
        };
        if placed {
            continue;
        }
        if problem.meetings[e].mutual
            && let Some(victims) = st.place_by_eviction(e)
        {
            queue.extend(victims);
        } else {
            failed.push(e);
        }
    }
    // Phase 4: ejection chains for what failed, until they stop helping.
    failed.sort_by_key(|&e| rank[e]);
    let mut budget = EJECTION_BUDGET;
    loop {
        let before = failed.len();
        failed.retain(|&e| !st.place_by_ejection(e, &mut budget));
        if failed.len() == before || budget == 0 {
            break;
        }
    }
    // Phase 5: shorter waits, then one more chance for what failed (moves may open room).
    st.shorten_idle_time();
    for e in failed {
        if !st.place_anywhere(e) {
            unplaced[e] = true;
        }
    }

    // Tables: locked ones keep theirs; the others fill the free numbers in input order.
    let mut placed = Vec::new();
    for (s, taken) in table_taken.iter().enumerate() {
        let mut free = (1..=problem.tables).filter(|t| !taken.contains(t));
        for (e, fixed) in fixed_table.iter().enumerate() {
            if st.slot_of[e] != Some(s) {
                continue;
            }
            let table = match *fixed {
                Some(t) => t,
                None => free.next().expect("a slot holds at most `tables` meetings"),
            };
            placed.push(Placement {
                meeting: e,
                slot: s,
                table,
            });
        }
    }
    placed.sort_by_key(|p| (p.slot, p.table));
    let unplaced_list = (0..n)
        .filter(|&e| st.slot_of[e].is_none())
        .map(|e| (e, st.reason(e)))
        .collect();
    let idle_slots = (0..problem.attendees)
        .map(|x| (0..st.sessions).map(|q| st.idle(x, q)).sum::<usize>())
        .sum();
    Solution {
        placed,
        unplaced: unplaced_list,
        idle_slots,
    }
}
