//! Webhooks: subscriptions of a cluster to change events (its managers, as people), and
//! their deliveries.

use uuid::Uuid;

use crate::app::edit::{self, Editable, Removable};
use crate::domain::access::{Principal, require};
use crate::error::{AppError, AppResult};
use crate::store::outbox::{self as store, DeliveryRow, NewWebhook, WebhookRow};
use crate::store::{Db, DbConn, new_uuid};

/// A subscription as asked for; `event_types` is the JSON array of event type names.
pub struct WebhookRequest {
    pub cluster_id: Uuid,
    pub url: String,
    pub event_types: String,
    pub secret: String,
}

/// Subscribes a URL to a cluster's events (its managers and admins). `check_target` refuses
/// URLs the service must not call (see `crate::workers::webhooks::check_target`).
pub async fn create(
    db: &Db,
    caller: &Principal,
    request: WebhookRequest,
    check_target: impl FnOnce(&str) -> AppResult<()>,
) -> AppResult<WebhookRow> {
    require(
        caller.api_key.is_none() && caller.manages_cluster(request.cluster_id),
        "subscribe webhooks for this cluster",
    )?;
    check_target(&request.url)?;
    let created_by = caller.user_id;
    db.write(move |conn| {
        crate::store::clusters::get(conn, request.cluster_id)
            .map_err(|_| AppError::invalid("cluster_id", "no such cluster"))?;
        let id = new_uuid();
        crate::store::audit::note_cluster(&request.cluster_id.to_string());
        crate::store::audit::note_object("webhook", &id.to_string());
        Ok(store::insert_webhook(
            conn,
            NewWebhook {
                id,
                cluster_id: request.cluster_id,
                url: &request.url,
                event_types: &request.event_types,
                secret: &request.secret,
                created_by,
            },
        )?)
    })
    .await
}

/// A page of the webhooks of the clusters the caller manages (all for admins).
pub async fn list(
    db: &Db,
    caller: &Principal,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<WebhookRow>> {
    let clusters = (!caller.is_admin()).then(|| {
        caller
            .managed_clusters()
            .iter()
            .map(Uuid::to_string)
            .collect::<Vec<_>>()
    });
    db.run(move |conn| {
        Ok(store::list_webhooks(
            conn,
            clusters.as_deref(),
            after.as_deref(),
            limit,
        )?)
    })
    .await
}

/// The webhook if the caller manages its cluster (as a person); "not found" otherwise.
fn authorize(caller: &Principal, row: &WebhookRow) -> AppResult<()> {
    if caller.api_key.is_none() && caller.manages_cluster(row.cluster_id) {
        crate::store::audit::note_cluster(&row.cluster_id.to_string());
        crate::store::audit::note_object("webhook", &row.id.to_string());
        Ok(())
    } else {
        Err(AppError::NotFound(format!("no webhook with id {}", row.id)))
    }
}

fn visible(conn: &mut DbConn, caller: &Principal, id: Uuid) -> AppResult<WebhookRow> {
    let row = store::get_webhook(conn, id)?;
    authorize(caller, &row)?;
    Ok(row)
}

/// One webhook.
pub async fn get(db: &Db, caller: Principal, id: Uuid) -> AppResult<WebhookRow> {
    db.run(move |conn| visible(conn, &caller, id)).await
}

/// What a webhook becomes: its URL, event types (JSON array), whether it sends, and a new
/// secret when one is given.
pub struct WebhookChange {
    pub url: String,
    pub event_types: String,
    pub active: bool,
    pub secret: Option<String>,
}

/// The webhook as an object its cluster's managers change and remove.
pub struct Webhook;

impl Editable for Webhook {
    type Key = Uuid;
    type Row = WebhookRow;
    type Change = WebhookChange;
    const TABLE: crate::store::Locked = crate::store::Locked::Webhooks;

    fn load(conn: &mut DbConn, _caller: &Principal, &id: &Uuid) -> AppResult<WebhookRow> {
        Ok(store::get_webhook(conn, id)?)
    }

    fn authorize(caller: &Principal, row: &WebhookRow) -> AppResult<()> {
        authorize(caller, row)
    }

    fn store(
        conn: &mut DbConn,
        _caller: &Principal,
        row: &WebhookRow,
        change: WebhookChange,
    ) -> AppResult<WebhookRow> {
        let secret_changes = match &change.secret {
            None => false,
            Some(secret) => *secret != store::webhook_secret(conn, row)?,
        };
        // A write that changes nothing keeps the version and `updated_at` (the ETag).
        if change.url == row.url
            && change.event_types == row.event_types
            && change.active == row.active
            && !secret_changes
        {
            return Ok(row.clone());
        }
        store::update_webhook(
            conn,
            row,
            &change.url,
            &change.event_types,
            change.active,
            change.secret.as_deref(),
        )?;
        Ok(store::get_webhook(conn, row.id)?)
    }
}

impl Removable for Webhook {
    fn authorize_removal(caller: &Principal, row: &WebhookRow) -> AppResult<()> {
        authorize(caller, row)
    }

    fn remove(conn: &mut DbConn, row: &WebhookRow) -> AppResult<()> {
        Ok(store::delete_webhook(conn, row)?)
    }
}

/// Unsubscribes; queued deliveries go with it.
pub async fn delete(db: &Db, caller: Principal, id: Uuid) -> AppResult<()> {
    edit::delete::<Webhook, _>(db, caller, id, |_| Ok(())).await
}

/// A page of a webhook's delivery attempts, oldest first.
pub async fn deliveries(
    db: &Db,
    caller: Principal,
    id: Uuid,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<DeliveryRow>> {
    db.run(move |conn| {
        visible(conn, &caller, id)?;
        Ok(store::list(conn, id, after.as_deref(), limit)?)
    })
    .await
}

/// Queues a delivery again, due now (after fixing the receiver, say); not one delivered.
pub async fn retry_delivery(
    db: &Db,
    caller: Principal,
    id: Uuid,
    delivery_id: Uuid,
) -> AppResult<DeliveryRow> {
    db.write(move |conn| {
        visible(conn, &caller, id)?;
        let row = store::get(conn, id, delivery_id)?.ok_or_else(|| {
            AppError::NotFound(format!("webhook {id} has no delivery {delivery_id}"))
        })?;
        if row.status == store::DELIVERED {
            return Err(AppError::conflict("this delivery was delivered already"));
        }
        store::requeue(conn, &row)?;
        Ok(store::get(conn, id, delivery_id)?.unwrap_or(row))
    })
    .await
}
