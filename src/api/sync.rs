//! `PUT /clusters/{id}/members/sync`: a cluster portal pushes its whole member list.

use actix_web::{HttpRequest, HttpResponse, put, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::contacts::ContactInput;
use super::extract::{LargeJson, ValidQuery, flatten_validation_errors};
use super::members::MemberInput;
use super::respond;
use crate::AppState;
use crate::domain::access::{Principal, require};
use crate::domain::member::{Office, SizeClass};
use crate::error::{AppError, AppResult, FieldError};
use crate::sync::{self, Item, Mode, Outcome, Prepared};
use sha2::{Digest, Sha256};

/// A company as the portal knows it. The fields are those of a member company; the
/// cluster is the one in the path, `external_id` is required and keys the sync.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncMember {
    #[schema(min_length = 1, max_length = 100, example = "LAC-0042")]
    pub external_id: String,
    #[schema(min_length = 1, max_length = 200)]
    pub legal_name: String,
    #[schema(pattern = "^[A-Z]{2}$")]
    pub country: String,
    #[schema(min_length = 1, max_length = 100)]
    pub city: String,
    #[serde(default)]
    #[schema(max_length = 500, format = Uri)]
    pub website: Option<String>,
    pub size_class: SizeClass,
    #[schema(min_length = 1, max_length = 2000)]
    pub core_business: String,
    #[serde(default)]
    #[schema(max_items = 30)]
    pub areas_of_interest: Vec<String>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub areas_of_interest_notes: String,
    #[serde(default)]
    #[schema(max_items = 30)]
    pub partners_sought: Vec<String>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub partners_sought_notes: String,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub ongoing_projects: String,
    #[serde(default)]
    #[schema(max_items = 50)]
    pub offices: Vec<Office>,
    /// The company's contact people, all of them: people missing here are removed.
    #[serde(default)]
    #[schema(max_items = 200)]
    pub contacts: Vec<ContactInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    #[schema(max_items = 50000)]
    pub members: Vec<SyncMember>,
}

