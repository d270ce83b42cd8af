//! The B2B meeting scheduler of an event day: accepted meeting requests go into time slots
//! and at tables so that nobody is in two places at once, no slot holds more meetings than
//! there are tables, per-session limits and blocked slots are respected and locked meetings
//! stay where the organiser put them.
//!
//! Seen as a graph, attendees are vertices, meetings are edges and slots are colours: a
//! schedule is a proper edge colouring whose colour classes hold at most `tables` edges.
//! The scheduler works in the classic way for bipartite edge colouring (König's theorem,
//! proved by alternating-path "Kempe" swaps) and then balances the classes with de Werra's
//! swaps, so that on two clusters meeting each other (a bipartite graph) with no availability
//! limits it places every meeting whenever `slots ≥ max(busiest attendee's meetings,
//! ⌈meetings ÷ tables⌉)`. With blocked slots, limits and locks the problem is NP-hard; the same
//! moves then act as a strong heuristic (tests compare it with an exact ILP optimum). Mutual
//! requests go first and may displace one-sided ones. Finally single-meeting moves shorten
//! each attendee's idle time between meetings. Everything is deterministic: ties break on the
//! input order, which callers make stable.

use serde::Serialize;
use utoipa::ToSchema;

/// One meeting to place, between attendees `a` and `b` (indexes into the attendee list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingSpec {
    pub a: usize,
    pub b: usize,
    /// Both sides asked for it: placed before one-sided requests.
    pub mutual: bool,
    /// Fixed by the organiser: this slot, and this table if given.
    pub locked: Option<(usize, Option<usize>)>,
}

/// Everything the scheduler needs, in plain indexes.
#[derive(Debug, Clone, Default)]
pub struct Problem {
    pub attendees: usize,
    /// The session of each slot, in time order.
    pub slot_sessions: Vec<usize>,
    /// Per session, the most meetings one attendee may have in it.
    pub session_limits: Vec<Option<u32>>,
    pub tables: usize,
    /// Per attendee, the slots they blocked.
    pub blocked: Vec<Vec<usize>>,
    pub meetings: Vec<MeetingSpec>,
}

/// Why a meeting found no place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unplaced {
    /// Locked into a slot or table that another locked meeting (or a blocked attendee) holds.
    LockedConflict,
    /// The two attendees have no slot that neither blocked.
    NoCommonAvailability,
    /// In every slot both could attend, one of them reached the session's limit.
    ParticipantLimitReached,
    /// In every slot both could attend, one of them is already in another meeting.
    ParticipantsBusy,
    /// Every slot where both are free already uses all tables.
    NoTableFree,
}

impl Unplaced {
    pub fn as_str(self) -> &'static str {
        match self {
            Unplaced::LockedConflict => "locked_conflict",
            Unplaced::NoCommonAvailability => "no_common_availability",
            Unplaced::ParticipantLimitReached => "participant_limit_reached",
            Unplaced::ParticipantsBusy => "participants_busy",
            Unplaced::NoTableFree => "no_table_free",
        }
    }
}

/// A placed meeting: slot index and table number (1-based, as printed on the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub meeting: usize,
    pub slot: usize,
    pub table: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Solution {
    /// Ordered by slot, then table.
    pub placed: Vec<Placement>,
    /// Ordered by meeting index.
    pub unplaced: Vec<(usize, Unplaced)>,
    /// Slots attendees wait between their first and last meeting of a session, summed.
    pub idle_slots: usize,
}

const NONE: u32 = u32::MAX;
/// Alternating-path swaps tried per meeting before giving up on it; bounds the worst case.
const SWAP_TRIES: usize = 400;
/// Passes of idle-time moves; each pass is O(meetings × slots²) and improvements die out fast.
const IDLE_PASSES: usize = 4;
/// Ejection attempts per run (each copies the state once): enough for small and medium
/// events to reach the exact optimum mostly, bounded for 5,000-meeting days.
const EJECTION_BUDGET: usize = 20_000;

struct Snapshot {
    at: Vec<u32>,
    per_session: Vec<u32>,
    slot_of: Vec<Option<usize>>,
    size: Vec<usize>,
}

