//! A person's secret calendar feed (`/calendar/{token}.ics`): made, rotated and revoked by
//! its owner, read by calendar apps with the token alone. What it shows is the owner's own
//! view — the same rules as their signed-in reads decide which events, meetings and people
//! appear.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::app::agenda::AgendaRecord;
use crate::app::matchmaking::schedule::{MySchedule, mine_in, zone_named};
use crate::app::meetings::MeetingWithPeople;
use crate::domain::access::Principal;
use crate::domain::calendar_feed::{self as rules, MAX_EVENTS, MAX_MEETINGS};
use crate::domain::event::EventStatus;
use crate::error::{AppError, AppResult};
use crate::store::calendar_feeds::{self as store, FeedRow, Scope};
use crate::store::{Db, DbConn};

/// Feeds are people's: API keys have none (403).
fn person(caller: &Principal) -> AppResult<Uuid> {
    if caller.user_id.is_nil() || caller.api_key.is_some() {
        return Err(AppError::Forbidden(
            "a calendar feed belongs to a person; API keys have none".into(),
        ));
    }
    Ok(caller.user_id)
}

/// Makes the caller's feed, or a new token for it (the old URL stops working at once).
/// Returns the token, which is not stored and cannot be shown again.
pub async fn create(db: &Db, caller: Principal) -> AppResult<(String, FeedRow)> {
    let user_id = person(&caller)?;
    db.write(move |conn| {
        // Two rotations at once (a double click, two devices) take turns on the person's
        // row: each replaces the feed the other made, and neither trips over the other's
        // insert (PostgreSQL would answer the loser's with a unique violation).
        crate::store::lock_for_update(conn, crate::store::Locked::Users, &user_id.to_string())?;
        Ok(store::issue(conn, user_id)?)
    })
    .await
}

/// The caller's feed, if they have one (never its token).
pub async fn status(db: &Db, caller: Principal) -> AppResult<Option<FeedRow>> {
    let user_id = person(&caller)?;
    db.run(move |conn| Ok(store::of_user(conn, user_id)?)).await
}

/// Revokes the caller's feed (nothing to do when there is none).
pub async fn revoke(db: &Db, caller: Principal) -> AppResult<()> {
    let user_id = person(&caller)?;
    db.write(move |conn| {
        store::revoke(conn, user_id)?;
        Ok(())
    })
    .await
}

/// What a feed shows, as its owner may see it.
pub struct FeedContents {
    /// The owner's zone (the calendar's `X-WR-TIMEZONE`, and that of their schedule).
    pub zone: Tz,
    pub window: (DateTime<Utc>, DateTime<Utc>),
    /// Agendas of the events they attend, register for or organise.
    pub agendas: Vec<AgendaRecord>,
    /// Their own B2B meetings from the published schedules.
    pub schedule: MySchedule,
    /// Follow-up meetings, each with its request's subject.
    pub meetings: Vec<(MeetingWithPeople, String)>,
}

/// The feed behind `token`: 404 for a token that is unknown or revoked (one answer for both).
pub async fn contents(db: &Db, token: String) -> AppResult<FeedContents> {
    db.run(move |conn| {
        let feed = store::find(conn, &token)?
            .ok_or_else(|| AppError::NotFound("no calendar feed here".into()))?;
        store::touch(conn, &feed)?;
        read(conn, feed.user_id, Utc::now())
    })
    .await
}

fn read(conn: &mut DbConn, user_id: Uuid, now: DateTime<Utc>) -> AppResult<FeedContents> {
    let user = crate::store::users::get(conn, user_id)?;
    let grants = crate::store::users::active_grants_of(conn, &[user_id])?
        .iter()
        .filter_map(crate::store::users::GrantRow::to_grant)
        .collect();
    let owner = Principal::user(user_id, grants);
    let window = rules::window(now);
    let scope = Scope {
        members: owner.edited_members(),
        clusters: owner.managed_clusters(),
        user_id,
        email: user.email_verified_at.map(|_| user.email.clone()),
        from: window.0.naive_utc(),
        to: window.1.naive_utc(),
    };
    // The events they attend as a contact person (their confirmed address), besides those
    // of their companies and clusters.
    let mut event_ids = store::events_of(conn, &scope, MAX_EVENTS)?;
    if let Some(email) = &scope.email {
        for (registration, _) in crate::store::registrations::attended_by(conn, email, None)? {
            if !event_ids.contains(&registration.event_id) {
                event_ids.push(registration.event_id);
            }
        }
    }
    let mut agendas = Vec::new();
    for id in event_ids {
        let event = crate::store::events::get_for_access(conn, id)?;
        let (starts, ends) = (event.row.starts_at.and_utc(), event.row.ends_at.and_utc());
        if !event.parties().can_view(&owner)
            || event.row.status == EventStatus::Cancelled
            || !rules::in_window(window, starts, ends)
        {
            continue;
        }
        let items = crate::store::agenda::list(conn, id)?;
        agendas.push(crate::app::agenda::record_of(conn, event, items)?);
    }
    agendas.sort_by_key(|a| (a.event.row.starts_at, a.event.row.id));
    agendas.truncate(MAX_EVENTS as usize);

    let mut schedule = mine_in(conn, &owner, None)?;
    schedule.meetings.retain(|m| {
        rules::in_window(
            window,
            m.meeting.meeting.starts_at,
            m.meeting.meeting.ends_at,
        )
    });

    let mut meetings = Vec::new();
    for row in store::meetings_of(conn, &scope, MAX_MEETINGS)? {
        // Cancelled meetings leave the calendar.
        if row.status == crate::domain::partnership::MeetingStatus::Cancelled {
            continue;
        }
        if let Some(seen) = crate::app::meetings::seen_by(conn, &owner, row)? {
            meetings.push(seen);
        }
    }
    Ok(FeedContents {
        zone: zone_named(&user.time_zone),
        window,
        agendas,
        schedule,
        meetings,
    })
}
