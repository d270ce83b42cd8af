//! The change feeds: members, contact people, and the other fed objects. A client that
//! starts at `since=0` and follows `next_since` ends with exactly what it may see now.

use std::collections::HashMap;

use uuid::Uuid;

use crate::domain::access::Principal;
use crate::domain::api_key::ApiScope;
use crate::error::{AppError, AppResult};
use crate::store::contacts::ContactRow;
use crate::store::feed::{self, ChangeRow};
use crate::store::members::MemberRow;
use crate::store::{Db, DbConn, StoreResult};

/// A page of a feed and where the next one starts (the same `since` when nothing changed).
pub struct FeedPage<I> {
    pub items: Vec<I>,
    pub next_since: i64,
}

/// One change of an entity feed, with the entity's current state as the caller may see
/// it; `None` is a tombstone (remove it from your copy).
pub struct FeedItem<T> {
    pub seq: i64,
    pub id: Uuid,
    pub current: Option<T>,
}

/// The one loop of the entity feeds: the changes of `entity_type` after `since`, the
/// current rows of the entities they name (`load`, in one query), and for each change what
/// `state` says of it: `None` leaves it out (not the caller's business), `Some(None)` is a
/// tombstone, `Some(Some(row))` the current state. Every change shows the current state:
/// an entity deleted since is a tombstone even in its older changes.
fn entity_page<X, T>(
    conn: &mut DbConn,
    entity_type: &str,
    since: i64,
    cluster: Option<Uuid>,
    limit: i64,
    load: impl FnOnce(&mut DbConn, &[String]) -> StoreResult<Vec<X>>,
    state: impl Fn(&ChangeRow, &[X]) -> AppResult<Option<Option<T>>>,
) -> AppResult<FeedPage<FeedItem<T>>> {
    let cluster = cluster.map(|c| c.to_string());
    let rows = feed::after(conn, entity_type, since, cluster.as_deref(), limit)?;
    let ids: Vec<String> = rows.iter().map(|r| r.entity_id.to_string()).collect();
    let current = load(conn, &ids)?;
    let mut items = Vec::with_capacity(rows.len());
    for change in &rows {
        if let Some(visible) = state(change, &current)? {
            items.push(FeedItem {
                seq: change.seq,
                id: change.entity_id,
                current: visible,
            });
        }
    }
    let next_since = rows.last().map_or(since, |r| r.seq);
    Ok(FeedPage { items, next_since })
}

/// Member changes after `since` (anybody signed in sees the directory).
pub async fn member_changes(
    db: &Db,
    since: i64,
    cluster: Option<Uuid>,
    limit: i64,
) -> AppResult<FeedPage<FeedItem<MemberRow>>> {
    db.run(move |conn| {
        entity_page(
            conn,
            feed::MEMBER,
            since,
            cluster,
            limit,
            crate::store::members::by_ids,
            |change, members: &[MemberRow]| {
                // A member restored since is back.
                Ok(Some(
                    members
                        .iter()
                        .find(|m| m.id == change.entity_id && m.deleted_at.is_none())
                        .cloned(),
                ))
            },
        )
    })
    .await
}

/// Contact-person changes after `since`, each with the person as the caller may see them:
/// their company's editors, its cluster's managers and admins see everyone; the cluster's
/// other people only people who consent to sharing (a withdrawn consent reads as a
/// removal); changes of other clusters' people are left out, not even tombstones.
pub async fn contact_changes(
    db: &Db,
    caller: Principal,
    since: i64,
    cluster: Option<Uuid>,
    limit: i64,
) -> AppResult<FeedPage<FeedItem<ContactRow>>> {
    db.run(move |conn| {
        let audience = |cluster: Option<Uuid>| {
            caller.is_admin() || cluster.is_some_and(|c| caller.belongs_to_cluster(c))
        };
        entity_page(
            conn,
            feed::CONTACT,
            since,
            cluster,
            limit,
            crate::store::contacts::by_ids_with_member,
            |change, people: &[(ContactRow, Uuid, bool)]| {
                if !audience(change.cluster_id) {
                    return Ok(None);
                }
                let Some((row, cluster, removed)) =
                    people.iter().find(|(c, _, _)| c.id == change.entity_id)
                else {
                    return Ok(Some(None));
                };
                // The cluster catalogue's audience (the cluster's people), and within it the
                // one rule for contact people.
                let sees = (caller.belongs_to_cluster(*cluster) || caller.is_admin())
                    && caller.sees_contact(*cluster, row.member_id, row.share_consent);
                Ok(Some((sees && !*removed).then(|| row.clone())))
            },
        )
    })
    .await
}

