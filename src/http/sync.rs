//! `PUT /clusters/{id}/members/sync`: a cluster portal pushes its whole member list.

use actix_web::{HttpRequest, HttpResponse, put, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::contacts::ContactInput;
use super::extract::{
    ValidQuery, flatten_validation_errors, has_control_characters, is_json_content_type,
    parse_large_json, read_body_sized,
};
use super::members::MemberInput;
use super::respond;
use crate::AppState;
use crate::app::idempotency as app_keys;
use crate::app::sync::{self, Item, Mode, Outcome, Prepared};
use crate::domain::access::Principal;
use crate::domain::member::{Office, SizeClass};
use crate::error::{AppError, AppResult, FieldError};
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

// The body is read item by item (`read_items`), so that every bad item is reported; this
// type only describes it in the contract.
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
    /// `upsert` (default): create and update. `mirror`: also remove the synced members the
    /// list no longer holds — as tombstones that keep their people and history for the
    /// retention period and can be restored (`POST /members/{id}/restore`). Members created by
    /// hand (without `external_id`) are never touched by a sync.
    pub mode: Option<SyncMode>,
    /// Mirror only: the most members this sync may remove. Without it, a mirror that would
    /// remove more than a tenth of the cluster's synced members is refused (409, listing
    /// them), so that one bad export cannot wipe a cluster.
    #[param(minimum = 0, maximum = 50000)]
    #[validate(range(max = 50000))]
    pub max_removals: Option<u32>,
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

/// Most members one sync may carry.
pub const MAX_SYNC_MEMBERS: usize = 50_000;
/// Most item errors one answer lists.
const MAX_REPORTED_ERRORS: usize = 200;

/// The portal's list as it arrived: each member still JSON text inside the body, borrowed,
/// so that holding the whole list costs 16 bytes per member on top of the body itself. An
/// item is parsed when it is needed and dropped after (for its key and hash; again, only if
/// it is new or changed, to store it).
pub struct RawList<'a> {
    pub members: Vec<&'a serde_json::value::RawValue>,
}

/// `members`, refused as soon as it grows past [`MAX_SYNC_MEMBERS`] (60 MB of `0,` would
/// otherwise be thirty million entries).
struct BoundedMembers<'a>(Vec<&'a serde_json::value::RawValue>);

impl<'de: 'a, 'a> Deserialize<'de> for BoundedMembers<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = BoundedMembers<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(f, "a list of at most {MAX_SYNC_MEMBERS} members")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<&'de serde_json::value::RawValue>()? {
                    if out.len() == MAX_SYNC_MEMBERS {
                        return Err(serde::de::Error::custom(format!(
                            "at most {MAX_SYNC_MEMBERS} members per sync"
                        )));
                    }
                    out.push(item);
                }
                Ok(BoundedMembers(out))
            }
        }
        de.deserialize_seq(Visit)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Outline<'a> {
    #[serde(borrow)]
    members: BoundedMembers<'a>,
}

/// Splits the body into its members without parsing them; 400 for broken JSON, 422 for
/// another shape. No `serde_json::Value` of the body is ever built.
pub fn raw_list(body: &[u8]) -> AppResult<RawList<'_>> {
    let outline: Outline<'_> = parse_large_json(body)?;
    Ok(RawList {
        members: outline.members.0,
    })
}

/// Parses member `i` of the list, with the path of the first problem.
pub fn parse_member(i: usize, raw: &serde_json::value::RawValue) -> Result<SyncMember, FieldError> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    let member: SyncMember = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let problem = crate::http::extract::json_error(&path, e.inner()).to_problem();
        let (field, message) = problem
            .errors
            .first()
            .map(|f| (f.field.clone(), f.message.clone()))
            .unwrap_or_else(|| ("body".into(), problem.detail.clone()));
        let field = if field == "body" {
            format!("members[{i}]")
        } else {
            format!("members[{i}].{field}")
        };
        FieldError::new(field, message)
    })?;
    let bad = control_character_errors(i, &member);
    match bad.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(member),
    }
}

