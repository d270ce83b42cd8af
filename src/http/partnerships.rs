//! `/partnership-requests`: from first contact to agreed follow-up meetings. Only the two
//! companies' editors, their clusters' managers and admins ever see a request.

use crate::domain::sort::Sort;
use crate::store::partnerships::{RequestSort, sort_key};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::{OptionalJson, ValidJson, ValidQuery};
use super::files;
use super::negotiate::{Format, formats, negotiate};
use super::respond::{self, Page, PageRequest};
use super::{from_json_text, to_json_text, trimmed};
use crate::AppState;
use crate::app::partnerships;
use crate::domain::access::Principal;
use crate::domain::format;
use crate::domain::partnership::{
    PairFigures, RequestAction, RequestKind, RequestStatus, allowed_actions,
};
use crate::domain::text::normalize_tags;
use crate::error::{AppError, AppResult};
use crate::export::dialect::Dialect;
use crate::store::partnerships::{HistoryRow, RequestFilter, RequestRow};

#[derive(Debug, Serialize, ToSchema)]
pub struct PartnershipRequest {
    pub id: Uuid,
    pub from_member_id: Uuid,
    pub to_member_id: Uuid,
    pub from_cluster_id: Uuid,
    pub to_cluster_id: Uuid,
    /// The Cluster2Cluster day where both companies met, if any.
    pub event_id: Option<Uuid>,
    pub subject: String,
    pub message: String,
    pub kind: RequestKind,
    /// Areas of collaboration.
    pub areas: Vec<String>,
    pub status: RequestStatus,
    /// What the caller may do next (`accept`, `decline`, `withdraw`, `conclude`, `close`).
    pub allowed_actions: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) fn to_request(row: RequestRow, caller: &Principal) -> AppResult<PartnershipRequest> {
    let parties = row.parties();
    let status = row.status;
    Ok(PartnershipRequest {
        id: row.id,
        from_member_id: parties.from_member,
        to_member_id: parties.to_member,
        from_cluster_id: parties.from_cluster,
        to_cluster_id: parties.to_cluster,
        event_id: row.event_id,
        kind: row.kind,
        areas: from_json_text(&row.areas)?,
        status,
        allowed_actions: allowed_actions(status, &parties.sides(caller))
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect(),
        subject: row.subject,
        message: row.message,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "from_member_id": "0193a5c8-7d1e-7c3a-9b1e-000000000002",
    "to_member_id": "0193a5c8-7d1e-7c3a-9b1e-000000000005",
    "event_id": "0193a5c8-7d1e-7c3a-9b1e-000000000009",
    "subject": "EMC test campaign for your avionics retrofit",
    "message": "We met at the Cluster2Cluster day in Nidwalden …",
    "kind": "supply",
    "areas": ["EMC", "avionics"]
}))]
pub struct PartnershipRequestInput {
    /// The sending company (the caller edits it).
    pub from_member_id: Uuid,
    pub to_member_id: Uuid,
    /// A Cluster2Cluster day both companies are registered for.
    #[serde(default)]
    pub event_id: Option<Uuid>,
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200)]
    pub subject: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub message: String,
    pub kind: RequestKind,
    #[serde(default)]
    #[validate(length(max = 20), custom(function = "format::validate_tags"))]
    #[schema(max_items = 20)]
    pub areas: Vec<String>,
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// Why, for the history.
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub comment: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    /// `null` for the creation.
    pub from_status: Option<RequestStatus>,
    pub to_status: RequestStatus,
    pub actor_user_id: Option<Uuid>,
    pub comment: String,
    pub at: DateTime<Utc>,
}

