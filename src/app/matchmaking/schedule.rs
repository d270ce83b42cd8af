//! An attendee's personal schedule: its meetings in the published run.

use std::collections::HashMap;

use uuid::Uuid;

use super::own_registration;
use super::runs::{ScheduledMeeting, result_of};
use crate::domain::access::Principal;
use crate::error::{AppError, AppResult};
use crate::store::Db;
use crate::store::events::EventRecord;
use crate::store::matchmaking::{self as store, RunRow};
use crate::store::registrations::{self, RegistrationRow};

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
        let result = result_of(&run)?;
        let mine: Vec<ScheduledMeeting> = result
            .meetings
            .into_iter()
            .filter(|m| {
                m.requester_registration_id == registration_id
                    || m.recipient_registration_id == registration_id
            })
            .collect();
        let others: Vec<Uuid> = mine
            .iter()
            .map(|m| {
                if m.requester_registration_id == registration_id {
                    m.recipient_registration_id
                } else {
                    m.requester_registration_id
                }
            })
            .collect();
        // The companies met, in two queries whatever the number of meetings.
        let rows: Vec<RegistrationRow> = registrations::list(
            conn,
            event_id,
            &registrations::RegistrationFilter {
                include_cancelled: true,
                ..Default::default()
            },
            None,
            i64::MAX,
        )?
        .into_iter()
        .filter(|r| others.contains(&r.id))
        .collect();
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
        let mut meetings = mine
            .into_iter()
            .zip(others)
            .map(|(meeting, other)| {
                let (member_id, name) = names
                    .get(&other)
                    .ok_or_else(|| AppError::internal("scheduled registration missing"))?;
                Ok(MeetingWith {
                    meeting,
                    with_registration_id: other,
                    with_member_id: *member_id,
                    with_legal_name: name.clone(),
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        meetings.sort_by_key(|m| m.meeting.slot);
        Ok(PersonalSchedule {
            run,
            meetings,
            event,
        })
    })
    .await
}
