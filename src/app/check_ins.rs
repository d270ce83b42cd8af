//! Checking people in on the day: by code, one at a time or in offline batches, undone,
//! listed. Only the people who run the event's day do it (`EventParties::can_run_day`); an
//! API key with `events:checkin` acts as its cluster's manager would.

use std::collections::HashMap;

use chrono::{NaiveDateTime, Utc};
use uuid::Uuid;

use crate::domain::access::{Principal, require};
use crate::domain::check_in::{self as rules, ScanOutcome};
use crate::error::{AppError, AppResult, FieldError};
use crate::store::check_ins::{self as store, CheckInRow, NewCheckIn};
use crate::store::events::EventRecord;
use crate::store::registrations::RegistrationRow;
use crate::store::{Db, DbConn};

/// A check-in with who it is, as the caller may see them: the name only where the contact
/// rule allows it (`None` otherwise).
#[derive(Debug, Clone)]
pub struct CheckInView {
    pub row: CheckInRow,
    pub member_id: Uuid,
    pub cluster_id: Uuid,
    pub company: String,
    pub name: Option<String>,
}

/// The event, if the caller may see it and runs its day; 404 / 403 otherwise.
pub fn day_of(conn: &mut DbConn, caller: &Principal, event_id: Uuid) -> AppResult<EventRecord> {
    let event = crate::app::events::visible_event(conn, caller, event_id)?;
    require(
        event.parties().can_run_day(caller),
        "check people in at this event (its organisers do)",
    )?;
    Ok(event)
}

/// [`day_of`], for changes: the event row locked (check-ins of one event are serialised on
/// PostgreSQL; SQLite's write lock already does) and the event taking check-ins.
fn locked_day(conn: &mut DbConn, caller: &Principal, event_id: Uuid) -> AppResult<EventRecord> {
    crate::store::lock_for_update(conn, crate::store::Locked::Events, &event_id.to_string())?;
    let event = day_of(conn, caller, event_id)?;
    rules::takes_check_ins(event.row.status).map_err(AppError::conflict)?;
    Ok(event)
}

/// Check-ins as the caller may see them.
fn views(
    conn: &mut DbConn,
    caller: &Principal,
    rows: Vec<CheckInRow>,
) -> AppResult<Vec<CheckInView>> {
    use crate::store::schema::{contacts, members, registrations};
    use diesel::prelude::*;
    let reg_ids: Vec<String> = rows.iter().map(|r| r.registration_id.to_string()).collect();
    let contact_ids: Vec<String> = rows.iter().map(|r| r.contact_id.to_string()).collect();
    let regs: HashMap<Uuid, (Uuid, Uuid, String)> = registrations::table
        .inner_join(members::table.on(members::id.eq(registrations::member_id)))
        .filter(registrations::id.eq_any(&reg_ids))
        .select((
            registrations::id,
            registrations::member_id,
            registrations::cluster_id,
            members::legal_name,
        ))
        .load::<(Uuid, Uuid, Uuid, String)>(conn)
        .map_err(crate::store::Error::from)?
        .into_iter()
        .map(|(id, m, c, name)| (id, (m, c, name)))
        .collect();
    let people: HashMap<Uuid, (String, bool)> = contacts::table
        .filter(contacts::id.eq_any(&contact_ids))
        .select((contacts::id, contacts::name, contacts::share_consent))
        .load::<(Uuid, String, bool)>(conn)
        .map_err(crate::store::Error::from)?
        .into_iter()
        .map(|(id, name, consent)| (id, (name, consent)))
        .collect();
    rows.into_iter()
        .map(|row| {
            let (member_id, cluster_id, company) = regs
                .get(&row.registration_id)
                .cloned()
                .ok_or_else(|| AppError::internal("check-in without its registration"))?;
            let name = people
                .get(&row.contact_id)
                .filter(|(_, consent)| caller.sees_contact(cluster_id, member_id, *consent))
                .map(|(name, _)| name.clone());
            Ok(CheckInView {
                row,
                member_id,
                cluster_id,
                company,
                name,
            })
        })
        .collect()
}

/// Who a code belongs to and under which registration they attend; or why not.
fn resolve(
    conn: &mut DbConn,
    event_id: Uuid,
    code: &str,
) -> AppResult<Result<(Uuid, RegistrationRow), ScanOutcome>> {
    if !rules::is_well_formed(code) {
        return Ok(Err(ScanOutcome::Unknown));
    }
    let Some(contact) = store::contact_of_code(conn, event_id, code)? else {
        return Ok(Err(ScanOutcome::Unknown));
    };
    let regs = store::registrations_attended(conn, event_id, contact)?;
    Ok(match regs.into_iter().next() {
        Some(r) if r.is_active() => Ok((contact, r)),
        Some(_) => Err(ScanOutcome::Cancelled),
        None => Err(ScanOutcome::NotAttending),
    })
}

