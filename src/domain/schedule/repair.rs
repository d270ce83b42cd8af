//! Repairs after the greedy phases: eviction, ejection chains and shorter idle time.

use super::state::State;

/// Passes of idle-time moves; each pass is O(meetings × slots²) and improvements die out fast.
const IDLE_PASSES: usize = 4;

struct Snapshot {
    at: Vec<u32>,
    per_session: Vec<u32>,
    slot_of: Vec<Option<usize>>,
    size: Vec<usize>,
}

impl State<'_> {
    /// Takes `e`'s slot from up to three one-sided meetings (its attendees' meetings there and,
    /// if the slot is full, one more); they go back in the queue.
    pub(super) fn place_by_eviction(&mut self, e: usize) -> Option<Vec<usize>> {
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
    pub(super) fn shorten_idle_time(&mut self) {
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
    pub(super) fn place_anywhere(&mut self, e: usize) -> bool {
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
    pub(super) fn place_by_ejection(&mut self, e: usize, budget: &mut usize) -> bool {
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
}
