//! Industry clusters: their use cases.

use chrono::{Datelike, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::app::auth::{Credentials, read_as};
use crate::app::edit::{Editable, Removable};
use crate::domain::access::{Principal, require};
use crate::domain::text::{trimmed, trimmed_opt};
use crate::domain::{format, geo};
use crate::error::{AppError, AppResult};
use crate::store::clusters::{self as store, ClusterData, ClusterFilter, ClusterWithCount};
use crate::store::{Db, DbConn};

fn validate_founded_year(year: i32) -> Result<(), validator::ValidationError> {
    if (1800..=Utc::now().year()).contains(&year) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("range")
            .with_message("must be a year between 1800 and this year".into()))
    }
}

/// A cluster as clients send it, for `POST` and `PUT`.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Swiss Aerospace Cluster",
    "slug": "swiss-aerospace-cluster",
    "country": "CH",
    "region": "CH-NW",
    "sector": "aerospace",
    "description": "Swiss aerospace suppliers, research and operators.",
    "website": "https://www.swissaerospacecluster.ch",
    "contact_email": "info@swissaerospacecluster.ch"
}))]
pub struct ClusterInput {
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[validate(custom(function = "format::validate_slug"))]
    #[schema(min_length = 2, max_length = 64, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: String,
    #[validate(custom(function = "geo::validate_country"))]
    #[schema(pattern = "^[A-Z]{2}$", example = "CH")]
    pub country: String,
    #[serde(default)]
    #[validate(custom(function = "geo::validate_region"))]
    #[schema(pattern = "^[A-Z]{2}-[A-Z0-9]{1,3}$", example = "CH-NW")]
    pub region: Option<String>,
    #[validate(length(min = 1, max = 100), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 100, example = "aerospace")]
    pub sector: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub description: String,
    #[serde(default)]
    #[validate(length(max = 500), custom(function = "format::validate_http_url"))]
    #[schema(max_length = 500, format = Uri)]
    pub website: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "validate_founded_year"))]
    #[schema(minimum = 1800, maximum = 2100)]
    pub founded_year: Option<i32>,
    #[serde(default)]
    #[validate(email, length(max = 254))]
    #[schema(max_length = 254, format = Email)]
    pub contact_email: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "format::validate_phone"))]
    #[schema(max_length = 40, pattern = r"^\+?[0-9 ./()-]{6,39}$")]
    pub contact_phone: Option<String>,
}

impl ClusterInput {
    pub(crate) fn into_data(self) -> AppResult<ClusterData> {
        if let Some(region) = &self.region
            && !geo::region_in_country(region, &self.country)
        {
            return Err(AppError::invalid(
                "region",
                format!("{region} is not a subdivision of {}", self.country),
            ));
        }
        Ok(ClusterData {
            name: trimmed(self.name),
            slug: self.slug,
            country: self.country,
            region: self.region,
            sector: trimmed(self.sector),
            description: self.description.trim().to_owned(),
            website: self.website.as_deref().map(format::normalize_http_url),
            founded_year: self.founded_year,
            contact_email: trimmed_opt(self.contact_email).map(|e| e.to_lowercase()),
            contact_phone: trimmed_opt(self.contact_phone),
        })
    }

    pub(crate) fn from_data(d: ClusterData) -> ClusterInput {
        ClusterInput {
            name: d.name,
            slug: d.slug,
            country: d.country,
            region: d.region,
            sector: d.sector,
            description: d.description,
            website: d.website,
            founded_year: d.founded_year,
            contact_email: d.contact_email,
            contact_phone: d.contact_phone,
        }
    }
}

/// A page of clusters with their member counts, in creation order, after `after`.
/// (The public directory: any signed-in caller, confirmed in the same checkout.)
pub async fn list(
    db: &Db,
    who: Credentials,
    filter: ClusterFilter,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<ClusterWithCount>> {
    read_as(db, who, false, move |conn| {
        Ok(store::list(conn, &filter, after.as_deref(), limit)?)
    })
    .await
}

pub async fn get(db: &Db, who: Credentials, id: Uuid) -> AppResult<ClusterWithCount> {
    read_as(db, who, false, move |conn| Ok(store::get(conn, id)?)).await
}

/// Creates a cluster (platform admins).
pub async fn create(db: &Db, caller: &Principal, data: ClusterData) -> AppResult<ClusterWithCount> {
    require(caller.is_admin(), "create clusters (platform admins do)")?;
    db.write(move |conn| Ok(store::insert(conn, &data)?)).await
}

/// The cluster as an object that its managers change and platform admins remove.
pub struct Cluster;

impl Editable for Cluster {
    type Key = Uuid;
    type Row = ClusterWithCount;
    type Change = ClusterData;
    const TABLE: crate::store::Locked = crate::store::Locked::Clusters;

    fn load(conn: &mut DbConn, _caller: &Principal, &id: &Uuid) -> AppResult<ClusterWithCount> {
        Ok(store::get(conn, id)?)
    }

    fn authorize(caller: &Principal, row: &ClusterWithCount) -> AppResult<()> {
        Ok(require(
            caller.manages_cluster(row.0.id),
            "edit this cluster",
        )?)
    }

    fn store(
        conn: &mut DbConn,
        _caller: &Principal,
        row: &ClusterWithCount,
        change: ClusterData,
    ) -> AppResult<ClusterWithCount> {
        Ok(store::update(conn, &row.0, &change)?)
    }
}

impl Removable for Cluster {
    fn authorize_removal(caller: &Principal, _row: &ClusterWithCount) -> AppResult<()> {
        Ok(require(
            caller.is_admin(),
            "delete clusters (platform admins do)",
        )?)
    }

    fn remove(conn: &mut DbConn, row: &ClusterWithCount) -> AppResult<()> {
        Ok(store::delete(conn, &row.0, row.1)?)
    }
}