struct State<'p> {
    p: &'p Problem,
    k: usize,
    /// `at[x * k + s]`: the meeting attendee `x` has in slot `s`, or NONE.
    at: Vec<u32>,
    blocked: Vec<bool>,
    /// `per_session[x * sessions + q]`: meetings of `x` in session `q`.
    per_session: Vec<u32>,
    sessions: usize,
    slot_of: Vec<Option<usize>>,
    size: Vec<usize>,
    locked: Vec<bool>,
}

impl<'p> State<'p> {
    fn new(p: &'p Problem) -> Self {
        let k = p.slot_sessions.len();
        let sessions = p.session_limits.len().max(1);
        let mut blocked = vec![false; p.attendees * k];
        for (x, slots) in p.blocked.iter().enumerate() {
            for &s in slots {
                if s < k {
                    blocked[x * k + s] = true;
                }
            }
        }
        State {
            p,
            k,
            at: vec![NONE; p.attendees * k],
            blocked,
            per_session: vec![0; p.attendees * sessions],
            sessions,
            slot_of: vec![None; p.meetings.len()],
            size: vec![0; k],
            locked: vec![false; p.meetings.len()],
        }
    }

    fn ends(&self, e: usize) -> (usize, usize) {
        let m = &self.p.meetings[e];
        (m.a, m.b)
    }

    fn other(&self, e: usize, x: usize) -> usize {
        let (a, b) = self.ends(e);
        if a == x { b } else { a }
    }

    fn meeting_at(&self, x: usize, s: usize) -> Option<usize> {
        let e = self.at[x * self.k + s];
        (e != NONE).then_some(e as usize)
    }

    fn session_full(&self, x: usize, s: usize) -> bool {
        let q = self.p.slot_sessions[s];
        match self.p.session_limits.get(q).copied().flatten() {
            Some(limit) => self.per_session[x * self.sessions + q] >= limit,
            None => false,
        }
    }

    /// `x` could take one more meeting in slot `s`.
    fn can_take(&self, x: usize, s: usize) -> bool {
        self.at[x * self.k + s] == NONE && !self.blocked[x * self.k + s] && !self.session_full(x, s)
    }

    fn place(&mut self, e: usize, s: usize) {
        let (a, b) = self.ends(e);
        let q = self.p.slot_sessions[s];
        for x in [a, b] {
            self.at[x * self.k + s] = e as u32;
            self.per_session[x * self.sessions + q] += 1;
        }
        self.slot_of[e] = Some(s);
        self.size[s] += 1;
    }

    fn unplace(&mut self, e: usize) {
        let Some(s) = self.slot_of[e].take() else {
            return;
        };
        let (a, b) = self.ends(e);
        let q = self.p.slot_sessions[s];
        for x in [a, b] {
            self.at[x * self.k + s] = NONE;
            self.per_session[x * self.sessions + q] -= 1;
        }
        self.size[s] -= 1;
    }

    /// Idle slots of `x` in session `q`: the gaps between its first and last meeting there.
    fn idle(&self, x: usize, q: usize) -> usize {
        let (mut first, mut last, mut count) = (usize::MAX, 0, 0);
        for s in 0..self.k {
            if self.p.slot_sessions[s] == q && self.at[x * self.k + s] != NONE {
                first = first.min(s);
                last = s;
                count += 1;
            }
        }
        if count == 0 {
            0
        } else {
            // Slots of other sessions never interleave (sessions are in time order).
            last - first + 1 - count
        }
    }

    /// How much the idle time of `e`'s attendees grows if `e` (unplaced) goes into slot `s`.
    fn idle_cost(&mut self, e: usize, s: usize) -> usize {
        let (a, b) = self.ends(e);
        let q = self.p.slot_sessions[s];
        let before = self.idle(a, q) + self.idle(b, q);
        self.place(e, s);
        let after = self.idle(a, q) + self.idle(b, q);
        self.unplace(e);
        after.saturating_sub(before)
    }

