//! Alternating-path (Kempe) swaps between two slots, and de Werra's balancing of slot sizes.

use super::state::State;

/// Alternating-path swaps tried per meeting before giving up on it; bounds the worst case.
const SWAP_TRIES: usize = 400;

impl State<'_> {
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
    pub(super) fn place_by_swap(&mut self, e: usize, capped: bool) -> bool {
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
    pub(super) fn balance(&mut self) {
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
}
