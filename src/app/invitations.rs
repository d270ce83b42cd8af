//! Invitations (issue 15): a person invited by e-mail to a role, who accepts with the link's
//! token — into the account they are signed in to, or into a new account made on the spot —
//! and companies invited to an event by its organisers.
//!
//! Who may invite to a role is who may grant it directly (`Principal::can_grant`, as in
//! `app::users::grant_role`), and a cluster's managers also to managing their own cluster
//! (`Principal::can_invite`); accepting grants it through the same path
//! (`app::users::grant_in`), and only while the inviter may still invite to it and the
//! company still exists. The token is mailed, never answered, and stored only as its SHA-256
//! hash; it is used up by one conditional update (`store::invitations::consume`).

use chrono::Duration;
use uuid::Uuid;

use crate::app::auth::TokenPair;
use crate::app::mail::{Language, MailKind, Params};
use crate::app::users::GrantRequest;
use crate::auth::jwt::Tokens;
use crate::domain::access::{Grant, Principal, Scope, require};
use crate::domain::throttle::PER_ADDRESS;
use crate::error::{AppError, AppResult};
use crate::store::invitations::{
    self as store, EventInvitationRow, InvitationFilter, InvitationRow, InvitationStatus,
    NewInvitation,
};
use crate::store::users::{self, GrantRow, User};
use crate::store::{Db, DbConn, throttle, tokens};

/// How invitation links are made (from the settings).
#[derive(Debug, Clone)]
pub struct LinkSettings {
    pub ttl_days: i64,
    /// `{token}` is replaced; `None`: `/invitations/accept?token={token}` on the public URL.
    pub url_template: Option<String>,
}

impl LinkSettings {
    fn link(&self, token: &str) -> String {
        self.url_template
            .as_deref()
            .unwrap_or("/invitations/accept?token={token}")
            .replace("{token}", token)
    }
}

/// An invitation asked for.
pub struct InviteRequest {
    pub email: String,
    pub grant: GrantRequest,
    /// The language of the mail; the inviter's own when not given.
    pub language: Option<Language>,
}

fn not_found(id: Uuid) -> AppError {
    AppError::NotFound(format!("no invitation with id {id}"))
}

/// Whether `caller` may see invitation `row`: admins all, managers those on their clusters.
fn visible(caller: &Principal, row: &InvitationRow) -> bool {
    caller.is_admin()
        || row
            .cluster_id
            .is_some_and(|c| caller.managed_clusters().contains(&c))
}

/// The name of what the role is held on, for the mail.
fn organisation(conn: &mut DbConn, grant: &Grant) -> AppResult<String> {
    Ok(match grant.scope {
        Scope::Platform => "Cluster2Cluster".to_owned(),
        Scope::Cluster(id) => crate::store::clusters::get(conn, id)?.0.name,
        Scope::Member { member_id, .. } => crate::store::members::get(conn, member_id)?.legal_name,
    })
}

/// Invites `email` to a role: the same authorisation as granting it directly. An open
/// invitation of the same address to the same role is revoked and replaced (a resend: only
/// the newest link works). The mail is queued in the same transaction.
pub async fn invite(
    db: &Db,
    caller: Principal,
    request: InviteRequest,
    links: LinkSettings,
) -> AppResult<InvitationRow> {
    require(caller.api_key.is_none(), "invite people with an API key")?;
    let email = users::normalize_email(&request.email);
    db.write(move |conn| {
        let grant = request.grant.to_grant(conn)?;
        require(
            caller.can_invite(&grant),
            "invite someone to this role (admins to any; cluster managers to edit their cluster's companies or to manage their cluster)",
        )?;
        let inviter = users::get(conn, caller.user_id)?;
        let language = request.language.unwrap_or(inviter.language);
        store::revoke_open_for(conn, &email, &grant)?;
        let token = tokens::random_token();
        let expires_at = crate::store::now() + Duration::days(links.ttl_days);
        let row = store::insert(
            conn,
            NewInvitation {
                email: &email,
                grant: &grant,
                language,
                token: &token,
                invited_by: Some(caller.user_id),
                expires_at,
            },
        )?;
        let params = Params {
            person: Some(inviter.display_name.clone()),
            role: Some(grant.role.as_str().to_owned()),
            organisation: Some(organisation(conn, &grant)?),
            expires_at: Some(expires_at.and_utc()),
            link: links.link(&token),
            ..Params::default()
        };
        crate::app::mail::send_to_address(conn, &email, language, MailKind::Invitation, &params)?;
        Ok(row)
    })
    .await
}

