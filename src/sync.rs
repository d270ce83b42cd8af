//! Portal member sync: compares a cluster portal's full member list (keyed by `external_id`)
//! with what is stored, and applies the difference in one transaction.
//!
//! Sending the same list twice changes nothing: members and contacts whose stored form equals
//! the incoming one are left alone, so no version, timestamp, feed entry or webhook moves.

use std::collections::HashMap;

use diesel::prelude::*;
use uuid::Uuid;

use crate::db::contacts::{ContactData, ContactRow, NewContactRow};
use crate::db::members::{Announcement, MemberData, MemberRow, NewMemberRow};
use crate::db::schema::contacts;
use crate::db::{self, DbConn};
use crate::domain::text::fold;
use crate::error::AppResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Create and update only.
    Upsert,
    /// Also remove (as tombstones) members the portal no longer lists.
    Mirror,
}

/// One company as the portal sends it, already validated and in stored form.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub external_id: String,
    pub data: MemberData,
    pub contacts: Vec<ContactData>,
}

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
    /// Members whose row is written again (changed data, changed contacts, or restored).
    rewrites: Vec<(MemberRow, MemberData)>,
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

/// What the stored state must become. Reads only.
pub fn plan(
    conn: &mut DbConn,
    cluster_id: Uuid,
    mode: Mode,
    incoming: Vec<Incoming>,
) -> AppResult<Plan> {
    let stored = db::members::synced_of_cluster(conn, cluster_id)?;
    let stored_ids: Vec<String> = stored.iter().map(|m| m.id.clone()).collect();
    let mut stored_contacts: HashMap<String, Vec<ContactRow>> = HashMap::new();
    for chunk in stored_ids.chunks(5000) {
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
    let mut by_external: HashMap<String, MemberRow> = stored
        .into_iter()
        .filter_map(|m| m.external_id.clone().map(|e| (e, m)))
        .collect();

    let mut plan = Plan::default();
    for item in incoming {
        let Some(current) = by_external.remove(&item.external_id) else {
            let row = NewMemberRow::new(cluster_id, item.data);
            plan.created.push(Outcome {
                id: row.id.clone(),
                external_id: item.external_id,
            });
            plan.new_contacts.extend(
                item.contacts
                    .into_iter()
                    .map(|c| NewContactRow::new(&row.id, c)),
            );
            plan.new_members.push(row);
            continue;
        };
        let mut existing: HashMap<String, ContactRow> = stored_contacts
            .remove(&current.id)
            .unwrap_or_default()
            .into_iter()
            .map(|c| (contact_key(&c.data()), c))
            .collect();
        let mut contacts_changed = false;
        for contact in item.contacts {
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
            external_id: item.external_id,
        };
        if current.deleted_at.is_some() || contacts_changed || current.data() != item.data {
            plan.updated.push(outcome);
            plan.rewrites.push((current, item.data));
        } else {
            plan.unchanged.push(outcome);
        }
    }
    if mode == Mode::Mirror {
        let mut gone: Vec<MemberRow> = by_external
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
    for (current, data) in &plan.rewrites {
        db::members::overwrite(conn, current, data)?;
    }
    for (row, data) in &plan.contact_updates {
        db::contacts::update(conn, row, data)?;
    }
    for chunk in plan.contact_deletes.chunks(1000) {
        diesel::delete(contacts::table.filter(contacts::id.eq_any(chunk))).execute(conn)?;
    }
    db::contacts::insert_many(conn, &plan.new_contacts)?;
    let removed: Vec<String> = plan.removals.iter().map(|m| m.id.clone()).collect();
    db::members::soft_delete(conn, &removed)?;
    // Contacts of removed members go: a tombstone keeps no personal data.
    for chunk in removed.chunks(1000) {
        diesel::delete(contacts::table.filter(contacts::member_id.eq_any(chunk))).execute(conn)?;
    }
    let updated: Vec<(&str, &str, Option<&str>)> = plan
        .rewrites
        .iter()
        .map(|(m, d)| {
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
