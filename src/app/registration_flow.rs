//! The registration flow (issue 16): where a registration starts (active, pending approval,
//! or on the waiting list), the organisers' approval and decline, and the waiting list's
//! promotions. Everything here runs inside the transaction that locked the event's row, so
//! seats are counted and taken in one step. The rules themselves are
//! [`crate::domain::registration`].

use uuid::Uuid;

use crate::app::edit::Editable;
use crate::app::events::visible_event_with_seats;
use crate::app::mail::flows::{self, RegistrationNews};
use crate::app::registrations::{Registered, RegistrationKey, record};
use crate::domain::access::{Principal, require};
use crate::domain::event::EventStatus;
use crate::domain::registration::{RegistrationStatus, admit, promotable};
use crate::error::{AppError, AppResult};
use crate::store::DbConn;
use crate::store::events::{EventRecord, seats_taken};
use crate::store::registrations::{self as store, RegistrationRow};

/// Seats free in the event now (counted again: earlier steps of the transaction may have
/// taken or freed some).
fn free_seats(conn: &mut DbConn, event: &EventRecord) -> AppResult<i64> {
    let taken = seats_taken(conn, &[event.row.id.to_string()])?
        .first()
        .map_or(0, |(_, n)| *n);
    Ok(i64::from(event.row.capacity) - taken)
}

/// Where a new registration of `wanted` attendees starts: `pending` when the event needs
/// approval, else `active` when it fits and nobody waits, else `waitlisted`.
pub fn starting_status(
    conn: &mut DbConn,
    event: &EventRecord,
    wanted: i64,
) -> AppResult<RegistrationStatus> {
    if event.row.approval_required {
        return Ok(RegistrationStatus::Pending);
    }
    placed_status(conn, event, wanted)
}

/// `active` when `wanted` attendees fit and nobody waits, else `waitlisted`.
fn placed_status(
    conn: &mut DbConn,
    event: &EventRecord,
    wanted: i64,
) -> AppResult<RegistrationStatus> {
    let free = free_seats(conn, event)?;
    let waiting = !store::waitlist(conn, event.row.id)?.is_empty();
    Ok(admit(wanted, free, waiting))
}

/// The position on the waiting list of a waitlisted registration (1 = next).
pub fn position_of(conn: &mut DbConn, row: &RegistrationRow) -> AppResult<usize> {
    Ok(store::waitlist_positions(conn, std::slice::from_ref(row))?
        .first()
        .map_or(0, |(_, p)| *p as usize))
}

/// Tells the company where its registration now stands: confirmed (active), pending, or
/// waitlisted with its position.
pub fn announce(conn: &mut DbConn, event: &EventRecord, row: &RegistrationRow) -> AppResult<()> {
    match row.status {
        RegistrationStatus::Active => {
            flows::registration_confirmed(conn, event, row)?;
        }
        RegistrationStatus::Pending => {
            flows::registration_news(conn, event, row, RegistrationNews::Pending)?;
        }
        RegistrationStatus::Waitlisted => {
            let position = position_of(conn, row)?;
            flows::registration_news(conn, event, row, RegistrationNews::Waitlisted { position })?;
        }
        RegistrationStatus::Declined | RegistrationStatus::Cancelled => {}
    }
    Ok(())
}

/// Runs `remove`, which takes people out of registrations (a person removed or erased, a
/// portal's sync dropping them), with the events they attend locked first — in id order, the
/// lock order of every registration change — and then gives the seats it freed to those
/// waiting. Returns what `remove` returns.
pub fn freeing_seats<T>(
    conn: &mut DbConn,
    contact_ids: &[String],
    remove: impl FnOnce(&mut DbConn) -> AppResult<T>,
) -> AppResult<T> {
    use crate::store::schema::{events, registration_attendees, registrations};
    use diesel::prelude::*;
    let mut attended: Vec<Uuid> = Vec::new();
    for chunk in contact_ids.chunks(1000) {
        attended.extend(
            registration_attendees::table
                .inner_join(registrations::table.inner_join(events::table))
                .filter(registration_attendees::contact_id.eq_any(chunk))
                .filter(registrations::status.eq(RegistrationStatus::Active))
                .filter(events::status.eq(EventStatus::Published))
                .select(registrations::event_id)
                .distinct()
                .load::<Uuid>(conn)?,
        );
    }
    attended.sort();
    attended.dedup();
    for event_id in &attended {
        crate::store::lock_for_update(conn, crate::store::Locked::Events, &event_id.to_string())?;
    }
    let out = remove(conn)?;
    for event_id in attended {
        promote_waitlisted(conn, event_id)?;
    }
    Ok(out)
}

