//! Portal member sync: compares a cluster portal's full member list (keyed by `external_id`)
//! with what is stored, and applies the difference in one transaction.
//!
//! Sending the same list twice changes nothing: an item whose hash equals the hash stored
//! when the portal last sent it is skipped at once (no validation, no comparison); other
//! items are compared field by field and contact by contact, and only real differences are
//! written, so no version, timestamp, feed entry or webhook moves without a change.

use std::collections::HashMap;

use diesel::prelude::*;
use uuid::Uuid;

use crate::domain::access::{Principal, require};
use crate::domain::text::fold;
use crate::error::{AppError, AppResult, FieldError};
use crate::store::contacts::{ContactData, ContactRow, NewContactRow};
use crate::store::members::{Announcement, MemberData, MemberRow, NewMemberRow};
use crate::store::schema::{contacts, members};
use crate::store::{self, Db, DbConn};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Create and update only.
    Upsert,
    /// Also remove (as tombstones) members the portal no longer lists, up to `max_removals`
    /// (by default a tenth of the cluster's synced members): one bad export must not wipe a
    /// cluster.
    Mirror { max_removals: Option<usize> },
}

/// The share of a cluster's synced members a mirror may remove without `max_removals`.
pub const DEFAULT_REMOVAL_SHARE: f64 = 0.10;

/// One company of the portal's list: its key and the hash of what the portal sent.
#[derive(Debug, Clone)]
pub struct Item {
    pub external_id: String,
    pub hash: String,
}

/// A company validated and in stored form, with its contact people.
pub type Prepared = (MemberData, Vec<ContactData>);

/// A member named in the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub id: Uuid,
    pub external_id: String,
}

/// What is stored of a synced member, enough to decide without its text.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = members)]
pub struct Synced {
    pub id: Uuid,
    pub cluster_id: Uuid,
    pub external_id: Option<String>,
    pub sync_hash: Option<String>,
    pub deleted_at: Option<chrono::NaiveDateTime>,
    pub version: i32,
}

/// A member to write again: item `item` of the list over the stored `id` at `version`.
#[derive(Debug, Clone)]
struct Rewrite {
    item: usize,
    id: Uuid,
    cluster_id: Uuid,
    version: i32,
}

/// The difference between the list and what is stored. It holds positions in the list and
/// ids, not the companies' text: [`apply`] prepares each item again when it writes it, so
/// that a 64 MiB list is never held a second time in stored form.
#[derive(Debug, Default)]
pub struct Plan {
    pub created: Vec<Outcome>,
    pub updated: Vec<Outcome>,
    pub unchanged: Vec<Outcome>,
    pub removed: Vec<Outcome>,
    /// New members: the item and the id it gets.
    creates: Vec<(usize, Uuid)>,
    /// Members written again (changed data or contacts, or restored).
    rewrites: Vec<Rewrite>,
    /// Unchanged members whose hash was not known yet.
    hashes: Vec<(Uuid, String)>,
    contact_updates: Vec<(ContactRow, ContactData)>,
    contact_deletes: Vec<String>,
    new_contacts: Vec<NewContactRow>,
    removals: Vec<Synced>,
}

/// Contacts are matched by e-mail when they have one, else by name (accents and case aside):
/// portals rarely have ids for people.
fn contact_key(c: &ContactData) -> String {
    match &c.email {
        Some(email) => format!("e:{}", email.to_lowercase()),
        None => format!("n:{}", fold(&c.name)),
    }
}

/// Items compared against their stored rows at a time.
const COMPARE_CHUNK: usize = 1000;
/// New members inserted at a time.
const INSERT_CHUNK: usize = 500;

fn internal(errors: Vec<FieldError>) -> AppError {
    AppError::internal(format!(
        "an item that passed validation failed it again: {:?}",
        errors.first()
    ))
}

