//! Contact people of a member company.

use diesel::prelude::*;
use uuid::Uuid;

use super::members::Announcement;
use super::schema::{contacts, members};
use super::{DbConn, new_id, now};
use crate::domain::person_name::{self, NameParts};
use crate::store::{Error, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contacts)]
pub struct ContactRow {
    pub id: Uuid,
    pub member_id: Uuid,
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: String,
    pub share_consent: bool,
    pub version: i32,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    /// Set when the person was removed or erased (the row is a placeholder).
    pub erased_at: Option<chrono::NaiveDateTime>,
    /// The name in parts (`domain::person_name`); both NULL when not stated.
    pub given_name: Option<String>,
    pub family_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = contacts, treat_none_as_null = true)]
pub struct ContactData {
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: String,
    pub share_consent: bool,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
}

impl ContactRow {
    /// The name in parts as shown: the stored parts, or the split of the display name for a
    /// row that has none; none for a removed person.
    pub fn name_parts(&self) -> NameParts {
        if self.erased_at.is_some() {
            return NameParts::default();
        }
        person_name::effective(
            &self.name,
            NameParts::stated(self.given_name.clone(), self.family_name.clone()),
        )
    }

    pub fn data(&self) -> ContactData {
        ContactData {
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            name: self.name.clone(),
            role: self.role.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            languages: self.languages.clone(),
            share_consent: self.share_consent,
        }
    }
}

/// The contact `id` of member `member_id`: a contact reached through another member's path
/// is "not found", so ids cannot be used to hop across companies.
pub fn get(conn: &mut DbConn, member_id: Uuid, id: Uuid) -> StoreResult<ContactRow> {
    contacts::table
        .find(id.to_string())
        .filter(contacts::member_id.eq(member_id.to_string()))
        // An erased person is no longer anybody's contact.
        .filter(contacts::erased_at.is_null())
        .select(ContactRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("member {member_id} has no contact {id}")))
}