    /// The best slot both attendees can take (with a free table when `capped`): least idle
    /// time added, then the emptiest slot, then the earliest.
    fn best_free_slot(&mut self, e: usize, capped: bool) -> Option<usize> {
        let (a, b) = self.ends(e);
        let mut best: Option<(bool, usize, usize, usize)> = None;
        for s in 0..self.k {
            if !(self.can_take(a, s) && self.can_take(b, s)) {
                continue;
            }
            let full = self.size[s] >= self.p.tables;
            if capped && full {
                continue;
            }
            let key = (full, self.idle_cost(e, s), self.size[s], s);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        best.map(|(_, _, _, s)| s)
    }

    /// The alternating path that starts at `x` with its meeting in slot `first` and goes on
    /// through meetings in `first` and `second` alternately. None if it meets `stop` or a
    /// locked meeting (such a path cannot be swapped), or if it closes into a cycle.
    fn alternating_path(
        &self,
        x: usize,
        first: usize,
        second: usize,
        stop: usize,
    ) -> Option<Vec<usize>> {
        let mut path = Vec::new();
        let (mut v, mut colour) = (x, first);
        while let Some(e) = self.meeting_at(v, colour) {
            if self.locked[e] || path.len() > self.p.meetings.len() {
                return None;
            }
            path.push(e);
            v = self.other(e, v);
            if v == stop || v == x {
                return None;
            }
            colour = if colour == first { second } else { first };
        }
        Some(path)
    }

    /// Swaps slots `c` and `d` on `path` if every attendee can follow: inner attendees keep
    /// one meeting in each slot, so only the two ends need checking. With `capped`, the slot
    /// sizes after the swap (plus `extra_in_c` meetings about to go into `c`) must fit.
    fn try_swap(
        &mut self,
        path: &[usize],
        c: usize,
        d: usize,
        capped: bool,
        extra_in_c: usize,
    ) -> bool {
        let in_c = path.iter().filter(|&&e| self.slot_of[e] == Some(c)).count();
        let in_d = path.len() - in_c;
        if capped {
            let (new_c, new_d) = (
                self.size[c] - in_c + in_d + extra_in_c,
                self.size[d] - in_d + in_c,
            );
            if new_c > self.p.tables.max(self.size[c]) || new_d > self.p.tables.max(self.size[d]) {
                return false;
            }
        }
        let old: Vec<usize> = path.iter().map(|&e| self.slot_of[e].unwrap_or(c)).collect();
        for &e in path {
            self.unplace(e);
        }
        let mut ok = true;
        for (&e, &s) in path.iter().zip(&old) {
            let target = if s == c { d } else { c };
            let (a, b) = self.ends(e);
            if self.can_take(a, target) && self.can_take(b, target) {
                self.place(e, target);
            } else {
                ok = false;
                break;
            }
        }
        if !ok {
            for &e in path {
                self.unplace(e);
            }
            for (&e, &s) in path.iter().zip(&old) {
                self.place(e, s);
            }
        }
        ok
    }

    /// Places `e` by freeing a slot with an alternating-path swap.
    fn place_by_swap(&mut self, e: usize, capped: bool) -> bool {
        let (a, b) = self.ends(e);
        let mut tries = 0;
        // Free slot `alpha` at `y` (it is free at `x`) by swapping the alpha/beta path at `y`.
        for (x, y) in [(a, b), (b, a)] {
            let alphas: Vec<usize> = (0..self.k)
                .filter(|&s| self.can_take(x, s) && !self.blocked[y * self.k + s])
                .collect();
            let betas: Vec<usize> = (0..self.k).filter(|&s| self.can_take(y, s)).collect();
            for &alpha in &alphas {
                if self.meeting_at(y, alpha).is_none() {
                    continue; // then the session limit or the table is the obstacle, not a swap
                }
                for &beta in &betas {
                    tries += 1;
                    if tries > SWAP_TRIES {
                        return false;
                    }
                    let Some(path) = self.alternating_path(y, alpha, beta, x) else {
                        continue;
                    };
                    if self.try_swap(&path, alpha, beta, capped, 1) {
                        if self.can_take(a, alpha)
                            && self.can_take(b, alpha)
                            && (!capped || self.size[alpha] < self.p.tables)
                        {
                            self.place(e, alpha);
                            return true;
                        }
                        // Undo: the same path, swapped back.
                        let back = self.try_swap(&path, beta, alpha, false, 0);
                        debug_assert!(back);
                    }
                }
            }
        }
        false
    }

    /// The alternating component of slots `c` and `d` through meeting `e` (in `c`), as a list
    /// of meetings, if it is a path with one more meeting in `c` than in `d`.
    fn surplus_path(&self, e: usize, c: usize, d: usize) -> Option<Vec<usize>> {
        let (x, y) = self.ends(e);
        let left = self.alternating_path_from(x, d, c, e)?;
        let right = self.alternating_path_from(y, d, c, e)?;
        let mut path: Vec<usize> = left.into_iter().rev().collect();
        path.push(e);
        path.extend(right);
        let in_c = path.iter().filter(|&&m| self.slot_of[m] == Some(c)).count();
        (in_c * 2 == path.len() + 1).then_some(path)
    }

    /// From `v`, the path that starts with `v`'s meeting in `first`, alternating with `second`;
    /// None if it comes back to `start` (a cycle) or holds a locked meeting.
    fn alternating_path_from(
        &self,
        v: usize,
        first: usize,
        second: usize,
        start: usize,
    ) -> Option<Vec<usize>> {
        let mut path = Vec::new();
        let (mut v, mut colour) = (v, first);
        while let Some(e) = self.meeting_at(v, colour) {
            if e == start || self.locked[e] || path.len() > self.p.meetings.len() {
                return None;
            }
            path.push(e);
            v = self.other(e, v);
            colour = if colour == first { second } else { first };
        }
        Some(path)
    }

    /// De Werra's balancing: while a slot holds more meetings than tables, move the surplus
    /// of one alternating path to a slot with room.
    fn balance(&mut self) {
        loop {
            let mut moved = false;
            let over: Vec<usize> = (0..self.k)
                .filter(|&s| self.size[s] > self.p.tables)
                .collect();
            'search: for c in over {
                let mut targets: Vec<usize> = (0..self.k)
                    .filter(|&s| self.size[s] < self.p.tables)
                    .collect();
                targets.sort_by_key(|&s| (self.size[s], s));
                let in_c: Vec<usize> = (0..self.p.meetings.len())
                    .filter(|&e| self.slot_of[e] == Some(c) && !self.locked[e])
                    .collect();
                for &d in &targets {
                    for &e in &in_c {
                        if let Some(path) = self.surplus_path(e, c, d)
                            && self.try_swap(&path, c, d, false, 0)
                        {
                            moved = true;
                            break 'search;
                        }
                    }
                }
            }
            if !moved {
                return; // what is left over is dropped and retried by the caller
            }
        }
    }

