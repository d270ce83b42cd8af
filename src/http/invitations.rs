//! `/invitations`: people invited by e-mail to a role, and accepting with the mailed link's
//! token; `/events/{id}/invitations`: companies invited to an event by its organisers.

use actix_web::{FromRequest, HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::auth::{TokenResponse, client_address};
use super::extract::{ValidJson, ValidQuery};
use super::respond::{self, Page, PageRequest};
use super::users::{RoleGrant, User};
use crate::AppState;
use crate::app::invitations::{self as app, AcceptRequest, InviteRequest, LinkSettings};
use crate::app::users::GrantRequest;
use crate::domain::access::{Principal, Role};
use crate::domain::mail::Language;
use crate::error::AppResult;
use crate::store::invitations::{EventInvitationRow, InvitationRow, InvitationStatus};

/// An invitation to a role, as its inviters see it: never the token, which only the mail
/// carries.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a5c8-7d1e-7c3a-9b1e-2f4d5e6a7b90",
    "email": "giulia.ferri@aviometal.example",
    "role": "member_editor",
    "cluster_id": "0193a5c8-7d1e-7c3a-9b1e-000000000001",
    "member_id": "0193a5c8-7d1e-7c3a-9b1e-000000000002",
    "language": "it",
    "status": "pending",
    "expires_at": "2026-12-07T08:00:00Z",
    "invited_by": "0193a5c8-7d1e-7c3a-9b1e-2f4d5e6a7b8c",
    "accepted_at": null,
    "accepted_user_id": null,
    "revoked_at": null,
    "created_at": "2026-11-30T08:00:00Z"
}))]
pub struct Invitation {
    pub id: Uuid,
    /// The invited address (lower-cased).
    pub email: String,
    pub role: Role,
    /// The cluster a `cluster_manager` will manage, or the cluster of a `member_editor`'s company.
    pub cluster_id: Option<Uuid>,
    /// The company a `member_editor` will edit.
    pub member_id: Option<Uuid>,
    /// The language of the invitation mail.
    pub language: Language,
    pub status: InvitationStatus,
    pub expires_at: DateTime<Utc>,
    pub invited_by: Option<Uuid>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// The account that accepted it.
    pub accepted_user_id: Option<Uuid>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Invitation {
    fn from_row(row: InvitationRow) -> AppResult<Invitation> {
        Ok(Invitation {
            status: row.status_at(crate::store::now()),
            id: row.id,
            email: row.email,
            role: row.role,
            cluster_id: row.cluster_id,
            member_id: row.member_id,
            language: row.language,
            expires_at: row.expires_at.and_utc(),
            invited_by: row.invited_by,
            accepted_at: row.accepted_at.map(|t| t.and_utc()),
            accepted_user_id: row.accepted_user_id,
            revoked_at: row.revoked_at.map(|t| t.and_utc()),
            created_at: row.created_at.and_utc(),
        })
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "giulia.ferri@aviometal.example", "role": "member_editor", "member_id": "0193a5c8-7d1e-7c3a-9b1e-000000000002", "language": "it"}))]
pub struct InvitationInput {
    #[validate(email, length(max = 254))]
    #[schema(max_length = 254, format = Email)]
    pub email: String,
    pub role: Role,
    /// Required for `cluster_manager`.
    #[serde(default)]
    pub cluster_id: Option<Uuid>,
    /// Required for `member_editor`.
    #[serde(default)]
    pub member_id: Option<Uuid>,
    /// The language of the mail; the inviter's own when left out.
    #[serde(default)]
    pub language: Option<Language>,
}

fn links(state: &AppState) -> LinkSettings {
    LinkSettings {
        ttl_days: state.config.invitation_ttl_days,
        url_template: state.config.invite_url_template.clone(),
    }
}

/// Invite someone by e-mail to a role. Who may invite is who may grant the role directly:
/// admins any role, cluster managers `member_editor` of their cluster's companies. The
/// link (valid once, for 7 days unless configured otherwise) goes only into the mail.
/// Inviting the same address to the same role again revokes the open invitation and sends
/// a new link (a resend).
#[utoipa::path(
    tag = "users",
    request_body = InvitationInput,
    responses(
        (status = 201, description = "Invited; the mail is queued", body = Invitation, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "The caller may not grant this role on this object"),
        (status = 422, description = "Not an e-mail address, or the role and its object do not fit"),
    )
)]
#[post("/invitations")]
pub async fn create_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<InvitationInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let row = app::invite(
        &state.db,
        caller,
        InviteRequest {
            email: input.email,
            grant: GrantRequest {
                role: input.role,
                cluster_id: input.cluster_id,
                member_id: input.member_id,
            },
            language: input.language,
        },
        links(&state),
    )
    .await?;
    let invitation = Invitation::from_row(row)?;
    respond::created(
        &req,
        format!("/api/v1/invitations/{}", invitation.id),
        &invitation,
    )
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InvitationListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only invitations in this state.
    pub status: Option<InvitationStatus>,
    /// Only invitations on this cluster (to manage it, or to edit one of its companies).
    pub cluster_id: Option<Uuid>,
}

