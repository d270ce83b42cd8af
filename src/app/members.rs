//! Member companies: the directory's use cases.

use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::app::auth::{Credentials, read_as};
use crate::app::edit::{Editable, Removable};
use crate::domain::access::{Principal, require};
use crate::domain::member::{Office, SearchableProfile, SizeClass};
use crate::domain::sort::{After, Sort};
use crate::domain::text::{normalize_tags, trimmed, trimmed_opt};
use crate::domain::translation::{Language, Translations};
use crate::domain::{format, geo};
use crate::error::{AppError, AppResult};
use crate::store::json::to_json_text;
use crate::store::members::{self as store, MemberData, MemberFilter, MemberRow, MemberSort};
use crate::store::{Db, DbConn};

/// A member company as clients send it, for `POST` and `PUT`.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "cluster_id": "0193a5c8-7d1e-7c3a-9b1e-000000000001",
    "legal_name": "Soliani Emc S.r.l.",
    "country": "IT",
    "city": "Como",
    "size_class": "small",
    "core_business": "Electromagnetic compatibility testing and shielding",
    "areas_of_interest": ["EMC", "avionics"],
    "partners_sought": ["avionics integrators"]
}))]
pub struct MemberInput {
    /// The cluster the company belongs to; fixed once created.
    pub cluster_id: Uuid,
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200)]
    pub legal_name: String,
    #[validate(custom(function = "geo::validate_country"))]
    #[schema(pattern = "^[A-Z]{2}$", example = "IT")]
    pub country: String,
    #[validate(length(min = 1, max = 100), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 100)]
    pub city: String,
    #[serde(default)]
    #[validate(length(max = 500), custom(function = "format::validate_http_url"))]
    #[schema(max_length = 500, format = Uri)]
    pub website: Option<String>,
    pub size_class: SizeClass,
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "format::validate_not_blank")
    )]
    #[schema(min_length = 1, max_length = 2000)]
    pub core_business: String,
    #[serde(default)]
    #[validate(length(max = 30), custom(function = "format::validate_tags"))]
    #[schema(max_items = 30)]
    pub areas_of_interest: Vec<String>,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub areas_of_interest_notes: String,
    #[serde(default)]
    #[validate(length(max = 30), custom(function = "format::validate_tags"))]
    #[schema(max_items = 30)]
    pub partners_sought: Vec<String>,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub partners_sought_notes: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub ongoing_projects: String,
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    #[schema(max_items = 50)]
    pub offices: Vec<Office>,
    #[serde(default)]
    #[validate(
        length(min = 1, max = 100),
        custom(function = "format::validate_single_line")
    )]
    #[schema(min_length = 1, max_length = 100)]
    pub external_id: Option<String>,
    /// The language the profile's text is written in (`it`, `de`, `fr` or `en`; null: not
    /// said). Translations into other languages are written at
    /// `/members/{id}/translations/{lang}`.
    #[serde(default)]
    pub original_language: Option<Language>,
}

impl MemberInput {
    /// The stored form: trimmed text, normalised tags, and the folded search text.
    pub fn to_data(&self) -> AppResult<MemberData> {
        let areas = normalize_tags(&self.areas_of_interest);
        let sought = normalize_tags(&self.partners_sought);
        let search_text = SearchableProfile {
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
            legal_name: trimmed(self.legal_name.clone()),
            country: self.country.clone(),
            city: trimmed(self.city.clone()),
            website: self.website.as_deref().map(format::normalize_http_url),
            size_class: self.size_class,
            core_business: trimmed(self.core_business.clone()),
            areas_of_interest: to_json_text(&areas)?,
            areas_of_interest_notes: self.areas_of_interest_notes.trim().to_owned(),
            partners_sought: to_json_text(&sought)?,
            partners_sought_notes: self.partners_sought_notes.trim().to_owned(),
            ongoing_projects: self.ongoing_projects.trim().to_owned(),
            offices: to_json_text(&self.offices)?,
            external_id: trimmed_opt(self.external_id.clone()),
            search_text,
            name_key: Some(crate::domain::sort::name_key(self.legal_name.trim())),
        })
    }
}