    /// Takes `e`'s slot from up to three one-sided meetings (its attendees' meetings there and,
    /// if the slot is full, one more); they go back in the queue.
    fn place_by_eviction(&mut self, e: usize) -> Option<Vec<usize>> {
        let (a, b) = self.ends(e);
        let mut best: Option<(usize, usize, Vec<usize>)> = None;
        for s in 0..self.k {
            if self.blocked[a * self.k + s] || self.blocked[b * self.k + s] {
                continue;
            }
            let mut victims: Vec<usize> = [a, b]
                .iter()
                .filter_map(|&x| self.meeting_at(x, s))
                .collect();
            victims.dedup();
            if victims
                .iter()
                .any(|&v| self.p.meetings[v].mutual || self.locked[v])
            {
                continue;
            }
            let limit_ok = [a, b].iter().all(|&x| {
                let freed = u32::from(self.meeting_at(x, s).is_some());
                let q = self.p.slot_sessions[s];
                self.p
                    .session_limits
                    .get(q)
                    .copied()
                    .flatten()
                    .is_none_or(|l| self.per_session[x * self.sessions + q] - freed < l)
            });
            if !limit_ok {
                continue;
            }
            if self.size[s] - victims.len() >= self.p.tables {
                let extra = (0..self.p.meetings.len()).rev().find(|&m| {
                    self.slot_of[m] == Some(s)
                        && !self.p.meetings[m].mutual
                        && !self.locked[m]
                        && !victims.contains(&m)
                });
                match extra {
                    Some(m) => victims.push(m),
                    None => continue,
                }
            }
            let key = (victims.len(), s);
            if best.as_ref().is_none_or(|(n, t, _)| key < (*n, *t)) {
                best = Some((victims.len(), s, victims));
            }
        }
        let (_, s, victims) = best?;
        for &v in &victims {
            self.unplace(v);
        }
        self.place(e, s);
        Some(victims)
    }