/// One scan, inside the locked transaction: checks the person in, or keeps their check-in
/// with the earlier of both scan times.
fn scan(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Uuid,
    code: &str,
    scanned_at: NaiveDateTime,
) -> AppResult<(ScanOutcome, Option<CheckInRow>)> {
    let (contact, registration) = match resolve(conn, event_id, code)? {
        Ok(found) => found,
        Err(outcome) => return Ok((outcome, None)),
    };
    if let Some(existing) = store::of_contact(conn, event_id, contact)? {
        let earliest = rules::earliest(existing.scanned_at, scanned_at);
        let row = if earliest != existing.scanned_at {
            store::set_scanned_at(conn, &existing, earliest)?
        } else {
            existing
        };
        return Ok((ScanOutcome::Already, Some(row)));
    }
    let row = store::insert(
        conn,
        &NewCheckIn {
            event_id,
            contact_id: contact,
            registration_id: registration.id,
            scanned_at,
            by_user: caller.api_key.is_none().then_some(caller.user_id),
            by_key: caller.api_key.as_ref().map(|k| k.id),
        },
    )?;
    Ok((ScanOutcome::Created, Some(row)))
}

fn scan_time(
    field: &str,
    scanned_at: Option<NaiveDateTime>,
    now: chrono::DateTime<Utc>,
    event: &EventRecord,
) -> Result<NaiveDateTime, FieldError> {
    let at = scanned_at.unwrap_or_else(crate::store::now);
    rules::check_scan_time(at, now, event.row.created_at).map_err(|m| FieldError::new(field, m))?;
    Ok(at)
}

/// Checks in the person with `code` (scanned at `scanned_at`, default now). `true` when this
/// created the check-in; a repeated scan answers the existing one. Unknown codes are 422,
/// cancelled registrations and people no longer attending 409.
pub async fn check_in(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    code: String,
    scanned_at: Option<NaiveDateTime>,
) -> AppResult<(CheckInView, bool)> {
    db.write(move |conn| {
        let event = locked_day(conn, &caller, event_id)?;
        let at = scan_time("scanned_at", scanned_at, Utc::now(), &event)
            .map_err(|e| AppError::Validation(vec![e]))?;
        let (outcome, row) = scan(conn, &caller, event_id, &code, at)?;
        let row = match (outcome, row) {
            (ScanOutcome::Created | ScanOutcome::Already, Some(row)) => row,
            (ScanOutcome::Unknown, _) => {
                return Err(AppError::invalid(
                    "code",
                    "no attendee of this event has this check-in code",
                ));
            }
            (ScanOutcome::Cancelled, _) => {
                return Err(AppError::conflict(
                    "the registration of the person with this code is cancelled",
                ));
            }
            _ => {
                return Err(AppError::conflict(
                    "the person with this code is no longer among their company's attendees",
                ));
            }
        };
        let view = views(conn, &caller, vec![row])?.remove(0);
        Ok((view, outcome == ScanOutcome::Created))
    })
    .await
}

/// One scan of an offline batch and what it came to; the check-in as it stands after the
/// whole batch.
pub struct BatchResult {
    pub code: String,
    pub outcome: ScanOutcome,
    pub check_in: Option<CheckInView>,
}

/// Scans from an offline scanner, in one transaction: each answered on its own (created,
/// already, unknown …); a person scanned several times keeps the earliest scan time. Any scan
/// time in the future refuses the whole batch (422 naming the items), before anything is
/// stored.
pub async fn check_in_batch(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    items: Vec<(String, NaiveDateTime)>,
) -> AppResult<Vec<BatchResult>> {
    db.write(move |conn| {
        let event = locked_day(conn, &caller, event_id)?;
        let now = Utc::now();
        let bad: Vec<FieldError> = items
            .iter()
            .enumerate()
            .filter_map(|(i, (_, at))| {
                scan_time(&format!("items[{i}].scanned_at"), Some(*at), now, &event).err()
            })
            .collect();
        if !bad.is_empty() {
            return Err(AppError::Validation(bad));
        }
        let mut outcomes = Vec::with_capacity(items.len());
        for (code, at) in &items {
            let (outcome, row) = scan(conn, &caller, event_id, code, *at)?;
            outcomes.push((code.clone(), outcome, row.map(|r| r.contact_id)));
        }
        // The check-ins as the batch left them (an earlier scan later in the batch moved
        // the time of one created before it).
        let mut finals: HashMap<Uuid, CheckInRow> = HashMap::new();
        for (_, _, contact) in &outcomes {
            if let Some(c) = contact
                && !finals.contains_key(c)
                && let Some(row) = store::of_contact(conn, event_id, *c)?
            {
                finals.insert(*c, row);
            }
        }
        let shown: HashMap<Uuid, CheckInView> =
            views(conn, &caller, finals.into_values().collect())?
                .into_iter()
                .map(|v| (v.row.contact_id, v))
                .collect();
        Ok(outcomes
            .into_iter()
            .map(|(code, outcome, contact)| BatchResult {
                code,
                outcome,
                check_in: contact.and_then(|c| shown.get(&c).cloned()),
            })
            .collect())
    })
    .await
}

/// Undoes a check-in: the person is no longer checked in (and may be again).
pub async fn undo(db: &Db, caller: Principal, event_id: Uuid, check_in_id: Uuid) -> AppResult<()> {
    db.write(move |conn| {
        locked_day(conn, &caller, event_id)?;
        let row = store::get(conn, event_id, check_in_id)?;
        store::delete(conn, &row)?;
        Ok(())
    })
    .await
}

/// A page of the event's check-ins (its organisers).
pub async fn list(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<CheckInView>> {
    db.run(move |conn| {
        day_of(conn, &caller, event_id)?;
        let rows = store::list(conn, event_id, after.as_deref(), limit)?;
        views(conn, &caller, rows)
    })
    .await
}
