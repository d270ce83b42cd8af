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
use crate::sync::{self, Incoming, Mode, Outcome};

/// A company as the portal knows it. The fields are those of a member company; the
/// cluster is the one in the path, `external_id` is required and keys the sync.
#[derive(Debug, Clone, Deserialize, ToSchema)]
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

/// Validates every item like a member (and its contacts) and converts them to stored form;
/// all errors of all items together, with their paths (`members[3].contacts[0].email`).
fn incoming(cluster_id: Uuid, request: SyncRequest) -> AppResult<Vec<Incoming>> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    let mut out = Vec::with_capacity(request.members.len());
    if request.members.len() > 50_000 {
        return Err(AppError::invalid(
            "members",
            "at most 50000 members per sync",
        ));
    }
    for (i, m) in request.members.into_iter().enumerate() {
        let at = format!("members[{i}]");
        let external_id = m.external_id.trim().to_owned();
        if external_id.is_empty() || external_id.chars().count() > 100 {
            errors.push(FieldError::new(
                format!("{at}.external_id"),
                "must have 1 to 100 characters",
            ));
        } else if let Some(first) = seen.insert(external_id.clone(), i) {
            errors.push(FieldError::new(
                format!("{at}.external_id"),
                format!("is also used by members[{first}]"),
            ));
        }
        if m.contacts.len() > 200 {
            errors.push(FieldError::new(
                format!("{at}.contacts"),
                "at most 200 contact people per member",
            ));
        }
        let member = MemberInput {
            cluster_id,
            legal_name: m.legal_name,
            country: m.country,
            city: m.city,
            website: m.website,
            size_class: m.size_class,
            core_business: m.core_business,
            areas_of_interest: m.areas_of_interest,
            areas_of_interest_notes: m.areas_of_interest_notes,
            partners_sought: m.partners_sought,
            partners_sought_notes: m.partners_sought_notes,
            ongoing_projects: m.ongoing_projects,
            offices: m.offices,
            external_id: Some(external_id.clone()),
        };
        if let Err(e) = member.validate() {
            errors.extend(
                flatten_validation_errors(&e, &at)
                    .into_iter()
                    .filter(|f| !f.field.ends_with(".external_id")),
            );
        }
        let mut people = Vec::with_capacity(m.contacts.len());
        for (j, c) in m.contacts.iter().enumerate() {
            match c.validate() {
                Ok(()) => people.push(c.to_data()?),
                Err(e) => errors.extend(flatten_validation_errors(
                    &e,
                    &format!("{at}.contacts[{j}]"),
                )),
            }
        }
        if errors.is_empty() {
            out.push(Incoming {
                external_id,
                data: member.to_data()?,
                contacts: people,
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(AppError::Validation(errors))
    }
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
    let items = web::block(move || incoming(cluster_id, body.0)).await??;
    let validated = started.elapsed();
    let (plan, planned) = state
        .db
        .write(move |conn| {
            crate::db::clusters::get(conn, cluster_id)?;
            // Syncs of one cluster run one after the other (PostgreSQL).
            crate::db::lock_for_update(conn, "clusters", &cluster_id.to_string())?;
            let plan = sync::plan(conn, cluster_id, mode, items)?;
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