/// Which invitations a caller may list: all (admins) or those of the clusters they manage.
pub fn list_filter(
    caller: &Principal,
    cluster_id: Option<Uuid>,
    status: Option<InvitationStatus>,
) -> AppResult<InvitationFilter> {
    if caller.is_admin() {
        return Ok(InvitationFilter {
            clusters: cluster_id.map(|c| vec![c]),
            status,
        });
    }
    let managed = caller.managed_clusters();
    require(
        caller.api_key.is_none() && !managed.is_empty(),
        "list invitations",
    )?;
    let clusters = match cluster_id {
        Some(c) => {
            require(managed.contains(&c), "list this cluster's invitations")?;
            vec![c]
        }
        None => managed,
    };
    Ok(InvitationFilter {
        clusters: Some(clusters),
        status,
    })
}

pub async fn list(
    db: &Db,
    filter: InvitationFilter,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<InvitationRow>> {
    db.run(move |conn| Ok(store::list(conn, &filter, after.as_deref(), limit)?))
        .await
}

/// One invitation, if the caller may see it (404 otherwise).
pub async fn get(db: &Db, caller: Principal, id: Uuid) -> AppResult<InvitationRow> {
    db.run(move |conn| {
        let row = store::get(conn, id)?;
        if !visible(&caller, &row) {
            return Err(not_found(id));
        }
        Ok(row)
    })
    .await
}

/// Revokes an invitation (who may grant its role); its link stops working. Revoking one
/// that was accepted is a conflict (revoke the grant instead); revoking twice changes nothing.
pub async fn revoke(db: &Db, caller: Principal, id: Uuid) -> AppResult<()> {
    db.write(move |conn| {
        let row = store::get(conn, id)?;
        if !visible(&caller, &row) {
            return Err(not_found(id));
        }
        let grant = row
            .to_grant()
            .ok_or_else(|| AppError::internal("stored invitation is malformed"))?;
        require(caller.can_invite(&grant), "revoke this invitation")?;
        if row.accepted_at.is_some() || (!store::revoke(conn, id)? && row.revoked_at.is_none()) {
            return Err(AppError::conflict(
                "this invitation was accepted; revoke the role grant instead",
            ));
        }
        Ok(())
    })
    .await
}

/// What the invitee sends with the token.
pub struct AcceptRequest {
    pub token: String,
    pub password: Option<String>,
    pub display_name: Option<String>,
}

/// An accepted invitation: the account (new or the caller's) and the grant; tokens for a new
/// account, so that it is signed in at once.
pub struct Accepted {
    pub invitation: InvitationRow,
    pub user: User,
    pub grant: GrantRow,
    pub tokens: Option<TokenPair>,
}

/// Why a token found no open invitation, in words the holder can act on.
fn refusal(row: &InvitationRow) -> AppError {
    match row.status_at(crate::store::now()) {
        InvitationStatus::Accepted => {
            AppError::conflict("this invitation was already accepted; its link works only once")
        }
        InvitationStatus::Revoked => AppError::conflict(
            "this invitation was revoked; ask the person who invited you for a new one",
        ),
        InvitationStatus::Expired => AppError::conflict(format!(
            "this invitation expired on {}; ask the person who invited you for a new one",
            row.expires_at.and_utc().format("%Y-%m-%d %H:%M UTC")
        )),
        InvitationStatus::Pending => {
            AppError::conflict("this invitation changed meanwhile; try again")
        }
    }
}

const UNKNOWN_TOKEN: &str = "this invitation link is not valid: check that it was copied whole";

/// Accepts the invitation of `token`. Signed in with the invited address: the role goes to
/// that account. Not signed in, and no account has the address: an account is made with
/// `password` and `display_name` (checked before the token is used) and signed in. An
/// account with the address exists but the caller is not signed in to it: refused, and the
/// token stays usable. Unknown tokens count as failures against the client `address`, like
/// wrong passwords (see `app::auth`).
pub async fn accept(
    db: &Db,
    keys: &Tokens,
    refresh_ttl: Duration,
    caller: Option<Principal>,
    request: AcceptRequest,
    address: String,
) -> AppResult<Accepted> {
    if caller.as_ref().is_some_and(|c| c.api_key.is_some()) {
        return Err(AppError::Forbidden(
            "API keys cannot accept invitations; sign in as a person".into(),
        ));
    }
    let throttle_key = format!("address:{address}");
    let caller_id = caller.as_ref().map(|c| c.user_id);
    let token = request.token.clone();
    // One short transaction that looks the token up and, when it is unknown, counts the
    // failure (committed, although the answer is an error).
    let found = db
        .write_unaudited(move |conn| {
            if let Some(secs) = throttle::check(conn, &throttle_key, PER_ADDRESS)? {
                return Err(AppError::too_many(
                    secs,
                    Some(crate::error::RateLimitPolicy {
                        name: "invitation-tokens",
                        quota: PER_ADDRESS.failures as u64,
                        window_secs: PER_ADDRESS.window.num_seconds() as u64,
                    }),
                ));
            }
            let Some(row) = store::find_by_token(conn, &token)? else {
                throttle::reserve(conn, &throttle_key, PER_ADDRESS)?;
                return Ok(None);
            };
            let account = users::find_by_email(conn, &row.email)?;
            let caller_user = caller_id.map(|id| users::get(conn, id)).transpose()?;
            Ok(Some((row, account, caller_user)))
        })
        .await?;
    let Some((row, account, caller_user)) = found else {
        return Err(AppError::NotFound(UNKNOWN_TOKEN.into()));
    };
    if row.status_at(crate::store::now()) != InvitationStatus::Pending {
        return Err(refusal(&row));
    }
    let grant = row
        .to_grant()
        .ok_or_else(|| AppError::internal("stored invitation is malformed"))?;
    // Whose account the role goes to.
    let new_account = match (&caller_user, &account) {
        (Some(me), _) if me.email == row.email => None,
        (Some(_), _) => {
            return Err(AppError::Forbidden(
                "this invitation was sent to another e-mail address than your account's: \
                 sign out, or sign in to the account of the invited address, and accept it again"
                    .into(),
            ));
        }
        (None, Some(_)) => {
            return Err(AppError::Unauthorized(
                "an account with the invited e-mail address exists: sign in to it, then accept \
                 the invitation (send the access token with it)"
                    .into(),
            ));
        }
        (None, None) => {
            let mut errors = Vec::new();
            let name = request
                .display_name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned);
            if name.is_none() {
                errors.push(crate::error::FieldError::new(
                    "display_name",
                    "is required to make your account",
                ));
            }
            match &request.password {
                None => errors.push(crate::error::FieldError::new(
                    "password",
                    "is required to make your account",
                )),
                Some(p) => {
                    if let Err(m) = crate::domain::password::check(p, &row.email) {
                        errors.push(crate::error::FieldError::new("password", m));
                    }
                }
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let hash = crate::auth::password::hash_off_thread(request.password.unwrap_or_default())
                .await?;
            Some((name.unwrap_or_default(), hash))
        }
    };
    let token = request.token;
    let invitation_id = row.id;
    let (invitation, user, grant_row, refresh) = db
        .write(move |conn| {
            if !store::consume(conn, &token)? {
                let now_row = store::get(conn, invitation_id)?;
                return Err(refusal(&now_row));
            }
            // A company removed since the invitation is edited by nobody.
            if let Scope::Member { member_id, .. } = grant.scope
                && users::cluster_of_member(conn, member_id)?.is_none()
            {
                return Err(AppError::conflict(
                    "the company of this invitation was removed from its cluster; ask its \
                     cluster's managers",
                ));
            }
            // The invitation speaks for its inviter: it grants only what they may still grant
            // (a manager who has left cannot bring people in afterwards).
            if let Some(inviter) = row.invited_by {
                let held = users::active_grants_of(conn, &[inviter])?;
                let principal =
                    Principal::user(inviter, held.iter().filter_map(|g| g.to_grant()).collect());
                if !principal.can_invite(&grant) {
                    return Err(AppError::conflict(
                        "the person who invited you may no longer give this role; ask a current \
                         manager for a new invitation",
                    ));
                }
            }
            let user = match (new_account, caller_user) {
                (Some((name, hash)), _) => {
                    let user = users::insert_by(conn, &row.email, &hash, &name, row.invited_by)?;
                    users::set_profile(
                        conn,
                        user.id,
                        &user.display_name,
                        row.language,
                        &user.time_zone,
                    )?
                }
                (None, Some(me)) => me,
                (None, None) => return Err(AppError::internal("no account to grant to")),
            };
            let grant_row = match crate::app::users::grant_in(conn, user.id, &grant, row.invited_by)
            {
                Ok(g) => g,
                // Held already (granted directly meanwhile): the invitation is used all the same.
                Err(AppError::Conflict {
                    existing_id: Some(existing),
                    ..
                }) => {
                    let existing: Uuid = existing.parse().map_err(AppError::internal)?;
                    users::get_grant(conn, user.id, existing)?
                }
                Err(e) => return Err(e),
            };
            store::set_accepted_user(conn, invitation_id, user.id)?;
            // The token came to the invited address, which is the account's.
            users::mark_email_verified(conn, user.id)?;
            // A new account is signed in at once.
            let issued = if caller_id.is_none() {
                Some(tokens::issue(conn, user.id, None, refresh_ttl)?)
            } else {
                None
            };
            Ok((store::get(conn, invitation_id)?, user, grant_row, issued))
        })
        .await?;
    let tokens = match refresh {
        Some(refresh_token) => Some(TokenPair {
            access_token: keys.issue_access(user.id, user.version)?,
            refresh_token,
            expires_in: keys.access_ttl_secs(),
        }),
        None => None,
    };
    tracing::info!(user_id = %user.id, invitation = %invitation.id, "invitation accepted");
    Ok(Accepted {
        invitation,
        user,
        grant: grant_row,
        tokens,
    })
}

// --- Companies invited to an event ---------------------------------------------------------

/// Invites a company to an event (the event's organisers who may edit it: the host
/// cluster's managers, admins). Its editors are mailed in their languages; a company with
/// no editor account needs `contact_id`, a contact person of it with an e-mail address, who
/// is mailed instead. A company already registered, or already invited, is a conflict.
pub async fn invite_company(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    member_id: Uuid,
    contact_id: Option<Uuid>,
) -> AppResult<EventInvitationRow> {
    db.write(move |conn| {
        let event = crate::app::events::visible_event(conn, &caller, event_id)?;
        let parties = event.parties();
        require(
            parties.can_edit(&caller),
            "invite companies to this event (the host cluster's managers do)",
        )?;
        invite_company_in(
            conn,
            &event,
            member_id,
            contact_id,
            caller.api_key.is_none().then_some(caller.user_id),
            Some(&caller),
        )
    })
    .await
}

/// [`invite_company`] once the caller is authorised (also the demo's): the checks, the row
/// and the mail, in the caller's transaction.
pub fn invite_company_in(
    conn: &mut DbConn,
    event: &crate::store::events::EventRecord,
    member_id: Uuid,
    contact_id: Option<Uuid>,
    invited_by: Option<Uuid>,
    caller: Option<&Principal>,
) -> AppResult<EventInvitationRow> {
    let event_id = event.row.id;
    let member = match crate::store::members::get(conn, member_id) {
        Ok(m) if m.deleted_at.is_none() => m,
        Ok(_) | Err(crate::store::Error::NotFound(_)) => {
            return Err(AppError::invalid(
                "member_id",
                format!("no member company with id {member_id}"),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if crate::store::registrations::live_of_member(conn, event_id, member_id)?.is_some() {
        return Err(AppError::conflict(
            "this company is already registered for this event",
        ));
    }
    let contact = match contact_id {
        Some(id) => match crate::store::contacts::get(conn, member_id, id) {
            // A person the caller may not see is not named to them either (the contact rule).
            Ok(c)
                if caller.is_none_or(|p| {
                    p.sees_contact(member.cluster_id, member_id, c.share_consent)
                }) =>
            {
                Some(c)
            }
            Ok(_) => {
                return Err(AppError::invalid(
                    "contact_id",
                    "is not a contact person of this company",
                ));
            }
            Err(crate::store::Error::NotFound(_)) => {
                return Err(AppError::invalid(
                    "contact_id",
                    "is not a contact person of this company",
                ));
            }
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let has_editors = !users::editors_of(conn, member_id)?.is_empty();
    if !has_editors {
        match &contact {
            None => {
                return Err(AppError::invalid(
                    "contact_id",
                    "this company has no editor account: name the contact person to write to",
                ));
            }
            Some(c) if c.email.as_deref().is_none_or(|e| e.trim().is_empty()) => {
                return Err(AppError::invalid(
                    "contact_id",
                    "this contact person has no e-mail address",
                ));
            }
            Some(_) => {}
        }
    }
    let row = store::invite_to_event(conn, event_id, member_id, contact_id, invited_by)?;
    let host = crate::store::clusters::get(conn, event.row.host_cluster_id)?
        .0
        .name;
    let r = &event.row;
    let params = Params {
        company: Some(member.legal_name.clone()),
        organisation: Some(host),
        event: Some(r.title.clone()),
        starts_at: Some(r.starts_at.and_utc()),
        place: Some(
            [r.venue_name.as_str(), r.venue_city.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        link: format!("/events/{event_id}"),
        ..Params::default()
    };
    if has_editors {
        crate::app::mail::notify_editors(
            conn,
            member_id,
            MailKind::EventInvitation,
            None,
            |_, _| Ok(params.clone()),
        )?;
    } else if let Some(c) = contact {
        let language = contact_language(&c.languages);
        let params = Params {
            name: Some(c.name.clone()),
            ..params
        };
        crate::app::mail::send_to_address(
            conn,
            c.email.as_deref().unwrap_or_default(),
            language,
            MailKind::EventInvitation,
            &params,
        )?;
    }
    Ok(row)
}

/// The first of a contact person's languages (stored as a JSON list) that mail is written
/// in; English otherwise.
fn contact_language(languages: &str) -> Language {
    serde_json::from_str::<Vec<String>>(languages)
        .unwrap_or_default()
        .iter()
        .find_map(|l| Language::parse(&l.to_ascii_lowercase()))
        .unwrap_or_default()
}

/// An event's invitations (its organisers: host and guest clusters' managers, admins).
pub async fn list_for_event(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    include_revoked: bool,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<EventInvitationRow>> {
    db.run(move |conn| {
        let event = crate::app::events::visible_event(conn, &caller, event_id)?;
        require(
            event.parties().is_organiser(&caller),
            "see this event's invitations (its organisers do)",
        )?;
        Ok(store::list_event_invitations(
            conn,
            Some(event_id),
            None,
            include_revoked,
            after.as_deref(),
            limit,
        )?)
    })
    .await
}

/// A company's event invitations (its editors, its cluster's managers, admins).
pub async fn list_for_member(
    db: &Db,
    caller: Principal,
    member_id: Uuid,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<EventInvitationRow>> {
    db.run(move |conn| {
        let member = crate::store::members::get(conn, member_id)?;
        require(
            caller.can_edit_member(member.cluster_id, member_id),
            "see this company's event invitations (its editors do)",
        )?;
        Ok(store::list_event_invitations(
            conn,
            None,
            Some(member_id),
            false,
            after.as_deref(),
            limit,
        )?)
    })
    .await
}

/// Revokes a company's invitation to an event (who may invite); the row stays.
pub async fn revoke_company(db: &Db, caller: Principal, event_id: Uuid, id: Uuid) -> AppResult<()> {
    db.write(move |conn| {
        let event = crate::app::events::visible_event(conn, &caller, event_id)?;
        require(
            event.parties().can_edit(&caller),
            "revoke invitations to this event (the host cluster's managers do)",
        )?;
        store::get_event_invitation(conn, event_id, id)?;
        Ok(store::revoke_event_invitation(conn, id)?)
    })
    .await
}
