//! The working state of one run: who meets when, the basic moves, and why a meeting failed.

use super::model::{Problem, Unplaced};

const NONE: u32 = u32::MAX;

pub(super) struct State<'p> {
    pub(super) p: &'p Problem,
    pub(super) k: usize,
    /// `at[x * k + s]`: the meeting attendee `x` has in slot `s`, or NONE.
    pub(super) at: Vec<u32>,
    pub(super) blocked: Vec<bool>,
    /// `per_session[x * sessions + q]`: meetings of `x` in session `q`.
    pub(super) per_session: Vec<u32>,
    pub(super) sessions: usize,
    pub(super) slot_of: Vec<Option<usize>>,
    pub(super) size: Vec<usize>,
    pub(super) locked: Vec<bool>,
}

impl<'p> State<'p> {
    pub(super) fn new(p: &'p Problem) -> Self {
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
}

impl State<'_> {
    pub(super) fn ends(&self, e: usize) -> (usize, usize) {
        let m = &self.p.meetings[e];
        (m.a, m.b)
    }

    pub(super) fn other(&self, e: usize, x: usize) -> usize {
        let (a, b) = self.ends(e);
        if a == x { b } else { a }
    }

    pub(super) fn meeting_at(&self, x: usize, s: usize) -> Option<usize> {
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
    pub(super) fn can_take(&self, x: usize, s: usize) -> bool {
        self.at[x * self.k + s] == NONE && !self.blocked[x * self.k + s] && !self.session_full(x, s)
    }

    pub(super) fn place(&mut self, e: usize, s: usize) {
        let (a, b) = self.ends(e);
        let q = self.p.slot_sessions[s];
        for x in [a, b] {
            self.at[x * self.k + s] = e as u32;
            self.per_session[x * self.sessions + q] += 1;
        }
        self.slot_of[e] = Some(s);
        self.size[s] += 1;
    }

    pub(super) fn unplace(&mut self, e: usize) {
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
    pub(super) fn idle(&self, x: usize, q: usize) -> usize {
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
    pub(super) fn best_free_slot(&mut self, e: usize, capped: bool) -> Option<usize> {
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

    pub(super) fn reason(&self, e: usize) -> Unplaced {
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
