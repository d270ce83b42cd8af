//! `/members`: member companies of the clusters, the public directory.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::{IfMatch, ValidJson, ValidQuery};
use super::respond::{self, Page, PageRequest};
use super::{double_option, from_json_text};
use crate::AppState;
use crate::app::{edit, members};
use crate::domain::access::Principal;
use crate::domain::geo;
use crate::domain::member::{Office, SizeClass};
use crate::domain::sort::Sort;
use crate::domain::translation::{self, Language, MemberTranslations};
use crate::error::AppResult;
use crate::http::principal::SignedIn;
use crate::store::members::{MemberFilter, MemberRow, MemberSort, sort_key};

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a5c8-7d1e-7c3a-9b1e-2f4d5e6a7b8c",
    "cluster_id": "0193a5c8-7d1e-7c3a-9b1e-000000000001",
    "legal_name": "Aviometal S.p.A.",
    "country": "IT",
    "city": "Varese",
    "website": "https://www.aviometal.it",
    "size_class": "medium",
    "core_business": "Sheet-metal parts and assemblies for aerostructures",
    "areas_of_interest": ["aerostructures", "helicopters"],
    "areas_of_interest_notes": "",
    "partners_sought": ["machining", "surface treatment"],
    "partners_sought_notes": "Swiss suppliers certified EN 9100",
    "ongoing_projects": "",
    "offices": [],
    "external_id": "LAC-0042",
    "original_language": "it",
    "translations": {"de": {"core_business": "Blechteile und Baugruppen für Flugzeugstrukturen"}},
    "created_at": "2026-11-25T08:00:00Z",
    "updated_at": "2026-11-25T08:00:00Z"
}))]
pub struct Member {
    pub id: Uuid,
    pub cluster_id: Uuid,
    pub legal_name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub city: String,
    pub website: Option<String>,
    pub size_class: SizeClass,
    pub core_business: String,
    pub areas_of_interest: Vec<String>,
    pub areas_of_interest_notes: String,
    pub partners_sought: Vec<String>,
    pub partners_sought_notes: String,
    pub ongoing_projects: String,
    /// Offices in other countries.
    pub offices: Vec<Office>,
    /// The id the cluster's own portal uses; unique within the cluster.
    pub external_id: Option<String>,
    /// The language the profile's text is written in (null: not said).
    pub original_language: Option<Language>,
    /// The profile's text in other languages, all of them, whatever `lang` asked for
    /// (written at `/members/{id}/translations/{lang}`).
    pub translations: MemberTranslations,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Only on tombstones (lists with `include_removed=true`): when the company was removed.
    /// Remove it from your copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_at: Option<DateTime<Utc>>,
}

impl Member {
    pub fn from_row(row: MemberRow) -> AppResult<Member> {
        Ok(Member {
            id: row.id,
            cluster_id: row.cluster_id,
            size_class: row.size_class,
            areas_of_interest: from_json_text(&row.areas_of_interest)?,
            partners_sought: from_json_text(&row.partners_sought)?,
            offices: from_json_text(&row.offices)?,
            legal_name: row.legal_name,
            country: row.country,
            city: row.city,
            website: row.website,
            core_business: row.core_business,
            areas_of_interest_notes: row.areas_of_interest_notes,
            partners_sought_notes: row.partners_sought_notes,
            ongoing_projects: row.ongoing_projects,
            external_id: row.external_id,
            original_language: row.original_language,
            translations: row.translations,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
            removed_at: row.deleted_at.map(|at| at.and_utc()),
        })
    }

    /// The member as a reader of `lang` sees it: each translated field in `lang` where it has
    /// a translation, the original elsewhere (no `lang`: the original).
    pub fn in_language(mut self, lang: Option<Language>) -> Member {
        if let Some(t) =
            translation::for_reader(&self.translations, self.original_language, lang).cloned()
        {
            let pick = |field: &mut String, text: Option<String>| {
                if let Some(text) = text {
                    *field = text;
                }
            };
            pick(&mut self.core_business, t.core_business);
            pick(&mut self.areas_of_interest_notes, t.areas_of_interest_notes);
            pick(&mut self.partners_sought_notes, t.partners_sought_notes);
            pick(&mut self.ongoing_projects, t.ongoing_projects);
        }
        self
    }
}

pub use crate::app::members::MemberInput;

impl MemberInput {
    fn from_member(m: Member) -> MemberInput {
        MemberInput {
            cluster_id: m.cluster_id,
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
            external_id: m.external_id,
            original_language: m.original_language,
        }
    }
}

