//! The webhook outbox: deliveries are written in the same transaction as the change they
//! report, so a change is never committed without its notification (nor the reverse), and
//! a restart loses nothing. A background worker sends them (`crate::workers::webhooks`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;
use uuid::Uuid;

use super::schema::{webhook_deliveries as deliveries, webhooks};
use super::{DbConn, new_id, now};
use crate::store::StoreResult;

pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = deliveries)]
pub struct DeliveryRow {
    pub id: Uuid,
    pub webhook_id: Uuid,
    pub event_type: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

/// Queues one delivery per event for every active webhook of the event's cluster(s) that
/// subscribed to `event_type`. Payloads are thin (ids, not private data): receivers fetch
/// what they are allowed to see. `events` pairs the clusters concerned with the data.
pub fn emit(
    conn: &mut DbConn,
    event_type: &str,
    events: &[(Vec<String>, serde_json::Value)],
) -> StoreResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut clusters: Vec<&String> = events.iter().flat_map(|(c, _)| c).collect();
    clusters.sort();
    clusters.dedup();
    for cluster in &clusters {
        crate::store::audit::note_cluster(cluster);
    }
    let subscribers: Vec<(String, String, String)> = webhooks::table
        .filter(webhooks::cluster_id.eq_any(clusters))
        .filter(webhooks::active.eq(true))
        .select((webhooks::id, webhooks::cluster_id, webhooks::event_types))
        .load(conn)?;
    let subscribers: Vec<(String, String)> = subscribers
        .into_iter()
        .filter(|(_, _, types)| {
            serde_json::from_str::<Vec<String>>(types)
                .is_ok_and(|t| t.iter().any(|t| t == event_type))
        })
        .map(|(id, cluster, _)| (id, cluster))
        .collect();
    if subscribers.is_empty() {
        return Ok(());
    }
    let at = now();
    for (event_clusters, data) in events {
        for (webhook_id, _) in subscribers
            .iter()
            .filter(|(_, c)| event_clusters.contains(c))
        {
            let id = new_id();
            let payload =
                json!({"id": id, "type": event_type, "occurred_at": at.and_utc(), "data": data});
            diesel::insert_into(deliveries::table)
                .values((
                    deliveries::id.eq(&id),
                    deliveries::webhook_id.eq(webhook_id),
                    deliveries::event_type.eq(event_type),
                    deliveries::payload.eq(payload.to_string()),
                    deliveries::status.eq(PENDING),
                    deliveries::attempts.eq(0),
                    deliveries::next_attempt_at.eq(at),
                    deliveries::created_at.eq(at),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Claims due deliveries, oldest first, for each webhook at most what `room(webhook)` says
/// (and `limit` in all): their due time moves to `lease_until`, so that no other worker — of
/// this instance or another — takes them meanwhile, and a worker that dies with them lets
/// them come due again when the lease ends. The attempt then sets the real next time
/// ([`record_attempt`]). Atomic on both backends: the claimed rows are locked and others
/// skipped on PostgreSQL (`FOR UPDATE SKIP LOCKED`); SQLite's write transaction
/// (`BEGIN IMMEDIATE`) lets one claimer in at a time. Run inside a write transaction.
pub fn claim(
    conn: &mut DbConn,
    limit: usize,
    room: &dyn Fn(Uuid) -> usize,
    lease_until: NaiveDateTime,
) -> StoreResult<Vec<DeliveryRow>> {
    let at = now();
    let due_webhooks: Vec<Uuid> = deliveries::table
        .filter(deliveries::status.eq(PENDING))
        .filter(deliveries::next_attempt_at.le(at))
        .select(deliveries::webhook_id)
        .distinct()
        .limit(200)
        .load(conn)?;
    let mut claimed = Vec::new();
    for webhook in due_webhooks {
        let take = room(webhook).min(limit - claimed.len());
        if take == 0 {
            continue;
        }
        let query = deliveries::table
            .filter(deliveries::status.eq(PENDING))
            .filter(deliveries::next_attempt_at.le(at))
            .filter(deliveries::webhook_id.eq(webhook.to_string()))
            .order(deliveries::next_attempt_at.asc())
            .limit(take as i64)
            .select(deliveries::id);
        let ids: Vec<String> = match conn {
            DbConn::Pg(c) => query.for_update().skip_locked().load(c)?,
            DbConn::Sqlite(c) => query.load(c)?,
        };
        if ids.is_empty() {
            continue;
        }
        claimed.extend(
            diesel::update(
                deliveries::table
                    .filter(deliveries::id.eq_any(&ids))
                    .filter(deliveries::status.eq(PENDING)),
            )
            .set(deliveries::next_attempt_at.eq(lease_until))
            .get_results::<DeliveryRow>(conn)?,
        );
        if claimed.len() >= limit {
            break;
        }
    }
    claimed.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    Ok(claimed)
}

pub fn get(conn: &mut DbConn, webhook_id: Uuid, id: Uuid) -> StoreResult<Option<DeliveryRow>> {
    Ok(deliveries::table
        .find(id.to_string())
        .filter(deliveries::webhook_id.eq(webhook_id.to_string()))
        .select(DeliveryRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn list(
    conn: &mut DbConn,
    webhook_id: Uuid,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<DeliveryRow>> {
    let mut query = deliveries::table
        .filter(deliveries::webhook_id.eq(webhook_id.to_string()))
        .select(DeliveryRow::as_select())
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(deliveries::id.gt(after.to_owned()));
    }
    Ok(query.order(deliveries::id.asc()).limit(limit).load(conn)?)
}

/// The outcome of one attempt. A delivery that is no longer pending (another worker got it)
/// is left alone.
pub fn record_attempt(
    conn: &mut DbConn,
    row: &DeliveryRow,
    status: &str,
    code: Option<i32>,
    error: Option<&str>,
    next_attempt_at: NaiveDateTime,
) -> StoreResult<bool> {
    let at = now();
    let changed = diesel::update(
        deliveries::table
            .find(row.id.to_string())
            .filter(deliveries::status.eq(PENDING))
            .filter(deliveries::attempts.eq(row.attempts)),
    )
    .set((
        deliveries::status.eq(status),
        deliveries::attempts.eq(row.attempts + 1),
        deliveries::next_attempt_at.eq(next_attempt_at),
        deliveries::last_status_code.eq(code),
        deliveries::last_error.eq(error),
        deliveries::delivered_at.eq((status == DELIVERED).then_some(at)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Puts a delivery back in the queue, due now (manual retry).
pub fn requeue(conn: &mut DbConn, row: &DeliveryRow) -> StoreResult<()> {
    diesel::update(deliveries::table.find(row.id.to_string()))
        .set((
            deliveries::status.eq(PENDING),
            deliveries::next_attempt_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A webhook subscription (without its secret, which is never read back but to compare).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhooks)]
pub struct WebhookRow {
    pub id: Uuid,
    pub cluster_id: Uuid,
    pub url: String,
    pub event_types: String,
    pub active: bool,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A new subscription; `event_types` is the JSON array of event type names.
pub struct NewWebhook<'a> {
    pub id: Uuid,
    pub cluster_id: Uuid,
    pub url: &'a str,
    pub event_types: &'a str,
    pub secret: &'a str,
    pub created_by: Uuid,
}

pub fn get_webhook(conn: &mut DbConn, id: Uuid) -> StoreResult<WebhookRow> {
    webhooks::table
        .find(id.to_string())
        .select(WebhookRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| super::Error::NotFound(format!("no webhook with id {id}")))
}

pub fn insert_webhook(conn: &mut DbConn, new: NewWebhook<'_>) -> StoreResult<WebhookRow> {
    let at = now();
    diesel::insert_into(webhooks::table)
        .values((
            webhooks::id.eq(new.id.to_string()),
            webhooks::cluster_id.eq(new.cluster_id.to_string()),
            webhooks::url.eq(new.url),
            webhooks::event_types.eq(new.event_types),
            webhooks::secret.eq(new.secret),
            webhooks::active.eq(true),
            webhooks::created_by.eq(new.created_by.to_string()),
            webhooks::version.eq(1),
            webhooks::created_at.eq(at),
            webhooks::updated_at.eq(at),
        ))
        .execute(conn)?;
    get_webhook(conn, new.id)
}

/// Webhooks of these clusters (all when `None`), ordered by id, after `after`.
pub fn list_webhooks(
    conn: &mut DbConn,
    clusters: Option<&[String]>,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<WebhookRow>> {
    let mut q = webhooks::table.select(WebhookRow::as_select()).into_boxed();
    if let Some(c) = clusters {
        q = q.filter(webhooks::cluster_id.eq_any(c.to_vec()));
    }
    if let Some(after) = after {
        q = q.filter(webhooks::id.gt(after.to_owned()));
    }
    Ok(q.order(webhooks::id.asc()).limit(limit).load(conn)?)
}

/// The shared secret of a webhook (to tell whether a new one differs).
pub fn webhook_secret(conn: &mut DbConn, row: &WebhookRow) -> StoreResult<String> {
    Ok(webhooks::table
        .find(row.id.to_string())
        .select(webhooks::secret)
        .first(conn)?)
}

/// Stores new settings of `row` (the version it was read at) and, when given, a new secret.
pub fn update_webhook(
    conn: &mut DbConn,
    row: &WebhookRow,
    url: &str,
    event_types: &str,
    active: bool,
    secret: Option<&str>,
) -> StoreResult<()> {
    diesel::update(
        webhooks::table
            .find(row.id.to_string())
            .filter(webhooks::version.eq(row.version)),
    )
    .set((
        webhooks::url.eq(url),
        webhooks::event_types.eq(event_types),
        webhooks::active.eq(active),
        webhooks::version.eq(row.version + 1),
        webhooks::updated_at.eq(now()),
    ))
    .execute(conn)?;
    if let Some(secret) = secret {
        diesel::update(webhooks::table.find(row.id.to_string()))
            .set(webhooks::secret.eq(secret))
            .execute(conn)?;
    }
    Ok(())
}

/// Deletes a webhook; its queued deliveries go with it.
pub fn delete_webhook(conn: &mut DbConn, row: &WebhookRow) -> StoreResult<()> {
    diesel::delete(webhooks::table.find(row.id.to_string())).execute(conn)?;
    Ok(())
}
