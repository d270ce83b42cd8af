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
use crate::domain::access::Principal;
use crate::error::AppResult;
use crate::store::feed;
use crate::store::stored_uuid;

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
            let members = crate::store::members::by_ids(conn, &ids)?;
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
            let people = crate::store::contacts::by_ids_with_member(conn, &ids)?;
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

/// What `GET /changes` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeType {
    Event,
    Registration,
    PartnershipRequest,
    MeetingRequest,
    TradeNote,
}

impl ChangeType {
    const ALL: [ChangeType; 5] = [
        ChangeType::Event,
        ChangeType::Registration,
        ChangeType::PartnershipRequest,
        ChangeType::MeetingRequest,
        ChangeType::TradeNote,
    ];

    fn stored(self) -> &'static str {
        match self {
            ChangeType::Event => feed::EVENT,
            ChangeType::Registration => feed::REGISTRATION,
            ChangeType::PartnershipRequest => feed::PARTNERSHIP_REQUEST,
            ChangeType::MeetingRequest => feed::MEETING_REQUEST,
            ChangeType::TradeNote => feed::TRADE_NOTE,
        }
    }

    fn from_stored(s: &str) -> Option<ChangeType> {
        ChangeType::ALL.into_iter().find(|t| t.stored() == s)
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Change {
    /// Position in the feed (the same sequence as the member and contact feeds).
    pub seq: i64,
    #[serde(rename = "type")]
    pub kind: ChangeType,
    pub id: Uuid,
    /// The event of a registration or meeting request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<Uuid>,
    /// `true`: the object is gone (events and trade notes can be deleted); remove it.
    pub deleted: bool,
    /// Where to fetch its current state (absent for tombstones).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Changes {
    pub items: Vec<Change>,
    /// Pass as `since` next time (the same value when nothing changed).
    pub next_since: i64,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AllChangesQuery {
    /// `next_since` of the previous answer; 0 (default) for the whole history.
    #[validate(range(min = 0))]
    #[param(minimum = 0)]
    pub since: Option<i64>,
    /// At most this many changes are looked at, 1 to 1000 (default 500); those the caller
    /// may not see are left out, so a page may hold fewer (follow `next_since` until it
    /// stops moving).
    #[validate(range(min = 1, max = 1000))]
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// Only these kinds, comma-separated (default: all): `event`, `registration`,
    /// `partnership_request`, `meeting_request`, `trade_note`.
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub types: Option<String>,
}

/// Changes to events, registrations, partnership and meeting requests and trade notes after
/// `since`, oldest first, each with where to fetch it — only objects the caller may see
/// now (a withdrawn visibility simply stops appearing; deleted events and notes are
/// tombstones). Follow `next_since` and fetch `href`s to mirror what you may see.
#[utoipa::path(
    tag = "sync",
    params(AllChangesQuery),
    responses((status = 200, description = "Changes and the next position", body = Changes, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[get("/changes")]
pub async fn list_changes(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<AllChangesQuery>,
) -> AppResult<HttpResponse> {
    let since = query.0.since.unwrap_or(0);
    let limit = query.0.limit.unwrap_or(500);
    let types: Vec<ChangeType> = match query.0.types.as_deref() {
        None => ChangeType::ALL.to_vec(),
        Some(list) => list
            .split(',')
            .map(|t| {
                ChangeType::from_stored(t.trim()).ok_or_else(|| {
                    crate::error::AppError::bad_field(
                        "types",
                        "must list event, registration, partnership_request, meeting_request or trade_note",
                    )
                })
            })
            .collect::<AppResult<_>>()?,
    };
    // An API key gets the kinds its scopes open (events:read opens the route and events,
    // registrations and meeting requests).
    let types: Vec<ChangeType> = match &caller.api_key {
        None => types,
        Some(key) => {
            use crate::domain::api_key::ApiScope;
            types
                .into_iter()
                .filter(|t| match t {
                    ChangeType::PartnershipRequest => {
                        key.scopes.contains(&ApiScope::PartnershipsRead)
                    }
                    ChangeType::TradeNote => key.scopes.contains(&ApiScope::NotesRead),
                    _ => true,
                })
                .collect()
        }
    };
    let changes = state
        .db
        .run(move |conn| {
            let stored: Vec<&str> = types.iter().map(|t| t.stored()).collect();
            let rows = feed::after_of_types(conn, &stored, since, limit)?;
            let mut seen: std::collections::HashMap<
                (String, String),
                Option<(bool, Option<String>)>,
            > = std::collections::HashMap::new();
            let mut items = Vec::new();
            for row in &rows {
                let Some(kind) = ChangeType::from_stored(&row.entity_type) else {
                    continue;
                };
                let key = (row.entity_type.clone(), row.entity_id.clone());
                let state = match seen.get(&key) {
                    Some(state) => state.clone(),
                    None => {
                        let state = current(conn, &caller, kind, row)?;
                        seen.insert(key, state.clone());
                        state
                    }
                };
                if let Some((deleted, href)) = state {
                    items.push(Change {
                        seq: row.seq,
                        kind,
                        id: stored_uuid(&row.entity_id)?,
                        event_id: row.parent_id.as_deref().map(stored_uuid).transpose()?,
                        deleted,
                        href,
                    });
                }
            }
            let next_since = rows.last().map_or(since, |r| r.seq);
            Ok(Changes { items, next_since })
        })
        .await?;
    respond::ok(&req, &changes)
}

/// What the caller may know of the object now: `None` (nothing: not theirs to see),
/// `Some((true, None))` (deleted), `Some((false, href))`.
fn current(
    conn: &mut crate::store::DbConn,
    caller: &Principal,
    kind: ChangeType,
    row: &feed::ChangeRow,
) -> AppResult<Option<(bool, Option<String>)>> {
    use crate::error::AppError;
    let id = stored_uuid(&row.entity_id)?;
    let parent = row.parent_id.as_deref().map(stored_uuid).transpose()?;
    let (seen, href) = match (kind, parent) {
        (ChangeType::Event, _) => (
            super::events::visible_event(conn, caller, id).map(|_| ()),
            format!("/api/v1/events/{id}"),
        ),
        (ChangeType::TradeNote, _) => (
            super::trade_notes::visible_note(conn, caller, id).map(|_| ()),
            format!("/api/v1/trade-notes/{id}"),
        ),
        (ChangeType::PartnershipRequest, _) => (
            super::partnerships::visible_request(conn, caller, id).map(|_| ()),
            format!("/api/v1/partnership-requests/{id}"),
        ),
        (ChangeType::Registration, Some(event)) => (
            super::registrations::visible_registration(conn, caller, event, id).map(|_| ()),
            format!("/api/v1/events/{event}/registrations/{id}"),
        ),
        (ChangeType::MeetingRequest, Some(event)) => (
            super::matchmaking::visible_request(conn, caller, event, id).map(|_| ()),
            format!("/api/v1/events/{event}/meeting-requests/{id}"),
        ),
        _ => return Ok(None),
    };
    match seen {
        Ok(()) => Ok(Some((false, Some(href)))),
        // Deleted for good (only events and notes are): a tombstone.
        Err(AppError::NotFound(_)) if row_gone(conn, kind, &row.entity_id)? => {
            Ok(Some((true, None)))
        }
        Err(AppError::NotFound(_) | AppError::Forbidden(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

fn row_gone(conn: &mut crate::store::DbConn, kind: ChangeType, id: &str) -> AppResult<bool> {
    use crate::store::schema::{events, trade_notes};
    use diesel::prelude::*;
    let n: i64 = match kind {
        ChangeType::Event => events::table
            .filter(events::id.eq(id))
            .count()
            .get_result(conn)?,
        ChangeType::TradeNote => trade_notes::table
            .filter(trade_notes::id.eq(id))
            .count()
            .get_result(conn)?,
        _ => 1,
    };
    Ok(n == 0)
}
