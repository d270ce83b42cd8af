//! `PUT /clusters/{id}/members/sync`: a cluster portal pushes its whole member list.

use actix_web::{HttpRequest, HttpResponse, put, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::contacts::ContactInput;
use super::extract::{
    ValidQuery, flatten_validation_errors, has_control_characters,
    has_control_characters_in_raw_json, is_json_content_type, parse_large_json, read_body_sized,
};
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

/// Seconds a portal is asked to wait when this instance is already busy with other syncs.
pub const SYNC_RETRY_AFTER_SECS: u64 = 10;

/// The typed list, or the first problem with its path. Control characters (which no field
/// may hold) are looked for only when the raw text has any, and reported per field.
pub fn parse_sync_body(body: &[u8]) -> AppResult<SyncRequest> {
    let request: SyncRequest = parse_large_json(body)?;
    if has_control_characters_in_raw_json(body) {
        let errors = control_character_errors(&request);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
    }
    Ok(request)
}

fn control_character_errors(request: &SyncRequest) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut check = |path: String, text: &str| {
        if has_control_characters(text) {
            errors.push(FieldError::new(path, "must not contain control characters"));
        }
    };
    for (i, m) in request.members.iter().enumerate() {
        let at = |field: &str| format!("members[{i}].{field}");
        check(at("external_id"), &m.external_id);
        check(at("legal_name"), &m.legal_name);
        check(at("country"), &m.country);
        check(at("city"), &m.city);
        check(at("website"), m.website.as_deref().unwrap_or(""));
        check(at("core_business"), &m.core_business);
        check(at("areas_of_interest_notes"), &m.areas_of_interest_notes);
        check(at("partners_sought_notes"), &m.partners_sought_notes);
        check(at("ongoing_projects"), &m.ongoing_projects);
        for (j, t) in m.areas_of_interest.iter().enumerate() {
            check(at(&format!("areas_of_interest[{j}]")), t);
        }
        for (j, t) in m.partners_sought.iter().enumerate() {
            check(at(&format!("partners_sought[{j}]")), t);
        }
        for (j, o) in m.offices.iter().enumerate() {
            check(at(&format!("offices[{j}].country")), &o.country);
            check(at(&format!("offices[{j}].city")), o.city.as_deref().unwrap_or(""));
        }
        for (j, c) in m.contacts.iter().enumerate() {
            let at = |field: &str| format!("members[{i}].contacts[{j}].{field}");
            check(at("name"), &c.name);
            check(at("role"), &c.role);
            check(at("email"), c.email.as_deref().unwrap_or(""));
            check(at("phone"), c.phone.as_deref().unwrap_or(""));
            for (k, l) in c.languages.iter().enumerate() {
                check(at(&format!("languages[{k}]")), l);
            }
        }
    }
    errors
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
        (status = 403, description = "Not a manager of this cluster, or a key without members:sync (checked before the body is read)"),
        (status = 413, description = "The body is larger than the sync limit (64 MiB by default)"),
        (status = 429, description = "This instance is already applying as many syncs as it allows; see Retry-After", headers(("Retry-After" = String))),
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
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let cluster_id = id.into_inner();
    let mode = match query.0.mode.unwrap_or(SyncMode::Upsert) {
        SyncMode::Upsert => Mode::Upsert,
        SyncMode::Mirror => Mode::Mirror,
    };
    let dry_run = query.0.dry_run.unwrap_or(false);
    // Who may sync is settled before a byte of the body is read: the body may be 64 MiB.
    require(
        caller.manages_cluster(cluster_id),
        "sync this cluster's members",
    )?;
    state
        .db
        .run_short(move |conn| crate::db::clusters::get(conn, cluster_id).map(|_| ()))
        .await?;
    let limit = state.config.sync_body_limit;
    let declared_len = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared_len.is_some_and(|len| len > limit) {
        return Err(AppError::PayloadTooLarge(limit));
    }
    if !is_json_content_type(req.headers()) {
        return Err(AppError::UnsupportedMediaType(
            "send the body as `Content-Type: application/json`".into(),
        ));
    }
    // At most `sync_concurrency` large bodies in memory at once on this instance.
    let _slot = state
        .sync_slots
        .clone()
        .try_acquire_owned()
        .map_err(|_| {
            AppError::too_many(
                SYNC_RETRY_AFTER_SECS,
                Some(crate::error::RateLimitPolicy {
                    name: "member-sync",
                    quota: state.config.sync_concurrency as u64,
                    window_secs: 1,
                }),
            )
        })?;
    let body = read_body_sized(payload.into_inner(), limit, declared_len).await?;
    let started = std::time::Instant::now();
    // Parsed on the blocking pool, straight into typed items; the raw body is dropped as
    // soon as it is parsed.
    let request = web::block(move || parse_sync_body(&body)).await??;
    let items = web::block(move || items(&request).map(|items| (items, request))).await??;
    let validated = started.elapsed();
    let (plan, planned) = state
        .db
        .write(move |conn| {
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
