//! Contact catalogues: each company of an event or a cluster with its pitch card and its
//! contact people who consented to sharing (never the others).

use uuid::Uuid;

use crate::domain::access::{Principal, require};
use crate::domain::catalogue::CatalogueEntry;
use crate::error::AppResult;
use crate::store::Db;
use crate::store::catalogue::{self as store, Window};

/// Whose catalogue.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    Event(Uuid),
    Cluster(Uuid),
}

/// May the caller see the event's catalogue? Its organisers (the participating clusters'
/// managers, admins) and its attendees' companies may.
pub async fn authorize_event(db: &Db, caller: Principal, event_id: Uuid) -> AppResult<()> {
    db.run(move |conn| {
        let event = crate::app::events::visible_event(conn, &caller, event_id)?;
        let allowed = event.parties().is_organiser(&caller)
            || crate::store::registrations::any_active_of_members(
                conn,
                event_id,
                &caller.edited_members(),
            )?;
        Ok(require(
            allowed,
            "see this event's catalogue (attendees and organisers do)",
        )?)
    })
    .await
}

/// May the caller see the cluster's catalogue? 404 for an unknown cluster; its managers,
/// its member companies' editors and admins may.
pub async fn authorize_cluster(db: &Db, caller: &Principal, cluster_id: Uuid) -> AppResult<()> {
    let allowed = caller.belongs_to_cluster(cluster_id);
    db.run(move |conn| Ok(crate::store::clusters::get(conn, cluster_id).map(|_| ())?))
        .await?;
    Ok(require(
        allowed,
        "see this cluster's catalogue (its managers and members do)",
    )?)
}

/// Up to `limit` entries after `after`, each with its cursor key.
pub async fn page(
    db: &Db,
    source: Source,
    window: Window,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<(String, CatalogueEntry)>> {
    db.run(move |conn| {
        let after = after.as_deref();
        Ok(match source {
            Source::Event(id) => store::event_page(conn, id, window, after, limit)?,
            Source::Cluster(id) => store::cluster_page(conn, id, window, after, limit)?,
        })
    })
    .await
}

/// A fingerprint of the catalogue's data, which changes whenever the catalogue does.
pub async fn fingerprint(db: &Db, source: Source) -> AppResult<String> {
    db.run(move |conn| {
        Ok(match source {
            Source::Event(id) => store::fingerprint(conn, Some(id), None)?,
            Source::Cluster(id) => store::fingerprint(conn, None, Some(id))?,
        })
    })
    .await
}
