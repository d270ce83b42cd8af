//! Follow-up meetings agreed on an accepted partnership request.

use uuid::Uuid;

use crate::app::edit::{Child, Editable};
use crate::app::partnerships::visible_request;
use crate::domain::access::{Principal, require};
use crate::domain::partnership::{Parties, RequestStatus};
use crate::error::{AppError, AppResult, FieldError};
use crate::store::contacts::ContactRow;
use crate::store::meetings::{self as store, MeetingData, MeetingRow};
use crate::store::{Db, DbConn};

/// A meeting with the participants the caller may see.
#[derive(Debug, Clone)]
pub struct MeetingWithPeople {
    pub row: MeetingRow,
    pub participants: Vec<ContactRow>,
}

/// Whether `viewer` may see participant `c` (a contact of one of the two companies), by the
/// one contact rule.
fn sees(viewer: &Principal, parties: &Parties, c: &ContactRow) -> bool {
    let member = c.member_id;
    let cluster = if member == parties.from_member {
        parties.from_cluster
    } else {
        parties.to_cluster
    };
    viewer.sees_contact(cluster, member, c.share_consent)
}

/// Meetings as `viewer` sees them: participants they may not see (the other company's
/// people who did not consent to sharing) are left out.
fn with_people(
    conn: &mut DbConn,
    viewer: &Principal,
    parties: &Parties,
    rows: Vec<MeetingRow>,
) -> AppResult<Vec<MeetingWithPeople>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let people = store::participants_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let participants = people
                .iter()
                .filter(|(m, c)| *m == row.id && sees(viewer, parties, c))
                .map(|(_, c)| c.clone())
                .collect();
            MeetingWithPeople { row, participants }
        })
        .collect())
}

fn one(
    conn: &mut DbConn,
    viewer: &Principal,
    parties: &Parties,
    row: MeetingRow,
) -> AppResult<MeetingWithPeople> {
    with_people(conn, viewer, parties, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("meeting vanished"))
}

/// Participants must be contact people of one of the two companies, listed once, and
/// people the caller may see: their own company's, or the other company's who consented to
/// sharing (the same answer for a person who does not exist and one who is private, so that
/// ids cannot be probed).
fn check_participants(
    conn: &mut DbConn,
    caller: &Principal,
    parties: &Parties,
    ids: &[Uuid],
) -> AppResult<()> {
    let mut errors = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let found = crate::store::contacts::get(conn, parties.from_member, *id)
            .or_else(|_| crate::store::contacts::get(conn, parties.to_member, *id))
            .ok();
        let ok = !ids[..i].contains(id) && found.is_some_and(|c| sees(caller, parties, &c));
        if !ok {
            errors.push(FieldError::new(
                format!("participant_contact_ids[{i}]"),
                "must be a contact person of your company, or one of the other company who agreed to share their details; each listed once",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// A meeting as `viewer` sees it, with its request's subject; `None` when the viewer may not
/// see its request (the calendar feed: one person's view).
pub fn seen_by(
    conn: &mut DbConn,
    viewer: &Principal,
    row: MeetingRow,
) -> AppResult<Option<(MeetingWithPeople, String)>> {
    let request = crate::store::partnerships::get(conn, row.request_id)?;
    let parties = request.parties();
    if !parties.can_view(viewer) {
        return Ok(None);
    }
    Ok(Some((one(conn, viewer, &parties, row)?, request.subject)))
}

/// A page of the request's meetings, after `after`.
pub async fn list(
    db: &Db,
    caller: Principal,
    request_id: Uuid,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<MeetingWithPeople>> {
    db.run(move |conn| {
        let (_, parties) = visible_request(conn, &caller, request_id)?;
        let rows = store::list(conn, request_id, after.as_deref(), limit)?;
        with_people(conn, &caller, &parties, rows)
    })
    .await
}

/// Agrees a follow-up meeting on an accepted request (either side).
pub async fn create(
    db: &Db,
    caller: Principal,
    request_id: Uuid,
    data: MeetingData,
    participants: Vec<Uuid>,
) -> AppResult<MeetingWithPeople> {
    db.write(move |conn| {
        let (row, parties) = visible_request(conn, &caller, request_id)?;
        if row.status != RequestStatus::Accepted {
            return Err(AppError::conflict(format!(
                "meetings are agreed on accepted requests; this one is {}",
                row.status.as_str()
            )));
        }
        check_participants(conn, &caller, &parties, &participants)?;
        let created = store::insert(conn, request_id, &data, &participants)?;
        one(conn, &caller, &parties, created)
    })
    .await
}

/// One meeting, with the request's subject.
pub async fn get(
    db: &Db,
    caller: Principal,
    request_id: Uuid,
    meeting_id: Uuid,
) -> AppResult<(MeetingWithPeople, String)> {
    db.run(move |conn| {
        let (row, parties) = visible_request(conn, &caller, request_id)?;
        let meeting = store::get(conn, request_id, meeting_id)?;
        Ok((one(conn, &caller, &parties, meeting)?, row.subject))
    })
    .await
}

/// A meeting being changed: as the caller sees it, with the parties of its request.
#[derive(Debug, Clone)]
pub struct Scheduled {
    pub parties: Parties,
    pub meeting: MeetingWithPeople,
}

/// A meeting (addressed through its request, `Child { parent: request_id, id: meeting_id }`)
/// that either side changes, run by [`crate::app::edit::update`]: the precondition (the
/// caller's version) sees the meeting as the caller does, and the change goes from it to the
/// wanted data and participants. Participants the caller cannot see stay: the other side
/// added them.
pub struct Meeting;

impl Editable for Meeting {
    type Key = Child;
    type Row = Scheduled;
    type Change = (MeetingData, Vec<Uuid>);
    const TABLE: crate::store::Locked = crate::store::Locked::Meetings;

    /// Checks the caller's right on the request (either side) before the meeting is read.
    fn load(conn: &mut DbConn, caller: &Principal, key: &Child) -> AppResult<Scheduled> {
        let (_, parties) = visible_request(conn, caller, key.parent)?;
        require(!parties.sides(caller).is_empty(), "change this meeting")?;
        let row = store::get(conn, key.parent, key.id)?;
        let meeting = one(conn, caller, &parties, row)?;
        Ok(Scheduled { parties, meeting })
    }

    /// Done in [`Editable::load`], on the request of the path.
    fn authorize(_caller: &Principal, _current: &Scheduled) -> AppResult<()> {
        Ok(())
    }

    fn store(
        conn: &mut DbConn,
        caller: &Principal,
        current: &Scheduled,
        (data, wanted): (MeetingData, Vec<Uuid>),
    ) -> AppResult<Scheduled> {
        let (parties, row) = (&current.parties, &current.meeting.row);
        check_participants(conn, caller, parties, &wanted)?;
        let mut participants = wanted;
        for (_, c) in store::participants_of(conn, &[row.id.to_string()])? {
            if !sees(caller, parties, &c) {
                participants.push(c.id);
            }
        }
        let updated = store::update(conn, row, &data, &participants)?;
        Ok(Scheduled {
            parties: *parties,
            meeting: one(conn, caller, parties, updated)?,
        })
    }
}
