//! API keys: keys for machines, made by a cluster's managers. The secret is shown once, at
//! creation; only its hash is kept. Revocation takes effect with the next request.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::access::{Principal, require};
use crate::domain::api_key::ApiScope;
use crate::error::{AppError, AppResult};
use crate::store::api_keys::{self as store, ApiKeyRow, NewKey};
use crate::store::{Db, DbConn};

/// A key as asked for.
pub struct KeyRequest {
    pub name: String,
    pub cluster_id: Uuid,
    pub scopes: Vec<ApiScope>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Makes a key for a cluster (its managers and admins, as people). Returns the key and its
/// secret, which cannot be read again.
pub async fn create(
    db: &Db,
    caller: &Principal,
    request: KeyRequest,
) -> AppResult<(ApiKeyRow, String)> {
    require(
        caller.api_key.is_none() && caller.manages_cluster(request.cluster_id),
        "create keys for this cluster",
    )?;
    if request.expires_at.is_some_and(|e| e <= Utc::now()) {
        return Err(AppError::invalid("expires_at", "must be in the future"));
    }
    let mut scopes = request.scopes.clone();
    scopes.dedup();
    let scopes = serde_json::to_string(&scopes).map_err(AppError::internal)?;
    let created_by = caller.user_id;
    db.write(move |conn| {
        crate::store::clusters::get(conn, request.cluster_id)
            .map_err(|_| AppError::invalid("cluster_id", "no such cluster"))?;
        Ok(store::insert(
            conn,
            NewKey {
                cluster_id: request.cluster_id,
                name: request.name.trim(),
                scopes: &scopes,
                expires_at: request.expires_at.map(|e| e.naive_utc()),
                created_by,
            },
        )?)
    })
    .await
}

/// A page of the keys of the clusters the caller manages (all for admins).
pub async fn list(
    db: &Db,
    caller: &Principal,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<ApiKeyRow>> {
    let clusters = (!caller.is_admin()).then(|| caller.managed_clusters());
    db.run(move |conn| {
        Ok(store::list(
            conn,
            clusters.as_deref(),
            after.as_deref(),
            limit,
        )?)
    })
    .await
}

/// The key if the caller manages its cluster; "not found" otherwise.
fn visible_key(conn: &mut DbConn, caller: &Principal, id: Uuid) -> AppResult<ApiKeyRow> {
    let row = store::get(conn, id)?;
    if caller.manages_cluster(row.cluster_id) {
        Ok(row)
    } else {
        Err(AppError::NotFound(format!("no API key with id {id}")))
    }
}

pub async fn get(db: &Db, caller: Principal, id: Uuid) -> AppResult<ApiKeyRow> {
    db.run(move |conn| visible_key(conn, &caller, id)).await
}

/// Revokes a key: it stops working with the next request.
pub async fn revoke(db: &Db, caller: Principal, id: Uuid) -> AppResult<()> {
    db.write(move |conn| {
        visible_key(conn, &caller, id)?;
        Ok(store::revoke(conn, id)?)
    })
    .await
}
