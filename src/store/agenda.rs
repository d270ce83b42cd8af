//! Agenda items of an event: order and durations only (times are computed).

use diesel::prelude::*;
use uuid::Uuid;

use super::schema::{agenda_items, events};
use super::{DbConn, new_id, now};
use crate::domain::agenda::{self, ItemKind, PlannedItem};
use crate::domain::translation::{AgendaItemTranslations, Language, Translations};
use crate::store::{Error, StoreResult};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = agenda_items)]
pub struct AgendaRow {
    pub id: Uuid,
    pub event_id: Uuid,
    pub position: i32,
    pub kind: ItemKind,
    pub title: String,
    pub member_id: Option<Uuid>,
    pub cluster_id: Option<Uuid>,
    pub registration_id: Option<Uuid>,
    pub duration_minutes: i32,
    pub gap_before_minutes: i32,
    pub meeting_session_id: Option<Uuid>,
    /// The title in other languages (`domain::translation`).
    #[diesel(deserialize_as = String)]
    pub translations: AgendaItemTranslations,
    /// The language of `title`, when said.
    pub original_language: Option<Language>,
}

pub fn list(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Vec<AgendaRow>> {
    Ok(agenda_items::table
        .filter(agenda_items::event_id.eq(event_id.to_string()))
        .order(agenda_items::position.asc())
        .select(AgendaRow::as_select())
        .load(conn)?)
}

fn insert_row(
    conn: &mut DbConn,
    event_id: Uuid,
    position: usize,
    item: &PlannedItem,
) -> StoreResult<()> {
    diesel::insert_into(agenda_items::table)
        .values((
            agenda_items::id.eq(new_id()),
            agenda_items::event_id.eq(event_id.to_string()),
            agenda_items::position.eq(position as i32),
            agenda_items::kind.eq(item.kind),
            agenda_items::title.eq(&item.title),
            agenda_items::member_id.eq(item.member_id.map(|u| u.to_string())),
            agenda_items::cluster_id.eq(item.cluster_id.map(|u| u.to_string())),
            agenda_items::registration_id.eq(item.registration_id.map(|u| u.to_string())),
            agenda_items::duration_minutes.eq(item.duration_minutes as i32),
            agenda_items::gap_before_minutes.eq(item.gap_before_minutes as i32),
            agenda_items::meeting_session_id.eq(item.meeting_session_id.map(|u| u.to_string())),
            agenda_items::translations.eq(item.translations.to_text()),
            agenda_items::original_language.eq(item.original_language),
        ))
        .execute(conn)?;
    Ok(())
}

/// Replaces the whole agenda. An item that is "the same item" as one already there (see
/// [`agenda::identities`]) keeps that item's id, so calendars subscribed to the agenda see it
/// moved rather than a new entry; only new items get new ids, and items gone are deleted.
pub fn replace(
    conn: &mut DbConn,
    event_id: Uuid,
    items: &[PlannedItem],
) -> StoreResult<Vec<AgendaRow>> {
    let current = list(conn, event_id)?;
    let matches = agenda::match_existing(
        &agenda::identities(
            current
                .iter()
                .map(|r| (r.kind, r.cluster_id, r.registration_id)),
        ),
        &agenda::identities(
            items
                .iter()
                .map(|i| (i.kind, i.cluster_id, i.registration_id)),
        ),
    );
    let kept: Vec<usize> = matches.iter().flatten().copied().collect();
    for (i, row) in current.iter().enumerate() {
        if !kept.contains(&i) {
            delete_item(conn, row.id)?;
        }
    }
    for (position, (item, found)) in items.iter().zip(&matches).enumerate() {
        match found {
            Some(i) => {
                diesel::update(agenda_items::table.find(current[*i].id.to_string()))
                    .set((
                        agenda_items::position.eq(position as i32),
                        agenda_items::title.eq(&item.title),
                        agenda_items::member_id.eq(item.member_id.map(|u| u.to_string())),
                        agenda_items::cluster_id.eq(item.cluster_id.map(|u| u.to_string())),
                        agenda_items::registration_id
                            .eq(item.registration_id.map(|u| u.to_string())),
                        agenda_items::duration_minutes.eq(item.duration_minutes as i32),
                        agenda_items::gap_before_minutes.eq(item.gap_before_minutes as i32),
                        agenda_items::meeting_session_id
                            .eq(item.meeting_session_id.map(|u| u.to_string())),
                        agenda_items::translations.eq(item.translations.to_text()),
                        agenda_items::original_language.eq(item.original_language),
                    ))
                    .execute(conn)?;
            }
            None => insert_row(conn, event_id, position, item)?,
        }
    }
    list(conn, event_id)
}

/// Inserts `item` at `position` (clamped to the end) and renumbers the rest.
pub fn insert_at(
    conn: &mut DbConn,
    event_id: Uuid,
    position: usize,
    item: &PlannedItem,
) -> StoreResult<Vec<AgendaRow>> {
    let current = list(conn, event_id)?;
    let position = position.min(current.len());
    for row in current.iter().filter(|r| r.position as usize >= position) {
        diesel::update(agenda_items::table.find(row.id.to_string()))
            .set(agenda_items::position.eq(row.position + 1))
            .execute(conn)?;
    }
    insert_row(conn, event_id, position, item)?;
    list(conn, event_id)
}

/// Stores the given order (rows as listed get positions 0, 1, …).
pub fn reorder(conn: &mut DbConn, rows: &[AgendaRow]) -> StoreResult<()> {
    for (position, row) in rows.iter().enumerate() {
        if row.position != position as i32 {
            diesel::update(agenda_items::table.find(row.id.to_string()))
                .set(agenda_items::position.eq(position as i32))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Writes an item's title (with its language and translations), length, gap and session
/// link.
pub fn update_item(conn: &mut DbConn, row: &AgendaRow) -> StoreResult<()> {
    diesel::update(agenda_items::table.find(row.id.to_string()))
        .set((
            agenda_items::title.eq(&row.title),
            agenda_items::translations.eq(row.translations.to_text()),
            agenda_items::original_language.eq(row.original_language),
            agenda_items::duration_minutes.eq(row.duration_minutes),
            agenda_items::gap_before_minutes.eq(row.gap_before_minutes),
            agenda_items::meeting_session_id.eq(row.meeting_session_id.map(|u| u.to_string())),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn delete_item(conn: &mut DbConn, id: Uuid) -> StoreResult<()> {
    diesel::delete(agenda_items::table.find(id.to_string())).execute(conn)?;
    Ok(())
}

/// Finds one item of the event's agenda, with its index.
pub fn find(rows: &[AgendaRow], item_id: Uuid) -> StoreResult<usize> {
    rows.iter()
        .position(|r| r.id == item_id)
        .ok_or_else(|| Error::NotFound(format!("the agenda has no item {item_id}")))
}

/// Records that the event's agenda changed now (its calendar's `DTSTAMP`).
pub fn touch(conn: &mut DbConn, event_id: Uuid) -> StoreResult<()> {
    diesel::update(events::table.find(event_id.to_string()))
        .set(events::agenda_changed_at.eq(now()))
        .execute(conn)?;
    Ok(())
}

/// When the event's agenda last changed; `None` before its first change.
pub fn changed_at(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Option<chrono::NaiveDateTime>> {
    Ok(events::table
        .find(event_id.to_string())
        .select(events::agenda_changed_at)
        .first::<Option<chrono::NaiveDateTime>>(conn)
        .optional()?
        .flatten())
}

/// Pitches in the agenda per cluster (what the outcome figures count as pitches held).
pub fn pitches_per_cluster(
    conn: &mut DbConn,
    event_id: Uuid,
) -> StoreResult<Vec<(Option<Uuid>, i64)>> {
    Ok(agenda_items::table
        .filter(agenda_items::event_id.eq(event_id.to_string()))
        .filter(agenda_items::kind.eq(ItemKind::Pitch))
        .group_by(agenda_items::cluster_id)
        .select((agenda_items::cluster_id, diesel::dsl::count_star()))
        .load(conn)?)
}