/// List invitations: all for admins, those on their clusters for cluster managers.
#[utoipa::path(
    tag = "users",
    params(InvitationListQuery),
    responses(
        (status = 200, description = "A page of invitations", body = Page<Invitation>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))),
        (status = 403, description = "Neither an admin nor a manager of the cluster"),
    )
)]
#[get("/invitations")]
pub async fn list_invitations(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<InvitationListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let filter = app::list_filter(&caller, q.cluster_id, q.status)?;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let rows = app::list(
        &state.db,
        filter,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(rows, &page, |r| r.id.to_string(), Invitation::from_row)?;
    respond::page(&req, &page)
}

/// What the invitee sends: the token from the mail's link, and for a new account its
/// password and name.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "kq3V0o3b7dD0kq3V0o3b7dD0kq3V0o3b7dD0kq3V0o0", "password": "three minutes to pitch EMC", "display_name": "Giulia Ferri"}))]
pub struct AcceptInput {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub token: String,
    /// For a new account: at least 12 characters, not a common password, not containing
    /// the e-mail address. Not needed when signed in to the invited address's account.
    #[serde(default)]
    #[validate(length(min = 1, max = 1024))]
    #[schema(min_length = 1, max_length = 1024, format = Password)]
    pub password: Option<String>,
    /// For a new account: the name shown to others.
    #[serde(default)]
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::domain::format::validate_line")
    )]
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: Option<String>,
}

/// An accepted invitation: the account holding the role now, and for a new account a
/// token pair (it is signed in).
#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptedInvitation {
    pub invitation: Invitation,
    pub user: User,
    pub grant: RoleGrant,
    /// Tokens of the new account; `null` when the role went to the signed-in caller.
    pub tokens: Option<TokenResponse>,
}

/// Accept an invitation with the token of its link.
///
/// Signed in (bearer token) to the account of the invited address: the role is granted to
/// it (200). Not signed in, and no account has the address: an account is made with
/// `password` and `display_name` and signed in (201 with tokens; log in later with the
/// address and the password). An account with the address exists but the caller is not
/// signed in to it: 401, sign in first; signed in to another account: 403. The token
/// works once: accepted, revoked and expired invitations are 409 (the `detail` says which),
/// unknown tokens 404 and counted against the client address like failed log-ins (429
/// after too many).
#[utoipa::path(
    tag = "users",
    request_body = AcceptInput,
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The role was granted to the signed-in account", body = AcceptedInvitation),
        (status = 201, description = "An account was made with the role, and signed in", body = AcceptedInvitation),
        (status = 401, description = "An account with the invited address exists: sign in to it first (or the bearer token is not valid)"),
        (status = 403, description = "Signed in to another account than the invited address's"),
        (status = 404, description = "No invitation has this token"),
        (status = 409, description = "The invitation was already accepted, was revoked, or expired"),
        (status = 422, description = "For a new account: the password or display_name is missing or not acceptable"),
        (status = 429, description = "Too many unknown tokens from this address; see Retry-After", headers(("Retry-After" = String))),
    )
)]
#[post("/invitations/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<AcceptInput>,
) -> AppResult<HttpResponse> {
    let has_bearer = req
        .headers()
        .contains_key(actix_web::http::header::AUTHORIZATION);
    let caller = if has_bearer {
        Some(Principal::extract(&req).await?)
    } else {
        None
    };
    let input = body.0;
    let address = client_address(&req, &state.config);
    let accepted = app::accept(
        &state.db,
        &state.tokens,
        chrono::Duration::seconds(state.config.refresh_token_ttl_secs),
        caller,
        AcceptRequest {
            token: input.token,
            password: input.password,
            display_name: input.display_name,
        },
        address,
    )
    .await?;
    let grants = [accepted.grant.clone()];
    let body = AcceptedInvitation {
        invitation: Invitation::from_row(accepted.invitation)?,
        user: User::from_account(crate::app::users::Account {
            user: accepted.user,
            grants: grants.to_vec(),
        })?,
        grant: RoleGrant::from_row(&accepted.grant)?,
        tokens: accepted.tokens.map(|pair| TokenResponse {
            access_token: pair.access_token,
            refresh_token: pair.refresh_token,
            token_type: "Bearer".into(),
            expires_in: pair.expires_in,
        }),
    };
    let mut resp = if body.tokens.is_some() {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(resp
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(body))
}

/// Get one invitation (admins; managers of its cluster).
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "Invitation id")),
    responses(
        (status = 200, description = "The invitation", body = Invitation, headers(("ETag" = String))),
    )
)]
#[get("/invitations/{id}")]
pub async fn get_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let row = app::get(&state.db, caller, id.into_inner()).await?;
    respond::ok(&req, &Invitation::from_row(row)?)
}

