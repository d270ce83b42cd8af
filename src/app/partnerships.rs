//! Partnership requests: from first contact to agreed follow-up meetings. Only the two
//! companies' editors, their clusters' managers and admins ever see a request; its
//! transitions are the rules of `domain::partnership`.

use crate::domain::sort::{After, Sort};
use crate::store::partnerships::RequestSort;
use uuid::Uuid;

use crate::domain::access::{Principal, require};
use crate::domain::partnership::{
    PairFigures, Parties, RequestAction, RequestKind, apply, pair_figures,
};
use crate::error::{AppError, AppResult};
use crate::store::partnerships::{
    self as store, HistoryRow, NewRequest, RequestFilter, RequestRow,
};
use crate::store::{Db, DbConn};

/// The request if the caller may see it; "not found" otherwise, so that nobody learns which
/// companies talk to each other. For use cases that check access inside their own checkout.
pub fn visible_request(
    conn: &mut DbConn,
    caller: &Principal,
    id: Uuid,
) -> AppResult<(RequestRow, Parties)> {
    let row = store::get(conn, id)?;
    let parties = row.parties();
    if parties.can_view(caller) {
        Ok((row, parties))
    } else {
        Err(AppError::NotFound(format!(
            "no partnership request with id {id}"
        )))
    }
}

/// A page of the requests the caller may see (whatever `filter.visible` says), after `after`.
pub async fn list(
    db: &Db,
    caller: &Principal,
    filter: RequestFilter,
    sort: Sort<RequestSort>,
    after: Option<After>,
    limit: i64,
) -> AppResult<Vec<RequestRow>> {
    let filter = visible_to(caller, filter);
    db.run(move |conn| Ok(store::list(conn, &filter, sort, after.as_ref(), limit)?))
        .await
}

/// `filter` narrowed to the requests `caller` may see: all for admins, else those of the
/// companies they edit and the clusters they manage.
fn visible_to(caller: &Principal, mut filter: RequestFilter) -> RequestFilter {
    filter.visible =
        (!caller.is_admin()).then(|| (caller.edited_members(), caller.managed_clusters()));
    filter
}

/// [`list`], with the names of the requests' companies and clusters by id (for exports).
pub async fn list_named(
    db: &Db,
    caller: &Principal,
    filter: RequestFilter,
    sort: Sort<RequestSort>,
    after: Option<After>,
    limit: i64,
) -> AppResult<(Vec<RequestRow>, std::collections::HashMap<Uuid, String>)> {
    let filter = visible_to(caller, filter);
    db.run(move |conn| {
        let rows = store::list(conn, &filter, sort, after.as_ref(), limit)?;
        let mut members: Vec<String> = rows
            .iter()
            .flat_map(|r| [r.from_member_id.to_string(), r.to_member_id.to_string()])
            .collect();
        members.sort();
        members.dedup();
        let mut names: std::collections::HashMap<Uuid, String> =
            crate::store::members::by_ids(conn, &members)?
                .into_iter()
                .map(|m| (m.id, m.legal_name))
                .collect();
        let mut clusters: Vec<Uuid> = rows
            .iter()
            .flat_map(|r| [r.from_cluster_id, r.to_cluster_id])
            .collect();
        clusters.sort();
        clusters.dedup();
        for id in clusters {
            names.insert(id, crate::store::clusters::get(conn, id)?.0.name);
        }
        Ok((rows, names))
    })
    .await
}

/// A request as its sender writes it (text trimmed, areas as stored).
pub struct RequestDraft {
    pub from_member_id: Uuid,
    pub to_member_id: Uuid,
    pub event_id: Option<Uuid>,
    pub subject: String,
    pub message: String,
    pub kind: RequestKind,
    /// JSON text of the normalised areas.
    pub areas: String,
}