/// What the stored state must become. Reads only. `prepare(i)` validates item `i` and gives
/// its stored form; every error of every item is reported together. Items whose hash equals
/// the one stored are skipped without preparing them.
pub fn plan(
    conn: &mut DbConn,
    cluster_id: Uuid,
    mode: Mode,
    items: &[Item],
    prepare: &mut dyn FnMut(usize) -> Result<Prepared, Vec<FieldError>>,
) -> AppResult<Plan> {
    let mut stored: HashMap<String, Synced> = members::table
        .filter(members::cluster_id.eq(cluster_id.to_string()))
        .filter(members::external_id.is_not_null())
        .select(Synced::as_select())
        .load::<Synced>(conn)?
        .into_iter()
        .filter_map(|m| m.external_id.clone().map(|e| (e, m)))
        .collect();
    let active_synced = stored.values().filter(|m| m.deleted_at.is_none()).count();
    let mut plan = Plan::default();
    let mut errors = Vec::new();
    let mut to_compare: Vec<(usize, Synced)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let current = stored.remove(&item.external_id);
        if let Some(current) = &current
            && current.deleted_at.is_none()
            && current.sync_hash.as_deref() == Some(item.hash.as_str())
        {
            plan.unchanged.push(Outcome {
                id: current.id,
                external_id: item.external_id.clone(),
            });
            continue;
        }
        // Validated now, prepared again when written.
        if let Err(mut e) = prepare(i) {
            errors.append(&mut e);
            continue;
        }
        match current {
            None => {
                let id = store::new_uuid();
                plan.created.push(Outcome {
                    id,
                    external_id: item.external_id.clone(),
                });
                plan.creates.push((i, id));
            }
            Some(current) => to_compare.push((i, current)),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    // Field-by-field comparison, a chunk of stored members and their people at a time.
    for chunk in to_compare.chunks(COMPARE_CHUNK) {
        let ids: Vec<String> = chunk.iter().map(|(_, m)| m.id.to_string()).collect();
        let rows: HashMap<Uuid, MemberRow> = members::table
            .filter(members::id.eq_any(&ids))
            .select(MemberRow::as_select())
            .load::<MemberRow>(conn)?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let mut stored_contacts: HashMap<Uuid, Vec<ContactRow>> = HashMap::new();
        let people: Vec<ContactRow> = contacts::table
            .filter(contacts::member_id.eq_any(&ids))
            // Erased people are placeholders kept for histories, not the portal's people.
            .filter(contacts::erased_at.is_null())
            .order(contacts::id.asc())
            .select(ContactRow::as_select())
            .load(conn)?;
        for row in people {
            stored_contacts.entry(row.member_id).or_default().push(row);
        }
        for (i, light) in chunk {
            let item = &items[*i];
            let current = rows
                .get(&light.id)
                .ok_or_else(|| AppError::internal("a synced member vanished during the sync"))?;
            let (data, people) = prepare(*i).map_err(internal)?;
            let mut existing: HashMap<String, ContactRow> = stored_contacts
                .remove(&current.id)
                .unwrap_or_default()
                .into_iter()
                .map(|c| (contact_key(&c.data()), c))
                .collect();
            let mut contacts_changed = false;
            for contact in people {
                match existing.remove(&contact_key(&contact)) {
                    Some(row) if row.data() == contact => {}
                    Some(row) => {
                        contacts_changed = true;
                        plan.contact_updates.push((row, contact));
                    }
                    None => {
                        contacts_changed = true;
                        plan.new_contacts
                            .push(NewContactRow::new(current.id, contact));
                    }
                }
            }
            if !existing.is_empty() {
                contacts_changed = true;
                plan.contact_deletes
                    .extend(existing.into_values().map(|c| c.id.to_string()));
            }
            let outcome = Outcome {
                id: current.id,
                external_id: item.external_id.clone(),
            };
            if current.deleted_at.is_some() || contacts_changed || !current.same_as(&data) {
                plan.updated.push(outcome);
                plan.rewrites.push(Rewrite {
                    item: *i,
                    id: current.id,
                    cluster_id: current.cluster_id,
                    version: current.version,
                });
            } else {
                plan.unchanged.push(outcome);
                plan.hashes.push((current.id, item.hash.clone()));
            }
        }
    }

    if let Mode::Mirror { max_removals } = mode {
        let mut gone: Vec<Synced> = stored
            .into_values()
            .filter(|m| m.deleted_at.is_none())
            .collect();
        gone.sort_by_key(|m| m.id);
        let allowed = max_removals
            .unwrap_or_else(|| (active_synced as f64 * DEFAULT_REMOVAL_SHARE).floor() as usize);
        if gone.len() > allowed {
            return Err(AppError::TooManyRemovals {
                would_remove: gone
                    .iter()
                    .map(|m| (m.id.to_string(), m.external_id.clone().unwrap_or_default()))
                    .collect(),
                allowed,
            });
        }
        for m in gone {
            plan.removed.push(Outcome {
                id: m.id,
                external_id: m.external_id.clone().unwrap_or_default(),
            });
            plan.removals.push(m);
        }
    }
    Ok(plan)
}

/// Writes the plan. Run inside the same write transaction as [`plan`], with the same items
/// and `prepare`.
pub fn apply(
    conn: &mut DbConn,
    cluster_id: Uuid,
    plan: &Plan,
    items: &[Item],
    prepare: &mut dyn FnMut(usize) -> Result<Prepared, Vec<FieldError>>,
) -> AppResult<()> {
    for chunk in plan.creates.chunks(INSERT_CHUNK) {
        let mut rows = Vec::with_capacity(chunk.len());
        let mut people = Vec::new();
        for (i, id) in chunk {
            let (data, contacts) = prepare(*i).map_err(internal)?;
            let mut row = NewMemberRow::new(*id, cluster_id, data);
            row.sync_hash = Some(items[*i].hash.clone());
            people.extend(contacts.into_iter().map(|c| NewContactRow::new(*id, c)));
            rows.push(row);
        }
        store::members::insert_many(conn, &rows)?;
        store::contacts::insert_many(conn, &people)?;
    }
    // Contact changes first: they clear the stored hash, which the rewrite then sets.
    for (row, data) in &plan.contact_updates {
        store::contacts::update(conn, row, data)?;
    }
    crate::app::registration_flow::freeing_seats(conn, &plan.contact_deletes, |conn| {
        Ok(store::contacts::delete_many(conn, &plan.contact_deletes)?)
    })?;
    store::contacts::insert_many(conn, &plan.new_contacts)?;
    for r in &plan.rewrites {
        let (data, _) = prepare(r.item).map_err(internal)?;
        store::members::overwrite(conn, r.id, r.version, &data, &items[r.item].hash)?;
    }
    for (id, hash) in &plan.hashes {
        store::members::remember_sync(conn, *id, hash)?;
    }
    let removed: Vec<String> = plan.removals.iter().map(|m| m.id.to_string()).collect();
    // Tombstones: people, registrations and history stay for the retention period, what
    // was open is closed (see `removal`).
    store::members::soft_delete(conn, &removed)?;
    crate::app::removal::consequences(conn, &removed)?;
    let updated: Vec<(String, String, Option<&str>)> = plan
        .rewrites
        .iter()
        .map(|r| {
            (
                r.id.to_string(),
                r.cluster_id.to_string(),
                Some(items[r.item].external_id.as_str()),
            )
        })
        .collect();
    store::members::announce(conn, Announcement::Updated, &updated)?;
    let gone: Vec<(String, String, Option<&str>)> = plan
        .removals
        .iter()
        .map(|m| {
            (
                m.id.to_string(),
                m.cluster_id.to_string(),
                m.external_id.as_deref(),
            )
        })
        .collect();
    Ok(store::members::announce(
        conn,
        Announcement::Removed,
        &gone,
    )?)
}

/// The portal's list as the caller holds it (the body as it came, items still JSON text,
/// parsed one at a time when needed).
pub trait List: Send + 'static {
    /// The function that validates item `i` of the list as a member of `cluster_id` and
    /// gives its stored form; the errors carry their paths (`members[3].contacts[0].email`).
    #[allow(clippy::type_complexity)]
    fn preparer(
        &self,
        cluster_id: Uuid,
    ) -> AppResult<Box<dyn FnMut(usize) -> Result<Prepared, Vec<FieldError>> + '_>>;
}

