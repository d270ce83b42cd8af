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
use crate::app::feed as changes;
use crate::domain::access::Principal;
use crate::error::AppResult;
use crate::store::feed;

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
    responses((status = 200, description = "Changes and the next position", body = MemberChanges, headers(("ETag" = String))))
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
    let page = changes::member_changes(&state.db, since, query.0.cluster_id, limit).await?;
    let changes = MemberChanges {
        items: page
            .items
            .into_iter()
            .map(|item| {
                Ok(MemberChange {
                    seq: item.seq,
                    id: item.id,
                    deleted: item.current.is_none(),
                    member: item.current.map(Member::from_row).transpose()?,
                })
            })
            .collect::<AppResult<Vec<_>>>()?,
        next_since: page.next_since,
    };
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
    responses((status = 200, description = "Changes and the next position", body = ContactChanges, headers(("ETag" = String))))
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
    let page =
        changes::contact_changes(&state.db, caller, since, query.0.cluster_id, limit).await?;
    let changes = ContactChanges {
        items: page
            .items
            .into_iter()
            .map(|item| {
                Ok(ContactChange {
                    seq: item.seq,
                    id: item.id,
                    deleted: item.current.is_none(),
                    contact: item.current.map(Contact::from_row).transpose()?,
                })
            })
            .collect::<AppResult<Vec<_>>>()?,
        next_since: page.next_since,
    };
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

    /// Where to fetch the current state of object `id` (of event `event`, for
    /// registrations and meeting requests).
    fn href(self, id: Uuid, event: Option<Uuid>) -> String {
        let event = event.unwrap_or_default();
        match self {
            ChangeType::Event => format!("/api/v1/events/{id}"),
            ChangeType::TradeNote => format!("/api/v1/trade-notes/{id}"),
            ChangeType::PartnershipRequest => format!("/api/v1/partnership-requests/{id}"),
            ChangeType::Registration => format!("/api/v1/events/{event}/registrations/{id}"),
            ChangeType::MeetingRequest => {
                format!("/api/v1/events/{event}/meeting-requests/{id}")
            }
        }
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
    responses((status = 200, description = "Changes and the next position", body = Changes, headers(("ETag" = String))))
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
    let stored = types.iter().map(|t| t.stored()).collect();
    let page = changes::object_changes(&state.db, caller, stored, since, limit).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for change in page.items {
        let Some(kind) = ChangeType::from_stored(&change.kind) else {
            continue;
        };
        items.push(Change {
            seq: change.seq,
            kind,
            id: change.id,
            event_id: change.event_id,
            deleted: change.deleted,
            href: (!change.deleted).then(|| kind.href(change.id, change.event_id)),
        });
    }
    let changes = Changes {
        items,
        next_since: page.next_since,
    };
    respond::ok(&req, &changes)
}
