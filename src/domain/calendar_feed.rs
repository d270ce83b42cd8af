//! What a person's secret calendar feed covers, and how often apps may fetch it: the work
//! one fetch can cause is bounded by a time window and by counts.

use chrono::{DateTime, Duration, Utc};

/// How far back the feed reaches: last month's meetings stay in the calendar for reference.
pub const PAST: Duration = Duration::days(30);
/// How far ahead: a year of events and meetings.
pub const FUTURE: Duration = Duration::days(365);
/// At most this many events (their agendas) in one feed, earliest first.
pub const MAX_EVENTS: i64 = 50;
/// At most this many follow-up meetings in one feed, earliest first.
pub const MAX_MEETINGS: i64 = 500;
/// How often calendar apps are asked to fetch the feed again (RFC 5545 duration).
pub const REFRESH: &str = "PT1H";
/// Fetches of one feed per minute (per instance): apps poll hourly; a loop is cut short.
pub const FETCHES_PER_MINUTE: u32 = 30;

/// The span of time a feed fetched at `now` covers.
pub fn window(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (now - PAST, now + FUTURE)
}

/// Whether an entry from `starts_at` to `ends_at` falls (at least partly) in the window.
pub fn in_window(
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> bool {
    ends_at >= from && starts_at <= to
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_window_reaches_a_month_back_and_a_year_ahead() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let w = window(now);
        let h = Duration::hours(1);
        assert!(in_window(
            w,
            now - Duration::days(29),
            now - Duration::days(29) + h
        ));
        assert!(!in_window(
            w,
            now - Duration::days(31),
            now - Duration::days(31) + h
        ));
        assert!(
            in_window(w, now - Duration::days(31), now - Duration::days(29)),
            "overlaps"
        );
        assert!(in_window(
            w,
            now + Duration::days(364),
            now + Duration::days(364) + h
        ));
        assert!(!in_window(
            w,
            now + Duration::days(366),
            now + Duration::days(366) + h
        ));
    }
}
