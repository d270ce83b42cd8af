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
