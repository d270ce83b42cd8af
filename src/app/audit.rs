//! The audit log: an append-only record of every write made through the API — who (a user
//! or an API key), which operation on which path, which fields were sent (their names, never
//! their values), which objects and clusters it touched, when — written in the same
//! transaction as the change, so that neither exists without the other.
//!
//! How it is gathered without every handler taking part: the HTTP layer's audit middleware
//! runs each write request (POST, PUT, PATCH, DELETE) through [`recording`], which gives it a
//! [`Handle`] in a task-local; the `Principal` extractor names the caller in it, the JSON
//! extractor the fields; storage notes the objects and clusters it changes
//! (`store::audit::note_object`, `store::audit::note_cluster`: the change feed and the
//! webhook outbox do so for everything they record) on the connection's thread; and
//! `Db::write` inserts the entry inside its transaction ([`audited`]). Bookkeeping writes
//! (throttle counters, kept answers of retried requests) use `Db::write_unaudited`. The table
//! itself is `crate::store::audit`'s.

use std::sync::{Arc, Mutex};

use crate::error::AppResult;
use crate::store::{self, DbConn};

// Storage notes what a write touches, and keeps the list; re-exported here for the callers
// that still name them through `app::audit`.
pub use crate::store::audit::{EntryRow, Filter, note_cluster, note_object};

/// What the request says about itself, filled in while it is handled.
#[derive(Debug, Default, Clone)]
pub struct Context {
    pub actor_user_id: Option<String>,
    pub actor_api_key_id: Option<String>,
    /// Method and route pattern, such as `PATCH /api/v1/members/{id}`.
    pub operation: String,
    pub path: String,
    pub fields: Vec<String>,
    /// Set once the request's entry is written: a request is one entry.
    pub written: bool,
}

/// The request's audit context, shared between the extractors and `Db::write`.
#[derive(Debug, Default, Clone)]
pub struct Handle(Arc<Mutex<Context>>);

impl Handle {
    fn with<R>(&self, f: impl FnOnce(&mut Context) -> R) -> R {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

tokio::task_local! {
    static CURRENT: Handle;
}

/// The current request's handle, if it is a write request.
pub fn current() -> Option<Handle> {
    CURRENT.try_with(Clone::clone).ok()
}

/// Names the caller (the `Principal` extractor calls this).
pub fn set_actor(user_id: Option<uuid::Uuid>, api_key_id: Option<uuid::Uuid>, operation: &str) {
    if let Some(h) = current() {
        h.with(|c| {
            c.actor_user_id = user_id.map(|u| u.to_string());
            c.actor_api_key_id = api_key_id.map(|k| k.to_string());
            c.operation = operation.to_owned();
        });
    }
}

/// Leaves the current request out of the audit log: for writes whose author must stay
/// unknown to those who read the log (an anonymous survey answer).
pub fn not_audited() {
    if let Some(h) = current() {
        h.with(|c| c.written = true);
    }
}

/// Names the fields a JSON body sent (the JSON extractor calls this).
pub fn set_fields(body: &[u8]) {
    if let Some(h) = current() {
        let fields: Vec<String> = serde_json::from_slice::<
            std::collections::BTreeMap<String, serde::de::IgnoredAny>,
        >(body)
        .map(|m| m.into_keys().collect())
        .unwrap_or_default();
        h.with(|c| c.fields = fields);
    }
}

/// Runs `f` (inside the write transaction) and, when it succeeds and `handle` belongs to a
/// request with a caller that has no entry yet, writes the entry in the same transaction.
pub fn audited<T>(
    conn: &mut DbConn,
    handle: Option<&Handle>,
    f: impl FnOnce(&mut DbConn) -> AppResult<T>,
) -> AppResult<T> {
    let Some(handle) = handle else {
        return f(conn);
    };
    let context = handle.with(|c| c.clone());
    if context.written || (context.actor_user_id.is_none() && context.actor_api_key_id.is_none()) {
        return f(conn);
    }
    let (result, noted) = store::audit::collecting(conn, f);
    let value = result?;
    store::audit::insert(
        conn,
        store::audit::NewEntry {
            actor_user_id: context.actor_user_id,
            actor_api_key_id: context.actor_api_key_id,
            operation: context.operation,
            path: context.path,
            fields: context.fields,
            noted,
        },
    )?;
    handle.with(|c| c.written = true);
    Ok(value)
}

/// Runs `request` (the handling of a write request: `method` on `path`) with a new handle
/// of its own, which the extractors and `Db::write` find through [`current`]. The HTTP
/// layer's audit middleware calls this for every POST, PUT, PATCH and DELETE.
pub async fn recording<F: Future>(method: &str, path: &str, request: F) -> F::Output {
    let handle = Handle::default();
    handle.with(|c| {
        c.path = path.to_owned();
        c.operation = format!("{method} {path}");
    });
    CURRENT.scope(handle, request).await
}

/// The audit log, filtered (see [`Filter`]), oldest first, after the entry `after`.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<EntryRow>> {
    Ok(store::audit::list(conn, filter, after, limit)?)
}

/// The audit log as `caller` may read it: admins all of it (or one cluster's, with
/// `cluster_id`); a cluster's managers (people, not API keys) their clusters' (or one of
/// them). `filter.clusters` is set here from those rules.
pub async fn read(
    db: &store::Db,
    caller: &crate::domain::access::Principal,
    cluster_id: Option<uuid::Uuid>,
    mut filter: Filter,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<EntryRow>> {
    use crate::domain::access::require;
    filter.clusters = if caller.is_admin() {
        cluster_id.map(|c| vec![c.to_string()])
    } else {
        let managed = caller.managed_clusters();
        require(
            caller.api_key.is_none() && !managed.is_empty(),
            "read the audit log (admins and cluster managers do)",
        )?;
        match cluster_id {
            Some(c) => {
                require(managed.contains(&c), "read this cluster's audit log")?;
                Some(vec![c.to_string()])
            }
            None => Some(managed.iter().map(uuid::Uuid::to_string).collect()),
        }
    };
    db.run(move |conn| list(conn, &filter, after.as_deref(), limit))
        .await
}
