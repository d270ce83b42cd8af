//! Checking people in on the day: what a check-in code looks like, which events take
//! check-ins, which scan times are believable, and what a scan of a code comes to.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::event::EventStatus;

/// Random bytes in a code: 120 bits, far beyond guessing, and 20 URL-safe characters, short
/// enough for a small QR code on a badge.
pub const CODE_BYTES: usize = 15;
pub const CODE_LEN: usize = 20;

/// A scanner's clock may run this far ahead of ours before its scan time counts as future.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 120;

/// At most this many scans per offline batch (and the body is bounded too).
pub const MAX_BATCH_ITEMS: u64 = 500;
pub const MAX_BATCH_BODY_BYTES: usize = 128 * 1024;

/// A fresh check-in code. Never one starting with `-`, which a spreadsheet would take for a
/// formula (CSV exports would then have to change it); that costs well under a bit.
pub fn new_code() -> String {
    use rand::RngCore;
    loop {
        let mut bytes = [0u8; CODE_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        let code = URL_SAFE_NO_PAD.encode(bytes);
        if !code.starts_with('-') {
            return code;
        }
    }
}

/// Whether `code` could be one of ours at all (saves a lookup for what a scanner misread).
pub fn is_well_formed(code: &str) -> bool {
    code.len() == CODE_LEN
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// People are checked in once the event is announced and afterwards (a closed event's
/// check-ins can still be completed from offline scanners); not at drafts or cancelled events.
pub fn takes_check_ins(status: EventStatus) -> Result<(), String> {
    match status {
        EventStatus::Published | EventStatus::Closed => Ok(()),
        other => Err(format!(
            "check-in is only for published or closed events; this one is {}",
            other.as_str()
        )),
    }
}

/// A scan time is believable unless it lies in the future beyond the allowed clock skew, or
/// more than a day before the event was created (`created`; a day of slack for scanners set
/// to another zone): the earliest scan wins, so one scanner with a reset clock must not set
/// everyone's arrival to 1970.
pub fn check_scan_time(
    scanned_at: NaiveDateTime,
    now: DateTime<Utc>,
    created: NaiveDateTime,
) -> Result<(), String> {
    let not_before = created - Duration::days(1);
    if scanned_at > now.naive_utc() + Duration::seconds(MAX_CLOCK_SKEW_SECONDS) {
        Err(format!(
            "lies in the future (more than {MAX_CLOCK_SKEW_SECONDS} seconds ahead of the server's clock)"
        ))
    } else if scanned_at < not_before {
        Err("lies more than a day before the event was created: check the scanner's clock".into())
    } else {
        Ok(())
    }
}

/// Several scans of one person: the earliest is when they arrived.
pub fn earliest(current: NaiveDateTime, scanned: NaiveDateTime) -> NaiveDateTime {
    current.min(scanned)
}

/// What one scanned code came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScanOutcome {
    /// Checked in now.
    Created,
    /// Was checked in already (an earlier scan time than the stored one replaces it).
    Already,
    /// No attendee of this event has the code.
    Unknown,
    /// The person's registration is cancelled.
    Cancelled,
    /// The code is the person's, but they are no longer among their company's attendees.
    NotAttending,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_random_url_safe_and_of_one_length() {
        let a = new_code();
        let b = new_code();
        assert_ne!(a, b);
        assert_eq!(a.len(), CODE_LEN);
        assert!(is_well_formed(&a) && is_well_formed(&b));
        for _ in 0..1000 {
            let code = new_code();
            assert_eq!(crate::export::csv_text(&code), code, "never a formula");
        }
        assert!(!is_well_formed("short"));
        assert!(!is_well_formed("AAAAAAAAAAAAAAAAAAA="));
        assert!(!is_well_formed("AAAAAAAAAAAAAAAAAAA/"));
    }

    #[test]
    fn only_published_and_closed_events_take_check_ins() {
        assert!(takes_check_ins(EventStatus::Published).is_ok());
        assert!(takes_check_ins(EventStatus::Closed).is_ok());
        assert!(
            takes_check_ins(EventStatus::Draft)
                .unwrap_err()
                .contains("draft")
        );
        assert!(
            takes_check_ins(EventStatus::Cancelled)
                .unwrap_err()
                .contains("cancelled")
        );
    }

    #[test]
    fn future_scans_beyond_the_skew_are_refused() {
        let now = Utc::now();
        let at = |secs: i64| (now + Duration::seconds(secs)).naive_utc();
        let created = at(-86_400);
        assert!(check_scan_time(at(-3600), now, created).is_ok());
        assert!(check_scan_time(at(MAX_CLOCK_SKEW_SECONDS), now, created).is_ok());
        assert!(check_scan_time(at(MAX_CLOCK_SKEW_SECONDS + 1), now, created).is_err());
        assert!(check_scan_time(at(-2 * 86_400), now, created).is_ok());
        assert!(
            check_scan_time(at(-2 * 86_400 - 1), now, created)
                .unwrap_err()
                .contains("before the event")
        );
        assert_eq!(earliest(at(10), at(5)), at(5));
        assert_eq!(earliest(at(5), at(10)), at(5));
    }
}
