//! Login throttling: how many failed attempts are tolerated, per account and per client
//! address, before further attempts are refused for the rest of the window.

use chrono::{Duration, NaiveDateTime};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub failures: i32,
    pub window: Duration,
}

/// Guessing one account's password: 10 failures per 15 minutes.
pub const PER_ACCOUNT: Limit = Limit {
    failures: 10,
    window: Duration::minutes(15),
};
/// Spraying many accounts from one address: 100 failures per 15 minutes. Successful
/// log-ins never count; over the limit each account still gets one attempt per window from
/// that address ([`PER_PAIR_FROM_BLOCKED_ADDRESS`]), so a busy office is not locked out.
pub const PER_ADDRESS: Limit = Limit {
    failures: 100,
    window: Duration::minutes(15),
};

/// From an address over [`PER_ADDRESS`]: one attempt per account and window, so that the
/// right password of someone else behind the same address still works.
pub const PER_PAIR_FROM_BLOCKED_ADDRESS: Limit = Limit {
    failures: 1,
    window: Duration::minutes(15),
};

/// Asking for password-reset mail from one address: 20 requests per 15 minutes, whatever
/// the addresses asked for (over it: 429, which says nothing about any account).
pub const RESET_REQUESTS_PER_ADDRESS: Limit = Limit {
    failures: 20,
    window: Duration::minutes(15),
};

/// Password-reset mail to one address: 3 per hour. Further requests are answered like any
/// other and send nothing, so that nobody can flood a mailbox or learn that it has an account.
pub const RESET_MAILS_PER_ACCOUNT: Limit = Limit {
    failures: 3,
    window: Duration::minutes(60),
};

/// Wrong, used or expired tokens presented from one address to one confirmation operation:
/// 20 per 15 minutes (tokens are 256 random bits; this stops scanning, not guessing).
pub const TOKEN_FAILURES_PER_ADDRESS: Limit = Limit {
    failures: 20,
    window: Duration::minutes(15),
};

/// E-mail changes one account may ask for: 5 per hour (each mails an address the caller
/// names).
pub const EMAIL_CHANGES_PER_ACCOUNT: Limit = Limit {
    failures: 5,
    window: Duration::minutes(60),
};

/// The failures counted now, given the stored window: a window that ended counts nothing.
pub fn current(
    window_start: NaiveDateTime,
    failures: i32,
    limit: Limit,
    now: NaiveDateTime,
) -> i32 {
    if now >= window_start + limit.window {
        0
    } else {
        failures
    }
}

/// Seconds until attempts are accepted again, or `None` when they are accepted now.
pub fn blocked_for(
    window_start: NaiveDateTime,
    failures: i32,
    limit: Limit,
    now: NaiveDateTime,
) -> Option<u64> {
    if current(window_start, failures, limit, now) < limit.failures {
        return None;
    }
    let remaining = (window_start + limit.window - now).num_seconds().max(1);
    Some(remaining as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_at_the_limit_until_the_window_ends() {
        let start =
            NaiveDateTime::parse_from_str("2026-11-25 10:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        let at = |min: i64| start + Duration::minutes(min);
        assert_eq!(blocked_for(start, 9, PER_ACCOUNT, at(1)), None);
        assert_eq!(blocked_for(start, 10, PER_ACCOUNT, at(1)), Some(14 * 60));
        assert_eq!(
            blocked_for(start, 10, PER_ACCOUNT, at(15)),
            None,
            "a new window"
        );
        assert_eq!(current(start, 10, PER_ACCOUNT, at(20)), 0);
    }
}
