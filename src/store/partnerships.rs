//! Partnership requests and their history.

use crate::domain::sort::{After, Sort, SortField, ValueKind, parse_time_value, time_value};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::{
    meetings, partnership_request_history as history, partnership_requests as requests,
};
use super::{DbConn, new_id, new_uuid, now};
use crate::domain::partnership::{MeetingStatus, Parties, RequestKind, RequestStatus};
use crate::store::{Error, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = requests)]
pub struct RequestRow {
    pub id: Uuid,
    pub from_member_id: Uuid,
    pub to_member_id: Uuid,
    pub from_cluster_id: Uuid,
    pub to_cluster_id: Uuid,
    pub event_id: Option<Uuid>,
    pub event_key: String,
    pub subject: String,
    pub message: String,
    pub kind: RequestKind,
    pub areas: String,
    pub status: RequestStatus,
    pub created_by: Option<Uuid>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl RequestRow {
    pub fn parties(&self) -> Parties {
        Parties {
            from_member: self.from_member_id,
            from_cluster: self.from_cluster_id,
            to_member: self.to_member_id,
            to_cluster: self.to_cluster_id,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = history)]
pub struct HistoryRow {
    pub id: Uuid,
    pub request_id: Uuid,
    pub from_status: Option<RequestStatus>,
    pub to_status: RequestStatus,
    pub actor_user_id: Option<Uuid>,
    pub comment: String,
    pub at: NaiveDateTime,
}

pub fn get(conn: &mut DbConn, id: Uuid) -> StoreResult<RequestRow> {
    requests::table
        .find(id.to_string())
        .select(RequestRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no partnership request with id {id}")))
}

pub struct NewRequest<'a> {
    pub parties: Parties,
    pub event_id: Option<Uuid>,
    pub subject: &'a str,
    pub message: &'a str,
    pub kind: RequestKind,
    pub areas: &'a str,
    /// `None` for data the service made itself (demo, generated).
    pub created_by: Option<Uuid>,
}

/// The open request (pending or accepted) from one company to another for an event, if any.
pub fn open_between(
    conn: &mut DbConn,
    from: Uuid,
    to: Uuid,
    event: Option<Uuid>,
) -> StoreResult<Option<String>> {
    Ok(requests::table
        .filter(requests::from_member_id.eq(from.to_string()))
        .filter(requests::to_member_id.eq(to.to_string()))
        .filter(requests::event_key.eq(event.map(|e| e.to_string()).unwrap_or_default()))
        .filter(requests::status.eq_any([RequestStatus::Pending, RequestStatus::Accepted]))
        .select(requests::id)
        .first(conn)
        .optional()?)
}

fn record(
    conn: &mut DbConn,
    request_id: Uuid,
    from: Option<RequestStatus>,
    to: RequestStatus,
    actor: Option<Uuid>,
    comment: &str,
) -> StoreResult<()> {
    diesel::insert_into(history::table)
        .values((
            history::id.eq(new_id()),
            history::request_id.eq(request_id.to_string()),
            history::from_status.eq(from),
            history::to_status.eq(to),
            history::actor_user_id.eq(actor.map(|a| a.to_string())),
            history::comment.eq(comment),
            history::at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn insert(conn: &mut DbConn, new: NewRequest<'_>) -> StoreResult<RequestRow> {
    let at = now();
    let id = new_uuid();
    diesel::insert_into(requests::table)
        .values((
            requests::id.eq(id.to_string()),
            requests::from_member_id.eq(new.parties.from_member.to_string()),
            requests::to_member_id.eq(new.parties.to_member.to_string()),
            requests::from_cluster_id.eq(new.parties.from_cluster.to_string()),
            requests::to_cluster_id.eq(new.parties.to_cluster.to_string()),
            requests::event_id.eq(new.event_id.map(|e| e.to_string())),
            requests::event_key.eq(new.event_id.map(|e| e.to_string()).unwrap_or_default()),
            requests::subject.eq(new.subject),
            requests::message.eq(new.message),
            requests::kind.eq(new.kind),
            requests::areas.eq(new.areas),
            requests::status.eq(RequestStatus::Pending),
            requests::created_by.eq(new.created_by.map(|u| u.to_string())),
            requests::version.eq(1),
            requests::created_at.eq(at),
            requests::updated_at.eq(at),
        ))
        .execute(conn)?;
    record(conn, id, None, RequestStatus::Pending, new.created_by, "")?;
    notify(conn, id, &new.parties, None, RequestStatus::Pending)?;
    get(conn, id)
}

/// Moves the request from `from` to `to` if it is still in `from`; `false` when someone else
/// moved it first (the caller answers 409). Records the transition in the history.
pub fn transition(
    conn: &mut DbConn,
    current: &RequestRow,
    from: RequestStatus,
    to: RequestStatus,
    actor: Option<Uuid>,
    comment: &str,
) -> StoreResult<bool> {
    let changed = diesel::update(
        requests::table
            .find(current.id.to_string())
            .filter(requests::status.eq(from)),
    )
    .set((
        requests::status.eq(to),
        requests::version.eq(requests::version + 1),
        requests::updated_at.eq(now()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Ok(false);
    }
    record(conn, current.id, Some(from), to, actor, comment)?;
    notify(conn, current.id, &current.parties(), Some(from), to)?;
    Ok(true)
}

/// Queues `partnership_request.status_changed` for the webhooks of both companies' clusters.
fn notify(
    conn: &mut DbConn,
    id: Uuid,
    parties: &Parties,
    from: Option<RequestStatus>,
    to: RequestStatus,
) -> StoreResult<()> {
    super::feed::record_one(
        conn,
        super::feed::PARTNERSHIP_REQUEST,
        id,
        None,
        Some(parties.from_cluster),
        false,
    )?;
    super::outbox::emit(
        conn,
        "partnership_request.status_changed",
        &[(
            vec![
                parties.from_cluster.to_string(),
                parties.to_cluster.to_string(),
            ],
            serde_json::json!({
                "request_id": id,
                "from_member_id": parties.from_member,
                "to_member_id": parties.to_member,
                "from_status": from.map(|s| s.as_str()),
                "to_status": to.as_str(),
            }),
        )],
    )
}

pub fn history_of(conn: &mut DbConn, request_id: Uuid) -> StoreResult<Vec<HistoryRow>> {
    Ok(history::table
        .filter(history::request_id.eq(request_id.to_string()))
        .order(history::id.asc())
        .select(HistoryRow::as_select())
        .load(conn)?)
}

#[derive(Debug, Default, Clone)]
pub struct RequestFilter {
    /// `Some`: only requests touching these companies or these clusters (what a non-admin
    /// may see). `None`: all (admins).
    pub visible: Option<(Vec<Uuid>, Vec<Uuid>)>,
    /// With `direction`: requests of this company.
    pub member_id: Option<Uuid>,
    /// `Some(true)`: sent by `member_id`; `Some(false)`: received; `None`: both.
    pub outgoing: Option<bool>,
    pub status: Option<RequestStatus>,
    pub event_id: Option<Uuid>,
    /// Requests whose other side is in this cluster.
    pub counterpart_cluster_id: Option<Uuid>,
    pub created_from: Option<NaiveDateTime>,
    pub created_to: Option<NaiveDateTime>,
}

/// The orders partnership requests may be listed in: creation (the default) or last change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestSort {
    CreatedAt,
    UpdatedAt,
}

impl SortField for RequestSort {
    const FIELDS: &'static [(&'static str, RequestSort)] = &[
        ("created_at", RequestSort::CreatedAt),
        ("updated_at", RequestSort::UpdatedAt),
    ];

    fn kind(self) -> ValueKind {
        match self {
            RequestSort::CreatedAt => ValueKind::Id,
            RequestSort::UpdatedAt => ValueKind::Time,
        }
    }
}

/// The cursor key of a row in `sort` order.
pub fn sort_key(sort: &Sort<RequestSort>, row: &RequestRow) -> String {
    let id = row.id.to_string();
    match sort.field {
        RequestSort::CreatedAt => sort.key("", &id),
        RequestSort::UpdatedAt => sort.key(&time_value(row.updated_at), &id),
    }
}

/// Requests matching `f` in `sort` order, after the row `after` ended the previous page.
pub fn list(
    conn: &mut DbConn,
    f: &RequestFilter,
    sort: Sort<RequestSort>,
    after: Option<&After>,
    limit: i64,
) -> StoreResult<Vec<RequestRow>> {
    let strs = |v: &[Uuid]| v.iter().map(Uuid::to_string).collect::<Vec<_>>();
    let mut query = requests::table.select(RequestRow::as_select()).into_boxed();
    if let Some((members, clusters)) = &f.visible {
        let (m, c) = (strs(members), strs(clusters));
        query = query.filter(
            requests::from_member_id
                .eq_any(m.clone())
                .or(requests::to_member_id.eq_any(m))
                .or(requests::from_cluster_id.eq_any(c.clone()))
                .or(requests::to_cluster_id.eq_any(c)),
        );
    }
    if let Some(member) = f.member_id {
        let m = member.to_string();
        query = match f.outgoing {
            Some(true) => query.filter(requests::from_member_id.eq(m)),
            Some(false) => query.filter(requests::to_member_id.eq(m)),
            None => query.filter(
                requests::from_member_id
                    .eq(m.clone())
                    .or(requests::to_member_id.eq(m)),
            ),
        };
        if let Some(cluster) = f.counterpart_cluster_id {
            let c = cluster.to_string();
            let m = member.to_string();
            query = query.filter(
                requests::from_member_id
                    .eq(m.clone())
                    .and(requests::to_cluster_id.eq(c.clone()))
                    .or(requests::to_member_id
                        .eq(m)
                        .and(requests::from_cluster_id.eq(c))),
            );
        }
    } else if let Some(cluster) = f.counterpart_cluster_id {
        let c = cluster.to_string();
        query = query.filter(
            requests::from_cluster_id
                .eq(c.clone())
                .or(requests::to_cluster_id.eq(c)),
        );
    }
    if let Some(status) = f.status {
        query = query.filter(requests::status.eq(status));
    }
    if let Some(event) = f.event_id {
        query = query.filter(requests::event_id.eq(event.to_string()));
    }
    if let Some(from) = f.created_from {
        query = query.filter(requests::created_at.ge(from));
    }
    if let Some(to) = f.created_to {
        query = query.filter(requests::created_at.le(to));
    }
    let desc = sort.descending;
    match sort.field {
        RequestSort::CreatedAt => {
            let after = after.map(|a| a.id.clone());
            keyset!(query, requests::id, desc, after);
        }
        RequestSort::UpdatedAt => {
            let after = match after {
                Some(a) => Some((
                    // Checked by `Sort::read_cursor` before the query.
                    parse_time_value(&a.value)
                        .ok_or_else(|| Error::Internal("unchecked cursor time".into()))?,
                    a.id.clone(),
                )),
                None => None,
            };
            keyset!(query, requests::updated_at, requests::id, desc, after);
        }
    }
    Ok(query.limit(limit).load(conn)?)
}

/// Counts per (from cluster, to cluster, status): of one event's requests, or of those
/// touching one cluster.
pub fn counts_by_cluster_pair(
    conn: &mut DbConn,
    event: Option<Uuid>,
    cluster: Option<Uuid>,
) -> StoreResult<Vec<(Uuid, Uuid, RequestStatus, i64)>> {
    let mut query = requests::table
        .group_by((
            requests::from_cluster_id,
            requests::to_cluster_id,
            requests::status,
        ))
        .select((
            requests::from_cluster_id,
            requests::to_cluster_id,
            requests::status,
            diesel::dsl::count_star(),
        ))
        .into_boxed();
    if let Some(event) = event {
        query = query.filter(requests::event_id.eq(event.to_string()));
    }
    if let Some(c) = cluster.map(|c| c.to_string()) {
        query = query.filter(
            requests::from_cluster_id
                .eq(c.clone())
                .or(requests::to_cluster_id.eq(c)),
        );
    }
    Ok(query.load(conn)?)
}

/// Meetings per (from cluster, to cluster, meeting status), like [`counts_by_cluster_pair`].
pub fn meetings_by_cluster_pair(
    conn: &mut DbConn,
    event: Option<Uuid>,
    cluster: Option<Uuid>,
) -> StoreResult<Vec<(Uuid, Uuid, MeetingStatus, i64)>> {
    let mut query = meetings::table
        .inner_join(requests::table)
        .group_by((
            requests::from_cluster_id,
            requests::to_cluster_id,
            meetings::status,
        ))
        .select((
            requests::from_cluster_id,
            requests::to_cluster_id,
            meetings::status,
            diesel::dsl::count_star(),
        ))
        .into_boxed();
    if let Some(event) = event {
        query = query.filter(requests::event_id.eq(event.to_string()));
    }
    if let Some(c) = cluster.map(|c| c.to_string()) {
        query = query.filter(
            requests::from_cluster_id
                .eq(c.clone())
                .or(requests::to_cluster_id.eq(c)),
        );
    }
    Ok(query.load(conn)?)
}
