//! `/events`: Cluster2Cluster days — the host cluster, its guests, venue, capacity, status.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use uuid::Uuid;
use validator::Validate;

use super::extract::{IfMatch, ValidJson, ValidQuery};
use super::respond::{self, Page, PageRequest};
use crate::AppState;
use crate::app::edit;
use crate::app::events;
use crate::domain::access::Principal;
use crate::domain::event::EventAction;
use crate::domain::sort::Sort;
use crate::error::AppResult;
use crate::http::members::LangQuery;
use crate::store::events::{EventFilter, EventRecord, EventSort, sort_key};

mod wire;
pub use wire::*;

/// List events: published, closed and cancelled ones for everybody, drafts for their
/// organisers.
#[utoipa::path(
    tag = "events",
    params(EventListQuery),
    responses((status = 200, description = "A page of events", body = Page<Event>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))))
)]
#[get("/events")]
pub async fn list_events(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<EventListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let sort = Sort::<EventSort>::parse(q.sort.as_deref())
        .map_err(|m| crate::error::AppError::bad_field("sort", m))?;
    let (page, after) =
        PageRequest::sorted(q.limit, q.cursor.as_deref(), |key| sort.read_cursor(key))?;
    let filter = EventFilter {
        cluster_id: q.cluster_id,
        status: q.status,
        from: q.from.map(|d| d.naive_utc()),
        to: q.to.map(|d| d.naive_utc()),
        drafts_of: (!caller.is_admin()).then(|| caller.managed_clusters()),
    };
    let lang = q.lang;
    let rows = events::list(&state.db, filter, sort, after, page.fetch_limit()).await?;
    let page = Page::from_rows(
        rows,
        &page,
        |r| sort_key(&sort, r),
        |r| Ok(Event::from_record(r)?.in_language(lang)),
    )?;
    Ok(respond::content_language(respond::page(&req, &page)?, lang))
}

/// Create an event as a draft (managers of the host cluster).
#[utoipa::path(
    tag = "events",
    request_body = EventInput,
    responses(
        (status = 201, description = "Created as a draft", body = Event, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not a manager of the host cluster"),
    )
)]
#[post("/events")]
pub async fn create_event(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<EventInput>,
) -> AppResult<HttpResponse> {
    let record = events::create(&state.db, &caller, body.0.to_change()?).await?;
    let event = Event::from_record(record)?;
    respond::created(&req, format!("/api/v1/events/{}", event.id), &event)
}

/// Get one event (with `lang`: its text in that language where translated).
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), LangQuery),
    responses(
        (status = 200, description = "The event", body = Event, headers(("ETag" = String))),
        (status = 304, description = "Not modified (If-None-Match)"),
    )
)]
#[get("/events/{id}")]
pub async fn get_event(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    query: ValidQuery<LangQuery>,
) -> AppResult<HttpResponse> {
    let lang = query.0.lang;
    let record = events::get(&state.db, caller, id.into_inner()).await?;
    let event = Event::from_record(record)?.in_language(lang);
    Ok(respond::content_language(respond::ok(&req, &event)?, lang))
}

/// The edit pipeline (`app::edit`) with `If-Match` checked against the event as clients see
/// it and `change` applied to that view; the result is validated as a whole.
async fn update(
    state: &AppState,
    caller: Principal,
    id: Uuid,
    if_match: IfMatch,
    change: impl FnOnce(EventInput) -> EventInput + Send + 'static,
) -> AppResult<Event> {
    let record = edit::update::<events::Event, _, _>(
        &state.db,
        caller,
        id,
        move |row: &EventRecord| if_match.check(&etag_of(row)?),
        move |row: &EventRecord| {
            let input = change(EventInput::from_event(Event::from_record(row.clone())?));
            input.validate()?;
            input.to_change()
        },
    )
    .await?;
    Event::from_record(record)
}

/// The ETag of the event as clients see it (for `If-Match`).
fn etag_of(row: &EventRecord) -> AppResult<String> {
    respond::etag_of(&Event::from_record(row.clone())?)
}

/// Replace an event's details (managers of the host cluster; not once closed or cancelled).
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the event changed since")),
    request_body = EventInput,
    responses(
        (status = 200, description = "Updated", body = Event, headers(("ETag" = String))),
        (status = 403, description = "Not a manager of the host cluster"),
        (status = 409, description = "The event is closed or cancelled, or the capacity is below the seats taken"),
    )
)]
#[put("/events/{id}")]
pub async fn replace_event(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<EventInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let event = update(&state, caller, id.into_inner(), if_match, move |_| input).await?;
    respond::ok(&req, &event)
}

/// Change some of an event's details.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the event changed since")),
    request_body(content = EventPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated", body = Event, headers(("ETag" = String))),
        (status = 403, description = "Not a manager of the host cluster"),
        (status = 409, description = "The event is closed or cancelled, or the capacity is below the seats taken"),
    )
)]
#[patch("/events/{id}")]
pub async fn update_event(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<EventPatch>,
) -> AppResult<HttpResponse> {
    let patch = body.0;
    let event = update(&state, caller, id.into_inner(), if_match, move |base| {
        patch.apply(base)
    })
    .await?;
    respond::ok(&req, &event)
}

/// Delete a draft event (published ones are cancelled instead, so that nobody's
/// registration silently disappears).
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the event changed since")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a manager of the host cluster"),
        (status = 409, description = "Only drafts can be deleted"),
    )
)]
#[delete("/events/{id}")]
pub async fn delete_event(
    state: web::Data<AppState>,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    edit::delete::<events::Event, _>(
        &state.db,
        caller,
        id.into_inner(),
        move |row: &EventRecord| if_match.check(&etag_of(row)?),
    )
    .await?;
    Ok(respond::no_content())
}

async fn transition(
    state: &AppState,
    caller: Principal,
    id: Uuid,
    if_match: IfMatch,
    action: EventAction,
) -> AppResult<Event> {
    let record = events::transition(&state.db, caller, id, action, move |row: &EventRecord| {
        if_match.check(&etag_of(row)?)
    })
    .await?;
    Event::from_record(record)
}

macro_rules! status_action {
    ($fn_name:ident, $path:literal, $action:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(
            tag = "events",
            params(("id" = Uuid, Path, description = "Event id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the event changed since")),
            responses(
                (status = 200, description = "The event in its new status", body = Event, headers(("ETag" = String))),
                (status = 403, description = "Not a manager of the host cluster"),
                (status = 409, description = "Not allowed from the current status; `allowed` lists what is"),
            )
        )]
        #[post($path)]
        pub async fn $fn_name(
            state: web::Data<AppState>,
            req: HttpRequest,
            caller: Principal,
            id: web::Path<Uuid>,
            if_match: IfMatch,
        ) -> AppResult<HttpResponse> {
            let event = transition(&state, caller, id.into_inner(), if_match, $action).await?;
            respond::ok(&req, &event)
        }
    };
}

status_action!(
    publish_event,
    "/events/{id}/publish",
    EventAction::Publish,
    "Publish a draft: everyone signed in sees it and companies can register."
);
status_action!(
    close_event,
    "/events/{id}/close",
    EventAction::Close,
    "Close a published event: registration ends, the catalogue stays."
);
status_action!(
    cancel_event,
    "/events/{id}/cancel",
    EventAction::Cancel,
    "Cancel a draft or published event."
);