/// May `caller` sync the members of `cluster_id` (its managers, keys with `members:sync`),
/// and does the cluster exist? Settled before a byte of the list is read.
pub async fn may_sync(db: &Db, caller: &Principal, cluster_id: Uuid) -> AppResult<()> {
    require(
        caller.manages_cluster(cluster_id),
        "sync this cluster's members",
    )?;
    db.run_short(move |conn| Ok(store::clusters::get(conn, cluster_id).map(|_| ())?))
        .await
}

/// A sync done (or, dry, planned).
pub struct SyncDone {
    pub plan: Plan,
    /// When the plan was ready (the rest was writing it).
    pub planned_at: std::time::Instant,
}

/// Plans the sync of `cluster_id`'s members with the portal's `list` (whose keys and hashes
/// are `items`) and, unless `dry_run`, applies it: one write transaction, so a failure
/// leaves the previous state intact. Syncs of one cluster run one after the other.
/// `writing` is called inside the transaction, planned, just before the changes are written.
pub async fn sync_members<L: List>(
    db: &Db,
    cluster_id: Uuid,
    mode: Mode,
    dry_run: bool,
    items: Vec<Item>,
    list: L,
    writing: impl FnOnce() + Send + 'static,
) -> AppResult<SyncDone> {
    db.write(move |conn| {
        // Syncs of one cluster run one after the other (PostgreSQL).
        store::lock_for_update(
            conn,
            crate::store::Locked::Clusters,
            &cluster_id.to_string(),
        )?;
        let mut prepare = list.preparer(cluster_id)?;
        let plan = plan(conn, cluster_id, mode, &items, &mut *prepare)?;
        let planned_at = std::time::Instant::now();
        if !dry_run {
            writing();
            apply(conn, cluster_id, &plan, &items, &mut *prepare)?;
        }
        Ok(SyncDone { plan, planned_at })
    })
    .await
}
