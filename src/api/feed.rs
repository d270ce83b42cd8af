//! `GET /members/changes`: the change feed of the member directory. A client that starts at
//! `since=0` and follows `next_since` ends with exactly the server's state.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::contacts::Contact;
use super::extract::ValidQuery;
use super::members::Member;
use super::respond;
use crate::AppState;
use crate::db::feed;
use crate::db::stored_uuid;
use crate::domain::access::Principal;
use crate::error::AppResult;

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberChange {
    /// Position in the feed; strictly increasing in commit order.
    pub seq: i64,
    /// The member company.
    pub id: Uuid,
    /// `true`: the member is gone (a tombstone); remove it.
    pub deleted: bool,
    /// The member's current state; absent for tombstones.
    pub member: Option<Member>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberChanges {
    pub items: Vec<MemberChange>,
    /// Pass as `since` next time (the same value when nothing changed).
    pub next_since: i64,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// `next_since` of the previous answer; 0 (default) for the whole history.
    #[validate(range(min = 0))]
    #[param(minimum = 0)]
    pub since: Option<i64>,
    /// At most this many changes, 1 to 1000 (default 500).
    #[validate(range(min = 1, max = 1000))]
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// Only members of this cluster.
    pub cluster_id: Option<Uuid>,
}

/// Member changes after `since`, oldest first, deletions as tombstones.
#[utoipa::path(
    tag = "sync",
    params(ChangesQuery),
    responses((status = 200, description = "Changes and the next position", body = MemberChanges, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[get("/members/changes")]
pub async fn list_member_changes(
    state: web::Data<AppState>,
    req: HttpRequest,
    _caller: Principal,
    query: ValidQuery<ChangesQuery>,
) -> AppResult<HttpResponse> {
    let since = query.0.since.unwrap_or(0);
    let limit = query.0.limit.unwrap_or(500);
    let cluster = query.0.cluster_id.map(|c| c.to_string());
    let changes = state
        .db
        .run(move |conn| {
            let rows = feed::after(conn, feed::MEMBER, since, cluster.as_deref(), limit)?;
            let ids: Vec<String> = rows.iter().map(|r| r.entity_id.clone()).collect();
            let members = crate::db::members::by_ids(conn, &ids)?;
            let items = rows
                .iter()
                .map(|change| {
                    let current = members
                        .iter()
                        .find(|m| m.id == change.entity_id && m.deleted_at.is_none());
                    Ok(MemberChange {
                        seq: change.seq,
                        id: stored_uuid(&change.entity_id)?,
                        // Every change shows the current state: a member deleted since is a
                        // tombstone even in its older changes, one restored since is back.
                        deleted: current.is_none(),
                        member: current.cloned().map(Member::from_row).transpose()?,
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            let next_since = rows.last().map_or(since, |r| r.seq);
            Ok(MemberChanges { items, next_since })
        })
        .await?;
    respond::ok(&req, &changes)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactChange {
    /// Position in the feed; strictly increasing in commit order (one sequence for members
    /// and contacts).
    pub seq: i64,
    /// The contact person.
    pub id: Uuid,
    /// `true`: remove this person from your copy. The person was deleted, their company
    /// removed, or — for callers who see only consenting people — their consent withdrawn.
    pub deleted: bool,
    /// The person's current state; absent for tombstones.
    pub contact: Option<Contact>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactChanges {
    pub items: Vec<ContactChange>,
    /// Pass as `since` next time (the same value when nothing changed).
    pub next_since: i64,
}

/// Contact-person changes after `since`, oldest first. Each change carries the person's
/// current state as the caller may see it: their company's editors, its cluster's managers
/// and admins see everyone; the cluster's other people (as for its catalogue) only people
/// who consent to sharing, and a withdrawn consent reads as a removal; others see tombstones. Replaying from 0 gives exactly the people the caller may see.
#[utoipa::path(
    tag = "sync",
    params(ChangesQuery),
    responses((status = 200, description = "Changes and the next position", body = ContactChanges, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[get("/contacts/changes")]
pub async fn list_contact_changes(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<ChangesQuery>,
) -> AppResult<HttpResponse> {
    let since = query.0.since.unwrap_or(0);
    let limit = query.0.limit.unwrap_or(500);
    let cluster = query.0.cluster_id.map(|c| c.to_string());
    let changes = state
        .db
        .run(move |conn| {
            let rows = feed::after(conn, feed::CONTACT, since, cluster.as_deref(), limit)?;
            let ids: Vec<String> = rows.iter().map(|r| r.entity_id.clone()).collect();
            let people = crate::db::contacts::by_ids_with_member(conn, &ids)?;
            // Changes of other clusters' people are none of the caller's business, not even
            // as tombstones.
            let audience = |cluster: &Option<String>| {
                caller.is_admin()
                    || cluster
                        .as_deref()
                        .and_then(|c| Uuid::parse_str(c).ok())
                        .is_some_and(|c| caller.belongs_to_cluster(c))
            };
            let items = rows
                .iter()
                .filter(|change| audience(&change.cluster_id))
                .map(|change| {
                    let mut visible = None;
                    if let Some((row, cluster, removed)) =
                        people.iter().find(|(c, _, _)| c.id == change.entity_id)
                    {
                        let cluster = stored_uuid(cluster)?;
                        // The cluster catalogue's audience (the cluster's people), and within
                        // it the one rule for contact people.
                        let sees = (caller.belongs_to_cluster(cluster) || caller.is_admin())
                            && caller.sees_contact(
                                cluster,
                                stored_uuid(&row.member_id)?,
                                row.share_consent,
                            );
                        if sees && !*removed {
                            visible = Some(Contact::from_row(row.clone())?);
                        }
                    }
                    Ok(ContactChange {
                        seq: change.seq,
                        id: stored_uuid(&change.entity_id)?,
                        deleted: visible.is_none(),
                        contact: visible,
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            let next_since = rows.last().map_or(since, |r| r.seq);
            Ok(ContactChanges { items, next_since })
        })
        .await?;
    respond::ok(&req, &changes)
}
