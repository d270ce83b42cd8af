//! Member companies: the directory's use cases.

use uuid::Uuid;

use crate::app::auth::{Credentials, read_as};
use crate::app::edit::{Editable, Removable};
use crate::domain::access::{Principal, require};
use crate::error::{AppError, AppResult};
use crate::store::members::{self as store, MemberData, MemberFilter, MemberRow};
use crate::store::{Db, DbConn};

/// A page of members, in creation order, after `after`.
/// (The public directory: any signed-in caller, confirmed in the same checkout.)
pub async fn list(
    db: &Db,
    who: Credentials,
    filter: MemberFilter,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<MemberRow>> {
    read_as(db, who, false, move |conn| {
        Ok(store::list(conn, &filter, after.as_deref(), limit)?)
    })
    .await
}

pub async fn get(db: &Db, who: Credentials, id: Uuid) -> AppResult<MemberRow> {
    read_as(db, who, true, move |conn| Ok(store::get(conn, id)?)).await
}

/// Adds a company to a cluster (that cluster's managers and admins).
pub async fn create(
    db: &Db,
    caller: &Principal,
    cluster_id: Uuid,
    data: MemberData,
) -> AppResult<MemberRow> {
    require(
        caller.manages_cluster(cluster_id),
        "add members to this cluster",
    )?;
    db.write(move |conn| {
        if !crate::store::clusters::exists(conn, cluster_id)? {
            return Err(AppError::invalid(
                "cluster_id",
                format!("no cluster with id {cluster_id}"),
            ));
        }
        Ok(store::insert(conn, cluster_id, &data)?)
    })
    .await
}

/// What a member company becomes: its cluster (which cannot change) and its profile.
pub struct MemberChange {
    pub cluster_id: Uuid,
    pub data: MemberData,
}

/// The member company as an object that its editors change and its managers remove.
pub struct Member;

impl Editable for Member {
    type Key = Uuid;
    type Row = MemberRow;
    type Change = MemberChange;
    const TABLE: crate::store::Locked = crate::store::Locked::Members;

    fn load(conn: &mut DbConn, _caller: &Principal, &id: &Uuid) -> AppResult<MemberRow> {
        Ok(store::get(conn, id)?)
    }

    fn authorize(caller: &Principal, row: &MemberRow) -> AppResult<()> {
        Ok(require(
            caller.can_edit_member(row.cluster_uuid()?, row.uuid()?),
            "edit this member company",
        )?)
    }

    fn check(caller: &Principal, row: &MemberRow, change: &MemberChange) -> AppResult<()> {
        let cluster_id = row.cluster_uuid()?;
        // The portal's key: a member editor who could set it could make the next sync
        // write another company's data (and delete their own people) here.
        if change.data.external_id != row.external_id && !caller.manages_cluster(cluster_id) {
            return Err(AppError::Forbidden(
                "only the cluster's managers (and portal keys through the member sync) may set or change external_id".into(),
            ));
        }
        if change.cluster_id != cluster_id {
            return Err(AppError::invalid(
                "cluster_id",
                "a member company cannot move to another cluster; create it there instead",
            ));
        }
        Ok(())
    }

    fn store(
        conn: &mut DbConn,
        _caller: &Principal,
        row: &MemberRow,
        change: MemberChange,
    ) -> AppResult<MemberRow> {
        Ok(store::update(conn, row, &change.data)?)
    }
}

impl Removable for Member {
    fn authorize_removal(caller: &Principal, row: &MemberRow) -> AppResult<()> {
        Ok(require(
            caller.manages_cluster(row.cluster_uuid()?),
            "remove this member company",
        )?)
    }

    fn remove(conn: &mut DbConn, row: &MemberRow) -> AppResult<()> {
        Ok(store::delete(conn, row)?)
    }
}

/// Brings back a company a mirror sync removed, within the retention period.
pub async fn restore(db: &Db, caller: Principal, id: Uuid) -> AppResult<MemberRow> {
    db.write(move |conn| {
        crate::store::lock_for_update(conn, crate::store::Locked::Members, &id.to_string())?;
        let current = store::get_removed(conn, id)?;
        require(
            caller.manages_cluster(current.cluster_uuid()?),
            "restore this member company",
        )?;
        if current.purged_at.is_some() {
            return Err(AppError::conflict(
                "the retention period ended and the company's people were deleted; create it again",
            ));
        }
        Ok(store::restore(conn, &current)?)
    })
    .await
}