fn control_character_errors(i: usize, m: &SyncMember) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut check = |path: String, text: &str| {
        if has_control_characters(text) {
            errors.push(FieldError::new(path, "must not contain control characters"));
        }
    };
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
        check(
            at(&format!("offices[{j}].city")),
            o.city.as_deref().unwrap_or(""),
        );
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
    errors
}

/// The key and hash of every member of the list: the keys checked (present, unique), each
/// item hashed as sent so that the sync can skip what the portal sent unchanged. Items are
/// parsed one at a time and dropped. Every error of every item is reported together (up to
/// a bound).
pub fn read_items(list: &RawList<'_>) -> AppResult<Vec<Item>> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    let mut out = Vec::with_capacity(list.members.len());
    let mut keys_ok = true;
    for (i, raw) in list.members.iter().enumerate() {
        let m = match parse_member(i, raw) {
            Ok(m) => m,
            Err(e) => {
                keys_ok = false;
                errors.push(e);
                if errors.len() >= MAX_REPORTED_ERRORS {
                    break;
                }
                continue;
            }
        };
        let external_id = m.external_id.trim();
        if external_id.is_empty() || external_id.chars().count() > 100 {
            keys_ok = false;
            errors.push(FieldError::new(
                format!("members[{i}].external_id"),
                "must have 1 to 100 characters",
            ));
        } else if let Some(first) = seen.insert(external_id.to_owned(), i) {
            keys_ok = false;
            errors.push(FieldError::new(
                format!("members[{i}].external_id"),
                format!("is also used by members[{first}]"),
            ));
        }
        let bytes = serde_json::to_vec(&m).map_err(AppError::internal)?;
        out.push(Item {
            external_id: external_id.to_owned(),
            hash: hex::encode(&Sha256::digest(&bytes)[..16]),
        });
    }
    if keys_ok {
        return Ok(out);
    }
    // The list is rejected; report every other error of every item with it.
    if errors.len() < MAX_REPORTED_ERRORS {
        for (i, raw) in list.members.iter().enumerate() {
            if let Ok(m) = parse_member(i, raw)
                && let Err(mut e) = prepare(Uuid::nil(), i, &m)
            {
                errors.append(&mut e);
            }
            if errors.len() >= MAX_REPORTED_ERRORS {
                break;
            }
        }
    }
    errors.sort_by_key(|e| (item_index(&e.field), e.field.clone()));
    errors.dedup();
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
        // Not the sync's: an edit sets it, and the sync leaves it as it is.
        original_language: None,
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

fn named(outcomes: &[Outcome]) -> Vec<SyncedMember> {
    outcomes
        .iter()
        .map(|o| SyncedMember {
            id: o.id,
            external_id: o.external_id.clone(),
        })
        .collect()
}

/// The body of a sync: the portal's list, its items parsed when they are prepared.
struct Body(web::Bytes);

impl sync::List for Body {
    fn preparer(
        &self,
        cluster_id: Uuid,
    ) -> AppResult<Box<dyn FnMut(usize) -> Result<Prepared, Vec<FieldError>> + '_>> {
        let list = raw_list(&self.0)?;
        Ok(Box::new(move |i| {
            let member = parse_member(i, list.members[i]).map_err(|e| vec![e])?;
            prepare(cluster_id, i, &member)
        }))
    }
}

