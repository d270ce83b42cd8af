//! API keys, stored as SHA-256 hashes of their secrets.

use base64::Engine;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use rand::RngCore;
use uuid::Uuid;

use super::schema::api_keys;
use super::tokens::hash_token;
use super::{DbConn, new_uuid, now};
use crate::domain::access::Role;
use crate::domain::api_key::SECRET_PREFIX;
use crate::store::{Error, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
pub struct ApiKeyRow {
    pub id: Uuid,
    pub cluster_id: Uuid,
    pub name: String,
    pub scopes: String,
    pub secret_hash: String,
    pub prefix: String,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_by: Option<Uuid>,
    pub created_at: NaiveDateTime,
}

/// A new secret: the prefix and 256 random bits.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!(
        "{SECRET_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

pub struct NewKey<'a> {
    pub cluster_id: Uuid,
    pub name: &'a str,
    pub scopes: &'a str,
    pub expires_at: Option<NaiveDateTime>,
    pub created_by: Uuid,
}

/// Stores a key and returns it with its secret, which is not kept.
pub fn insert(conn: &mut DbConn, new: NewKey<'_>) -> StoreResult<(ApiKeyRow, String)> {
    let secret = new_secret();
    let id = new_uuid();
    crate::store::audit::note_object("api_key", &id.to_string());
    crate::store::audit::note_cluster(&new.cluster_id.to_string());
    diesel::insert_into(api_keys::table)
        .values((
            api_keys::id.eq(id.to_string()),
            api_keys::cluster_id.eq(new.cluster_id.to_string()),
            api_keys::name.eq(new.name),
            api_keys::scopes.eq(new.scopes),
            api_keys::secret_hash.eq(hash_token(&secret)),
            api_keys::prefix.eq(&secret[..SECRET_PREFIX.len() + 6]),
            api_keys::expires_at.eq(new.expires_at),
            api_keys::created_by.eq(new.created_by.to_string()),
            api_keys::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok((get(conn, id)?, secret))
}

pub fn get(conn: &mut DbConn, id: Uuid) -> StoreResult<ApiKeyRow> {
    api_keys::table
        .find(id.to_string())
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no API key with id {id}")))
}

/// Keys of these clusters (all keys when `None`), newest last.
pub fn list(
    conn: &mut DbConn,
    clusters: Option<&[Uuid]>,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<ApiKeyRow>> {
    let mut query = api_keys::table.select(ApiKeyRow::as_select()).into_boxed();
    if let Some(clusters) = clusters {
        query = query.filter(
            api_keys::cluster_id.eq_any(clusters.iter().map(Uuid::to_string).collect::<Vec<_>>()),
        );
    }
    if let Some(after) = after {
        query = query.filter(api_keys::id.gt(after.to_owned()));
    }
    Ok(query.order(api_keys::id.asc()).limit(limit).load(conn)?)
}

pub fn revoke(conn: &mut DbConn, id: Uuid) -> StoreResult<()> {
    if let Some(cluster) = api_keys::table
        .find(id.to_string())
        .select(api_keys::cluster_id)
        .first::<String>(conn)
        .optional()?
    {
        crate::store::audit::note_cluster(&cluster);
    }
    crate::store::audit::note_object("api_key", &id.to_string());
    diesel::update(
        api_keys::table
            .find(id.to_string())
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(now()))
    .execute(conn)?;
    Ok(())
}

/// The key with this secret if it exists (revoked or expired ones included: the caller
/// decides what to say).
pub fn find_by_secret(conn: &mut DbConn, secret: &str) -> StoreResult<Option<ApiKeyRow>> {
    Ok(api_keys::table
        .filter(api_keys::secret_hash.eq(hash_token(secret)))
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()?)
}

/// Records use, at most once a minute per key, so that a busy script does not turn every
/// read into a write.
pub fn touch(conn: &mut DbConn, row: &ApiKeyRow) -> StoreResult<()> {
    let at = now();
    if row
        .last_used_at
        .is_some_and(|last| at - last < chrono::Duration::seconds(60))
    {
        return Ok(());
    }
    diesel::update(api_keys::table.find(row.id.to_string()))
        .set(api_keys::last_used_at.eq(at))
        .execute(conn)?;
    Ok(())
}

/// Whether the person who made `key` still manages its cluster (or is an admin): a key acts
/// with its maker's authority and ends with it. Keys without a recorded maker (none are made
/// so through the API) count as the cluster's.
pub fn creator_manages_cluster(conn: &mut DbConn, key: &ApiKeyRow) -> StoreResult<bool> {
    use super::schema::role_grants;
    let Some(creator) = key.created_by else {
        return Ok(true);
    };
    let cluster_scope = format!("cluster:{}", key.cluster_id);
    let holds: i64 = role_grants::table
        .filter(role_grants::user_id.eq(creator.to_string()))
        .filter(
            role_grants::role.eq(Role::Admin).or(role_grants::role
                .eq(Role::ClusterManager)
                .and(role_grants::scope_key.eq(cluster_scope))),
        )
        .count()
        .get_result(conn)?;
    Ok(holds > 0)
}
