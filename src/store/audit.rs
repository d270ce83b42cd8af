//! The audit log's storage (table `audit_log`): what storage notes during an audited write
//! ([`note_object`], [`note_cluster`], gathered by [`collecting`]), the insert of an entry, and
//! the list. When an entry is written and what it says about the request is
//! `crate::app::audit`'s business.

use std::cell::RefCell;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::json::to_json_text;
use super::schema::audit_log;
use super::{DbConn, StoreResult, new_id, now};

/// What storage noted during one write, on the connection's thread.
#[derive(Debug, Default)]
pub struct Noted {
    /// The clusters the write concerned.
    pub clusters: Vec<String>,
    /// The objects it wrote, as `type:id`; at most [`MAX_OBJECTS`], then `… n more`.
    pub objects: Vec<String>,
}

/// At most this many objects are named per entry (a sync of 50,000 companies is one entry
/// that says how many).
const MAX_OBJECTS: usize = 100;

thread_local! {
    static COLLECTING: RefCell<Option<(Noted, usize)>> = const { RefCell::new(None) };
}

/// The clusters concerned by a change (no-op outside [`collecting`]).
pub fn note_cluster(cluster_id: &str) {
    COLLECTING.with(|c| {
        if let Some((noted, _)) = c.borrow_mut().as_mut()
            && !noted.clusters.iter().any(|x| x == cluster_id)
        {
            noted.clusters.push(cluster_id.to_owned());
        }
    });
}

/// An object a change wrote, as `type:id` (no-op outside [`collecting`]).
pub fn note_object(kind: &str, id: &str) {
    COLLECTING.with(|c| {
        if let Some((noted, count)) = c.borrow_mut().as_mut() {
            *count += 1;
            if noted.objects.len() < MAX_OBJECTS {
                noted.objects.push(format!("{kind}:{id}"));
            }
        }
    });
}

/// Runs `f` on `conn` and returns, with its result, what storage noted meanwhile on this
/// thread.
pub fn collecting<T>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> T) -> (T, Noted) {
    COLLECTING.with(|c| *c.borrow_mut() = Some((Noted::default(), 0)));
    let result = f(conn);
    let (mut noted, count) = COLLECTING
        .with(|c| c.borrow_mut().take())
        .unwrap_or_default();
    if count > noted.objects.len() {
        noted
            .objects
            .push(format!("… {} more", count - noted.objects.len()));
    }
    (result, noted)
}

/// One entry to write.
#[derive(Debug, Default)]
pub struct NewEntry {
    pub actor_user_id: Option<String>,
    pub actor_api_key_id: Option<String>,
    /// Method and route pattern, such as `PATCH /api/v1/members/{id}`.
    pub operation: String,
    pub path: String,
    /// The names of the fields the request sent.
    pub fields: Vec<String>,
    pub noted: Noted,
}

#[derive(Insertable)]
#[diesel(table_name = audit_log)]
struct EntryInsert {
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

/// Writes `entry`, stamped now, with a new id.
pub fn insert(conn: &mut DbConn, entry: NewEntry) -> StoreResult<()> {
    let row = EntryInsert {
        id: new_id(),
        at: now(),
        actor_user_id: entry.actor_user_id,
        actor_api_key_id: entry.actor_api_key_id,
        operation: entry.operation,
        path: entry.path,
        fields: to_json_text(&entry.fields)?,
        clusters: to_json_text(&entry.noted.clusters)?,
        objects: to_json_text(&entry.noted.objects)?,
    };
    match conn {
        DbConn::Pg(c) => diesel::insert_into(audit_log::table)
            .values(&row)
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(audit_log::table)
            .values(&row)
            .execute(c)?,
    };
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct EntryRow {
    pub id: Uuid,
    pub at: NaiveDateTime,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key_id: Option<Uuid>,
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

/// Entries matching `filter`, oldest first, after the entry `after`.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<EntryRow>> {
    let mut query = audit_log::table.select(EntryRow::as_select()).into_boxed();
    if let Some(clusters) = &filter.clusters {
        if clusters.is_empty() {
            return Ok(Vec::new());
        }
        let mut any: Box<
            dyn BoxableExpression<
                    audit_log::table,
                    super::MultiBackend,
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
