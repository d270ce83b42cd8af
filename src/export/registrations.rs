//! An event's registrations as a table (CSV or xlsx), for the organisers: one row per
//! registration, the company and its cluster by name, the attendees the caller may see (the
//! same ones the JSON list shows them) and the pitch's core business. Text people typed is
//! guarded against spreadsheet formulas; ids, statuses and timestamps are codes.

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

use super::table::{Cell, Table};
use crate::domain::registration::RegistrationStatus;

pub const HEADER: [&str; 13] = [
    "registration_id",
    "member_id",
    "company",
    "cluster",
    "status",
    "waitlist_position",
    "attendees",
    "attendee_emails",
    "attendee_count",
    "created_at",
    "cancelled_at",
    "decline_reason",
    "core_business",
];

/// One attendee as the caller sees them.
#[derive(Debug, Clone)]
pub struct Attendee {
    pub name: String,
    pub email: Option<String>,
}

/// One registration as the JSON list shows it to the caller, with its company's legal name
/// and its cluster's name.
#[derive(Debug, Clone)]
pub struct RegistrationLine {
    pub id: Uuid,
    pub member_id: Uuid,
    pub company: String,
    pub cluster: String,
    pub status: RegistrationStatus,
    pub waitlist_position: Option<i64>,
    pub attendees: Vec<Attendee>,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub decline_reason: Option<String>,
    pub core_business: String,
}

/// A timestamp as the JSON answers write it (RFC 3339, UTC).
fn timestamp(at: &DateTime<Utc>) -> Cell {
    Cell::code(at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

pub fn table(lines: &[RegistrationLine]) -> Table {
    Table {
        sheet: "Registrations",
        columns: &HEADER,
        rows: lines
            .iter()
            .map(|r| {
                let names: Vec<&str> = r.attendees.iter().map(|a| a.name.as_str()).collect();
                let emails: Vec<&str> = r
                    .attendees
                    .iter()
                    .filter_map(|a| a.email.as_deref())
                    .collect();
                vec![
                    Cell::code(r.id),
                    Cell::code(r.member_id),
                    Cell::text(&r.company),
                    Cell::text(&r.cluster),
                    Cell::code(r.status.as_str()),
                    Cell::opt_code(&r.waitlist_position),
                    Cell::text(names.join("; ")),
                    Cell::text(emails.join("; ")),
                    Cell::int(r.attendees.len()),
                    timestamp(&r.created_at),
                    r.cancelled_at.as_ref().map_or(Cell::Empty, timestamp),
                    Cell::text(r.decline_reason.clone().unwrap_or_default()),
                    Cell::text(&r.core_business),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::dialect::Dialect;

    #[test]
    fn hostile_cells_are_guarded_and_ids_are_codes() {
        let at = DateTime::parse_from_rfc3339("2026-03-01T09:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let line = RegistrationLine {
            id: Uuid::nil(),
            member_id: Uuid::max(),
            company: "=HYPERLINK(\"http://x\",\"y\")".into(),
            cluster: "Lombardia".into(),
            status: RegistrationStatus::Waitlisted,
            waitlist_position: Some(2),
            attendees: vec![
                Attendee {
                    name: "Ivano Soliani".into(),
                    email: Some("ivano@example.com".into()),
                },
                Attendee {
                    name: "+Anna".into(),
                    email: None,
                },
            ],
            created_at: at,
            cancelled_at: None,
            decline_reason: None,
            core_business: "EMC testing".into(),
        };
        let t = table(std::slice::from_ref(&line));
        assert_eq!(t.rows[0].len(), HEADER.len());
        let text = String::from_utf8(t.csv(Dialect::Rfc4180)).unwrap();
        assert_eq!(
            text,
            format!(
                "{}\r\n00000000-0000-0000-0000-000000000000,ffffffff-ffff-ffff-ffff-ffffffffffff,\
                 \"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",Lombardia,waitlisted,2,\
                 Ivano Soliani; +Anna,ivano@example.com,2,2026-03-01T09:30:00Z,,,EMC testing\r\n",
                HEADER.join(",")
            )
        );
    }
}