/// A page of members, in creation order, after `after`.
/// (The public directory: any signed-in caller, confirmed in the same checkout.)
pub async fn list(
    db: &Db,
    who: Credentials,
    filter: MemberFilter,
    sort: Sort<MemberSort>,
    after: Option<After>,
    limit: i64,
) -> AppResult<Vec<MemberRow>> {
    // Without free text a page of up to 100 is one short index range: read inline on
    // SQLite. A text search scans the table and a long page takes its time: blocking pool.
    let short = filter.q.is_none() && limit <= 101;
    read_as(db, who, short, move |conn| {
        Ok(store::list(conn, &filter, sort, after.as_ref(), limit)?)
    })
    .await
}

pub async fn get(db: &Db, who: Credentials, id: Uuid) -> AppResult<MemberRow> {
    read_as(db, who, true, move |conn| Ok(store::get(conn, id)?)).await
}

/// Adds a company to a cluster (that cluster's managers and admins).
pub async fn create(
    db: &Db,
    caller: &Principal,
    cluster_id: Uuid,
    data: MemberData,
    original_language: Option<Language>,
) -> AppResult<MemberRow> {
    require(
        caller.manages_cluster(cluster_id),
        "add members to this cluster",
    )?;
    db.write(move |conn| {
        if !crate::store::clusters::exists(conn, cluster_id)? {
            return Err(AppError::invalid(
                "cluster_id",
                format!("no cluster with id {cluster_id}"),
            ));
        }
        Ok(store::insert(conn, cluster_id, &data, original_language)?)
    })
    .await
}

/// What a member company becomes: its cluster (which cannot change) and its profile.
pub struct MemberChange {
    pub cluster_id: Uuid,
    pub data: MemberData,
    /// Kept beside the profile: the portal sync writes `data` but never this.
    pub original_language: Option<Language>,
}

/// The member company as an object that its editors change and its managers remove.
pub struct Member;

impl Editable for Member {
    type Key = Uuid;
    type Row = MemberRow;
    type Change = MemberChange;
    const TABLE: crate::store::Locked = crate::store::Locked::Members;

    fn load(conn: &mut DbConn, _caller: &Principal, &id: &Uuid) -> AppResult<MemberRow> {
        Ok(store::get(conn, id)?)
    }

    fn authorize(caller: &Principal, row: &MemberRow) -> AppResult<()> {
        Ok(require(
            caller.can_edit_member(row.cluster_id, row.id),
            "edit this member company",
        )?)
    }

    fn check(caller: &Principal, row: &MemberRow, change: &MemberChange) -> AppResult<()> {
        let cluster_id = row.cluster_id;
        // The portal's key: a member editor who could set it could make the next sync
        // write another company's data (and delete their own people) here.
        if change.data.external_id != row.external_id && !caller.manages_cluster(cluster_id) {
            return Err(AppError::Forbidden(
                "only the cluster's managers (and portal keys through the member sync) may set or change external_id".into(),
            ));
        }
        if change.cluster_id != cluster_id {
            return Err(AppError::invalid(
                "cluster_id",
                "a member company cannot move to another cluster; create it there instead",
            ));
        }
        // Readers of the original's language read the original: a translation into it would
        // silently stop being shown.
        if let Some(lang) = change.original_language
            && change.original_language != row.original_language
            && row.translations.get(lang).is_some()
        {
            return Err(AppError::invalid(
                "original_language",
                "has a translation; delete that translation first",
            ));
        }
        Ok(())
    }

    fn store(
        conn: &mut DbConn,
        _caller: &Principal,
        row: &MemberRow,
        change: MemberChange,
    ) -> AppResult<MemberRow> {
        Ok(store::update(
            conn,
            row,
            &change.data,
            change.original_language,
        )?)
    }
}

impl Removable for Member {
    fn authorize_removal(caller: &Principal, row: &MemberRow) -> AppResult<()> {
        Ok(require(
            caller.manages_cluster(row.cluster_id),
            "remove this member company",
        )?)
    }

    fn remove(conn: &mut DbConn, row: &MemberRow) -> AppResult<()> {
        Ok(store::delete(conn, row)?)
    }
}

/// Brings back a company a mirror sync removed, within the retention period.
pub async fn restore(db: &Db, caller: Principal, id: Uuid) -> AppResult<MemberRow> {
    db.write(move |conn| {
        crate::store::lock_for_update(conn, crate::store::Locked::Members, &id.to_string())?;
        let current = store::get_removed(conn, id)?;
        require(
            caller.manages_cluster(current.cluster_id),
            "restore this member company",
        )?;
        if current.purged_at.is_some() {
            return Err(AppError::conflict(
                "the retention period ended and the company's people were deleted; create it again",
            ));
        }
        Ok(store::restore(conn, &current)?)
    })
    .await
}