fn to_history(row: HistoryRow) -> AppResult<HistoryEntry> {
    Ok(HistoryEntry {
        from_status: row.from_status,
        to_status: row.to_status,
        actor_user_id: row.actor_user_id,
        comment: row.comment,
        at: row.at.and_utc(),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Incoming,
    Outgoing,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RequestListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Requests of this company (sent or received; see `direction`).
    pub member_id: Option<Uuid>,
    /// With `member_id`: only `incoming` or only `outgoing` requests.
    pub direction: Option<Direction>,
    pub status: Option<RequestStatus>,
    pub event_id: Option<Uuid>,
    /// Requests whose other side belongs to this cluster.
    pub counterpart_cluster_id: Option<Uuid>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created at or before.
    pub to: Option<DateTime<Utc>>,
    /// `created_at` (default: creation order), `updated_at` (last change: what moved since
    /// you looked), `-` in front for newest first. A cursor holds only for the order it was
    /// issued for.
    #[param(schema_with = request_sort_schema)]
    pub sort: Option<String>,
    /// `json` or `csv` (the page as a spreadsheet, with company and cluster names); overrides
    /// the Accept header. Clients that want the file can call `/partnership-requests.csv`.
    pub format: Option<PartnershipRequestsFormat>,
    /// CSV only: `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;` and
    /// decimal commas, for Excel in Italian, Swiss, German or French settings).
    pub dialect: Option<Dialect>,
}

formats!(
    /// What `GET /partnership-requests` serves.
    PartnershipRequestsFormat { Json, Csv }
);

/// The query of `/partnership-requests.csv`: that of the list, without `format`.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RequestCsvQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page (from the `Link: rel="next"` header).
    pub cursor: Option<String>,
    /// Requests of this company (sent or received; see `direction`).
    pub member_id: Option<Uuid>,
    /// With `member_id`: only `incoming` or only `outgoing` requests.
    pub direction: Option<Direction>,
    pub status: Option<RequestStatus>,
    pub event_id: Option<Uuid>,
    /// Requests whose other side belongs to this cluster.
    pub counterpart_cluster_id: Option<Uuid>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created at or before.
    pub to: Option<DateTime<Utc>>,
    /// `created_at` (default: creation order), `updated_at` (last change: what moved since
    /// you looked), `-` in front for newest first. A cursor holds only for the order it was
    /// issued for.
    #[param(schema_with = request_sort_schema)]
    pub sort: Option<String>,
    /// `rfc4180` (default: `,` and decimal points) or `excel` (UTF-8 BOM, `;` and decimal
    /// commas, for Excel in Italian, Swiss, German or French settings).
    pub dialect: Option<Dialect>,
}

fn request_sort_schema() -> utoipa::openapi::Object {
    respond::sort_schema::<RequestSort>()
}

impl From<RequestCsvQuery> for RequestListQuery {
    fn from(q: RequestCsvQuery) -> RequestListQuery {
        RequestListQuery {
            limit: q.limit,
            cursor: q.cursor,
            member_id: q.member_id,
            direction: q.direction,
            status: q.status,
            event_id: q.event_id,
            counterpart_cluster_id: q.counterpart_cluster_id,
            from: q.from,
            to: q.to,
            sort: q.sort,
            format: Some(PartnershipRequestsFormat::Csv),
            dialect: q.dialect,
        }
    }
}

/// Requests the caller may see, newest last, with filters.
#[utoipa::path(
    tag = "partnerships",
    params(RequestListQuery),
    responses((status = 200, description = "A page of requests (JSON, or CSV with company and cluster names)", headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page")), content(
        (Page<PartnershipRequest> = "application/json"),
        (String = "text/csv", example = "id,created_at,updated_at,status,kind,subject,…\r\n"),
    )))
)]
#[get("/partnership-requests")]
pub async fn list_partnership_requests(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<RequestListQuery>,
) -> AppResult<HttpResponse> {
    list_requests(&state, &req, caller, query.0).await
}

/// A page of requests as CSV, with the companies' and clusters' names: the page
/// `GET /partnership-requests` lists with the same filters (and `Link: rel="next"`).
#[utoipa::path(
    tag = "partnerships",
    params(RequestCsvQuery),
    responses((status = 200, description = "A page of requests", headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page")), content(
        (String = "text/csv", example = "id,created_at,updated_at,status,kind,subject,…\r\n"),
    )))
)]
#[get("/partnership-requests.csv")]
pub async fn list_partnership_requests_csv(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<RequestCsvQuery>,
) -> AppResult<HttpResponse> {
    list_requests(&state, &req, caller, query.0.into()).await
}