/// A change of an object of the general feed that the caller may know of.
pub struct ObjectChange {
    pub seq: i64,
    /// The stored kind (`store::feed::EVENT`, …).
    pub kind: String,
    pub id: Uuid,
    /// The event of a registration or meeting request.
    pub event_id: Option<Uuid>,
    /// `true`: the object is gone for good (events and trade notes can be deleted).
    pub deleted: bool,
}

/// Changes of objects of the stored kinds `types` after `since` — only objects the caller
/// may see now (a withdrawn visibility simply stops appearing; deleted events and notes
/// are tombstones). An API key gets the kinds its scopes open (`events:read` opens the
/// route and events, registrations and meeting requests).
pub async fn object_changes(
    db: &Db,
    caller: Principal,
    mut types: Vec<&'static str>,
    since: i64,
    limit: i64,
) -> AppResult<FeedPage<ObjectChange>> {
    if let Some(key) = &caller.api_key {
        types.retain(|t| match *t {
            feed::PARTNERSHIP_REQUEST => key.scopes.contains(&ApiScope::PartnershipsRead),
            feed::TRADE_NOTE => key.scopes.contains(&ApiScope::NotesRead),
            _ => true,
        });
    }
    db.run(move |conn| {
        let rows = feed::after_of_types(conn, &types, since, limit)?;
        let mut seen: HashMap<(String, Uuid), Option<bool>> = HashMap::new();
        let mut items = Vec::new();
        for row in &rows {
            let key = (row.entity_type.clone(), row.entity_id);
            let state = match seen.get(&key) {
                Some(state) => *state,
                None => {
                    let state = object_state(conn, &caller, row)?;
                    seen.insert(key, state);
                    state
                }
            };
            if let Some(deleted) = state {
                items.push(ObjectChange {
                    seq: row.seq,
                    kind: row.entity_type.clone(),
                    id: row.entity_id,
                    event_id: row.parent_id,
                    deleted,
                });
            }
        }
        let next_since = rows.last().map_or(since, |r| r.seq);
        Ok(FeedPage { items, next_since })
    })
    .await
}

/// What the caller may know of the object now: `None` (nothing: not theirs to see, or a
/// kind this feed does not carry), `Some(true)` (deleted), `Some(false)` (there to fetch).
fn object_state(conn: &mut DbConn, caller: &Principal, row: &ChangeRow) -> AppResult<Option<bool>> {
    let id = row.entity_id;
    let seen = match (row.entity_type.as_str(), row.parent_id) {
        (feed::EVENT, _) => crate::app::events::visible_event(conn, caller, id).map(|_| ()),
        (feed::TRADE_NOTE, _) => {
            crate::app::trade_notes::visible_note(conn, caller, id).map(|_| ())
        }
        (feed::PARTNERSHIP_REQUEST, _) => {
            crate::app::partnerships::visible_request(conn, caller, id).map(|_| ())
        }
        (feed::REGISTRATION, Some(event)) => {
            crate::app::registrations::visible_registration(conn, caller, event, id).map(|_| ())
        }
        (feed::MEETING_REQUEST, Some(event)) => {
            crate::app::matchmaking::visible_request(conn, caller, event, id).map(|_| ())
        }
        _ => return Ok(None),
    };
    match seen {
        Ok(()) => Ok(Some(false)),
        // Deleted for good (only events and notes are): a tombstone.
        Err(AppError::NotFound(_)) if feed::object_gone(conn, &row.entity_type, row.entity_id)? => {
            Ok(Some(true))
        }
        Err(AppError::NotFound(_) | AppError::Forbidden(_)) => Ok(None),
        Err(e) => Err(e),
    }
}
