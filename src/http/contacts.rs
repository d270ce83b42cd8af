//! `/members/{member_id}/contacts`: the people of a member company. Private data: only the
//! company's editors, its cluster's managers and admins see them here; catalogues show the
//! ones who consented to sharing.

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
use crate::app::contacts;
use crate::app::edit::{self, Child};
use crate::domain::access::Principal;
use crate::domain::person_name::{self, NameParts};
use crate::error::AppResult;
use crate::store::contacts::ContactRow;

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a5c8-7d1e-7c3a-9b1e-2f4d5e6a7b8c",
    "member_id": "0193a5c8-7d1e-7c3a-9b1e-000000000002",
    "name": "Ivano Soliani",
    "given_name": "Ivano",
    "family_name": "Soliani",
    "role": "Managing director",
    "email": "ivano.soliani@example.it",
    "phone": "+39 031 000 0000",
    "languages": ["it", "en"],
    "share_consent": true,
    "created_at": "2026-11-25T08:00:00Z",
    "updated_at": "2026-11-25T08:00:00Z"
}))]
pub struct Contact {
    pub id: Uuid,
    pub member_id: Uuid,
    /// The display name, as written.
    pub name: String,
    /// Given name(s) for address books and CRMs: as a client set it, or split from `name`
    /// (null for a one-word name, and on tombstones).
    pub given_name: Option<String>,
    /// Family name: as a client set it, or split from `name` (the last word with the
    /// particles before it, such as `van der` or `De`).
    pub family_name: Option<String>,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    /// GDPR consent to appear in contact catalogues; without it the person never does.
    pub share_consent: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Only on tombstones (lists with `include_removed=true`): when the person was removed or
    /// erased; their data is gone. Remove them from your copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_at: Option<DateTime<Utc>>,
}

impl Contact {
    pub fn from_row(row: ContactRow) -> AppResult<Contact> {
        let parts = row.name_parts();
        Ok(Contact {
            given_name: parts.given,
            family_name: parts.family,
            id: row.id,
            member_id: row.member_id,
            languages: from_json_text(&row.languages)?,
            name: row.name,
            role: row.role,
            email: row.email,
            phone: row.phone,
            share_consent: row.share_consent,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
            removed_at: row.erased_at.map(|at| at.and_utc()),
        })
    }
}

pub use crate::app::contacts::ContactInput;

