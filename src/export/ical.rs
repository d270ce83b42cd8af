//! Calendars as iCalendar (RFC 5545): an event's agenda, a personal meeting schedule, a
//! follow-up meeting. Written here rather than with a crate, because every text value must be
//! escaped (RFC 5545 §3.3.11) and every line folded (§3.1) — text people typed reaches these
//! files (titles, subjects, company names), and one unescaped line break would let it forge
//! a calendar entry of its own.

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::fold_line;

/// Names the program that wrote the file (RFC 5545 §3.7.3).
pub const PRODID: &str = "-//Cluster2Cluster//Cluster2Cluster API//EN";

pub struct CalendarItem {
    pub uid: String,
    pub summary: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Where this item is, when not at the calendar's `location`.
    pub location: Option<String>,
}

/// Escapes a TEXT value: backslash, semicolon and comma get a backslash, every line break
/// (CRLF, LF or a bare CR) becomes `\n`, and other control characters are dropped (the
/// service refuses them on input; this is the last line of defence).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A whole calendar. `location` is the place of every item; `name` is the calendar's name as
/// calendar apps show it.
pub fn calendar(name: &str, location: &str, items: &[CalendarItem]) -> String {
    calendar_at(name, location, items, Utc::now())
}

/// Like [`calendar`], with the time the file counts as written (`DTSTAMP`).
pub fn calendar_at(
    name: &str,
    location: &str,
    items: &[CalendarItem],
    written: DateTime<Utc>,
) -> String {
    write(name, location, items, written, None)
}

/// Like [`calendar`], with every time written as local time of `zone` (`DTSTART;TZID=…`) and
/// the zone's definition for the span of the items (`VTIMEZONE`), so that calendar apps show
/// the times of a person's own zone and keep them right across daylight-saving changes.
pub fn calendar_in(name: &str, location: &str, items: &[CalendarItem], zone: Tz) -> String {
    write(name, location, items, Utc::now(), Some(zone))
}

/// Like [`calendar_in`], with the time the file counts as written (`DTSTAMP`): the last change
/// of what it shows, so the same content is the same bytes on every read.
pub fn calendar_in_at(
    name: &str,
    location: &str,
    items: &[CalendarItem],
    zone: Tz,
    written: DateTime<Utc>,
) -> String {
    write(name, location, items, written, Some(zone))
}

/// An item of a calendar whose items keep their own zones (a feed: agendas of events in
/// different zones, meetings in the zone they were agreed in), with its own `DTSTAMP`: the
/// last change of that item's source, so that an unchanged feed is the same bytes.
pub struct ZonedItem {
    pub item: CalendarItem,
    pub zone: Tz,
    pub stamp: DateTime<Utc>,
}

/// A calendar that apps subscribe to by URL: every time in its item's zone (each zone used
/// gets its `VTIMEZONE`), the calendar's zone `zone` (the reader's), and how often apps
/// should fetch it again (`REFRESH-INTERVAL`, RFC 7986 §5.7, and the older
/// `X-PUBLISHED-TTL` that Outlook reads), as an RFC 5545 duration such as `PT1H`.
pub fn feed(name: &str, zone: Tz, refresh: &str, items: &[ZonedItem]) -> String {
    let entries: Vec<Entry<'_>> = items
        .iter()
        .map(|z| Entry {
            item: &z.item,
            zone: Some(z.zone),
            stamp: z.stamp,
        })
        .collect();
    let extra = [
        format!("REFRESH-INTERVAL;VALUE=DURATION:{refresh}"),
        format!("X-PUBLISHED-TTL:{refresh}"),
    ];
    write_entries(name, "", &entries, Some(zone), &extra)
}

/// One VEVENT to write: the item, the zone of its times (UTC when `None`), its `DTSTAMP`.
struct Entry<'a> {
    item: &'a CalendarItem,
    zone: Option<Tz>,
    stamp: DateTime<Utc>,
}

