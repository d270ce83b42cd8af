//! Member companies. Tag lists and offices are stored as JSON text (portable across both
//! backends); `search_text` holds the folded text that `q` searches.

use diesel::prelude::*;
use uuid::Uuid;

use super::schema::members;
use super::{DbConn, new_id, now};
use crate::domain::member::SizeClass;
use crate::domain::sort::{
    After, Sort, SortField, ValueKind, name_key, parse_time_value, time_value,
};
use crate::domain::text::{fold, like_pattern_contains};
use crate::domain::translation::{Language, MemberTranslations, Translations};
use crate::store::{Error, StoreResult};

mod sync;
pub use sync::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = members)]
pub struct MemberRow {
    pub id: Uuid,
    pub cluster_id: Uuid,
    pub legal_name: String,
    pub country: String,
    pub city: String,
    pub website: Option<String>,
    pub size_class: SizeClass,
    pub core_business: String,
    pub areas_of_interest: String,
    pub areas_of_interest_notes: String,
    pub partners_sought: String,
    pub partners_sought_notes: String,
    pub ongoing_projects: String,
    pub offices: String,
    pub external_id: Option<String>,
    // `search_text` is left out: it is derived from the profile, written with it, and only
    // ever searched in SQL; reading it back would double the bytes of every directory read.
    pub version: i32,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    /// Set when a mirror sync removed the member; such rows are tombstones for the feed.
    pub deleted_at: Option<chrono::NaiveDateTime>,
    /// What the portal last sent, hashed; cleared by any edit outside the sync.
    pub sync_hash: Option<String>,
    /// When the retention period of a removed member ended and its people were deleted.
    pub purged_at: Option<chrono::NaiveDateTime>,
    /// The profile's text in other languages (`domain::translation`).
    #[diesel(deserialize_as = String)]
    pub translations: MemberTranslations,
    /// The language the profile is written in, when said.
    pub original_language: Option<Language>,
}

/// The editable fields as stored (the cluster is fixed at creation).
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = members, treat_none_as_null = true)]
pub struct MemberData {
    pub legal_name: String,
    pub country: String,
    pub city: String,
    pub website: Option<String>,
    pub size_class: SizeClass,
    pub core_business: String,
    pub areas_of_interest: String,
    pub areas_of_interest_notes: String,
    pub partners_sought: String,
    pub partners_sought_notes: String,
    pub ongoing_projects: String,
    pub offices: String,
    pub external_id: Option<String>,
    pub search_text: String,
    /// The name as a sort key (`domain::sort::name_key`), derived like `search_text`.
    pub name_key: Option<String>,
}

impl MemberRow {
    /// The profile as it would be written again, its search text derived anew.
    pub fn data(&self) -> StoreResult<MemberData> {
        let areas: Vec<String> = super::json::from_json_text(&self.areas_of_interest)?;
        let sought: Vec<String> = super::json::from_json_text(&self.partners_sought)?;
        let search_text = crate::domain::member::SearchableProfile {
            legal_name: &self.legal_name,
            city: &self.city,
            core_business: &self.core_business,
            areas_of_interest: &areas,
            areas_of_interest_notes: &self.areas_of_interest_notes,
            partners_sought: &sought,
            partners_sought_notes: &self.partners_sought_notes,
            ongoing_projects: &self.ongoing_projects,
        }
        .search_text();
        Ok(MemberData {
            legal_name: self.legal_name.clone(),
            country: self.country.clone(),
            city: self.city.clone(),
            website: self.website.clone(),
            size_class: self.size_class,
            core_business: self.core_business.clone(),
            areas_of_interest: self.areas_of_interest.clone(),
            areas_of_interest_notes: self.areas_of_interest_notes.clone(),
            partners_sought: self.partners_sought.clone(),
            partners_sought_notes: self.partners_sought_notes.clone(),
            ongoing_projects: self.ongoing_projects.clone(),
            offices: self.offices.clone(),
            external_id: self.external_id.clone(),
            search_text,
            name_key: Some(name_key(&self.legal_name)),
        })
    }