/// Partial update: only the fields sent change; `null` clears an optional field. Each field
/// has the limits of its `PUT` counterpart.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberPatch {
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false, min_length = 1, max_length = 200)]
    pub legal_name: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false, pattern = "^[A-Z]{2}$", example = "IT")]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false, min_length = 1, max_length = 100)]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(max_length = 500, format = Uri)]
    pub website: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub size_class: Option<SizeClass>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false, min_length = 1, max_length = 2000)]
    pub core_business: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false, max_items = 30)]
    pub areas_of_interest: Option<Vec<String>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false, max_length = 2000)]
    pub areas_of_interest_notes: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false, max_items = 30)]
    pub partners_sought: Option<Vec<String>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false, max_length = 2000)]
    pub partners_sought_notes: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false, max_length = 5000)]
    pub ongoing_projects: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false, max_items = 50)]
    pub offices: Option<Vec<Office>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(min_length = 1, max_length = 100)]
    pub external_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub original_language: Option<Option<Language>>,
}

impl MemberPatch {
    fn apply(self, mut base: MemberInput) -> MemberInput {
        super::apply_patch!(self, base;
            legal_name,
            country,
            city,
            website,
            size_class,
            core_business,
            areas_of_interest,
            areas_of_interest_notes,
            partners_sought,
            partners_sought_notes,
            ongoing_projects,
            offices,
            external_id,
            original_language
        );
        base
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MemberListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only members of this cluster.
    pub cluster_id: Option<Uuid>,
    /// Only members based in this country (ISO 3166-1 alpha-2).
    #[validate(custom(function = "geo::validate_country"))]
    #[param(pattern = "^[A-Z]{2}$")]
    pub country: Option<String>,
    pub size_class: Option<SizeClass>,
    /// The member with this portal id (combine with `cluster_id`).
    #[validate(length(max = 100))]
    pub external_id: Option<String>,
    /// Words to find in the name, city, core business, tags and notes; accents and case are
    /// ignored, every word must match.
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Only companies changed at or after this time (RFC 3339), for scripts that pull
    /// changes without keeping a feed cursor: pass the time of your previous pull, a little
    /// earlier to be safe (the change feed, `/members/changes`, is exact).
    pub updated_since: Option<DateTime<Utc>>,
    /// Also list removed companies, as tombstones carrying `removed_at` (with `updated_since`:
    /// those removed since). Companies deleted by hand are gone at once and appear only in
    /// the change feed.
    pub include_removed: Option<bool>,
    /// The order: `created_at` (the default), `legal_name` (accents and case ignored) or
    /// `updated_at`; `-` in front for descending. Ties go by creation. A cursor continues
    /// the order it was issued for.
    #[param(schema_with = member_sort_schema)]
    pub sort: Option<String>,
    /// Answer the translatable text (core business, notes, projects) in this language,
    /// falling back per field to the original; `q` searches every language whatever this
    /// says. Only this parameter translates: `Accept-Language` does not, so that a frontend
    /// that reads with its browser's language and writes back never overwrites an original
    /// with a translation.
    pub lang: Option<Language>,
}

fn member_sort_schema() -> utoipa::openapi::Object {
    respond::sort_schema::<MemberSort>()
}

/// List member companies (the public directory), in creation order unless `sort` says otherwise.
#[utoipa::path(
    tag = "members",
    params(MemberListQuery),
    responses((status = 200, description = "A page of member companies", body = Page<Member>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))))
)]
#[get("/members")]
pub async fn list_members(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: SignedIn,
    query: ValidQuery<MemberListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let sort = Sort::<MemberSort>::parse(q.sort.as_deref())
        .map_err(|m| crate::error::AppError::bad_field("sort", m))?;
    let (page, after) =
        PageRequest::sorted(q.limit, q.cursor.as_deref(), |key| sort.read_cursor(key))?;
    let filter = MemberFilter {
        cluster_id: q.cluster_id,
        country: q.country,
        size_class: q.size_class,
        external_id: q.external_id,
        q: q.q,
        updated_since: q.updated_since.map(|t| t.naive_utc()),
        include_removed: q.include_removed.unwrap_or(false),
    };
    let lang = q.lang;
    let rows = members::list(&state.db, who.0, filter, sort, after, page.fetch_limit()).await?;
    let page = Page::from_rows(
        rows,
        &page,
        |r| sort_key(&sort, r),
        |r| Ok(Member::from_row(r)?.in_language(lang)),
    )?;
    Ok(respond::content_language(respond::page(&req, &page)?, lang))
}

/// Add a member company to a cluster (that cluster's managers and platform admins).
#[utoipa::path(
    tag = "members",
    request_body = MemberInput,
    responses(
        (status = 201, description = "Created", body = Member, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not a manager of that cluster"),
        (status = 409, description = "The external_id is taken in this cluster"),
    )
)]
#[post("/members")]
pub async fn create_member(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<MemberInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let data = input.to_data()?;
    let row = members::create(
        &state.db,
        &caller,
        input.cluster_id,
        data,
        input.original_language,
    )
    .await?;
    let member = Member::from_row(row)?;
    respond::created(&req, format!("/api/v1/members/{}", member.id), &member)
}

