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

use crate::db::contacts::{ContactData, ContactRow, NewContactRow};
use crate::db::members::{Announcement, MemberData, MemberRow, NewMemberRow};
use crate::db::schema::contacts;
use crate::db::{self, DbConn};
use crate::domain::text::fold;
use crate::error::{AppError, AppResult, FieldError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Create and update only.
    Upsert,
    /// Also remove (as tombstones) members the portal no longer lists.
    Mirror,
}

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
    pub id: String,
    pub external_id: String,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub created: Vec<Outcome>,
    pub updated: Vec<Outcome>,
    pub unchanged: Vec<Outcome>,
    pub removed: Vec<Outcome>,
    new_members: Vec<NewMemberRow>,
    new_contacts: Vec<NewContactRow>,
    /// Members written again (changed data or contacts, or restored), with the new hash.
    rewrites: Vec<(MemberRow, MemberData, String)>,
    /// Unchanged members whose hash was not known yet.
    hashes: Vec<(String, String)>,
    contact_updates: Vec<(ContactRow, ContactData)>,
    contact_deletes: Vec<String>,
    removals: Vec<MemberRow>,
}

/// Contacts are matched by e-mail when they have one, else by name (accents and case aside):
/// portals rarely have ids for people.
fn contact_key(c: &ContactData) -> String {
    match &c.email {
        Some(email) => format!("e:{}", email.to_lowercase()),
        None => format!("n:{}", fold(&c.name)),
    }
}

/// What the stored state must become. Reads only. `prepare(i)` validates item `i` and gives
/// its stored form; it is called only for items that are new or changed, and every error of
/// every item is reported together.
pub fn plan(
    conn: &mut DbConn,
    cluster_id: Uuid,
    mode: Mode,
    items: &[Item],
    prepare: &mut dyn FnMut(usize) -> Result<Prepared, Vec<FieldError>>,
) -> AppResult<Plan> {
    let mut stored: HashMap<String, MemberRow> = db::members::synced_of_cluster(conn, cluster_id)?
        .into_iter()
        .filter_map(|m| m.external_id.clone().map(|e| (e, m)))
        .collect();
    let mut plan = Plan::default();
    let mut errors = Vec::new();
    let mut to_compare: Vec<(usize, MemberRow, Prepared)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let current = stored.remove(&item.external_id);
        if let Some(current) = &current
            && current.deleted_at.is_none()
            && current.sync_hash.as_deref() == Some(item.hash.as_str())
        {
            plan.unchanged.push(Outcome {
                id: current.id.clone(),
                external_id: item.external_id.clone(),
            });
            continue;
        }
        let prepared = match prepare(i) {
            Ok(p) => p,
            Err(mut e) => {
                errors.append(&mut e);
                continue;
            }
        };
        match current {
            None => {
                let (data, people) = prepared;
                let mut row = NewMemberRow::new(cluster_id, data);
                row.sync_hash = Some(item.hash.clone());
                plan.created.push(Outcome {
                    id: row.id.clone(),
                    external_id: item.external_id.clone(),
                });
                plan.new_contacts
                    .extend(people.into_iter().map(|c| NewContactRow::new(&row.id, c)));
                plan.new_members.push(row);
            }
            Some(current) => to_compare.push((i, current, prepared)),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    // Field-by-field comparison, with the stored contact people of just these members.
    let ids: Vec<String> = to_compare.iter().map(|(_, m, _)| m.id.clone()).collect();
    let mut stored_contacts: HashMap<String, Vec<ContactRow>> = HashMap::new();
    for chunk in ids.chunks(5000) {
        let rows: Vec<ContactRow> = contacts::table
            .filter(contacts::member_id.eq_any(chunk))
            .order(contacts::id.asc())
            .select(ContactRow::as_select())
            .load(conn)?;
        for row in rows {
            stored_contacts
                .entry(row.member_id.clone())
                .or_default()
                .push(row);
        }
    }
    for (i, current, (data, people)) in to_compare {
        let item = &items[i];
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
                        .push(NewContactRow::new(&current.id, contact));
                }
            }
        }
        if !existing.is_empty() {
            contacts_changed = true;
            plan.contact_deletes
                .extend(existing.into_values().map(|c| c.id));
        }
        let outcome = Outcome {
            id: current.id.clone(),
            external_id: item.external_id.clone(),
        };
        if current.deleted_at.is_some() || contacts_changed || current.data() != data {
            plan.updated.push(outcome);
            plan.rewrites.push((current, data, item.hash.clone()));
        } else {
            plan.unchanged.push(outcome);
            plan.hashes.push((current.id, item.hash.clone()));
        }
    }

    if mode == Mode::Mirror {
        let mut gone: Vec<MemberRow> = stored
            .into_values()
            .filter(|m| m.deleted_at.is_none())
            .collect();
        gone.sort_by(|a, b| a.id.cmp(&b.id));
        for m in gone {
            plan.removed.push(Outcome {
                id: m.id.clone(),
                external_id: m.external_id.clone().unwrap_or_default(),
            });
            plan.removals.push(m);
        }
    }
    Ok(plan)
}

/// Writes the plan. Run inside the same write transaction as [`plan`].
pub fn apply(conn: &mut DbConn, plan: &Plan) -> AppResult<()> {
    db::members::insert_many(conn, &plan.new_members)?;
    // Contact changes first: they clear the stored hash, which the rewrite then sets.
    for (row, data) in &plan.contact_updates {
        db::contacts::update(conn, row, data)?;
    }
    for chunk in plan.contact_deletes.chunks(1000) {
        diesel::delete(contacts::table.filter(contacts::id.eq_any(chunk))).execute(conn)?;
    }
    db::contacts::insert_many(conn, &plan.new_contacts)?;
    for (current, data, hash) in &plan.rewrites {
        db::members::overwrite(conn, current, data, hash)?;
    }
    for (id, hash) in &plan.hashes {
        db::members::remember_sync(conn, id, hash)?;
    }
    let removed: Vec<String> = plan.removals.iter().map(|m| m.id.clone()).collect();
    db::members::soft_delete(conn, &removed)?;
    // Contacts of removed members go: a tombstone keeps no personal data.
    for chunk in removed.chunks(1000) {
        diesel::delete(contacts::table.filter(contacts::member_id.eq_any(chunk))).execute(conn)?;
    }
    let updated: Vec<(&str, &str, Option<&str>)> = plan
        .rewrites
        .iter()
        .map(|(m, d, _)| {
            (
                m.id.as_str(),
                m.cluster_id.as_str(),
                d.external_id.as_deref(),
            )
        })
        .collect();
    db::members::announce(conn, Announcement::Updated, &updated)?;
    let gone: Vec<(&str, &str, Option<&str>)> = plan
        .removals
        .iter()
        .map(|m| {
            (
                m.id.as_str(),
                m.cluster_id.as_str(),
                m.external_id.as_deref(),
            )
        })
        .collect();
    db::members::announce(conn, Announcement::Removed, &gone)
}