// Validation of the whole batch happens in `incoming`, so that every bad item is reported.
impl Validate for SyncRequest {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SyncMode {
    Upsert,
    Mirror,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SyncQuery {
    /// `upsert` (default): create and update. `mirror`: also remove members the list no
    /// longer holds (as tombstones the change feed reports).
    pub mode: Option<SyncMode>,
    /// Answer with the exact changes without writing anything.
    pub dry_run: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SyncedMember {
    pub id: Uuid,
    pub external_id: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SyncResult {
    pub dry_run: bool,
    pub created: Vec<SyncedMember>,
    pub updated: Vec<SyncedMember>,
    pub unchanged: Vec<SyncedMember>,
    pub removed: Vec<SyncedMember>,
}

/// Checks the keys of the list (present, unique) and hashes each item as sent, so that the
/// sync can skip what the portal sent unchanged. All key errors together.
fn items(request: &SyncRequest) -> AppResult<Vec<Item>> {
    if request.members.len() > 50_000 {
        return Err(AppError::invalid(
            "members",
            "at most 50000 members per sync",
        ));
    }
    let mut errors: Vec<FieldError> = Vec::new();
    let mut seen: std::collections::HashMap<&str, usize> = Default::default();
    let mut out = Vec::with_capacity(request.members.len());
    for (i, m) in request.members.iter().enumerate() {
        let external_id = m.external_id.trim();
        if external_id.is_empty() || external_id.chars().count() > 100 {
            errors.push(FieldError::new(
                format!("members[{i}].external_id"),
                "must have 1 to 100 characters",
            ));
        } else if let Some(first) = seen.insert(external_id, i) {
            errors.push(FieldError::new(
                format!("members[{i}].external_id"),
                format!("is also used by members[{first}]"),
            ));
        }
        let bytes = serde_json::to_vec(m).map_err(AppError::internal)?;
        out.push(Item {
            external_id: external_id.to_owned(),
            hash: hex::encode(&Sha256::digest(&bytes)[..16]),
        });
    }
    if errors.is_empty() {
        return Ok(out);
    }
    // The list is rejected; report every other error of every item with it.
    for (i, m) in request.members.iter().enumerate() {
        if let Err(mut e) = prepare(Uuid::nil(), i, m) {
            errors.append(&mut e);
        }
    }
    errors.sort_by_key(|e| (item_index(&e.field), e.field.clone()));
    Err(AppError::Validation(errors))
}

/// `7` for `members[7].city`, so that errors come in the order of the list.
fn item_index(field: &str) -> usize {
    field
        .strip_prefix("members[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

/// Validates item `i` like a member and its contacts, and gives its stored form; the errors
/// carry their paths (`members[3].contacts[0].email`).
fn prepare(cluster_id: Uuid, i: usize, m: &SyncMember) -> Result<Prepared, Vec<FieldError>> {
    let at = format!("members[{i}]");
    let mut errors: Vec<FieldError> = Vec::new();
    if m.contacts.len() > 200 {
        errors.push(FieldError::new(
            format!("{at}.contacts"),
            "at most 200 contact people per member",
        ));
    }
    let member = MemberInput {
        cluster_id,
        legal_name: m.legal_name.clone(),
        country: m.country.clone(),
        city: m.city.clone(),
        website: m.website.clone(),
        size_class: m.size_class,
        core_business: m.core_business.clone(),
        areas_of_interest: m.areas_of_interest.clone(),
        areas_of_interest_notes: m.areas_of_interest_notes.clone(),
        partners_sought: m.partners_sought.clone(),
        partners_sought_notes: m.partners_sought_notes.clone(),
        ongoing_projects: m.ongoing_projects.clone(),
        offices: m.offices.clone(),
        external_id: Some(m.external_id.trim().to_owned()),
    };
    if let Err(e) = member.validate() {
        errors.extend(flatten_validation_errors(&e, &at));
    }
    let mut people = Vec::with_capacity(m.contacts.len());
    for (j, c) in m.contacts.iter().enumerate() {
        match c.validate() {
            Ok(()) => people.extend(c.to_data().ok()),
            Err(e) => errors.extend(flatten_validation_errors(
                &e,
                &format!("{at}.contacts[{j}]"),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let data = member
        .to_data()
        .map_err(|e| vec![FieldError::new(at, e.to_problem().detail)])?;
    Ok((data, people))
}

fn named(outcomes: &[Outcome]) -> AppResult<Vec<SyncedMember>> {
    outcomes
        .iter()
        .map(|o| {
            Ok(SyncedMember {
                id: crate::db::stored_uuid(&o.id)?,
                external_id: o.external_id.clone(),
            })
        })
        .collect()
}

/// Synchronise a cluster's members with the portal's full list, keyed by `external_id`.
/// One transaction: a failure leaves the previous state intact. Sending the same list again
/// changes nothing (no `updated_at` bump, no feed entry, no webhook). One bad item rejects the
/// batch, and the answer lists every error of every item. For the cluster's managers and API
/// keys with `members:sync`.
#[utoipa::path(
    tag = "sync",
    params(("id" = Uuid, Path, description = "Cluster id"), SyncQuery),
    request_body = SyncRequest,
    responses(
        (status = 200, description = "What changed (or would change, with dry_run)", body = SyncResult),
        (status = 403, description = "Not a manager of this cluster, or a key without members:sync"),
    ),
    security(("bearer" = []))
)]
#[put("/clusters/{id}/members/sync")]
pub async fn sync_members(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<SyncQuery>,
    body: LargeJson<SyncRequest>,
) -> AppResult<HttpResponse> {
    let cluster_id = id.into_inner();
    let mode = match query.0.mode.unwrap_or(SyncMode::Upsert) {
        SyncMode::Upsert => Mode::Upsert,
        SyncMode::Mirror => Mode::Mirror,
    };
    let dry_run = query.0.dry_run.unwrap_or(false);
    require(
        caller.manages_cluster(cluster_id),
        "sync this cluster's members",
    )?;
    let started = std::time::Instant::now();
    let request = body.0;
    let items = web::block(move || items(&request).map(|items| (items, request))).await??;
    let validated = started.elapsed();
    let (plan, planned) = state
        .db
        .write(move |conn| {
            crate::db::clusters::get(conn, cluster_id)?;
            // Syncs of one cluster run one after the other (PostgreSQL).
            crate::db::lock_for_update(conn, "clusters", &cluster_id.to_string())?;
            let (items, request) = items;
            let plan = sync::plan(conn, cluster_id, mode, &items, &mut |i| {
                prepare(cluster_id, i, &request.members[i])
            })?;
            let planned = started.elapsed();
            if !dry_run {
                sync::apply(conn, &plan)?;
            }
            Ok((plan, planned))
        })
        .await?;
    let written = started.elapsed();
    let result = SyncResult {
        dry_run,
        created: named(&plan.created)?,
        updated: named(&plan.updated)?,
        unchanged: named(&plan.unchanged)?,
        removed: named(&plan.removed)?,
    };
    tracing::info!(
        %cluster_id, dry_run,
        created = result.created.len(), updated = result.updated.len(),
        unchanged = result.unchanged.len(), removed = result.removed.len(),
        validate_ms = validated.as_millis() as u64,
        plan_ms = (planned - validated).as_millis() as u64,
        write_ms = (written - planned).as_millis() as u64,
        "member sync"
    );
    respond::ok(&req, &result)
}