/// `lang` on reads of objects that carry translations.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// Answer the translatable text in this language, falling back per field to the
    /// original (`Content-Language` says which was asked for). Only this parameter
    /// translates: `Accept-Language` does not, so that a frontend that reads with its
    /// browser's language and writes what it read back never overwrites an original with a
    /// translation.
    pub lang: Option<Language>,
}

/// Get one member company (with `lang`: its text in that language where translated).
#[utoipa::path(
    tag = "members",
    params(("id" = Uuid, Path, description = "Member company id"), LangQuery),
    responses(
        (status = 200, description = "The member company", body = Member, headers(("ETag" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
    )
)]
#[get("/members/{id}")]
pub async fn get_member(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: SignedIn,
    id: web::Path<Uuid>,
    query: ValidQuery<LangQuery>,
) -> AppResult<HttpResponse> {
    let lang = query.0.lang;
    let row = members::get(&state.db, who.0, id.into_inner()).await?;
    let member = Member::from_row(row)?.in_language(lang);
    Ok(respond::content_language(respond::ok(&req, &member)?, lang))
}

/// The edit pipeline (`app::edit`) with `If-Match` checked against the member as clients see
/// it and `change` applied to that view; the result is validated as a whole.
async fn update(
    state: &AppState,
    caller: Principal,
    id: Uuid,
    if_match: IfMatch,
    change: impl FnOnce(MemberInput) -> MemberInput + Send + 'static,
) -> AppResult<Member> {
    let row = edit::update::<members::Member, _, _>(
        &state.db,
        caller,
        id,
        move |row: &MemberRow| if_match.check(&respond::etag_of(&Member::from_row(row.clone())?)?),
        move |row: &MemberRow| {
            let input = change(MemberInput::from_member(Member::from_row(row.clone())?));
            input.validate()?;
            Ok(members::MemberChange {
                cluster_id: input.cluster_id,
                data: input.to_data()?,
                original_language: input.original_language,
            })
        },
    )
    .await?;
    Member::from_row(row)
}

/// Replace a member company's profile (its editors, its cluster's managers, admins).
#[utoipa::path(
    tag = "members",
    params(("id" = Uuid, Path, description = "Member company id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the member changed since")),
    request_body = MemberInput,
    responses(
        (status = 200, description = "Updated", body = Member, headers(("ETag" = String))),
        (status = 403, description = "Not an editor of this member company"),
        (status = 409, description = "The external_id is taken in this cluster"),
    )
)]
#[put("/members/{id}")]
pub async fn replace_member(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<MemberInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let member = update(&state, caller, id.into_inner(), if_match, move |_| input).await?;
    respond::ok(&req, &member)
}

/// Change some fields of a member company's profile.
#[utoipa::path(
    tag = "members",
    params(("id" = Uuid, Path, description = "Member company id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the member changed since")),
    request_body(content = MemberPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated", body = Member, headers(("ETag" = String))),
        (status = 403, description = "Not an editor of this member company"),
        (status = 409, description = "The external_id is taken in this cluster"),
    )
)]
#[patch("/members/{id}")]
pub async fn update_member(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<MemberPatch>,
) -> AppResult<HttpResponse> {
    let patch = body.0;
    let member = update(&state, caller, id.into_inner(), if_match, move |base| {
        patch.apply(base)
    })
    .await?;
    respond::ok(&req, &member)
}

/// Remove a member company and its contact people (its cluster's managers and admins).
#[utoipa::path(
    tag = "members",
    params(("id" = Uuid, Path, description = "Member company id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the member changed since")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a manager of this member's cluster"),
        (status = 409, description = "Events, registrations or requests refer to the company; cancel or remove those first (or let a portal's mirror sync remove it as a tombstone)"),
    )
)]
#[delete("/members/{id}")]
pub async fn delete_member(
    state: web::Data<AppState>,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    edit::delete::<members::Member, _>(
        &state.db,
        caller,
        id.into_inner(),
        move |row: &MemberRow| if_match.check(&respond::etag_of(&Member::from_row(row.clone())?)?),
    )
    .await?;
    Ok(respond::no_content())
}

/// Bring back a company that its portal's mirror sync removed, with its contact people, its
/// editors' rights and its history, within the retention period (its cluster's managers,
/// admins, and API keys with `members:sync`). Registrations and requests that the removal
/// cancelled or closed stay so: other companies were told and may have moved on. The portal's
/// next mirror sync removes it again unless the portal lists it.
#[utoipa::path(
    tag = "members",
    params(("id" = Uuid, Path, description = "Member company id")),
    responses(
        (status = 200, description = "Restored", body = Member, headers(("ETag" = String))),
        (status = 404, description = "No removed member with this id (never removed, purged, or unknown)"),
        (status = 409, description = "Its people were already purged at the end of the retention period"),
    )
)]
#[post("/members/{id}/restore")]
pub async fn restore_member(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let row = members::restore(&state.db, caller, id.into_inner()).await?;
    respond::ok(&req, &Member::from_row(row)?)
}
