//! An event's agenda as iCalendar (RFC 5545): the day itself and one VEVENT per agenda item,
//! in UTC so that every calendar shows the right local time.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

pub struct CalendarItem {
    pub uid: String,
    pub summary: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

pub fn calendar(name: &str, location: &str, items: &[CalendarItem]) -> String {
    let mut cal = Calendar::new();
    cal.name(name);
    for item in items {
        cal.push(
            Event::new()
                .uid(&item.uid)
                .summary(&item.summary)
                .description(&item.description)
                .location(location)
                .starts(item.starts_at)
                .ends(item.ends_at)
                .done(),
        );
    }
    cal.done().to_string()
}
