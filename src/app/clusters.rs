//! Industry clusters: their use cases.

use crate::app::auth::{Credentials, read_as};
use uuid::Uuid;

use crate::app::edit::{Editable, Removable};
use crate::domain::access::{Principal, require};
use crate::error::AppResult;
use crate::store::clusters::{self as store, ClusterData, ClusterFilter, ClusterWithCount};
use crate::store::{Db, DbConn};

/// A page of clusters with their member counts, in creation order, after `after`.
/// (The public directory: any signed-in caller, confirmed in the same checkout.)
pub async fn list(
    db: &Db,
    who: Credentials,
    filter: ClusterFilter,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<ClusterWithCount>> {
    read_as(db, who, false, move |conn| {
        Ok(store::list(conn, &filter, after.as_deref(), limit)?)
    })
    .await
}

pub async fn get(db: &Db, who: Credentials, id: Uuid) -> AppResult<ClusterWithCount> {
    read_as(db, who, false, move |conn| Ok(store::get(conn, id)?)).await
}

/// Creates a cluster (platform admins).
pub async fn create(db: &Db, caller: &Principal, data: ClusterData) -> AppResult<ClusterWithCount> {
    require(caller.is_admin(), "create clusters (platform admins do)")?;
    db.write(move |conn| Ok(store::insert(conn, &data)?)).await
}

/// The cluster as an object that its managers change and platform admins remove.
pub struct Cluster;

impl Editable for Cluster {
    type Key = Uuid;
    type Row = ClusterWithCount;
    type Change = ClusterData;
    const TABLE: crate::store::Locked = crate::store::Locked::Clusters;

    fn load(conn: &mut DbConn, _caller: &Principal, &id: &Uuid) -> AppResult<ClusterWithCount> {
        Ok(store::get(conn, id)?)
    }

    fn authorize(caller: &Principal, row: &ClusterWithCount) -> AppResult<()> {
        let id = crate::store::stored_uuid(&row.0.id)?;
        Ok(require(caller.manages_cluster(id), "edit this cluster")?)
    }

    fn store(
        conn: &mut DbConn,
        _caller: &Principal,
        row: &ClusterWithCount,
        change: ClusterData,
    ) -> AppResult<ClusterWithCount> {
        Ok(store::update(conn, &row.0, &change)?)
    }
}

impl Removable for Cluster {
    fn authorize_removal(caller: &Principal, _row: &ClusterWithCount) -> AppResult<()> {
        Ok(require(
            caller.is_admin(),
            "delete clusters (platform admins do)",
        )?)
    }

    fn remove(conn: &mut DbConn, row: &ClusterWithCount) -> AppResult<()> {
        Ok(store::delete(conn, &row.0, row.1)?)
    }
}
