//! The change feed: every change to a fed entity gets the next sequence number, in commit
//! order, so that a client following `since=<seq>` misses nothing and sees nothing twice.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::{changes, feed_state};
use super::{DbConn, now};
use crate::store::StoreResult;

pub const MEMBER: &str = "member";
pub const CONTACT: &str = "contact";
pub const EVENT: &str = "event";
pub const REGISTRATION: &str = "registration";
pub const PARTNERSHIP_REQUEST: &str = "partnership_request";
pub const MEETING_REQUEST: &str = "meeting_request";
pub const TRADE_NOTE: &str = "trade_note";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = changes)]
pub struct ChangeRow {
    pub seq: i64,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub cluster_id: Option<Uuid>,
    pub deleted: bool,
    pub at: NaiveDateTime,
    pub parent_id: Option<Uuid>,
}

/// Reserves `n` sequence numbers and returns the first. The update locks the single counter
/// row until the transaction ends (PostgreSQL), and SQLite has one writer anyway: numbers
/// are handed out in the order transactions commit, which is what makes `since` safe under
/// concurrency.
fn reserve(conn: &mut DbConn, n: i64) -> StoreResult<i64> {
    diesel::update(feed_state::table.find(1))
        .set(feed_state::last_seq.eq(feed_state::last_seq + n))
        .execute(conn)?;
    let last: i64 = feed_state::table
        .find(1)
        .select(feed_state::last_seq)
        .first(conn)?;
    Ok(last - n + 1)
}

/// One change to record: which entity, of which cluster, deleted or not.
pub struct Change<'a> {
    pub entity_id: &'a str,
    pub cluster_id: Option<&'a str>,
    pub deleted: bool,
}

/// Records one change of a nested or top-level object (`parent`: the event of a
/// registration or meeting request).
pub fn record_one(
    conn: &mut DbConn,
    entity_type: &str,
    entity_id: Uuid,
    parent: Option<Uuid>,
    cluster_id: Option<Uuid>,
    deleted: bool,
) -> StoreResult<()> {
    let entity_id = entity_id.to_string();
    let cluster_id = cluster_id.map(|c| c.to_string());
    let parent = parent.map(|p| p.to_string());
    crate::store::audit::note_object(entity_type, &entity_id);
    if let Some(cluster) = &cluster_id {
        crate::store::audit::note_cluster(cluster);
    }
    let seq = reserve(conn, 1)?;
    let row = NewChange {
        seq,
        entity_type,
        entity_id: &entity_id,
        cluster_id: cluster_id.as_deref(),
        deleted,
        at: now(),
        parent_id: parent.as_deref(),
    };
    match conn {
        DbConn::Pg(c) => diesel::insert_into(changes::table)
            .values(&row)
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(changes::table)
            .values(&row)
            .execute(c)?,
    };
    Ok(())
}

#[derive(Insertable)]
#[diesel(table_name = changes)]
struct NewChange<'a> {
    seq: i64,
    entity_type: &'a str,
    entity_id: &'a str,
    cluster_id: Option<&'a str>,
    deleted: bool,
    at: NaiveDateTime,
    parent_id: Option<&'a str>,
}

/// Records changes of entities, in the given order. Call inside the changing transaction.
pub fn record(conn: &mut DbConn, entity_type: &str, items: &[Change<'_>]) -> StoreResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    for c in items {
        crate::store::audit::note_object(entity_type, c.entity_id);
        if let Some(cluster) = c.cluster_id {
            crate::store::audit::note_cluster(cluster);
        }
    }
    let first = reserve(conn, items.len() as i64)?;
    let at = now();
    let rows: Vec<NewChange> = items
        .iter()
        .enumerate()
        .map(|(i, c)| NewChange {
            seq: first + i as i64,
            entity_type,
            entity_id: c.entity_id,
            cluster_id: c.cluster_id,
            deleted: c.deleted,
            at,
            parent_id: None,
        })
        .collect();
    for chunk in rows.chunks(1000) {
        match conn {
            DbConn::Pg(c) => diesel::insert_into(changes::table)
                .values(chunk)
                .execute(c)?,
            DbConn::Sqlite(c) => diesel::insert_into(changes::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(())
}

/// Changes after `since`, oldest first; several changes of one entity all appear (the
/// client applies them in order and ends with the latest state).
pub fn after(
    conn: &mut DbConn,
    entity_type: &str,
    since: i64,
    cluster_id: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<ChangeRow>> {
    let mut query = changes::table
        .filter(changes::entity_type.eq(entity_type))
        .filter(changes::seq.gt(since))
        .select(ChangeRow::as_select())
        .into_boxed();
    if let Some(cluster) = cluster_id {
        query = query.filter(changes::cluster_id.eq(cluster.to_owned()));
    }
    Ok(query.order(changes::seq.asc()).limit(limit).load(conn)?)
}

/// The newest sequence number handed out.
pub fn head(conn: &mut DbConn) -> StoreResult<i64> {
    Ok(feed_state::table
        .find(1)
        .select(feed_state::last_seq)
        .first(conn)?)
}

/// Changes of any of `types` after `since`, oldest first.
pub fn after_of_types(
    conn: &mut DbConn,
    types: &[&str],
    since: i64,
    limit: i64,
) -> StoreResult<Vec<ChangeRow>> {
    Ok(changes::table
        .filter(changes::entity_type.eq_any(types))
        .filter(changes::seq.gt(since))
        .select(ChangeRow::as_select())
        .order(changes::seq.asc())
        .limit(limit)
        .load(conn)?)
}

/// Whether the object of a change was deleted for good (only events and trade notes can
/// be; other kinds never are).
pub fn object_gone(conn: &mut DbConn, entity_type: &str, id: Uuid) -> StoreResult<bool> {
    use super::schema::{events, trade_notes};
    let id = id.to_string();
    let n: i64 = match entity_type {
        EVENT => events::table
            .filter(events::id.eq(id))
            .count()
            .get_result(conn)?,
        TRADE_NOTE => trade_notes::table
            .filter(trade_notes::id.eq(id))
            .count()
            .get_result(conn)?,
        _ => 1,
    };
    Ok(n == 0)
}