/// Promotes the waiting list into the seats free now, first in line first, while the next
/// one fits (strictly in order: see [`promotable`]); each promoted company's editors are
/// mailed. Only while the event is published. Returns the promoted registrations. Call it
/// inside the transaction that locked the event and freed the seats.
pub fn promote_waitlisted(conn: &mut DbConn, event_id: Uuid) -> AppResult<Vec<RegistrationRow>> {
    let event = crate::store::events::get_for_access(conn, event_id)?;
    if event.row.status != EventStatus::Published {
        return Ok(Vec::new());
    }
    let line = store::waitlist(conn, event_id)?;
    let sizes: Vec<i64> = line.iter().map(|(_, n)| *n).collect();
    let n = promotable(free_seats(conn, &event)?, &sizes);
    let mut promoted = Vec::with_capacity(n);
    for (row, _) in line.into_iter().take(n) {
        let row = store::set_status(conn, &row, RegistrationStatus::Active, None)?;
        flows::registration_news(conn, &event, &row, RegistrationNews::Promoted)?;
        tracing::info!(registration = %row.id, event = %event_id, "promoted from the waiting list");
        promoted.push(row);
    }
    Ok(promoted)
}

/// Who approves and declines registrations: the one rule, [`crate::domain::event::EventParties::can_run_day`].
fn require_organiser(caller: &Principal, current: &Registered) -> AppResult<()> {
    Ok(require(
        current.event.parties().can_run_day(caller),
        "approve or decline registrations for this event (its organisers do)",
    )?)
}

/// Approval and decline are for a published event.
fn check_published(event: &EventRecord) -> AppResult<()> {
    if event.row.status == EventStatus::Published {
        Ok(())
    } else {
        Err(AppError::conflict(format!(
            "the event is {}; registrations are decided while it is published",
            event.row.status.as_str()
        )))
    }
}

fn not_in(row: &RegistrationRow, what: &str, allowed: &[RegistrationStatus]) -> AppError {
    AppError::conflict(format!(
        "only {} registrations can be {what}; this one is {}",
        allowed
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" or "),
        row.status.as_str()
    ))
}

/// A pending registration approved by the organisers: active when its attendees fit and
/// nobody waits, else waitlisted (at the end of the line). Run by
/// [`crate::app::edit::update`] with the change `()`.
pub struct Approval;

impl Editable for Approval {
    type Key = RegistrationKey;
    type Row = Registered;
    type Change = ();
    const TABLE: crate::store::Locked = crate::store::Locked::Events;

    fn load(conn: &mut DbConn, caller: &Principal, key: &RegistrationKey) -> AppResult<Registered> {
        crate::app::registrations::load_registered(conn, caller, key, visible_event_with_seats)
    }

    fn authorize(caller: &Principal, current: &Registered) -> AppResult<()> {
        require_organiser(caller, current)
    }

    fn check(_caller: &Principal, current: &Registered, _change: &()) -> AppResult<()> {
        let row = &current.record.row;
        if row.status != RegistrationStatus::Pending {
            return Err(not_in(row, "approved", &[RegistrationStatus::Pending]));
        }
        check_published(&current.event)
    }

    fn store(
        conn: &mut DbConn,
        caller: &Principal,
        current: &Registered,
        _change: (),
    ) -> AppResult<Registered> {
        let (event, row) = (&current.event, &current.record.row);
        let wanted = store::attendee_ids(conn, row.id)?.len() as i64;
        let to = placed_status(conn, event, wanted)?;
        let approved = store::set_status(conn, row, to, None)?;
        announce(conn, event, &approved)?;
        Ok(Registered {
            event: event.clone(),
            record: record(conn, caller, approved)?,
        })
    }
}

/// A pending or waitlisted registration declined by the organisers, with an optional reason
/// told to the company. A declined waitlisted one leaves the line: those behind it may now
/// fit. Run by [`crate::app::edit::update`].
pub struct Decline;

/// Why the organisers decline (told to the company's editors).
#[derive(Debug, Clone, Default)]
pub struct DeclineChange {
    pub reason: Option<String>,
}

impl Editable for Decline {
    type Key = RegistrationKey;
    type Row = Registered;
    type Change = DeclineChange;
    const TABLE: crate::store::Locked = crate::store::Locked::Events;

    fn load(conn: &mut DbConn, caller: &Principal, key: &RegistrationKey) -> AppResult<Registered> {
        crate::app::registrations::load_registered(conn, caller, key, visible_event_with_seats)
    }

    fn authorize(caller: &Principal, current: &Registered) -> AppResult<()> {
        require_organiser(caller, current)
    }

    fn check(_caller: &Principal, current: &Registered, _change: &DeclineChange) -> AppResult<()> {
        let row = &current.record.row;
        let allowed = [RegistrationStatus::Pending, RegistrationStatus::Waitlisted];
        if !allowed.contains(&row.status) {
            return Err(not_in(row, "declined", &allowed));
        }
        check_published(&current.event)
    }

    fn store(
        conn: &mut DbConn,
        caller: &Principal,
        current: &Registered,
        change: DeclineChange,
    ) -> AppResult<Registered> {
        let (event, row) = (&current.event, &current.record.row);
        let reason = change
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let declined = store::set_status(conn, row, RegistrationStatus::Declined, reason)?;
        flows::registration_news(
            conn,
            event,
            &declined,
            RegistrationNews::Declined { reason },
        )?;
        if row.status == RegistrationStatus::Waitlisted {
            promote_waitlisted(conn, event.row.id)?;
        }
        Ok(Registered {
            event: event.clone(),
            record: record(conn, caller, declined)?,
        })
    }
}