    /// Moves single meetings to slots that shorten their attendees' waits.
    fn shorten_idle_time(&mut self) {
        for _ in 0..IDLE_PASSES {
            let mut improved = false;
            for e in 0..self.p.meetings.len() {
                let Some(s) = self.slot_of[e] else { continue };
                if self.locked[e] {
                    continue;
                }
                let (a, b) = self.ends(e);
                let cost = |st: &Self| {
                    (0..st.sessions)
                        .map(|q| st.idle(a, q) + st.idle(b, q))
                        .sum::<usize>()
                };
                let before = cost(self);
                self.unplace(e);
                let mut best = (before, s);
                for t in 0..self.k {
                    if t == s
                        || !self.can_take(a, t)
                        || !self.can_take(b, t)
                        || self.size[t] >= self.p.tables
                    {
                        continue;
                    }
                    self.place(e, t);
                    let c = cost(self);
                    self.unplace(e);
                    if c < best.0 {
                        best = (c, t);
                    }
                }
                self.place(e, best.1);
                improved |= best.1 != s;
            }
            if !improved {
                return;
            }
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            at: self.at.clone(),
            per_session: self.per_session.clone(),
            slot_of: self.slot_of.clone(),
            size: self.size.clone(),
        }
    }

    fn restore(&mut self, s: Snapshot) {
        self.at = s.at;
        self.per_session = s.per_session;
        self.slot_of = s.slot_of;
        self.size = s.size;
    }

    /// Places `e` anywhere it fits now: a free slot with a table, or after a swap.
    fn place_anywhere(&mut self, e: usize) -> bool {
        match self.best_free_slot(e, true) {
            Some(s) => {
                self.place(e, s);
                true
            }
            None => self.place_by_swap(e, true),
        }
    }

    /// Ejection chain: puts unplaced `e` into a slot by taking it from at most two meetings
    /// that are not more wanted than `e`, and keeps the change only if every one of them
    /// finds another place (one meeting more in all). `budget` bounds the work.
    fn place_by_ejection(&mut self, e: usize, budget: &mut usize) -> bool {
        let (a, b) = self.ends(e);
        let mutual = self.p.meetings[e].mutual;
        let movable = |st: &Self, m: usize| !st.locked[m] && (mutual || !st.p.meetings[m].mutual);
        for s in 0..self.k {
            if self.blocked[a * self.k + s] || self.blocked[b * self.k + s] {
                continue;
            }
            let mut victims: Vec<usize> = [a, b]
                .iter()
                .filter_map(|&x| self.meeting_at(x, s))
                .collect();
            victims.dedup();
            if !victims.iter().all(|&v| movable(self, v)) {
                continue;
            }
            let q = self.p.slot_sessions[s];
            let within_limit = [a, b].iter().all(|&x| {
                let freed = u32::from(self.meeting_at(x, s).is_some());
                self.p
                    .session_limits
                    .get(q)
                    .copied()
                    .flatten()
                    .is_none_or(|l| self.per_session[x * self.sessions + q] - freed < l)
            });
            if !within_limit {
                continue;
            }
            // A full slot needs one more meeting out: try each that may move.
            let extra: Vec<Option<usize>> = if self.size[s] - victims.len() >= self.p.tables {
                (0..self.p.meetings.len())
                    .filter(|&m| {
                        self.slot_of[m] == Some(s) && !victims.contains(&m) && movable(self, m)
                    })
                    .map(Some)
                    .collect()
            } else {
                vec![None]
            };
            for more in extra {
                if *budget == 0 {
                    return false;
                }
                *budget -= 1;
                let mut out = victims.clone();
                out.extend(more);
                if out.len() > 2 {
                    continue;
                }
                let saved = self.snapshot();
                for &v in &out {
                    self.unplace(v);
                }
                self.place(e, s);
                if out.iter().all(|&v| self.place_anywhere(v)) {
                    return true;
                }
                self.restore(saved);
            }
        }
        false
    }

    fn reason(&self, e: usize) -> Unplaced {
        if self.locked[e] {
            return Unplaced::LockedConflict;
        }
        let (a, b) = self.ends(e);
        let open: Vec<usize> = (0..self.k)
            .filter(|&s| !self.blocked[a * self.k + s] && !self.blocked[b * self.k + s])
            .collect();
        if open.is_empty() {
            return Unplaced::NoCommonAvailability;
        }
        let within: Vec<usize> = open
            .into_iter()
            .filter(|&s| !self.session_full(a, s) && !self.session_full(b, s))
            .collect();
        if within.is_empty() {
            return Unplaced::ParticipantLimitReached;
        }
        if within
            .iter()
            .all(|&s| self.meeting_at(a, s).is_some() || self.meeting_at(b, s).is_some())
        {
            Unplaced::ParticipantsBusy
        } else {
            Unplaced::NoTableFree
        }
    }
}

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

#[cfg(test)]
mod tests {
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
}
