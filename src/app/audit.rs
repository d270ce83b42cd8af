//! The audit log: an append-only record of every write made through the API — who (a user
//! or an API key), which operation on which path, which fields were sent (their names, never
//! their values), which objects and clusters it touched, when — written in the same
//! transaction as the change, so that neither exists without the other.
//!
//! How it is gathered without every handler taking part: the [`Audit`] middleware gives each
//! write request (POST, PUT, PATCH, DELETE) a [`Handle`] in a task-local; the `Principal`
//! extractor names the caller in it, the JSON extractor the fields; storage notes the objects
//! and clusters it changes ([`note_object`], [`note_cluster`]: the change feed and the webhook
//! outbox do so for everything they record) on the connection's thread; and `Db::write`
//! inserts the entry inside its transaction. Bookkeeping writes (throttle counters, kept
//! answers of retried requests) use `Db::write_unaudited`.

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::error::AppResult;
use crate::store::schema::audit_log;
use crate::store::{DbConn, new_id, now};

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

/// What storage noted during one write, on the connection's thread.
#[derive(Debug, Default)]
pub struct Collected {
    clusters: Vec<String>,
    objects: Vec<String>,
}

/// At most this many objects are named per entry (a sync of 50,000 companies is one entry
/// that says how many).
const MAX_OBJECTS: usize = 100;

thread_local! {
    static COLLECTING: RefCell<Option<(Collected, usize)>> = const { RefCell::new(None) };
}

/// The clusters concerned by a change (no-op outside an audited write).
pub fn note_cluster(cluster_id: &str) {
    COLLECTING.with(|c| {
        if let Some((collected, _)) = c.borrow_mut().as_mut()
            && !collected.clusters.iter().any(|x| x == cluster_id)
        {
            collected.clusters.push(cluster_id.to_owned());
        }
    });
}

/// An object a change wrote, as `type:id` (no-op outside an audited write).
pub fn note_object(kind: &str, id: &str) {
    COLLECTING.with(|c| {
        if let Some((collected, count)) = c.borrow_mut().as_mut() {
            *count += 1;
            if collected.objects.len() < MAX_OBJECTS {
                collected.objects.push(format!("{kind}:{id}"));
            }
        }
    });
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
    COLLECTING.with(|c| *c.borrow_mut() = Some((Collected::default(), 0)));
    let result = f(conn);
    let (collected, count) = COLLECTING
        .with(|c| c.borrow_mut().take())
        .unwrap_or_default();
    let value = result?;
    let mut objects = collected.objects;
    if count > objects.len() {
        objects.push(format!("… {} more", count - objects.len()));
    }
    let entry = NewEntry {
        id: new_id(),
        at: now(),
        actor_user_id: context.actor_user_id,
        actor_api_key_id: context.actor_api_key_id,
        operation: context.operation,
        path: context.path,
        fields: serde_json::to_string(&context.fields).unwrap_or_else(|_| "[]".into()),
        clusters: serde_json::to_string(&collected.clusters).unwrap_or_else(|_| "[]".into()),
        objects: serde_json::to_string(&objects).unwrap_or_else(|_| "[]".into()),
    };
    match conn {
        DbConn::Pg(c) => diesel::insert_into(audit_log::table)
            .values(&entry)
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(audit_log::table)
            .values(&entry)
            .execute(c)?,
    };
    handle.with(|c| c.written = true);
    Ok(value)
}

#[derive(Insertable)]
#[diesel(table_name = audit_log)]
struct NewEntry {
    id: String,
    at: NaiveDateTime,
    actor_user_id: Option<String>,
    actor_api_key_id: Option<String>,
    operation: String,
    path: String,
    fields: String,
    clusters: String,
    objects: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct EntryRow {
    pub id: String,
    pub at: NaiveDateTime,
    pub actor_user_id: Option<String>,
    pub actor_api_key_id: Option<String>,
    pub operation: String,
    pub path: String,
    pub fields: String,
    pub clusters: String,
    pub objects: String,
}

/// Filters of the audit-log list.
#[derive(Debug, Default)]
pub struct Filter {
    /// Only entries concerning at least one of these clusters (`None`: all, for admins).
    pub clusters: Option<Vec<String>>,
    pub actor_user_id: Option<String>,
    pub actor_api_key_id: Option<String>,
    /// Method and route pattern, exactly.
    pub operation: Option<String>,
    /// Entries that wrote this object (any type).
    pub object_id: Option<String>,
    pub since: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

fn like_quoted(value: &str) -> String {
    // Ids and patterns contain no LIKE metacharacters we need to keep: escape them all.
    let escaped = value
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<EntryRow>> {
    let mut query = audit_log::table.select(EntryRow::as_select()).into_boxed();
    if let Some(clusters) = &filter.clusters {
        if clusters.is_empty() {
            return Ok(Vec::new());
        }
        let mut any: Box<
            dyn BoxableExpression<
                    audit_log::table,
                    crate::store::MultiBackend,
                    SqlType = diesel::sql_types::Bool,
                >,
        > = Box::new(
            audit_log::clusters
                .like(like_quoted(&format!("\"{}\"", clusters[0])))
                .escape('\\'),
        );
        for c in &clusters[1..] {
            any = Box::new(
                any.or(audit_log::clusters
                    .like(like_quoted(&format!("\"{c}\"")))
                    .escape('\\')),
            );
        }
        query = query.filter(any);
    }
    if let Some(user) = &filter.actor_user_id {
        query = query.filter(audit_log::actor_user_id.eq(user.clone()));
    }
    if let Some(key) = &filter.actor_api_key_id {
        query = query.filter(audit_log::actor_api_key_id.eq(key.clone()));
    }
    if let Some(op) = &filter.operation {
        query = query.filter(audit_log::operation.eq(op.clone()));
    }
    if let Some(object) = &filter.object_id {
        query = query.filter(
            audit_log::objects
                .like(like_quoted(&format!(":{object}\"")))
                .escape('\\')
                .or(audit_log::path.like(like_quoted(object)).escape('\\')),
        );
    }
    if let Some(since) = filter.since {
        query = query.filter(audit_log::at.ge(since));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_log::at.lt(until));
    }
    if let Some(after) = after {
        query = query.filter(audit_log::id.gt(after.to_owned()));
    }
    Ok(query.order(audit_log::id.asc()).limit(limit).load(conn)?)
}

/// Gives every write request an audit handle (see the module documentation); wrap the app
/// with `actix_web::middleware::from_fn(audit::middleware)`.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let method = req.method().clone();
    let writes = !(method == actix_web::http::Method::GET
        || method == actix_web::http::Method::HEAD
        || method == actix_web::http::Method::OPTIONS);
    if !writes {
        return next.call(req).await;
    }
    let handle = Handle::default();
    handle.with(|c| {
        c.path = req.path().to_owned();
        c.operation = format!("{method} {}", req.path());
    });
    CURRENT.scope(handle, next.call(req)).await
}
