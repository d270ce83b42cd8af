//! The notes: `/trade-notes` and `/trade-notes/{id}`.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::super::extract::{IfMatch, ValidJson, ValidQuery};
use super::super::respond::{self, Page, PageRequest};
use super::wire::{Figure, FigureInput, Source};
use crate::AppState;
use crate::app::{edit, trade_notes};
use crate::domain::access::Principal;
use crate::domain::trade::NoteStatus;
use crate::error::AppResult;
use crate::store::trade_notes::NoteRecord;

pub use crate::app::trade_notes::TradeNoteInput;

#[derive(Debug, Serialize, ToSchema)]
pub struct TradeNote {
    pub id: Uuid,
    pub title: String,
    /// Markdown.
    pub narrative: String,
    pub source: Source,
    /// ISO 639-1 language of the title and narrative.
    pub language: String,
    /// The clusters the note speaks for: their managers write it.
    pub cluster_ids: Vec<Uuid>,
    /// Cluster2Cluster days the note supports.
    pub event_ids: Vec<Uuid>,
    pub status: NoteStatus,
    /// Who wrote it; `null` for data the service made itself (the demo).
    pub author_id: Option<Uuid>,
    pub figures: Vec<Figure>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TradeNote {
    pub fn from_record(rec: NoteRecord) -> AppResult<TradeNote> {
        let status = rec.row.status;
        let r = rec.row;
        Ok(TradeNote {
            id: r.id,
            author_id: r.author_user_id,
            title: r.title,
            narrative: r.narrative,
            source: Source {
                publisher: r.source_publisher,
                url: r.source_url,
                date: r.source_date,
            },
            language: r.language,
            cluster_ids: rec.clusters,
            event_ids: rec.events,
            status,
            figures: rec
                .figures
                .into_iter()
                .map(Figure::from_row)
                .collect::<AppResult<_>>()?,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        })
    }
}

impl TradeNoteInput {
    fn from_note(n: TradeNote) -> TradeNoteInput {
        TradeNoteInput {
            title: n.title,
            narrative: n.narrative,
            source: n.source,
            language: n.language,
            cluster_ids: n.cluster_ids,
            event_ids: n.event_ids,
            status: n.status,
            figures: n
                .figures
                .into_iter()
                .map(FigureInput::from_figure)
                .collect(),
        }
    }
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TradeNotePatch {
    #[serde(default, deserialize_with = "super::super::present")]
    #[schema(nullable = false)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "super::super::present")]
    #[schema(nullable = false)]
    pub narrative: Option<String>,
    #[serde(default, deserialize_with = "super::super::present")]
    #[schema(nullable = false)]
    pub source: Option<Source>,
    #[serde(default, deserialize_with = "super::super::present")]
    #[schema(nullable = false)]
    pub language: Option<String>,
    #[serde(default, deserialize_with = "super::super::present")]
    #[schema(nullable = false)]
    pub cluster_ids: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "super::super::present")]
    #[schema(nullable = false)]
    pub event_ids: Option<Vec<Uuid>>,
    /// `published` to publish a draft, `draft` to take it back.
    #[serde(default, deserialize_with = "super::super::present")]
    #[schema(nullable = false)]
    pub status: Option<NoteStatus>,
    /// The whole new list of figures.
    #[serde(default, deserialize_with = "super::super::present")]
    #[schema(nullable = false)]
    pub figures: Option<Vec<FigureInput>>,
}

impl TradeNotePatch {
    fn apply(self, mut base: TradeNoteInput) -> TradeNoteInput {
        super::super::apply_patch!(self, base;
            title,
            narrative,
            source,
            language,
            cluster_ids,
            event_ids,
            status,
            figures
        );
        base
    }
}

super::with_trade_filters!(
    /// The note list's query: a page, and the filters (a figure filter selects the notes with
    /// at least one matching figure).
    pub struct TradeNoteListQuery {
        /// Page size, 1 to 500 (default 50).
        #[param(minimum = 1, maximum = 500)]
        pub limit: Option<u32>,
        /// `next_cursor` of the previous page.
        pub cursor: Option<String>,
    }
);

/// List the notes the caller may see (published ones, and drafts of the clusters they
/// manage), oldest first. Figure filters select notes with at least one matching figure;
/// the notes come with all their figures.
#[utoipa::path(
    tag = "trade-notes",
    params(TradeNoteListQuery),
    responses((status = 200, description = "A page of notes", body = Page<TradeNote>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page"))))
)]
#[get("/trade-notes")]
pub async fn list_trade_notes(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<TradeNoteListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let filter = q
        .filters()
        .into_filter(&caller)
        .map_err(crate::http::extract::query_rules)?;
    let rows = trade_notes::list(
        &state.db,
        filter,
        page.after().map(str::to_owned),
        page.fetch_limit(),
    )
    .await?;
    let page = Page::from_rows(
        rows,
        &page,
        |r| r.row.id.to_string(),
        TradeNote::from_record,
    )?;
    respond::page(&req, &page)
}