/// Sends a request from a company the caller edits to another company: one open request
/// (pending or accepted) per ordered pair of companies and event.
pub async fn create(db: &Db, caller: Principal, draft: RequestDraft) -> AppResult<RequestRow> {
    if draft.from_member_id == draft.to_member_id {
        return Err(AppError::invalid(
            "to_member_id",
            "a company cannot send a request to itself",
        ));
    }
    db.write(move |conn| {
        // Requests of one sender are created one at a time (PostgreSQL), so that the
        // duplicate check below cannot be raced.
        crate::store::lock_for_update(
            conn,
            crate::store::Locked::Members,
            &draft.from_member_id.to_string(),
        )?;
        let from = crate::store::members::get(conn, draft.from_member_id).map_err(|e| {
            missing_as_invalid(e.into(), "from_member_id", "no such member company")
        })?;
        require(
            caller.can_edit_member(from.cluster_id, draft.from_member_id),
            "send requests for this company",
        )?;
        let to = crate::store::members::get(conn, draft.to_member_id)
            .map_err(|e| missing_as_invalid(e.into(), "to_member_id", "no such member company"))?;
        if let Some(event_id) = draft.event_id {
            crate::app::events::visible_event(conn, &caller, event_id)
                .map_err(|e| missing_as_invalid(e, "event_id", "no such event"))?;
            for (field, member) in [
                ("from_member_id", draft.from_member_id),
                ("to_member_id", draft.to_member_id),
            ] {
                if crate::store::registrations::active_of_member(conn, event_id, member)?.is_none()
                {
                    return Err(AppError::invalid(
                        field,
                        "this company did not take part in the event",
                    ));
                }
            }
        }
        if let Some(existing) = store::open_between(
            conn,
            draft.from_member_id,
            draft.to_member_id,
            draft.event_id,
        )? {
            return Err(AppError::Conflict {
                detail: "an open request between these companies for this event already exists"
                    .into(),
                allowed: None,
                existing_id: Some(existing),
            });
        }
        let row = store::insert(
            conn,
            NewRequest {
                parties: Parties {
                    from_member: draft.from_member_id,
                    from_cluster: from.cluster_id,
                    to_member: draft.to_member_id,
                    to_cluster: to.cluster_id,
                },
                event_id: draft.event_id,
                subject: &draft.subject,
                message: draft.message.trim(),
                kind: draft.kind,
                areas: &draft.areas,
                created_by: Some(caller.user_id),
            },
        )?;
        crate::app::mail::flows::partnership_request_received(conn, &row, Some(caller.user_id))?;
        Ok(row)
    })
    .await
}

pub async fn get(db: &Db, caller: Principal, id: Uuid) -> AppResult<RequestRow> {
    db.run(move |conn| Ok(visible_request(conn, &caller, id)?.0))
        .await
}

/// The trail of a request, oldest first.
pub async fn history(db: &Db, caller: Principal, id: Uuid) -> AppResult<Vec<HistoryRow>> {
    db.run(move |conn| {
        visible_request(conn, &caller, id)?;
        Ok(store::history_of(conn, id)?)
    })
    .await
}

/// Moves a request on by `action`, as `domain::partnership::apply` allows for the caller's
/// side; returns the request in its new status.
pub async fn act(
    db: &Db,
    caller: Principal,
    id: Uuid,
    action: RequestAction,
    comment: String,
) -> AppResult<RequestRow> {
    db.write(move |conn| {
        crate::store::lock_for_update(
            conn,
            crate::store::Locked::PartnershipRequests,
            &id.to_string(),
        )?;
        let (row, parties) = visible_request(conn, &caller, id)?;
        let sides = parties.sides(&caller);
        let status = row.status;
        let next = apply(status, action, &sides)?;
        if !store::transition(
            conn,
            &row,
            status,
            next,
            Some(caller.user_id),
            comment.trim(),
        )? {
            // Someone else moved it between our read and our write (only possible
            // without the row lock): answer from the state that won.
            let now = store::get(conn, id)?.status;
            apply(now, action, &sides)?;
            return Ok(store::get(conn, id)?);
        }
        let moved = store::get(conn, id)?;
        crate::app::mail::flows::partnership_request_status(
            conn,
            &moved,
            &sides,
            comment.trim(),
            Some(caller.user_id),
        )?;
        Ok(moved)
    })
    .await
}

/// Collects the figures of the pairs involving `cluster` (or of one event when given).
pub fn figures(
    conn: &mut DbConn,
    event: Option<Uuid>,
    cluster: Option<Uuid>,
) -> AppResult<Vec<PairFigures>> {
    let requests = store::counts_by_cluster_pair(conn, event, cluster)?;
    let meetings = store::meetings_by_cluster_pair(conn, event, cluster)?;
    Ok(pair_figures(&requests, &meetings))
}

/// The figures of the pairs of clusters involving `cluster_id` (its managers and admins).
pub async fn cluster_figures(
    db: &Db,
    caller: Principal,
    cluster_id: Uuid,
) -> AppResult<Vec<PairFigures>> {
    db.run(move |conn| {
        crate::store::clusters::get(conn, cluster_id)?;
        require(
            caller.manages_cluster(cluster_id),
            "see this cluster's partnership figures",
        )?;
        figures(conn, None, Some(cluster_id))
    })
    .await
}

/// A referenced object that does not exist (or that the caller may not see) is an invalid
/// field of the request; any other failure (the database) stays what it is.
fn missing_as_invalid(e: AppError, field: &str, what: &str) -> AppError {
    match e {
        AppError::NotFound(_) | AppError::Forbidden(_) => AppError::invalid(field, what),
        other => other,
    }
}
