//! An attendee's personal schedule: its meetings in the published run, as data and as an
//! iCalendar file (the answer of `…/schedule?format=ics`, and the attachment of the mail
//! that tells each company its schedule was published).

use std::collections::HashMap;

use uuid::Uuid;

use super::own_registration;
use super::runs::{RunResult, ScheduledMeeting, result_of};
use crate::domain::access::Principal;
use crate::error::{AppError, AppResult};
use crate::export::ical::{CalendarItem, calendar};
use crate::store::events::EventRecord;
use crate::store::matchmaking::{self as store, RunRow};
use crate::store::registrations::{self, RegistrationRow};
use crate::store::{Db, DbConn};

/// One meeting of the attendee, with the company met.
#[derive(Debug, Clone)]
pub struct MeetingWith {
    pub meeting: ScheduledMeeting,
    pub with_registration_id: Uuid,
    pub with_member_id: Uuid,
    pub with_legal_name: String,
}

/// The attendee's meetings (in slot order) in the published run, and the event.
pub struct PersonalSchedule {
    pub run: RunRow,
    pub meetings: Vec<MeetingWith>,
    pub event: EventRecord,
}

/// The meetings of a run for each registration that has some (or for `only`), in slot
/// order, with the companies met — in two queries whatever the number of meetings.
pub fn meetings_by_registration(
    conn: &mut DbConn,
    event_id: Uuid,
    result: RunResult,
    only: Option<Uuid>,
) -> AppResult<HashMap<Uuid, Vec<MeetingWith>>> {
    let meetings: Vec<ScheduledMeeting> = result
        .meetings
        .into_iter()
        .filter(|m| {
            only.is_none_or(|r| {
                m.requester_registration_id == r || m.recipient_registration_id == r
            })
        })
        .collect();
    let rows: Vec<RegistrationRow> = registrations::list(
        conn,
        event_id,
        &registrations::RegistrationFilter {
            include_cancelled: true,
            ..Default::default()
        },
        None,
        i64::MAX,
    )?;
    let member_ids: Vec<String> = rows.iter().map(|r| r.member_id.to_string()).collect();
    let legal_names: HashMap<Uuid, String> = crate::store::members::by_ids(conn, &member_ids)?
        .into_iter()
        .map(|m| (m.id, m.legal_name))
        .collect();
    let mut names = HashMap::new();
    for r in &rows {
        let name = legal_names.get(&r.member_id).cloned().unwrap_or_default();
        names.insert(r.id, (r.member_id, name));
    }
    let mut out: HashMap<Uuid, Vec<MeetingWith>> = HashMap::new();
    for meeting in meetings {
        let pairs = [
            (
                meeting.requester_registration_id,
                meeting.recipient_registration_id,
            ),
            (
                meeting.recipient_registration_id,
                meeting.requester_registration_id,
            ),
        ];
        for (own, other) in pairs {
            if only.is_some_and(|r| r != own) {
                continue;
            }
            let (member_id, name) = names
                .get(&other)
                .ok_or_else(|| AppError::internal("scheduled registration missing"))?;
            out.entry(own).or_default().push(MeetingWith {
                meeting: meeting.clone(),
                with_registration_id: other,
                with_member_id: *member_id,
                with_legal_name: name.clone(),
            });
        }
    }
    for list in out.values_mut() {
        list.sort_by_key(|m| m.meeting.slot);
    }
    Ok(out)
}

/// An attendee's meetings from the published schedule (its company's editors and the
/// organisers).
pub async fn personal(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    registration_id: Uuid,
) -> AppResult<PersonalSchedule> {
    db.run(move |conn| {
        let (_, event) = own_registration(conn, &caller, event_id, registration_id, false)?;
        let run = store::published_run(conn, event_id)?
            .ok_or_else(|| AppError::conflict("no schedule is published for this event yet"))?;
        let meetings =
            meetings_by_registration(conn, event_id, result_of(&run)?, Some(registration_id))?
                .remove(&registration_id)
                .unwrap_or_default();
        Ok(PersonalSchedule {
            run,
            meetings,
            event,
        })
    })
    .await
}

/// A registration's meetings as an iCalendar file: one entry per meeting, at the event's
/// venue (RFC 5545, every text escaped by `export::ical`).
pub fn ics(event: &EventRecord, registration_id: Uuid, meetings: &[MeetingWith]) -> String {
    let items: Vec<CalendarItem> = meetings
        .iter()
        .map(|m| CalendarItem {
            uid: format!(
                "{}-{}@cluster2cluster",
                m.meeting.meeting_request_id, registration_id
            ),
            summary: format!(
                "B2B meeting: {} (table {})",
                m.with_legal_name, m.meeting.table
            ),
            description: format!(
                "Slot {}, table {}, {}",
                m.meeting.slot, m.meeting.table, event.row.title
            ),
            starts_at: m.meeting.starts_at,
            ends_at: m.meeting.ends_at,
        })
        .collect();
    let place = format!("{}, {}", event.row.venue_name, event.row.venue_city);
    calendar(&event.row.title, &place, &items)
}