async fn list_requests(
    state: &AppState,
    req: &HttpRequest,
    caller: Principal,
    q: RequestListQuery,
) -> AppResult<HttpResponse> {
    if q.direction.is_some() && q.member_id.is_none() {
        return Err(AppError::bad_field("direction", "needs member_id"));
    }
    let format = negotiate(req, q.format, PartnershipRequestsFormat::OFFERED)?;
    let sort = Sort::<RequestSort>::parse(q.sort.as_deref())
        .map_err(|m| AppError::bad_field("sort", m))?;
    let (page, after) =
        PageRequest::sorted(q.limit, q.cursor.as_deref(), |key| sort.read_cursor(key))?;
    let filter = RequestFilter {
        visible: None,
        member_id: q.member_id,
        outgoing: q.direction.map(|d| d == Direction::Outgoing),
        status: q.status,
        event_id: q.event_id,
        counterpart_cluster_id: q.counterpart_cluster_id,
        created_from: q.from.map(|d| d.naive_utc()),
        created_to: q.to.map(|d| d.naive_utc()),
    };
    if format == Format::Csv {
        let (rows, names) =
            partnerships::list_named(&state.db, &caller, filter, sort, after, page.fetch_limit())
                .await?;
        let (rows, next) = page.cut(rows, |r| sort_key(&sort, r));
        let body =
            crate::export::partnerships::document(&rows, &names, q.dialect.unwrap_or_default());
        let mut resp = files::bytes(req, Format::Csv, "partnership-requests", body);
        if let Some(next) = next {
            resp.headers_mut()
                .insert(header::LINK, respond::next_link(req, &next)?);
        }
        return Ok(resp);
    }
    let rows =
        partnerships::list(&state.db, &caller, filter, sort, after, page.fetch_limit()).await?;
    let page = Page::from_rows(
        rows,
        &page,
        |r| sort_key(&sort, r),
        |r| to_request(r, &caller),
    )?;
    respond::page(req, &page)
}

/// Send a request from a company the caller edits to another company. One open request
/// (pending or accepted) per ordered pair of companies and event.
#[utoipa::path(
    tag = "partnerships",
    request_body = PartnershipRequestInput,
    responses(
        (status = 201, description = "Sent", body = PartnershipRequest, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "The caller does not edit the sending company"),
        (status = 409, description = "An open request already exists (`existing_id`)"),
    )
)]
#[post("/partnership-requests")]
pub async fn create_partnership_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<PartnershipRequestInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let draft = partnerships::RequestDraft {
        from_member_id: input.from_member_id,
        to_member_id: input.to_member_id,
        event_id: input.event_id,
        subject: trimmed(input.subject),
        message: input.message,
        kind: input.kind,
        areas: to_json_text(&normalize_tags(&input.areas))?,
    };
    let row = partnerships::create(&state.db, caller.clone(), draft).await?;
    let request = to_request(row, &caller)?;
    respond::created(
        &req,
        format!("/api/v1/partnership-requests/{}", request.id),
        &request,
    )
}

/// Get one request.
#[utoipa::path(
    tag = "partnerships",
    params(("id" = Uuid, Path, description = "Request id")),
    responses((status = 200, description = "The request", body = PartnershipRequest, headers(("ETag" = String))))
)]
#[get("/partnership-requests/{id}")]
pub async fn get_partnership_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let row = partnerships::get(&state.db, caller.clone(), id.into_inner()).await?;
    let request = to_request(row, &caller)?;
    respond::ok(&req, &request)
}

/// The trail of a request: every transition with who, when and why.
#[utoipa::path(
    tag = "partnerships",
    params(("id" = Uuid, Path, description = "Request id")),
    responses((status = 200, description = "Oldest first", body = Vec<HistoryEntry>, headers(("ETag" = String))))
)]
#[get("/partnership-requests/{id}/history")]
pub async fn get_partnership_request_history(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let entries = partnerships::history(&state.db, caller, id.into_inner())
        .await?
        .into_iter()
        .map(to_history)
        .collect::<AppResult<Vec<_>>>()?;
    respond::ok(&req, &entries)
}