impl ContactInput {
    fn from_contact(c: Contact) -> ContactInput {
        ContactInput {
            name: c.name,
            given_name: c.given_name,
            family_name: c.family_name,
            role: c.role,
            email: c.email,
            phone: c.phone,
            languages: c.languages,
            share_consent: c.share_consent,
        }
    }
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactPatch {
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub name: Option<String>,
    /// `null` (with `family_name` null too) splits the parts from `name` again. A change of
    /// `name` without either part moves parts that were split from the old name along; parts
    /// a client set stay.
    #[serde(default, deserialize_with = "double_option")]
    pub given_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub family_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub role: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub languages: Option<Vec<String>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub share_consent: Option<bool>,
}

impl ContactPatch {
    fn apply(self, mut base: ContactInput) -> ContactInput {
        let renamed = match (&self.name, &self.given_name, &self.family_name) {
            (Some(new), None, None) => Some((base.name.clone(), new.clone())),
            _ => None,
        };
        let parts = NameParts::stated(base.given_name.take(), base.family_name.take());
        let parts = match renamed {
            Some((old, new)) => person_name::follow(&old, &new, parts),
            None => parts,
        };
        (base.given_name, base.family_name) = (parts.given, parts.family);
        super::apply_patch!(self, base; name, given_name, family_name, role, email, phone, languages, share_consent);
        base
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ContactListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only contacts who did (`true`) or did not (`false`) consent to sharing.
    pub share_consent: Option<bool>,
    /// Only contacts changed (or removed) at or after this time (RFC 3339).
    pub updated_since: Option<DateTime<Utc>>,
    /// Also removed and erased people, as tombstones with `removed_at` and no data.
    pub include_removed: Option<bool>,
}

/// List a member company's contact people.
#[utoipa::path(
    tag = "contacts",
    params(("member_id" = Uuid, Path, description = "Member company id"), ContactListQuery),
    responses(
        (status = 200, description = "A page of contact people", body = Page<Contact>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))),
        (status = 403, description = "Not an editor of this member company"),
    )
)]
#[get("/members/{member_id}/contacts")]
pub async fn list_contacts(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    member_id: web::Path<Uuid>,
    query: ValidQuery<ContactListQuery>,
) -> AppResult<HttpResponse> {
    let member_id = member_id.into_inner();
    let q = query.0;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let filter = contacts::ContactFilter {
        share_consent: q.share_consent,
        updated_since: q.updated_since.map(|t| t.naive_utc()),
        include_removed: q.include_removed.unwrap_or(false),
    };
    let rows = contacts::list(
        &state.db,
        caller,
        member_id,
        filter,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(rows, &page, |r| r.id.to_string(), Contact::from_row)?;
    respond::page(&req, &page)
}

/// Add a contact person to a member company.
#[utoipa::path(
    tag = "contacts",
    params(("member_id" = Uuid, Path, description = "Member company id")),
    request_body = ContactInput,
    responses(
        (status = 201, description = "Created", body = Contact, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not an editor of this member company"),
    )
)]
#[post("/members/{member_id}/contacts")]
pub async fn create_contact(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    member_id: web::Path<Uuid>,
    body: ValidJson<ContactInput>,
) -> AppResult<HttpResponse> {
    let member_id = member_id.into_inner();
    let data = body.0.to_data()?;
    let row = contacts::create(&state.db, caller, member_id, data).await?;
    let contact = Contact::from_row(row)?;
    respond::created(
        &req,
        format!("/api/v1/members/{member_id}/contacts/{}", contact.id),
        &contact,
    )
}

/// Get one contact person.
#[utoipa::path(
    tag = "contacts",
    params(("member_id" = Uuid, Path, description = "Member company id"), ("id" = Uuid, Path, description = "Contact id")),
    responses(
        (status = 200, description = "The contact person", body = Contact, headers(("ETag" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 403, description = "Not an editor of this member company"),
    )
)]
#[get("/members/{member_id}/contacts/{id}")]
pub async fn get_contact(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (member_id, id) = path.into_inner();
    let row = contacts::get(&state.db, caller, member_id, id).await?;
    respond::ok(&req, &Contact::from_row(row)?)
}

/// The edit pipeline (`app::edit`) for the person, reached through their company, with `If-Match` checked against the
/// contact as clients see it and `change` applied to that view; the result is validated as a
/// whole.
async fn update(
    state: &AppState,
    caller: Principal,
    (member_id, id): (Uuid, Uuid),
    if_match: IfMatch,
    change: impl FnOnce(ContactInput) -> ContactInput + Send + 'static,
) -> AppResult<Contact> {
    let row = edit::update::<contacts::Contact, _, _>(
        &state.db,
        caller,
        Child {
            parent: member_id,
            id,
        },
        move |row: &ContactRow| {
            if_match.check(&respond::etag_of(&Contact::from_row(row.clone())?)?)
        },
        move |row: &ContactRow| {
            let input = change(ContactInput::from_contact(Contact::from_row(row.clone())?));
            input.validate()?;
            input.to_data()
        },
    )
    .await?;
    Contact::from_row(row)
}

/// Replace a contact person's details.
#[utoipa::path(
    tag = "contacts",
    params(("member_id" = Uuid, Path, description = "Member company id"), ("id" = Uuid, Path, description = "Contact id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the contact changed since")),
    request_body = ContactInput,
    responses(
        (status = 200, description = "Updated", body = Contact, headers(("ETag" = String))),
        (status = 403, description = "Not an editor of this member company"),
    )
)]
#[put("/members/{member_id}/contacts/{id}")]
pub async fn replace_contact(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
    body: ValidJson<ContactInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let contact = update(&state, caller, path.into_inner(), if_match, move |_| input).await?;
    respond::ok(&req, &contact)
}

