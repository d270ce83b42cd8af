//! Writes of member companies made for the portal sync (and data generation): batch inserts,
//! version-checked overwrites that the caller announces as one batch, the portal's hash,
//! tombstones and their restore.

use diesel::prelude::*;
use uuid::Uuid;

use super::{Announcement, MemberData, MemberRow, announce, announce_row};
use crate::store::schema::members;
use crate::store::{DbConn, Error, StoreResult, changed_meanwhile, now};
/// A complete member row, for batch inserts (portal sync, data generation).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = members)]
pub struct NewMemberRow {
    pub id: String,
    pub cluster_id: String,
    #[diesel(embed)]
    pub data: MemberData,
    pub version: i32,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    pub sync_hash: Option<String>,
}

impl NewMemberRow {
    /// Member `id` (a new one, see `store::new_uuid`) of `cluster_id`.
    pub fn new(id: Uuid, cluster_id: Uuid, data: MemberData) -> NewMemberRow {
        let at = now();
        NewMemberRow {
            id: id.to_string(),
            cluster_id: cluster_id.to_string(),
            data,
            version: 1,
            created_at: at,
            updated_at: at,
            sync_hash: None,
        }
    }
}

/// Inserts many rows with few statements. diesel's multi-backend connection cannot take a
/// multi-row `VALUES`, so this runs the same statement on the concrete connection.
pub fn insert_many(conn: &mut DbConn, rows: &[NewMemberRow]) -> StoreResult<()> {
    // 20 columns a row: 500 rows stay below both backends' bind-parameter limits.
    for chunk in rows.chunks(500) {
        match conn {
            DbConn::Pg(c) => diesel::insert_into(members::table)
                .values(chunk)
                .execute(c)?,
            DbConn::Sqlite(c) => diesel::insert_into(members::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    let announced: Vec<(String, String, Option<&str>)> = rows
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                r.cluster_id.clone(),
                r.data.external_id.as_deref(),
            )
        })
        .collect();
    announce(conn, Announcement::Created, &announced)
}

/// Writes new data (and restores a removed member), version-checked, without announcing:
/// the caller announces the whole batch at once.
pub fn overwrite(
    conn: &mut DbConn,
    id: Uuid,
    version: i32,
    data: &MemberData,
    sync_hash: &str,
) -> StoreResult<()> {
    let changed = diesel::update(
        members::table
            .find(id.to_string())
            .filter(members::version.eq(version)),
    )
    .set((
        data,
        members::deleted_at.eq(None::<chrono::NaiveDateTime>),
        members::sync_hash.eq(sync_hash),
        members::version.eq(version + 1),
        members::updated_at.eq(now()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(changed_meanwhile("member company"));
    }
    Ok(())
}

/// Forgets what the portal last sent for a member whose contact people were changed outside
/// the sync.
pub fn forget_sync(conn: &mut DbConn, member_id: Uuid) -> StoreResult<()> {
    diesel::update(
        members::table
            .find(member_id.to_string())
            .filter(members::sync_hash.is_not_null()),
    )
    .set(members::sync_hash.eq(None::<String>))
    .execute(conn)?;
    Ok(())
}

/// Records the portal's hash for a member the sync left unchanged but whose hash was unknown.
pub fn remember_sync(conn: &mut DbConn, member_id: Uuid, sync_hash: &str) -> StoreResult<()> {
    diesel::update(members::table.find(member_id.to_string()))
        .set(members::sync_hash.eq(sync_hash))
        .execute(conn)?;
    Ok(())
}

/// Marks members removed (tombstones), without announcing.
pub fn soft_delete(conn: &mut DbConn, ids: &[String]) -> StoreResult<()> {
    let at = now();
    for chunk in ids.chunks(1000) {
        diesel::update(members::table.filter(members::id.eq_any(chunk)))
            .set((
                members::deleted_at.eq(Some(at)),
                members::version.eq(members::version + 1),
                members::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A member that a mirror sync removed (a tombstone), or 404.
pub fn get_removed(conn: &mut DbConn, id: Uuid) -> StoreResult<MemberRow> {
    members::table
        .find(id.to_string())
        .filter(members::deleted_at.is_not_null())
        .select(MemberRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no removed member company with id {id}")))
}

/// Brings a removed member back. What the portal last sent is forgotten, so that its next
/// sync compares the company field by field. Announced as an update.
pub fn restore(conn: &mut DbConn, current: &MemberRow) -> StoreResult<MemberRow> {
    let at = now();
    let changed = diesel::update(
        members::table
            .find(current.id.to_string())
            .filter(members::version.eq(current.version)),
    )
    .set((
        members::deleted_at.eq(None::<chrono::NaiveDateTime>),
        members::sync_hash.eq(None::<String>),
        members::version.eq(current.version + 1),
        members::updated_at.eq(at),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(changed_meanwhile("member company"));
    }
    announce_row(
        conn,
        Announcement::Updated,
        current,
        current.external_id.as_deref(),
    )?;
    let people = crate::store::contacts::ids_of_members(conn, &[current.id.to_string().as_str()])?;
    crate::store::contacts::announce(conn, Announcement::Created, &people)?;
    super::get(conn, current.id)
}