    /// Whether writing `data` would change nothing (the derived `search_text` aside).
    pub fn same_as(&self, data: &MemberData) -> bool {
        self.legal_name == data.legal_name
            && self.country == data.country
            && self.city == data.city
            && self.website == data.website
            && self.size_class == data.size_class
            && self.core_business == data.core_business
            && self.areas_of_interest == data.areas_of_interest
            && self.areas_of_interest_notes == data.areas_of_interest_notes
            && self.partners_sought == data.partners_sought
            && self.partners_sought_notes == data.partners_sought_notes
            && self.ongoing_projects == data.ongoing_projects
            && self.offices == data.offices
            && self.external_id == data.external_id
    }

    /// Whether writing `data` in `original_language` would change nothing.
    pub fn same_profile(&self, data: &MemberData, original_language: Option<Language>) -> bool {
        self.same_as(data) && self.original_language == original_language
    }
}

pub fn get(conn: &mut DbConn, id: Uuid) -> StoreResult<MemberRow> {
    members::table
        .find(id.to_string())
        .filter(members::deleted_at.is_null())
        .select(MemberRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no member company with id {id}")))
}

#[derive(Debug, Default)]
pub struct MemberFilter {
    pub cluster_id: Option<Uuid>,
    pub country: Option<String>,
    pub size_class: Option<SizeClass>,
    pub external_id: Option<String>,
    /// Free text; every word must occur in the name, city, core business, tags, notes or projects.
    pub q: Option<String>,
    /// Changed (or removed) at or after this time.
    pub updated_since: Option<chrono::NaiveDateTime>,
    /// Removed companies too (tombstones).
    pub include_removed: bool,
}

/// The orders the directory may be listed in (creation order first, the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberSort {
    CreatedAt,
    LegalName,
    UpdatedAt,
}

impl SortField for MemberSort {
    const FIELDS: &'static [(&'static str, MemberSort)] = &[
        ("created_at", MemberSort::CreatedAt),
        ("legal_name", MemberSort::LegalName),
        ("updated_at", MemberSort::UpdatedAt),
    ];
    fn kind(self) -> ValueKind {
        match self {
            MemberSort::CreatedAt => ValueKind::Id,
            MemberSort::LegalName => ValueKind::NameKey,
            MemberSort::UpdatedAt => ValueKind::Time,
        }
    }
}

/// The cursor key of a row in `sort` order.
pub fn sort_key(sort: &Sort<MemberSort>, row: &MemberRow) -> String {
    let id = row.id.to_string();
    match sort.field {
        MemberSort::CreatedAt => sort.key("", &id),
        MemberSort::LegalName => sort.key(&name_key(&row.legal_name), &id),
        MemberSort::UpdatedAt => sort.key(&time_value(row.updated_at), &id),
    }
}

pub fn list(
    conn: &mut DbConn,
    filter: &MemberFilter,
    sort: Sort<MemberSort>,
    after: Option<&After>,
    limit: i64,
) -> StoreResult<Vec<MemberRow>> {
    let mut query = members::table.select(MemberRow::as_select()).into_boxed();
    if !filter.include_removed {
        query = query.filter(members::deleted_at.is_null());
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(members::updated_at.ge(since));
    }
    if let Some(cluster_id) = filter.cluster_id {
        query = query.filter(members::cluster_id.eq(cluster_id.to_string()));
    }
    if let Some(country) = &filter.country {
        query = query.filter(members::country.eq(country.clone()));
    }
    if let Some(size_class) = &filter.size_class {
        query = query.filter(members::size_class.eq(*size_class));
    }
    if let Some(external_id) = &filter.external_id {
        query = query.filter(members::external_id.eq(external_id.clone()));
    }
    if let Some(q) = &filter.q {
        for word in fold(q).split_whitespace() {
            // In the original or in any of its translations.
            let pattern = like_pattern_contains(word);
            query = query.filter(
                members::search_text
                    .like(pattern.clone())
                    .escape('\\')
                    .or(members::translations_search.like(pattern).escape('\\')),
            );
        }
    }
    let desc = sort.descending;
    match sort.field {
        MemberSort::CreatedAt => {
            let after = after.map(|a| a.id.clone());
            keyset!(query, members::id, desc, after);
        }
        MemberSort::LegalName => {
            let after = after.map(|a| (Some(a.value.clone()), a.id.clone()));
            keyset!(query, members::name_key, members::id, desc, after);
        }
        MemberSort::UpdatedAt => {
            let after = match after {
                Some(a) => Some((
                    // Checked by `Sort::read_cursor` before the query.
                    parse_time_value(&a.value)
                        .ok_or_else(|| Error::Internal("unchecked cursor time".into()))?,
                    a.id.clone(),
                )),
                None => None,
            };
            keyset!(query, members::updated_at, members::id, desc, after);
        }
    }
    Ok(query.limit(limit).load(conn)?)
}

