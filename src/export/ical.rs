//! Calendars as iCalendar (RFC 5545): an event's agenda, a personal meeting schedule, a
//! follow-up meeting. Written here rather than with a crate, because every text value must be
//! escaped (RFC 5545 §3.3.11) and every line folded (§3.1) — text people typed reaches these
//! files (titles, subjects, company names), and one unescaped line break would let it forge
//! a calendar entry of its own.

use chrono::{DateTime, Utc};

use super::fold_line;

/// Names the program that wrote the file (RFC 5545 §3.7.3).
pub const PRODID: &str = "-//Cluster2Cluster//Cluster2Cluster API//EN";

pub struct CalendarItem {
    pub uid: String,
    pub summary: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
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
    let mut out = String::new();
    let mut line = |l: String| fold_line(&l, &mut out);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!("PRODID:{PRODID}"));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("NAME:{}", escape_text(name)));
    line(format!("X-WR-CALNAME:{}", escape_text(name)));
    for item in items {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape_text(&item.uid)));
        line(format!("DTSTAMP:{}", stamp(written)));
        line(format!("DTSTART:{}", stamp(item.starts_at)));
        line(format!("DTEND:{}", stamp(item.ends_at)));
        line(format!("SUMMARY:{}", escape_text(&item.summary)));
        if !item.description.is_empty() {
            line(format!("DESCRIPTION:{}", escape_text(&item.description)));
        }
        if !location.is_empty() {
            line(format!("LOCATION:{}", escape_text(location)));
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
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
}