/// Revoke an invitation: its link stops working (who may grant its role). An accepted one
/// cannot be revoked (revoke the role grant instead).
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "Invitation id")),
    responses(
        (status = 204, description = "Revoked (also when it already was)"),
        (status = 403, description = "The caller may not grant this invitation's role"),
        (status = 409, description = "The invitation was accepted"),
    )
)]
#[delete("/invitations/{id}")]
pub async fn revoke_invitation(
    state: web::Data<AppState>,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    app::revoke(&state.db, caller, id.into_inner()).await?;
    Ok(respond::no_content())
}

// --- Companies invited to an event ---------------------------------------------------------

/// A company invited to an event.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventInvitation {
    pub id: Uuid,
    pub event_id: Uuid,
    pub member_id: Uuid,
    /// The contact person written to (a company without editor accounts).
    pub contact_id: Option<Uuid>,
    pub invited_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// Set when the organisers took the invitation back.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl EventInvitation {
    fn from_row(row: EventInvitationRow) -> AppResult<EventInvitation> {
        Ok(EventInvitation {
            id: row.id,
            event_id: row.event_id,
            member_id: row.member_id,
            contact_id: row.contact_id,
            invited_by: row.invited_by,
            created_at: row.created_at.and_utc(),
            revoked_at: row.revoked_at.map(|t| t.and_utc()),
        })
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"member_id": "0193a5c8-7d1e-7c3a-9b1e-000000000002"}))]
pub struct EventInvitationInput {
    pub member_id: Uuid,
    /// The contact person to write to; required when the company has no editor account
    /// (its editors are written to otherwise).
    #[serde(default)]
    pub contact_id: Option<Uuid>,
}

/// Invite a company to an event (the host cluster's managers, admins). Its editors are
/// mailed in their languages; a company without editor accounts needs `contact_id`, the
/// contact person (with an e-mail address) written to instead.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = EventInvitationInput,
    responses(
        (status = 201, description = "Invited; the mail is queued", body = EventInvitation, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not an organiser who may edit this event"),
        (status = 409, description = "The company is already invited, or registered"),
        (status = 422, description = "No such company, or no contact person to write to"),
    )
)]
#[post("/events/{id}/invitations")]
pub async fn create_event_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    body: ValidJson<EventInvitationInput>,
) -> AppResult<HttpResponse> {
    let event_id = id.into_inner();
    let input = body.0;
    let row = app::invite_company(
        &state.db,
        caller,
        event_id,
        input.member_id,
        input.contact_id,
    )
    .await?;
    let invitation = EventInvitation::from_row(row)?;
    respond::created(
        &req,
        format!("/api/v1/events/{event_id}/invitations/{}", invitation.id),
        &invitation,
    )
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventInvitationListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Also the revoked ones (default false).
    pub include_revoked: Option<bool>,
}

/// List the companies invited to an event (its organisers).
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), EventInvitationListQuery),
    responses(
        (status = 200, description = "A page of invitations", body = Page<EventInvitation>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))),
        (status = 403, description = "Not an organiser of this event"),
    )
)]
#[get("/events/{id}/invitations")]
pub async fn list_event_invitations(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<EventInvitationListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let rows = app::list_for_event(
        &state.db,
        caller,
        id.into_inner(),
        q.include_revoked.unwrap_or(false),
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(rows, &page, |r| r.id.to_string(), EventInvitation::from_row)?;
    respond::page(&req, &page)
}

/// Revoke a company's invitation to an event (the host cluster's managers, admins).
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), ("invitation_id" = Uuid, Path, description = "Invitation id")),
    responses(
        (status = 204, description = "Revoked (also when it already was)"),
        (status = 403, description = "Not an organiser who may edit this event"),
    )
)]
#[delete("/events/{id}/invitations/{invitation_id}")]
pub async fn revoke_event_invitation(
    state: web::Data<AppState>,
    caller: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (event_id, id) = path.into_inner();
    app::revoke_company(&state.db, caller, event_id, id).await?;
    Ok(respond::no_content())
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MemberEventInvitationQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The events a company is invited to (its editors, its cluster's managers, admins).
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Member company id"), MemberEventInvitationQuery),
    responses(
        (status = 200, description = "A page of the company's current invitations", body = Page<EventInvitation>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))),
        (status = 403, description = "Not an editor of this company nor a manager of its cluster"),
    )
)]
#[get("/members/{id}/event-invitations")]
pub async fn list_member_event_invitations(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<MemberEventInvitationQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let rows = app::list_for_member(
        &state.db,
        caller,
        id.into_inner(),
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(rows, &page, |r| r.id.to_string(), EventInvitation::from_row)?;
    respond::page(&req, &page)
}