fn write(
    name: &str,
    location: &str,
    items: &[CalendarItem],
    written: DateTime<Utc>,
    zone: Option<Tz>,
) -> String {
    let entries: Vec<Entry<'_>> = items
        .iter()
        .map(|item| Entry {
            item,
            zone,
            stamp: written,
        })
        .collect();
    write_entries(name, location, &entries, zone, &[])
}

fn write_entries(
    name: &str,
    location: &str,
    entries: &[Entry<'_>],
    calendar_zone: Option<Tz>,
    extra: &[String],
) -> String {
    let mut out = String::new();
    let mut line = |l: String| fold_line(&l, &mut out);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!("PRODID:{PRODID}"));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("NAME:{}", escape_text(name)));
    line(format!("X-WR-CALNAME:{}", escape_text(name)));
    for l in extra {
        line(l.clone());
    }
    if let Some(zone) = calendar_zone {
        line(format!("X-WR-TIMEZONE:{}", zone.name()));
    }
    // Each zone the items use, defined once for the span of its items (in name order, so
    // the same items are the same bytes).
    let mut spans: std::collections::BTreeMap<&'static str, (Tz, DateTime<Utc>, DateTime<Utc>)> =
        std::collections::BTreeMap::new();
    for e in entries {
        if let Some(zone) = e.zone {
            let span = spans
                .entry(zone.name())
                .or_insert((zone, e.item.starts_at, e.item.ends_at));
            span.1 = span.1.min(e.item.starts_at);
            span.2 = span.2.max(e.item.ends_at);
        }
    }
    for (zone, from, to) in spans.into_values() {
        for l in vtimezone(zone, from, to) {
            line(l);
        }
    }
    let time = |property: &str, at: DateTime<Utc>, zone: Option<Tz>| match zone {
        Some(zone) => format!(
            "{property};TZID={}:{}",
            zone.name(),
            at.with_timezone(&zone).format("%Y%m%dT%H%M%S")
        ),
        None => format!("{property}:{}", stamp(at)),
    };
    for Entry {
        item,
        zone,
        stamp: written,
    } in entries
    {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape_text(&item.uid)));
        line(format!("DTSTAMP:{}", stamp(*written)));
        line(time("DTSTART", item.starts_at, *zone));
        line(time("DTEND", item.ends_at, *zone));
        line(format!("SUMMARY:{}", escape_text(&item.summary)));
        if !item.description.is_empty() {
            line(format!("DESCRIPTION:{}", escape_text(&item.description)));
        }
        let location = item.location.as_deref().unwrap_or(location);
        if !location.is_empty() {
            line(format!("LOCATION:{}", escape_text(location)));
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// The `VTIMEZONE` of `zone` from a day before `from` to a day after `to` (RFC 5545
/// §3.6.5): the observance in force at the start, then one per change of offset in the span,
/// each with its exact onset (no recurrence rules: they are derived from the tz database, so
/// they hold for zones whose rules changed over the years as well).
fn vtimezone(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<String> {
    let start = from - Duration::days(1);
    let end = to + Duration::days(1);
    let offset = |at: DateTime<Utc>| zone.offset_from_utc_datetime(&at.naive_utc());
    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{}", zone.name()),
    ];
    let mut observance = |at: DateTime<Utc>, before: i32| {
        let now = offset(at);
        let after = now.fix().local_minus_utc();
        let kind = if now.dst_offset().is_zero() {
            "STANDARD"
        } else {
            "DAYLIGHT"
        };
        // The onset as local time before the change (RFC 5545 §3.6.5: DTSTART is read
        // with TZOFFSETFROM).
        let onset: NaiveDateTime = at.naive_utc() + Duration::seconds(i64::from(before));
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!("DTSTART:{}", onset.format("%Y%m%dT%H%M%S")));
        lines.push(format!("TZOFFSETFROM:{}", utc_offset(before)));
        lines.push(format!("TZOFFSETTO:{}", utc_offset(after)));
        if let Some(abbreviation) = now.abbreviation() {
            lines.push(format!("TZNAME:{}", escape_text(abbreviation)));
        }
        lines.push(format!("END:{kind}"));
    };
    let seconds = |at: DateTime<Utc>| offset(at).fix().local_minus_utc();
    observance(start, seconds(start));
    // Offsets change at most a few times a year: look day by day, then find the second.
    let mut day = start;
    while day < end {
        let next = day + Duration::days(1);
        if seconds(next) != seconds(day) {
            let (mut low, mut high) = (day, next);
            while high - low > Duration::seconds(1) {
                let middle = low + (high - low) / 2;
                if seconds(middle) == seconds(day) {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            observance(high, seconds(day));
        }
        day = next;
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

/// `+0100`, `-0500`, `+0545`.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32) -> DateTime<Utc> {
        use chrono::TimeZone;
        Utc.with_ymd_and_hms(2017, 11, 7, h, 0, 0).unwrap()
    }

    #[test]
    fn line_breaks_cannot_start_a_new_component() {
        let hostile = "Visit\r\nEND:VEVENT\r\nBEGIN:VEVENT\rSUMMARY:Pay invoice at http://attacker.example\n;,\\";
        let text = calendar_at(
            hostile,
            "Stans, CH",
            &[CalendarItem {
                uid: "1@cluster2cluster".into(),
                summary: hostile.into(),
                description: hostile.into(),
                starts_at: at(9),
                ends_at: at(10),
                location: None,
            }],
            at(8),
        );
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(),
            1,
            "{text}"
        );
        assert_eq!(
            lines.iter().filter(|l| **l == "END:VEVENT").count(),
            1,
            "{text}"
        );
        // No bare CR or LF anywhere: every line ends with CRLF.
        assert_eq!(text.matches('\r').count(), text.matches("\r\n").count());
        assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Visit\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Pay invoice at http://attacker.example\\n\\;\\,\\\\\r\n"));
        assert!(text.contains(&format!("PRODID:{PRODID}\r\n")));
        assert!(text.contains("LOCATION:Stans\\, CH\r\n"));
        for physical in text.split("\r\n") {
            assert!(physical.len() <= 75, "{physical}");
        }
    }

    #[test]
    fn local_times_carry_their_zone_and_its_changes() {
        use chrono::TimeZone;
        // Across the end of summer time in Zurich (2017-10-29, 01:00 UTC).
        let first = Utc.with_ymd_and_hms(2017, 10, 28, 7, 0, 0).unwrap();
        let second = Utc.with_ymd_and_hms(2017, 10, 30, 8, 0, 0).unwrap();
        let item = |uid: &str, at: DateTime<Utc>| CalendarItem {
            uid: uid.into(),
            summary: "Meeting".into(),
            description: String::new(),
            starts_at: at,
            ends_at: at + Duration::minutes(20),
            location: Some("Stans".into()),
        };
        let text = calendar_in(
            "Schedule",
            "",
            &[item("a", first), item("b", second)],
            chrono_tz::Europe::Zurich,
        );
        assert!(
            text.contains("DTSTART;TZID=Europe/Zurich:20171028T090000\r\n"),
            "{text}"
        );
        assert!(
            text.contains("DTSTART;TZID=Europe/Zurich:20171030T090000\r\n"),
            "{text}"
        );
        assert!(text.contains("TZID:Europe/Zurich\r\n"));
        // In force at the start: summer time; then the change, at 03:00 local summer time.
        assert!(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20171027T090000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT"), "{text}");
        assert!(text.contains("BEGIN:STANDARD\r\nDTSTART:20171029T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD"), "{text}");
        assert_eq!(
            text.matches("BEGIN:STANDARD").count() + text.matches("BEGIN:DAYLIGHT").count(),
            2
        );
        assert!(text.contains("LOCATION:Stans\r\n"));
        assert_eq!(utc_offset(-5 * 3600), "-0500");
        assert_eq!(utc_offset(5 * 3600 + 45 * 60), "+0545");
    }
}
