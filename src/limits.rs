//! In-process limits on concurrent expensive work: large member syncs per instance, and
//! suggestion computations per user. (Limits that must hold across instances — log-in
//! throttling — live in the database instead.)

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// At most `max` holders per key at once; a holder frees its place when its [`Permit`]
/// is dropped, however the work ended.
pub struct PerKeyLimiter<K: Eq + Hash + Clone> {
    max: usize,
    held: Mutex<HashMap<K, usize>>,
}

pub struct Permit<K: Eq + Hash + Clone> {
    limiter: Arc<PerKeyLimiter<K>>,
    key: K,
}

impl<K: Eq + Hash + Clone> PerKeyLimiter<K> {
    pub fn new(max: usize) -> Arc<Self> {
        Arc::new(PerKeyLimiter {
            max: max.max(1),
            held: Mutex::new(HashMap::new()),
        })
    }

    pub fn max(&self) -> usize {
        self.max
    }

    /// A place for `key`, or `None` when all of its places are taken. Also tells how many
    /// places are left after this one (for `RateLimit` headers).
    pub fn try_acquire(self: &Arc<Self>, key: K) -> Option<(Permit<K>, usize)> {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        let count = held.entry(key.clone()).or_insert(0);
        if *count >= self.max {
            return None;
        }
        *count += 1;
        let left = self.max - *count;
        Some((
            Permit {
                limiter: Arc::clone(self),
                key,
            },
            left,
        ))
    }
}

impl<K: Eq + Hash + Clone> Drop for Permit<K> {
    fn drop(&mut self) {
        let mut held = self.limiter.held.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = held.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                held.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_per_key_and_come_back_on_drop() {
        let limiter = PerKeyLimiter::new(2);
        let a1 = limiter.try_acquire("a").unwrap();
        assert_eq!(a1.1, 1);
        let a2 = limiter.try_acquire("a").unwrap();
        assert!(limiter.try_acquire("a").is_none());
        assert!(
            limiter.try_acquire("b").is_some(),
            "another key is not affected"
        );
        drop(a2);
        assert!(limiter.try_acquire("a").is_some());
        drop(a1);
        assert!(limiter.held.lock().unwrap().is_empty());
    }
}

/// At most `per_minute` uses per key in each minute (a fixed window, per instance): for reads
/// anyone may make without signing in, counted per client address. Kept in memory: with N
/// instances behind a balancer, an address gets up to N times the quota, which still bounds
/// what one address can make the service do.
pub struct PerKeyRate {
    per_minute: u32,
    windows: Mutex<HashMap<String, (std::time::Instant, u32)>>,
}

/// What [`PerKeyRate::take`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rate {
    /// Allowed; this many uses are left in the window, which ends in `reset_secs`.
    Allowed { left: u32, reset_secs: u64 },
    /// Over the quota until the window ends.
    Refused { retry_after_secs: u64 },
}

impl PerKeyRate {
    pub fn new(per_minute: u32) -> PerKeyRate {
        PerKeyRate {
            per_minute: per_minute.max(1),
            windows: Mutex::new(HashMap::new()),
        }
    }

    pub fn quota(&self) -> u32 {
        self.per_minute
    }

    /// Counts one use by `key`, checked and counted in one step.
    pub fn take(&self, key: &str) -> Rate {
        let now = std::time::Instant::now();
        let minute = std::time::Duration::from_secs(60);
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        // Forget ended windows now and then, so that many addresses cannot grow the map.
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < minute);
        }
        let entry = windows.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= minute {
            *entry = (now, 0);
        }
        let reset_secs = (minute - now.duration_since(entry.0)).as_secs().max(1);
        if entry.1 >= self.per_minute {
            return Rate::Refused {
                retry_after_secs: reset_secs,
            };
        }
        entry.1 += 1;
        Rate::Allowed {
            left: self.per_minute - entry.1,
            reset_secs,
        }
    }
}

#[cfg(test)]
mod rate_tests {
    use super::*;

    #[test]
    fn each_key_has_its_own_quota() {
        let rate = PerKeyRate::new(2);
        assert!(matches!(rate.take("a"), Rate::Allowed { left: 1, .. }));
        assert!(matches!(rate.take("a"), Rate::Allowed { left: 0, .. }));
        assert!(
            matches!(rate.take("a"), Rate::Refused { retry_after_secs } if (1..=60).contains(&retry_after_secs))
        );
        assert!(matches!(rate.take("b"), Rate::Allowed { left: 1, .. }));
    }
}