/// Gives rows written before names had sort keys their key (run at start-up, after the
/// migrations, under the start-up lock; a no-op once every row has one).
pub fn backfill_name_keys(conn: &mut DbConn) -> StoreResult<usize> {
    let missing: Vec<(String, String)> = members::table
        .filter(members::name_key.is_null())
        .select((members::id, members::legal_name))
        .load(conn)?;
    for (id, legal_name) in &missing {
        diesel::update(members::table.find(id))
            .set(members::name_key.eq(name_key(legal_name)))
            .execute(conn)?;
    }
    Ok(missing.len())
}

/// 409 when another member of the cluster already uses `external_id`.
fn ensure_external_id_free(
    conn: &mut DbConn,
    cluster_id: Uuid,
    external_id: Option<&str>,
    except: Option<Uuid>,
) -> StoreResult<()> {
    let Some(external_id) = external_id else {
        return Ok(());
    };
    let existing = members::table
        .filter(members::cluster_id.eq(cluster_id.to_string()))
        .filter(members::external_id.eq(external_id))
        .select(members::id)
        .first::<Uuid>(conn)
        .optional()?;
    match existing {
        Some(id) if Some(id) != except => Err(Error::Conflict {
            detail: format!("another member of this cluster has external_id `{external_id}`"),
            existing_id: Some(id.to_string()),
        }),
        _ => Ok(()),
    }
}

pub fn insert(
    conn: &mut DbConn,
    cluster_id: Uuid,
    data: &MemberData,
    original_language: Option<Language>,
) -> StoreResult<MemberRow> {
    ensure_external_id_free(conn, cluster_id, data.external_id.as_deref(), None)?;
    let at = now();
    let id = new_id();
    diesel::insert_into(members::table)
        .values((
            members::id.eq(&id),
            members::cluster_id.eq(cluster_id.to_string()),
            data,
            members::original_language.eq(original_language),
            members::version.eq(1),
            members::created_at.eq(at),
            members::updated_at.eq(at),
        ))
        .execute(conn)?;
    let row: MemberRow = members::table
        .find(&id)
        .select(MemberRow::as_select())
        .first(conn)?;
    announce_row(
        conn,
        Announcement::Created,
        &row,
        row.external_id.as_deref(),
    )?;
    Ok(row)
}

/// What happened to members, for the change feed and the webhooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Announcement {
    Created,
    Updated,
    Removed,
}

/// Announces one member (see [`announce`]) with `external_id`.
fn announce_row(
    conn: &mut DbConn,
    what: Announcement,
    row: &MemberRow,
    external_id: Option<&str>,
) -> StoreResult<()> {
    announce(
        conn,
        what,
        &[(row.id.to_string(), row.cluster_id.to_string(), external_id)],
    )
}