async fn act(
    state: &AppState,
    caller: Principal,
    id: Uuid,
    action: RequestAction,
    comment: String,
) -> AppResult<PartnershipRequest> {
    let row = partnerships::act(&state.db, caller.clone(), id, action, comment).await?;
    to_request(row, &caller)
}

macro_rules! request_action {
    ($fn_name:ident, $path:literal, $action:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(
            tag = "partnerships",
            params(("id" = Uuid, Path, description = "Request id")),
            request_body(content = Option<ActionInput>, content_type = "application/json", description = "An optional comment; the body may be left out"),
            responses(
                (status = 200, description = "The request in its new status", body = PartnershipRequest, headers(("ETag" = String))),
                (status = 403, description = "The caller's side may not take this action"),
                (status = 409, description = "Not allowed from the current status; `allowed` lists what is"),
            )
        )]
        #[post($path)]
        pub async fn $fn_name(
            state: web::Data<AppState>,
            req: HttpRequest,
            caller: Principal,
            id: web::Path<Uuid>,
            body: OptionalJson<ActionInput>,
        ) -> AppResult<HttpResponse> {
            let request = act(&state, caller, id.into_inner(), $action, body.0.comment).await?;
            respond::ok(&req, &request)
        }
    };
}

request_action!(
    accept_partnership_request,
    "/partnership-requests/{id}/accept",
    RequestAction::Accept,
    "Accept a pending request (the recipient's editors or cluster managers)."
);
request_action!(
    decline_partnership_request,
    "/partnership-requests/{id}/decline",
    RequestAction::Decline,
    "Decline a pending request (the recipient's side)."
);
request_action!(
    withdraw_partnership_request,
    "/partnership-requests/{id}/withdraw",
    RequestAction::Withdraw,
    "Withdraw a pending request (the sender's side)."
);
request_action!(
    conclude_partnership_request,
    "/partnership-requests/{id}/conclude",
    RequestAction::Conclude,
    "Mark an accepted request as concluded: the partnership happened (either side)."
);
request_action!(
    close_partnership_request,
    "/partnership-requests/{id}/close",
    RequestAction::Close,
    "Close an accepted request without a partnership (either side)."
);

#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterPartnershipStats {
    pub cluster_id: Uuid,
    /// Per ordered pair of clusters that involves this cluster: requests sent from one to the
    /// other, how many were accepted, the acceptance rate, meetings agreed and held.
    pub pairs: Vec<PairFigures>,
    pub sent: i64,
    pub received: i64,
    pub meetings_held: i64,
}

/// What a cluster reports after Cluster2Cluster days: requests sent and received per partner
/// cluster, acceptance rates, meetings held (its managers and admins).
#[utoipa::path(
    tag = "partnerships",
    params(("id" = Uuid, Path, description = "Cluster id")),
    responses(
        (status = 200, description = "The figures", body = ClusterPartnershipStats, headers(("ETag" = String))),
        (status = 403, description = "Not a manager of this cluster"),
    )
)]
#[get("/clusters/{id}/partnership-stats")]
pub async fn get_cluster_partnership_stats(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let cluster_id = id.into_inner();
    let pairs = partnerships::cluster_figures(&state.db, caller, cluster_id).await?;
    let stats = ClusterPartnershipStats {
        cluster_id,
        sent: pairs
            .iter()
            .filter(|p| p.from_cluster_id == cluster_id)
            .map(|p| p.requests)
            .sum(),
        received: pairs
            .iter()
            .filter(|p| p.to_cluster_id == cluster_id)
            .map(|p| p.requests)
            .sum(),
        meetings_held: pairs.iter().map(|p| p.meetings_held).sum(),
        pairs,
    };
    respond::ok(&req, &stats)
}
