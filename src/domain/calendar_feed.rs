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

/// The service's own words in calendar entries, in the reader's language (what people write
/// — company names, subjects, notes — stays as written).
pub mod words {
    use crate::domain::mail::Language;

    /// A B2B meeting's summary: with whom, at which table.
    pub fn b2b_summary(lang: Language, with: &str, table: impl std::fmt::Display) -> String {
        match lang {
            Language::En => format!("B2B meeting: {with} (table {table})"),
            Language::It => format!("Incontro B2B: {with} (tavolo {table})"),
            Language::De => format!("B2B-Gespräch: {with} (Tisch {table})"),
            Language::Fr => format!("Rendez-vous B2B : {with} (table {table})"),
        }
    }

    /// A B2B meeting's description: the slot (counted from 1), the table, the event.
    pub fn b2b_description(
        lang: Language,
        slot: impl std::fmt::Display,
        table: impl std::fmt::Display,
        event: &str,
    ) -> String {
        match lang {
            Language::En => format!("Slot {slot}, table {table}, {event}"),
            Language::It => format!("Turno {slot}, tavolo {table}, {event}"),
            Language::De => format!("Runde {slot}, Tisch {table}, {event}"),
            Language::Fr => format!("Créneau {slot}, table {table}, {event}"),
        }
    }

    /// The name of a calendar of one's own B2B meetings.
    pub fn my_meetings(lang: Language) -> &'static str {
        match lang {
            Language::En => "My B2B meetings",
            Language::It => "I miei incontri B2B",
            Language::De => "Meine B2B-Gespräche",
            Language::Fr => "Mes rendez-vous B2B",
        }
    }

    /// Before the list of a follow-up meeting's participants.
    pub fn participants(lang: Language) -> &'static str {
        match lang {
            Language::En => "Participants",
            Language::It => "Partecipanti",
            Language::De => "Teilnehmende",
            Language::Fr => "Participants",
        }
    }
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
