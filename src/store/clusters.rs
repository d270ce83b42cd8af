//! Clusters and their computed member count.

use diesel::prelude::*;
use uuid::Uuid;

use super::schema::{clusters, members};
use super::{DbConn, new_id, now};
use crate::store::{Error, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = clusters)]
pub struct ClusterRow {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub country: String,
    pub region: Option<String>,
    pub sector: String,
    pub description: String,
    pub website: Option<String>,
    pub founded_year: Option<i32>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub version: i32,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

/// The editable fields, for inserts and for full updates alike.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = clusters, treat_none_as_null = true)]
pub struct ClusterData {
    pub name: String,
    pub slug: String,
    pub country: String,
    pub region: Option<String>,
    pub sector: String,
    pub description: String,
    pub website: Option<String>,
    pub founded_year: Option<i32>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
}

impl ClusterRow {
    pub fn data(&self) -> ClusterData {
        ClusterData {
            name: self.name.clone(),
            slug: self.slug.clone(),
            country: self.country.clone(),
            region: self.region.clone(),
            sector: self.sector.clone(),
            description: self.description.clone(),
            website: self.website.clone(),
            founded_year: self.founded_year,
            contact_email: self.contact_email.clone(),
            contact_phone: self.contact_phone.clone(),
        }
    }
}

/// A cluster with the number of its member companies.
pub type ClusterWithCount = (ClusterRow, i64);

macro_rules! member_count {
    () => {
        members::table
            .filter(members::cluster_id.eq(clusters::id))
            .filter(members::deleted_at.is_null())
            .count()
            .single_value()
    };
}

pub fn get(conn: &mut DbConn, id: Uuid) -> StoreResult<ClusterWithCount> {
    let (row, count) = clusters::table
        .find(id.to_string())
        .select((ClusterRow::as_select(), member_count!()))
        .first::<(ClusterRow, Option<i64>)>(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no cluster with id {id}")))?;
    Ok((row, count.unwrap_or(0)))
}

pub fn exists(conn: &mut DbConn, id: Uuid) -> StoreResult<bool> {
    Ok(clusters::table
        .find(id.to_string())
        .select(clusters::id)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

#[derive(Debug, Default)]
pub struct ClusterFilter {
    pub country: Option<String>,
    pub sector: Option<String>,
    pub slug: Option<String>,
}

pub fn list(
    conn: &mut DbConn,
    filter: &ClusterFilter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<ClusterWithCount>> {
    let mut query = clusters::table
        .select((ClusterRow::as_select(), member_count!()))
        .into_boxed();
    if let Some(country) = &filter.country {
        query = query.filter(clusters::country.eq(country.clone()));
    }
    if let Some(sector) = &filter.sector {
        query = query.filter(clusters::sector.eq(sector.clone()));
    }
    if let Some(slug) = &filter.slug {
        query = query.filter(clusters::slug.eq(slug.clone()));
    }
    if let Some(after) = after {
        query = query.filter(clusters::id.gt(after.to_owned()));
    }
    let rows = query
        .order(clusters::id.asc())
        .limit(limit)
        .load::<(ClusterRow, Option<i64>)>(conn)?;
    Ok(rows.into_iter().map(|(r, c)| (r, c.unwrap_or(0))).collect())
}

fn ensure_slug_free(conn: &mut DbConn, slug: &str, except: Option<Uuid>) -> StoreResult<()> {
    let existing = clusters::table
        .filter(clusters::slug.eq(slug))
        .select(clusters::id)
        .first::<Uuid>(conn)
        .optional()?;
    match existing {
        Some(id) if Some(id) != except => Err(Error::Conflict {
            detail: format!("the slug `{slug}` is taken by another cluster"),
            existing_id: Some(id.to_string()),
        }),
        _ => Ok(()),
    }
}

pub fn insert(conn: &mut DbConn, data: &ClusterData) -> StoreResult<ClusterWithCount> {
    ensure_slug_free(conn, &data.slug, None)?;
    let at = now();
    let row = diesel::insert_into(clusters::table)
        .values((
            clusters::id.eq(new_id()),
            data,
            clusters::version.eq(1),
            clusters::created_at.eq(at),
            clusters::updated_at.eq(at),
        ))
        .get_result::<ClusterRow>(conn)?;
    Ok((row, 0))
}

/// Writes `data` if the stored version is still the one in `current`; a write that changes
/// nothing keeps the version and `updated_at` as they are.
pub fn update(
    conn: &mut DbConn,
    current: &ClusterRow,
    data: &ClusterData,
) -> StoreResult<ClusterWithCount> {
    if current.data() == *data {
        return get(conn, current.id);
    }
    ensure_slug_free(conn, &data.slug, Some(current.id))?;
    crate::store::audit::note_cluster(&current.id.to_string());
    let changed = diesel::update(
        clusters::table
            .find(current.id.to_string())
            .filter(clusters::version.eq(current.version)),
    )
    .set((
        data,
        clusters::version.eq(current.version + 1),
        clusters::updated_at.eq(now()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(super::changed_meanwhile("cluster"));
    }
    get(conn, current.id)
}

pub fn delete(conn: &mut DbConn, current: &ClusterRow, member_count: i64) -> StoreResult<()> {
    crate::store::audit::note_cluster(&current.id.to_string());
    if member_count > 0 {
        return Err(Error::conflict(format!(
            "the cluster still has {member_count} member companies; remove them first"
        )));
    }
    let deleted = diesel::delete(
        clusters::table
            .find(current.id.to_string())
            .filter(clusters::version.eq(current.version)),
    )
    .execute(conn)?;
    if deleted == 0 {
        return Err(super::changed_meanwhile("cluster"));
    }
    Ok(())
}