/// Record a note with its figures (managers of every linked cluster, admins). Note, links
/// and figures are written in one transaction.
#[utoipa::path(
    tag = "trade-notes",
    request_body = TradeNoteInput,
    responses(
        (status = 201, description = "Created, with the computed figures", body = TradeNote, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not a manager of every linked cluster"),
    )
)]
#[post("/trade-notes")]
pub async fn create_trade_note(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<TradeNoteInput>,
) -> AppResult<HttpResponse> {
    let record = trade_notes::create(&state.db, caller, body.0.to_change()).await?;
    let note = TradeNote::from_record(record)?;
    respond::created(&req, format!("/api/v1/trade-notes/{}", note.id), &note)
}

/// Get one note with its figures and what the service computed on them.
#[utoipa::path(
    tag = "trade-notes",
    params(("id" = Uuid, Path, description = "Note id")),
    responses((status = 200, description = "The note", body = TradeNote, headers(("ETag" = String))))
)]
#[get("/trade-notes/{id}")]
pub async fn get_trade_note(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let record = trade_notes::get(&state.db, caller, id).await?;
    respond::ok(&req, &TradeNote::from_record(record)?)
}

/// The edit pipeline (`app::edit`) with `If-Match` checked against the note as clients see
/// it and `change` applied to that view; the result is validated as a whole.
async fn update(
    state: &AppState,
    caller: Principal,
    id: Uuid,
    if_match: IfMatch,
    change: impl FnOnce(TradeNoteInput) -> TradeNoteInput + Send + 'static,
) -> AppResult<TradeNote> {
    let record = trade_notes::update(
        &state.db,
        caller,
        id,
        move |rec: &NoteRecord| {
            if_match.check(&respond::etag_of(&TradeNote::from_record(rec.clone())?)?)
        },
        move |rec: &NoteRecord| {
            let input = change(TradeNoteInput::from_note(TradeNote::from_record(
                rec.clone(),
            )?));
            input.validate()?;
            Ok(input.to_change())
        },
    )
    .await?;
    TradeNote::from_record(record)
}

/// Replace a note, figures included.
#[utoipa::path(
    tag = "trade-notes",
    params(("id" = Uuid, Path, description = "Note id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the note changed since")),
    request_body = TradeNoteInput,
    responses(
        (status = 200, description = "Updated", body = TradeNote, headers(("ETag" = String))),
        (status = 403, description = "Not a manager of every linked cluster (before and after)"),
    )
)]
#[put("/trade-notes/{id}")]
pub async fn replace_trade_note(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<TradeNoteInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let note = update(&state, caller, id.into_inner(), if_match, move |_| input).await?;
    respond::ok(&req, &note)
}

/// Change some of a note's fields; `{"status": "published"}` publishes it. `figures`, when
/// given, replaces the whole list.
#[utoipa::path(
    tag = "trade-notes",
    params(("id" = Uuid, Path, description = "Note id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the note changed since")),
    request_body(content = TradeNotePatch, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated", body = TradeNote, headers(("ETag" = String))),
        (status = 403, description = "Not a manager of every linked cluster (before and after)"),
    )
)]
#[patch("/trade-notes/{id}")]
pub async fn update_trade_note(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<TradeNotePatch>,
) -> AppResult<HttpResponse> {
    let patch = body.0;
    let note = update(&state, caller, id.into_inner(), if_match, move |base| {
        patch.apply(base)
    })
    .await?;
    respond::ok(&req, &note)
}

/// Delete a note and its figures.
#[utoipa::path(
    tag = "trade-notes",
    params(("id" = Uuid, Path, description = "Note id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the note changed since")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a manager of every linked cluster"),
    )
)]
#[delete("/trade-notes/{id}")]
pub async fn delete_trade_note(
    state: web::Data<AppState>,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    edit::delete::<trade_notes::TradeNote, _>(
        &state.db,
        caller,
        id.into_inner(),
        move |rec: &NoteRecord| {
            if_match.check(&respond::etag_of(&TradeNote::from_record(rec.clone())?)?)
        },
    )
    .await?;
    Ok(respond::no_content())
}