pub fn list(
    conn: &mut DbConn,
    member_id: Uuid,
    share_consent: Option<bool>,
    updated_since: Option<chrono::NaiveDateTime>,
    include_removed: bool,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<ContactRow>> {
    let mut query = contacts::table
        .filter(contacts::member_id.eq(member_id.to_string()))
        .select(ContactRow::as_select())
        .into_boxed();
    if !include_removed {
        query = query.filter(contacts::erased_at.is_null());
    }
    if let Some(consent) = share_consent {
        query = query.filter(contacts::share_consent.eq(consent));
    }
    if let Some(since) = updated_since {
        query = query.filter(contacts::updated_at.ge(since));
    }
    if let Some(after) = after {
        query = query.filter(contacts::id.gt(after.to_owned()));
    }
    Ok(query.order(contacts::id.asc()).limit(limit).load(conn)?)
}

pub fn insert(conn: &mut DbConn, member_id: Uuid, data: &ContactData) -> StoreResult<ContactRow> {
    let at = now();
    let id = new_id();
    diesel::insert_into(contacts::table)
        .values((
            contacts::id.eq(&id),
            contacts::member_id.eq(member_id.to_string()),
            data,
            contacts::version.eq(1),
            contacts::created_at.eq(at),
            contacts::updated_at.eq(at),
        ))
        .execute(conn)?;
    let row: ContactRow = contacts::table
        .find(&id)
        .select(ContactRow::as_select())
        .first(conn)?;
    super::members::forget_sync(conn, row.member_id)?;
    announce(conn, Announcement::Created, &[row.id.to_string()])?;
    Ok(row)
}

pub fn update(
    conn: &mut DbConn,
    current: &ContactRow,
    data: &ContactData,
) -> StoreResult<ContactRow> {
    if current.data() == *data {
        return Ok(current.clone());
    }
    let changed = diesel::update(
        contacts::table
            .find(current.id.to_string())
            .filter(contacts::version.eq(current.version)),
    )
    .set((
        data,
        contacts::version.eq(current.version + 1),
        contacts::updated_at.eq(now()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(super::changed_meanwhile("contact"));
    }
    super::members::forget_sync(conn, current.member_id)?;
    announce(conn, Announcement::Updated, &[current.id.to_string()])?;
    Ok(contacts::table
        .find(current.id.to_string())
        .select(ContactRow::as_select())
        .first(conn)?)
}

/// Removes a person: their data goes at once, the row stays as a placeholder (a tombstone
/// for lists with `include_removed`, and the histories that refer to it — past attendances,
/// meetings — keep their shape); their attendances of events not yet ended are dropped
/// (seats freed). Announced (feed tombstone, `contact.removed`).
pub fn delete(conn: &mut DbConn, current: &ContactRow) -> StoreResult<()> {
    let changed = diesel::update(
        contacts::table
            .find(current.id.to_string())
            .filter(contacts::version.eq(current.version))
            .filter(contacts::erased_at.is_null()),
    )
    .set(contacts::version.eq(current.version + 1))
    .execute(conn)?;
    if changed == 0 {
        return Err(super::changed_meanwhile("contact"));
    }
    remove_people(conn, &[current.id.to_string()])
}

/// The placeholder that replaces a removed or erased person's name.
pub const REMOVED_NAME: &str = "Erased person";

/// Removes people by id (see [`delete`]), announced; already removed ones are left alone.
pub fn remove_people(conn: &mut DbConn, ids: &[String]) -> StoreResult<()> {
    use super::schema::{events, registration_attendees, registrations};
    if ids.is_empty() {
        return Ok(());
    }
    announce(conn, Announcement::Removed, ids)?;
    let at = now();
    for chunk in ids.chunks(1000) {
        let companies: Vec<Uuid> = contacts::table
            .filter(contacts::id.eq_any(chunk))
            .filter(contacts::erased_at.is_null())
            .select(contacts::member_id)
            .distinct()
            .load(conn)?;
        diesel::update(
            contacts::table
                .filter(contacts::id.eq_any(chunk))
                .filter(contacts::erased_at.is_null()),
        )
        .set((
            contacts::name.eq(REMOVED_NAME),
            contacts::given_name.eq(None::<String>),
            contacts::family_name.eq(None::<String>),
            contacts::role.eq(""),
            contacts::email.eq(None::<String>),
            contacts::phone.eq(None::<String>),
            contacts::languages.eq("[]"),
            contacts::share_consent.eq(false),
            contacts::erased_at.eq(Some(at)),
            contacts::version.eq(contacts::version + 1),
            contacts::updated_at.eq(at),
        ))
        .execute(conn)?;
        diesel::update(events::table.filter(events::coordinator_contact_id.eq_any(chunk)))
            .set(events::coordinator_contact_id.eq(None::<String>))
            .execute(conn)?;
        // Attendances of days still to come are dropped (the seat is free); past ones stay,
        // with the placeholder.
        let coming = registrations::table
            .inner_join(events::table)
            .filter(events::ends_at.gt(at))
            .select(registrations::id);
        diesel::delete(
            registration_attendees::table
                .filter(registration_attendees::contact_id.eq_any(chunk))
                .filter(registration_attendees::registration_id.eq_any(coming)),
        )
        .execute(conn)?;
        for company in &companies {
            super::members::forget_sync(conn, *company)?;
        }
    }
    Ok(())
}

/// Gives people written before names had parts their parts, split from the display name
/// (run at start-up after the migrations, under the start-up lock; a no-op once every person
/// has them). Not a change anybody made: no version, time, feed entry or webhook moves.
/// Removed people keep none.
pub fn backfill_name_parts(conn: &mut DbConn) -> StoreResult<usize> {
    let missing: Vec<(String, String)> = contacts::table
        .filter(contacts::given_name.is_null())
        .filter(contacts::family_name.is_null())
        .filter(contacts::erased_at.is_null())
        .select((contacts::id, contacts::name))
        .load(conn)?;
    // One transaction: a commit per row would make the first start of a large SQLite
    // database wait on a disk flush per person.
    conn.transaction(|conn| {
        let mut written = 0;
        for (id, name) in &missing {
            let parts = person_name::split(name);
            if parts.is_empty() {
                continue;
            }
            written += diesel::update(contacts::table.find(id))
                .set((
                    contacts::given_name.eq(parts.given),
                    contacts::family_name.eq(parts.family),
                ))
                .execute(conn)?;
        }
        Ok(written)
    })
}

/// The cluster of the company a contact person belongs to, if the contact exists.
pub fn cluster_of_contact(conn: &mut DbConn, id: Uuid) -> super::StoreResult<Option<Uuid>> {
    use super::schema::members;
    Ok(contacts::table
        .inner_join(members::table)
        .filter(contacts::id.eq(id.to_string()))
        .select(members::cluster_id)
        .first::<Uuid>(conn)
        .optional()?)
}

/// A complete contact row, for batch inserts.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = contacts)]
pub struct NewContactRow {
    pub id: String,
    pub member_id: String,
    #[diesel(embed)]
    pub data: ContactData,
    pub version: i32,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

impl NewContactRow {
    pub fn new(member_id: Uuid, data: ContactData) -> NewContactRow {
        let at = now();
        NewContactRow {
            id: new_id(),
            member_id: member_id.to_string(),
            data,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }
}

/// Inserts many rows with few statements (see `members::insert_many`), announced.
pub fn insert_many(conn: &mut DbConn, rows: &[NewContactRow]) -> StoreResult<()> {
    insert_many_quietly(conn, rows)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    announce(conn, Announcement::Created, &ids)
}

/// Removes contacts by id (the portal sync's removals), as [`delete`] does.
pub fn delete_many(conn: &mut DbConn, ids: &[String]) -> StoreResult<()> {
    remove_people(conn, ids)
}

/// Records contact changes in the change feed and queues their webhooks
/// (`contact.created|updated|removed`), in the current transaction; call while the rows
/// still exist. Every write of contacts goes through here. Payloads are thin: ids and the
/// consent flag, so that a receiver that keeps only consenting people can drop one.
pub fn announce(conn: &mut DbConn, what: Announcement, ids: &[String]) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut people: Vec<(String, String, String, bool)> = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        people.extend(
            contacts::table
                .inner_join(members::table)
                .filter(contacts::id.eq_any(chunk))
                .select((
                    contacts::id,
                    contacts::member_id,
                    members::cluster_id,
                    contacts::share_consent,
                ))
                .load::<(String, String, String, bool)>(conn)?,
        );
    }
    // In the order given (the feed's order is the order of the writes).
    let position: std::collections::HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    people.sort_by_key(|p| position.get(p.0.as_str()).copied().unwrap_or(usize::MAX));
    let changes: Vec<super::feed::Change> = people
        .iter()
        .map(|(id, _, cluster, _)| super::feed::Change {
            entity_id: id,
            cluster_id: Some(cluster),
            deleted: what == Announcement::Removed,
        })
        .collect();
    super::feed::record(conn, super::feed::CONTACT, &changes)?;
    let mut companies: Vec<&str> = people.iter().map(|(_, m, _, _)| m.as_str()).collect();
    companies.sort_unstable();
    companies.dedup();
    let at = now();
    for chunk in companies.chunks(1000) {
        diesel::update(members::table.filter(members::id.eq_any(chunk)))
            .set(members::people_changed_at.eq(Some(at)))
            .execute(conn)?;
    }
    let event_type = match what {
        Announcement::Created => "contact.created",
        Announcement::Updated => "contact.updated",
        Announcement::Removed => "contact.removed",
    };
    let events: Vec<(Vec<String>, serde_json::Value)> = people
        .iter()
        .map(|(id, member, cluster, consent)| {
            (
                vec![cluster.clone()],
                serde_json::json!({"contact_id": id, "member_id": member,
                    "cluster_id": cluster, "share_consent": consent}),
            )
        })
        .collect();
    super::outbox::emit(conn, event_type, &events)
}

/// The ids of the people of these companies.
pub fn ids_of_members(conn: &mut DbConn, member_ids: &[&str]) -> StoreResult<Vec<String>> {
    let mut ids = Vec::new();
    for chunk in member_ids.chunks(1000) {
        ids.extend(
            contacts::table
                .filter(contacts::member_id.eq_any(chunk))
                .order(contacts::id.asc())
                .select(contacts::id)
                .load::<String>(conn)?,
        );
    }
    Ok(ids)
}

/// Contacts by id, with their company's cluster and whether they are gone (the company
/// removed or the person erased): the change feed shows the current state of each.
pub fn by_ids_with_member(
    conn: &mut DbConn,
    ids: &[String],
) -> StoreResult<Vec<(ContactRow, Uuid, bool)>> {
    Ok(contacts::table
        .inner_join(members::table)
        .filter(contacts::id.eq_any(ids))
        .select((
            ContactRow::as_select(),
            members::cluster_id,
            members::deleted_at
                .is_not_null()
                .or(contacts::erased_at.is_not_null()),
        ))
        .load(conn)?)
}

fn insert_many_quietly(conn: &mut DbConn, rows: &[NewContactRow]) -> StoreResult<()> {
    for chunk in rows.chunks(1000) {
        match conn {
            DbConn::Pg(c) => diesel::insert_into(contacts::table)
                .values(chunk)
                .execute(c)?,
            DbConn::Sqlite(c) => diesel::insert_into(contacts::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(())
}