/// Change some of a contact person's details (such as their sharing consent).
#[utoipa::path(
    tag = "contacts",
    params(("member_id" = Uuid, Path, description = "Member company id"), ("id" = Uuid, Path, description = "Contact id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the contact changed since")),
    request_body(content = ContactPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated", body = Contact, headers(("ETag" = String))),
        (status = 403, description = "Not an editor of this member company"),
    )
)]
#[patch("/members/{member_id}/contacts/{id}")]
pub async fn update_contact(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
    body: ValidJson<ContactPatch>,
) -> AppResult<HttpResponse> {
    let patch = body.0;
    let contact = update(&state, caller, path.into_inner(), if_match, move |base| {
        patch.apply(base)
    })
    .await?;
    respond::ok(&req, &contact)
}

/// Remove a contact person: their data goes at once (a placeholder stays for past
/// attendances and meetings, a tombstone for `include_removed` lists and the feed); their
/// attendances of days still to come are dropped.
#[utoipa::path(
    tag = "contacts",
    params(("member_id" = Uuid, Path, description = "Member company id"), ("id" = Uuid, Path, description = "Contact id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the contact changed since")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not an editor of this member company"),
    )
)]
#[delete("/members/{member_id}/contacts/{id}")]
pub async fn delete_contact(
    state: web::Data<AppState>,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let (member_id, id) = path.into_inner();
    let key = Child {
        parent: member_id,
        id,
    };
    edit::delete::<contacts::Contact, _>(&state.db, caller, key, move |row: &ContactRow| {
        if_match.check(&respond::etag_of(&Contact::from_row(row.clone())?)?)
    })
    .await?;
    Ok(respond::no_content())
}

/// Everything held about one contact person (GDPR article 15), as JSON.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactExport {
    pub exported_at: DateTime<Utc>,
    pub contact: Contact,
    /// The company the person belongs to.
    pub member_id: Uuid,
    pub member_legal_name: String,
    pub cluster_id: Uuid,
    #[serde(flatten)]
    pub holdings: crate::app::gdpr::ContactHoldings,
}

/// Export everything held about a contact person (their company's editors, its cluster's
/// managers, admins): the record, the events they attend or attended, their partnership
/// meetings, the events naming them as coordinator.
#[utoipa::path(
    tag = "contacts",
    params(("member_id" = Uuid, Path, description = "Member company id"), ("id" = Uuid, Path, description = "Contact id")),
    responses(
        (status = 200, description = "What is held about the person", body = ContactExport, headers(("ETag" = String))),
        (status = 403, description = "Not an editor of this member company"),
    )
)]
#[get("/members/{member_id}/contacts/{id}/export")]
pub async fn export_contact(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (member_id, id) = path.into_inner();
    let found = contacts::export(&state.db, caller, member_id, id).await?;
    let export = ContactExport {
        exported_at: Utc::now(),
        contact: Contact::from_row(found.contact)?,
        member_id,
        cluster_id: found.member.cluster_id,
        member_legal_name: found.member.legal_name,
        holdings: found.holdings,
    };
    respond::ok(&req, &export)
}

/// Erase a contact person (GDPR article 17; their company's editors, its cluster's managers,
/// admins). Their data is replaced by a placeholder in the histories that refer to them
/// (attendances, meetings); they leave every list, catalogue, export and feed (a tombstone
/// and a `contact.removed` webhook tell the mirrors to erase them too). Export first if the
/// person asked for their data. Cannot be undone.
#[utoipa::path(
    tag = "contacts",
    params(("member_id" = Uuid, Path, description = "Member company id"), ("id" = Uuid, Path, description = "Contact id")),
    responses(
        (status = 204, description = "Erased"),
        (status = 403, description = "Not an editor of this member company"),
    )
)]
#[post("/members/{member_id}/contacts/{id}/erase")]
pub async fn erase_contact(
    state: web::Data<AppState>,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (member_id, id) = path.into_inner();
    contacts::erase(&state.db, caller, member_id, id).await?;
    Ok(respond::no_content())
}
