//! Invitations: people invited by e-mail to a role (the link's token kept only as its SHA-256
//! hash, used once by one conditional update), and companies invited to an event.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::{event_invitations, invitations};
use super::{DbConn, new_id, now};
use crate::domain::access::{Grant, Role, Scope};
use crate::domain::mail::Language;
use crate::store::tokens::hash_token;
use crate::store::{Error, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct InvitationRow {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub cluster_id: Option<Uuid>,
    pub member_id: Option<Uuid>,
    pub scope_key: String,
    pub language: Language,
    pub token_hash: String,
    pub invited_by: Option<Uuid>,
    pub expires_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
    pub accepted_user_id: Option<Uuid>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub version: i32,
}

/// Where an invitation stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    /// Sent; the link works until it expires.
    Pending,
    Accepted,
    Revoked,
    /// Not accepted in time.
    Expired,
}

impl InvitationRow {
    pub fn status_at(&self, at: NaiveDateTime) -> InvitationStatus {
        if self.accepted_at.is_some() {
            InvitationStatus::Accepted
        } else if self.revoked_at.is_some() {
            InvitationStatus::Revoked
        } else if self.expires_at <= at {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Pending
        }
    }

    /// The role offered, as a grant.
    pub fn to_grant(&self) -> Option<Grant> {
        let scope = match self.role {
            Role::Admin => Scope::Platform,
            Role::ClusterManager => Scope::Cluster(self.cluster_id?),
            Role::Analyst => self.cluster_id.map_or(Scope::Platform, Scope::Cluster),
            Role::MemberEditor => Scope::Member {
                member_id: self.member_id?,
                cluster_id: self.cluster_id?,
            },
        };
        Some(Grant {
            role: self.role,
            scope,
        })
    }
}

pub struct NewInvitation<'a> {
    pub email: &'a str,
    pub grant: &'a Grant,
    pub language: Language,
    pub token: &'a str,
    pub invited_by: Option<Uuid>,
    pub expires_at: NaiveDateTime,
}

/// Revokes the open invitations of `email` to the same role and scope (inviting again
/// replaces them: the old link stops working).
pub fn revoke_open_for(conn: &mut DbConn, email: &str, grant: &Grant) -> StoreResult<usize> {
    Ok(diesel::update(
        invitations::table
            .filter(invitations::email.eq(email))
            .filter(invitations::role.eq(grant.role))
            .filter(invitations::scope_key.eq(grant.scope.key()))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null()),
    )
    .set((
        invitations::revoked_at.eq(now()),
        invitations::version.eq(invitations::version + 1),
    ))
    .execute(conn)?)
}

pub fn insert(conn: &mut DbConn, new: NewInvitation<'_>) -> StoreResult<InvitationRow> {
    let (cluster_id, member_id) = match new.grant.scope {
        Scope::Platform => (None, None),
        Scope::Cluster(c) => (Some(c.to_string()), None),
        Scope::Member {
            member_id,
            cluster_id,
        } => (Some(cluster_id.to_string()), Some(member_id.to_string())),
    };
    if let Some(cluster) = &cluster_id {
        crate::store::audit::note_cluster(cluster);
    }
    let id = new_id();
    crate::store::audit::note_object("invitation", &id);
    Ok(diesel::insert_into(invitations::table)
        .values((
            invitations::id.eq(&id),
            invitations::email.eq(new.email),
            invitations::role.eq(new.grant.role),
            invitations::cluster_id.eq(cluster_id),
            invitations::member_id.eq(member_id),
            invitations::scope_key.eq(new.grant.scope.key()),
            invitations::language.eq(new.language),
            invitations::token_hash.eq(hash_token(new.token)),
            invitations::invited_by.eq(new.invited_by.map(|u| u.to_string())),
            invitations::expires_at.eq(new.expires_at),
            invitations::created_at.eq(now()),
            invitations::version.eq(1),
        ))
        .get_result::<InvitationRow>(conn)?)
}