/// Records member changes in the feed and queues their webhooks, in the current transaction.
/// Every write in this module goes through here, so no path can forget either.
pub fn announce(
    conn: &mut DbConn,
    what: Announcement,
    members: &[(String, String, Option<&str>)],
) -> StoreResult<()> {
    let deleted = what == Announcement::Removed;
    let changes: Vec<super::feed::Change> = members
        .iter()
        .map(|(id, cluster, _)| super::feed::Change {
            entity_id: id,
            cluster_id: Some(cluster),
            deleted,
        })
        .collect();
    super::feed::record(conn, super::feed::MEMBER, &changes)?;
    if what == Announcement::Removed {
        // Their people leave every mirror with them.
        let ids: Vec<&str> = members.iter().map(|(id, _, _)| id.as_str()).collect();
        let people = super::contacts::ids_of_members(conn, &ids)?;
        super::contacts::announce(conn, Announcement::Removed, &people)?;
    }
    let event_type = match what {
        Announcement::Created => "member.created",
        Announcement::Updated => "member.updated",
        Announcement::Removed => "member.removed",
    };
    let events: Vec<(Vec<String>, serde_json::Value)> = members
        .iter()
        .map(|(id, cluster, external_id)| {
            (
                vec![cluster.to_string()],
                serde_json::json!({"member_id": id, "cluster_id": cluster, "external_id": external_id}),
            )
        })
        .collect();
    super::outbox::emit(conn, event_type, &events)
}

/// Writes `data` if the stored version is still the one in `current`; an update that changes
/// nothing leaves version and `updated_at` alone.
pub fn update(
    conn: &mut DbConn,
    current: &MemberRow,
    data: &MemberData,
    original_language: Option<Language>,
) -> StoreResult<MemberRow> {
    if current.same_profile(data, original_language) {
        return Ok(current.clone());
    }
    ensure_external_id_free(
        conn,
        current.cluster_id,
        data.external_id.as_deref(),
        Some(current.id),
    )?;
    let changed = diesel::update(
        members::table
            .find(current.id.to_string())
            .filter(members::version.eq(current.version)),
    )
    .set((
        data,
        members::original_language.eq(original_language),
        members::version.eq(current.version + 1),
        members::updated_at.eq(now()),
        // Edited outside the sync: the next sync compares it field by field.
        members::sync_hash.eq(None::<String>),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(super::changed_meanwhile("member company"));
    }
    announce_row(
        conn,
        Announcement::Updated,
        current,
        data.external_id.as_deref(),
    )?;
    get(conn, current.id)
}

/// Writes the profile's translations (version-checked, announced as an update); writing the
/// same ones again changes nothing. The portal's hash stays: the sync does not send them.
pub fn set_translations(
    conn: &mut DbConn,
    current: &MemberRow,
    translations: &MemberTranslations,
) -> StoreResult<MemberRow> {
    if current.translations == *translations {
        return Ok(current.clone());
    }
    let changed = diesel::update(
        members::table
            .find(current.id.to_string())
            .filter(members::version.eq(current.version)),
    )
    .set((
        members::translations.eq(translations.to_text()),
        members::translations_search.eq(translations.search_text()),
        members::version.eq(current.version + 1),
        members::updated_at.eq(now()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(super::changed_meanwhile("member company"));
    }
    announce_row(
        conn,
        Announcement::Updated,
        current,
        current.external_id.as_deref(),
    )?;
    get(conn, current.id)
}

pub fn delete(conn: &mut DbConn, current: &MemberRow) -> StoreResult<()> {
    announce_row(
        conn,
        Announcement::Removed,
        current,
        current.external_id.as_deref(),
    )?;
    let deleted = diesel::delete(
        members::table
            .find(current.id.to_string())
            .filter(members::version.eq(current.version)),
    )
    .execute(conn)?;
    if deleted == 0 {
        return Err(super::changed_meanwhile("member company"));
    }
    Ok(())
}

/// Members by id, removed ones included (the change feed shows their last state).
pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> StoreResult<Vec<MemberRow>> {
    Ok(members::table
        .filter(members::id.eq_any(ids))
        .select(MemberRow::as_select())
        .load(conn)?)
}

/// Every member company not removed, optionally of one cluster, in id order.
pub fn all_active(conn: &mut DbConn, cluster_id: Option<Uuid>) -> StoreResult<Vec<MemberRow>> {
    let mut query = members::table
        .filter(members::deleted_at.is_null())
        .select(MemberRow::as_select())
        .into_boxed();
    if let Some(cluster) = cluster_id {
        query = query.filter(members::cluster_id.eq(cluster.to_string()));
    }
    Ok(query.order(members::id.asc()).load(conn)?)
}