/// Synchronise a cluster's members with the portal's full list, keyed by `external_id`.
/// One transaction: a failure leaves the previous state intact. Sending the same list again
/// changes nothing (no `updated_at` bump, no feed entry, no webhook). One bad item rejects the
/// batch, and the answer lists every error of every item. Only members that carry an
/// `external_id` take part: members created by hand are never changed or removed by a sync.
/// A company removed by a mirror sync keeps its people, registrations and history for the
/// retention period (30 days by default) and can be restored; its registrations for events
/// still to come are cancelled and its open requests closed, in the same transaction. For the
/// cluster's managers and API keys with `members:sync`.
#[utoipa::path(
    tag = "sync",
    params(("id" = Uuid, Path, description = "Cluster id"), SyncQuery),
    request_body = SyncRequest,
    responses(
        (status = 200, description = "What changed (or would change, with dry_run)", body = SyncResult),
        (status = 403, description = "Not a manager of this cluster, or a key without members:sync (checked before the body is read)"),
        (status = 409, description = "A mirror that would remove more members than allowed: `would_remove` lists them, `max_removals` says how many were allowed"),
        (status = 413, description = "The body is larger than the sync limit (64 MiB by default)"),
        (status = 429, description = "This instance is already applying as many syncs as it allows; see Retry-After", headers(("Retry-After" = String))),
    )
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
        SyncMode::Mirror => Mode::Mirror {
            max_removals: query.0.max_removals.map(|n| n as usize),
        },
    };
    let dry_run = query.0.dry_run.unwrap_or(false);
    // Who may sync is settled before a byte of the body is read: the body may be 64 MiB.
    sync::may_sync(&state.db, &caller, cluster_id).await?;
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
    let _slot = state.sync_slots.clone().try_acquire_owned().map_err(|_| {
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
    // Idempotency-Key, handled here rather than by the middleware: only now, with the caller
    // checked, is the body read.
    let idempotent = match (
        crate::http::idempotency::key_of(req.headers())?,
        crate::http::idempotency::scope_of(req.headers(), &state),
    ) {
        (Some(key), Some(scope)) => {
            let path = req
                .uri()
                .path_and_query()
                .map_or_else(|| req.path().to_owned(), |p| p.as_str().to_owned());
            let print = crate::http::idempotency::fingerprint("PUT", &path, &body);
            let begun = app_keys::begin(&state.db, scope.clone(), key.clone(), print).await?;
            if let app_keys::Begin::Replay(stored) = begun {
                return crate::http::idempotency::replay(stored);
            }
            Some((scope, key))
        }
        _ => None,
    };
    let outcome = run_sync(&state, cluster_id, mode, dry_run, body).await;
    if let Some((scope, key)) = idempotent {
        let kept = match &outcome {
            Ok(result) => Some(serde_json::to_vec(result).map_err(AppError::internal)?),
            Err(_) => None,
        };
        match kept {
            // The answer is kept for replays; an error forgets the key, so that the
            // corrected retry runs.
            Some(bytes) => {
                let headers = vec![
                    ("content-type".to_owned(), "application/json".to_owned()),
                    ("etag".to_owned(), respond::etag_of_bytes(&bytes)),
                ];
                app_keys::finish(&state.db, scope, key, 200, headers, bytes).await?;
            }
            None => app_keys::forget(&state.db, scope, key).await?,
        }
    }
    respond::ok(&req, &outcome?)
}

/// The sync itself, once the body is read: keys and hashes, then plan and apply in one
/// write transaction.
async fn run_sync(
    state: &AppState,
    cluster_id: Uuid,
    mode: Mode,
    dry_run: bool,
    body: web::BytesMut,
) -> AppResult<SyncResult> {
    let started = std::time::Instant::now();
    // Keys and hashes on the blocking pool; the body stays as it came (items are borrowed
    // from it and parsed one at a time, when needed).
    let body = body.freeze();
    let (items, body) = tokio::task::spawn_blocking(move || {
        let items = read_items(&raw_list(&body)?)?;
        Ok::<_, AppError>((items, body))
    })
    .await??;
    let validated = started.elapsed();
    let done = sync::sync_members(
        &state.db,
        cluster_id,
        mode,
        dry_run,
        items,
        Body(body),
        // Inside the write transaction, planned, before the changes are written: the
        // reliability tests wait for this line to know that a sync is in flight.
        move || tracing::info!(%cluster_id, "member sync writing"),
    )
    .await?;
    let (plan, planned) = (done.plan, done.planned_at - started);
    let written = started.elapsed();
    let result = SyncResult {
        dry_run,
        created: named(&plan.created),
        updated: named(&plan.updated),
        unchanged: named(&plan.unchanged),
        removed: named(&plan.removed),
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
    Ok(result)
}