pub fn get(conn: &mut DbConn, id: Uuid) -> StoreResult<InvitationRow> {
    invitations::table
        .find(id.to_string())
        .select(InvitationRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no invitation with id {id}")))
}

/// The invitation whose link carries `token`, whatever its state.
pub fn find_by_token(conn: &mut DbConn, token: &str) -> StoreResult<Option<InvitationRow>> {
    Ok(invitations::table
        .filter(invitations::token_hash.eq(hash_token(token)))
        .select(InvitationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Uses the invitation of `token` up: one conditional update, which only an open, unexpired
/// invitation passes. `false` when another request got there first (or it was revoked or
/// expired meanwhile).
pub fn consume(conn: &mut DbConn, token: &str) -> StoreResult<bool> {
    let at = now();
    let updated = diesel::update(
        invitations::table
            .filter(invitations::token_hash.eq(hash_token(token)))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null())
            .filter(invitations::expires_at.gt(at)),
    )
    .set((
        invitations::accepted_at.eq(at),
        invitations::version.eq(invitations::version + 1),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Records who accepted the invitation.
pub fn set_accepted_user(conn: &mut DbConn, id: Uuid, user_id: Uuid) -> StoreResult<()> {
    crate::store::audit::note_object("invitation", &id.to_string());
    diesel::update(invitations::table.find(id.to_string()))
        .set(invitations::accepted_user_id.eq(user_id.to_string()))
        .execute(conn)?;
    Ok(())
}

/// Revokes an invitation that is neither accepted nor revoked; `false` when nothing changed
/// (it was accepted or revoked meanwhile).
pub fn revoke(conn: &mut DbConn, id: Uuid) -> StoreResult<bool> {
    crate::store::audit::note_object("invitation", &id.to_string());
    let updated = diesel::update(
        invitations::table
            .find(id.to_string())
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null()),
    )
    .set((
        invitations::revoked_at.eq(now()),
        invitations::version.eq(invitations::version + 1),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Revokes the open invitations `user_id` made (their account is being deleted: nobody
/// speaks for those invitations any more). How many.
pub fn revoke_open_by(conn: &mut DbConn, user_id: Uuid) -> StoreResult<usize> {
    Ok(diesel::update(
        invitations::table
            .filter(invitations::invited_by.eq(user_id.to_string()))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null()),
    )
    .set((
        invitations::revoked_at.eq(now()),
        invitations::version.eq(invitations::version + 1),
    ))
    .execute(conn)?)
}

#[derive(Debug, Default, Clone)]
pub struct InvitationFilter {
    /// `Some`: only invitations on these clusters (what a cluster manager sees).
    pub clusters: Option<Vec<Uuid>>,
    pub status: Option<InvitationStatus>,
}

/// Invitations ordered by id, after `after`, at most `limit`.
pub fn list(
    conn: &mut DbConn,
    f: &InvitationFilter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<InvitationRow>> {
    let mut query = invitations::table
        .select(InvitationRow::as_select())
        .into_boxed();
    if let Some(clusters) = &f.clusters {
        let ids: Vec<String> = clusters.iter().map(Uuid::to_string).collect();
        query = query.filter(invitations::cluster_id.eq_any(ids));
    }
    let at = now();
    match f.status {
        None => {}
        Some(InvitationStatus::Accepted) => {
            query = query.filter(invitations::accepted_at.is_not_null())
        }
        Some(InvitationStatus::Revoked) => {
            query = query
                .filter(invitations::accepted_at.is_null())
                .filter(invitations::revoked_at.is_not_null())
        }
        Some(InvitationStatus::Expired) => {
            query = query
                .filter(invitations::accepted_at.is_null())
                .filter(invitations::revoked_at.is_null())
                .filter(invitations::expires_at.le(at))
        }
        Some(InvitationStatus::Pending) => {
            query = query
                .filter(invitations::accepted_at.is_null())
                .filter(invitations::revoked_at.is_null())
                .filter(invitations::expires_at.gt(at))
        }
    }
    if let Some(after) = after {
        query = query.filter(invitations::id.gt(after.to_owned()));
    }
    Ok(query.order(invitations::id.asc()).limit(limit).load(conn)?)
}

/// Moves an invitation's expiry (tests and demo data only).
pub fn set_expires_at(conn: &mut DbConn, id: Uuid, at: NaiveDateTime) -> StoreResult<()> {
    diesel::update(invitations::table.find(id.to_string()))
        .set(invitations::expires_at.eq(at))
        .execute(conn)?;
    Ok(())
}

// --- Companies invited to an event ---------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = event_invitations)]
pub struct EventInvitationRow {
    pub id: Uuid,
    pub event_id: Uuid,
    pub member_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub invited_by: Option<Uuid>,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

/// The invitation of `member_id` to `event_id`, revoked or not.
pub fn event_invitation_of(
    conn: &mut DbConn,
    event_id: Uuid,
    member_id: Uuid,
) -> StoreResult<Option<EventInvitationRow>> {
    Ok(event_invitations::table
        .filter(event_invitations::event_id.eq(event_id.to_string()))
        .filter(event_invitations::member_id.eq(member_id.to_string()))
        .select(EventInvitationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Invites `member_id` to `event_id`: a new row, or the revoked one of an earlier invitation
/// made current again.
pub fn invite_to_event(
    conn: &mut DbConn,
    event_id: Uuid,
    member_id: Uuid,
    contact_id: Option<Uuid>,
    invited_by: Option<Uuid>,
) -> StoreResult<EventInvitationRow> {
    let at = now();
    if let Some(existing) = event_invitation_of(conn, event_id, member_id)? {
        if existing.revoked_at.is_none() {
            return Err(Error::Conflict {
                detail: "this company is already invited to this event".into(),
                existing_id: Some(existing.id.to_string()),
            });
        }
        crate::store::audit::note_object("event_invitation", &existing.id.to_string());
        return Ok(
            diesel::update(event_invitations::table.find(existing.id.to_string()))
                .set((
                    event_invitations::contact_id.eq(contact_id.map(|c| c.to_string())),
                    event_invitations::invited_by.eq(invited_by.map(|u| u.to_string())),
                    event_invitations::created_at.eq(at),
                    event_invitations::revoked_at.eq(None::<NaiveDateTime>),
                ))
                .get_result::<EventInvitationRow>(conn)?,
        );
    }
    let id = new_id();
    crate::store::audit::note_object("event_invitation", &id);
    Ok(diesel::insert_into(event_invitations::table)
        .values((
            event_invitations::id.eq(&id),
            event_invitations::event_id.eq(event_id.to_string()),
            event_invitations::member_id.eq(member_id.to_string()),
            event_invitations::contact_id.eq(contact_id.map(|c| c.to_string())),
            event_invitations::invited_by.eq(invited_by.map(|u| u.to_string())),
            event_invitations::created_at.eq(at),
        ))
        .get_result::<EventInvitationRow>(conn)?)
}

pub fn get_event_invitation(
    conn: &mut DbConn,
    event_id: Uuid,
    id: Uuid,
) -> StoreResult<EventInvitationRow> {
    event_invitations::table
        .find(id.to_string())
        .filter(event_invitations::event_id.eq(event_id.to_string()))
        .select(EventInvitationRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("event {event_id} has no invitation {id}")))
}

/// Revokes an event invitation (the row stays, with the time).
pub fn revoke_event_invitation(conn: &mut DbConn, id: Uuid) -> StoreResult<()> {
    crate::store::audit::note_object("event_invitation", &id.to_string());
    diesel::update(
        event_invitations::table
            .find(id.to_string())
            .filter(event_invitations::revoked_at.is_null()),
    )
    .set(event_invitations::revoked_at.eq(now()))
    .execute(conn)?;
    Ok(())
}

/// Event invitations ordered by id, of one event or of one company, after `after`.
pub fn list_event_invitations(
    conn: &mut DbConn,
    event_id: Option<Uuid>,
    member_id: Option<Uuid>,
    include_revoked: bool,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<EventInvitationRow>> {
    let mut query = event_invitations::table
        .select(EventInvitationRow::as_select())
        .into_boxed();
    if let Some(event_id) = event_id {
        query = query.filter(event_invitations::event_id.eq(event_id.to_string()));
    }
    if let Some(member_id) = member_id {
        query = query.filter(event_invitations::member_id.eq(member_id.to_string()));
    }
    if !include_revoked {
        query = query.filter(event_invitations::revoked_at.is_null());
    }
    if let Some(after) = after {
        query = query.filter(event_invitations::id.gt(after.to_owned()));
    }
    Ok(query
        .order(event_invitations::id.asc())
        .limit(limit)
        .load(conn)?)
}
