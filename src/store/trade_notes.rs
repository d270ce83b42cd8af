//! Trade-statistics notes, their links to clusters and events, and their figures.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::{trade_figures, trade_note_clusters, trade_note_events, trade_notes};
use super::{DbConn, new_id, new_uuid, now};
use crate::domain::trade::{Flow, Month, NoteParties, NoteStatus, Scale};
use crate::store::{Error, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = trade_notes)]
pub struct NoteRow {
    pub id: Uuid,
    pub title: String,
    pub narrative: String,
    pub source_publisher: String,
    pub source_url: Option<String>,
    pub source_date: Option<NaiveDate>,
    pub language: String,
    pub status: NoteStatus,
    pub author_user_id: Option<Uuid>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The fields of a note that a write sets (links and figures are stored beside it).
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = trade_notes, treat_none_as_null = true)]
pub struct NoteData {
    pub title: String,
    pub narrative: String,
    pub source_publisher: String,
    pub source_url: Option<String>,
    pub source_date: Option<NaiveDate>,
    pub language: String,
    pub status: NoteStatus,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = trade_figures)]
pub struct FigureRow {
    pub id: Uuid,
    pub note_id: Uuid,
    pub position: i32,
    pub reporter_area: String,
    pub reporter_area_name: Option<String>,
    pub partner_area: String,
    pub partner_area_name: Option<String>,
    pub product: String,
    pub product_key: String,
    pub hs_code: Option<String>,
    pub flow: Flow,
    pub period_start: String,
    pub period_end: String,
    pub comparison_period_start: Option<String>,
    pub comparison_period_end: Option<String>,
    pub value: String,
    pub comparison_value: Option<String>,
    pub currency: String,
    pub scale: Scale,
    pub comparison_scale: Scale,
    pub stated_change_pct: Option<String>,
    pub total_value: Option<String>,
}

/// One figure as written (its id, note and position are given by the store).
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = trade_figures)]
pub struct FigureData {
    pub reporter_area: String,
    pub reporter_area_name: Option<String>,
    pub partner_area: String,
    pub partner_area_name: Option<String>,
    pub product: String,
    pub product_key: String,
    pub hs_code: Option<String>,
    pub flow: Flow,
    pub period_start: String,
    pub period_end: String,
    pub comparison_period_start: Option<String>,
    pub comparison_period_end: Option<String>,
    pub value: String,
    pub comparison_value: Option<String>,
    pub currency: String,
    pub scale: Scale,
    pub comparison_scale: Scale,
    pub stated_change_pct: Option<String>,
    pub total_value: Option<String>,
}

impl FigureRow {
    pub fn data(&self) -> FigureData {
        FigureData {
            reporter_area: self.reporter_area.clone(),
            reporter_area_name: self.reporter_area_name.clone(),
            partner_area: self.partner_area.clone(),
            partner_area_name: self.partner_area_name.clone(),
            product: self.product.clone(),
            product_key: self.product_key.clone(),
            hs_code: self.hs_code.clone(),
            flow: self.flow,
            period_start: self.period_start.clone(),
            period_end: self.period_end.clone(),
            comparison_period_start: self.comparison_period_start.clone(),
            comparison_period_end: self.comparison_period_end.clone(),
            value: self.value.clone(),
            comparison_value: self.comparison_value.clone(),
            currency: self.currency.clone(),
            scale: self.scale,
            comparison_scale: self.comparison_scale,
            stated_change_pct: self.stated_change_pct.clone(),
            total_value: self.total_value.clone(),
        }
    }
}

/// A note with what is stored beside it.
#[derive(Debug, Clone)]
pub struct NoteRecord {
    pub row: NoteRow,
    /// Linked clusters and events, in the order they were given.
    pub clusters: Vec<Uuid>,
    pub events: Vec<Uuid>,
    /// In the order they were given.
    pub figures: Vec<FigureRow>,
}

impl NoteRow {
    pub fn data(&self) -> NoteData {
        NoteData {
            title: self.title.clone(),
            narrative: self.narrative.clone(),
            source_publisher: self.source_publisher.clone(),
            source_url: self.source_url.clone(),
            source_date: self.source_date,
            language: self.language.clone(),
            status: self.status,
        }
    }
}

impl NoteRecord {
    pub fn parties(&self) -> StoreResult<NoteParties> {
        Ok(NoteParties {
            clusters: self.clusters.clone(),
            status: self.row.status,
        })
    }

    fn figure_data(&self) -> Vec<FigureData> {
        self.figures.iter().map(FigureRow::data).collect()
    }
}

fn uuids(ids: &[Uuid]) -> Vec<String> {
    ids.iter().map(Uuid::to_string).collect()
}

fn records(conn: &mut DbConn, rows: Vec<NoteRow>) -> StoreResult<Vec<NoteRecord>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let clusters: Vec<(Uuid, Uuid)> = trade_note_clusters::table
        .filter(trade_note_clusters::note_id.eq_any(&ids))
        .order((
            trade_note_clusters::note_id.asc(),
            trade_note_clusters::position.asc(),
        ))
        .select((
            trade_note_clusters::note_id,
            trade_note_clusters::cluster_id,
        ))
        .load(conn)?;
    let events: Vec<(Uuid, Uuid)> = trade_note_events::table
        .filter(trade_note_events::note_id.eq_any(&ids))
        .order((
            trade_note_events::note_id.asc(),
            trade_note_events::position.asc(),
        ))
        .select((trade_note_events::note_id, trade_note_events::event_id))
        .load(conn)?;
    let mut figures: Vec<FigureRow> = trade_figures::table
        .filter(trade_figures::note_id.eq_any(&ids))
        .order((trade_figures::note_id.asc(), trade_figures::position.asc()))
        .select(FigureRow::as_select())
        .load(conn)?;
    let linked = |links: &[(Uuid, Uuid)], note: Uuid| {
        links
            .iter()
            .filter(|(n, _)| *n == note)
            .map(|(_, id)| *id)
            .collect::<Vec<_>>()
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let (mine, rest): (Vec<_>, Vec<_>) =
                figures.drain(..).partition(|f| f.note_id == row.id);
            figures = rest;
            NoteRecord {
                clusters: linked(&clusters, row.id),
                events: linked(&events, row.id),
                figures: mine,
                row,
            }
        })
        .collect())
}

pub fn get(conn: &mut DbConn, id: Uuid) -> StoreResult<NoteRecord> {
    let row = trade_notes::table
        .find(id.to_string())
        .select(NoteRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no trade note with id {id}")))?;
    Ok(records(conn, vec![row])?.remove(0))
}

/// Which figures a query is about. Areas match in either direction: `IT-25` and `CH` find
/// figures reported by Lombardy about Switzerland and by Switzerland about Lombardy; one
/// area alone finds figures where it is either side.
#[derive(Debug, Default, Clone)]
pub struct FigureFilter {
    pub area: Option<String>,
    pub other_area: Option<String>,
    /// Folded product label (see `domain::trade::product_key`).
    pub product_key: Option<String>,
    /// HS code prefix: `88` finds `8802` too. Digits only (validated), so safe in LIKE.
    pub hs_code: Option<String>,
    pub flows: Option<Vec<Flow>>,
    pub currency: Option<String>,
    /// The figure's period (not its comparison period) overlaps `from`..`to`.
    pub from: Option<Month>,
    pub to: Option<Month>,
}

impl FigureFilter {
    fn is_empty(&self) -> bool {
        self.area.is_none()
            && self.other_area.is_none()
            && self.product_key.is_none()
            && self.hs_code.is_none()
            && self.flows.is_none()
            && self.currency.is_none()
            && self.from.is_none()
            && self.to.is_none()
    }
}

/// Which notes a query may return and is about.
#[derive(Debug, Default, Clone)]
pub struct NoteFilter {
    /// `None`: every note (admins). `Some(clusters)`: published notes, and drafts linked to
    /// one of these clusters (the caller's managed clusters).
    pub visible_drafts_of: Option<Vec<Uuid>>,
    pub status: Option<NoteStatus>,
    pub cluster_id: Option<Uuid>,
    pub event_id: Option<Uuid>,
    pub figures: FigureFilter,
}

/// Applies a [`FigureFilter`] to a boxed query that reads `trade_figures`.
macro_rules! filter_figures {
    ($query:expr, $f:expr) => {{
        let f: &FigureFilter = $f;
        let mut query = $query;
        match (f.area.clone(), f.other_area.clone()) {
            (Some(a), Some(b)) => {
                query = query.filter(
                    trade_figures::reporter_area
                        .eq(a.clone())
                        .and(trade_figures::partner_area.eq(b.clone()))
                        .or(trade_figures::reporter_area
                            .eq(b)
                            .and(trade_figures::partner_area.eq(a))),
                );
            }
            (Some(a), None) | (None, Some(a)) => {
                query = query.filter(
                    trade_figures::reporter_area
                        .eq(a.clone())
                        .or(trade_figures::partner_area.eq(a)),
                );
            }
            (None, None) => {}
        }
        if let Some(key) = f.product_key.clone() {
            query = query.filter(trade_figures::product_key.eq(key));
        }
        if let Some(code) = &f.hs_code {
            query = query.filter(trade_figures::hs_code.like(format!("{code}%")));
        }
        if let Some(flows) = &f.flows {
            query = query.filter(trade_figures::flow.eq_any(flows.clone()));
        }
        if let Some(currency) = f.currency.clone() {
            query = query.filter(trade_figures::currency.eq(currency));
        }
        if let Some(from) = f.from {
            query = query.filter(trade_figures::period_end.ge(from.to_string()));
        }
        if let Some(to) = f.to {
            query = query.filter(trade_figures::period_start.le(to.to_string()));
        }
        query
    }};
}

/// Applies the note-level part of a [`NoteFilter`] to a boxed query that reads `trade_notes`.
macro_rules! filter_notes {
    ($query:expr, $f:expr) => {{
        let f: &NoteFilter = $f;
        let mut query = $query;
        if let Some(clusters) = &f.visible_drafts_of {
            let linked = trade_note_clusters::table
                .filter(trade_note_clusters::cluster_id.eq_any(uuids(clusters)))
                .select(trade_note_clusters::note_id);
            query = query.filter(
                trade_notes::status
                    .eq(NoteStatus::Published)
                    .or(trade_notes::id.eq_any(linked)),
            );
        }
        if let Some(status) = f.status {
            query = query.filter(trade_notes::status.eq(status));
        }
        if let Some(cluster) = f.cluster_id {
            let linked = trade_note_clusters::table
                .filter(trade_note_clusters::cluster_id.eq(cluster.to_string()))
                .select(trade_note_clusters::note_id);
            query = query.filter(trade_notes::id.eq_any(linked));
        }
        if let Some(event) = f.event_id {
            let linked = trade_note_events::table
                .filter(trade_note_events::event_id.eq(event.to_string()))
                .select(trade_note_events::note_id);
            query = query.filter(trade_notes::id.eq_any(linked));
        }
        query
    }};
}

/// Notes with at least one figure matching the figure filter, in creation order.
pub fn list(
    conn: &mut DbConn,
    f: &NoteFilter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<NoteRecord>> {
    let after = after.map(str::to_owned);
    // diesel's multi-backend connection cannot nest a boxed subquery, so figure filters
    // join the figures instead (DISTINCT: one row per note however many figures match).
    let rows = if f.figures.is_empty() {
        let mut query = filter_notes!(
            trade_notes::table.select(NoteRow::as_select()).into_boxed(),
            f
        );
        if let Some(after) = after {
            query = query.filter(trade_notes::id.gt(after));
        }
        query.order(trade_notes::id.asc()).limit(limit).load(conn)?
    } else {
        let query = trade_notes::table
            .inner_join(trade_figures::table)
            .select(NoteRow::as_select())
            .distinct()
            .into_boxed();
        let query = filter_notes!(query, f);
        let mut query = filter_figures!(query, &f.figures);
        if let Some(after) = after {
            query = query.filter(trade_notes::id.gt(after));
        }
        query.order(trade_notes::id.asc()).limit(limit).load(conn)?
    };
    records(conn, rows)
}

/// Figures matching the filter, each with its note, in creation order of the figures.
pub fn list_figures(
    conn: &mut DbConn,
    f: &NoteFilter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<(FigureRow, NoteRow)>> {
    let query = trade_figures::table
        .inner_join(trade_notes::table)
        .select((FigureRow::as_select(), NoteRow::as_select()))
        .into_boxed();
    let query = filter_notes!(query, f);
    let mut query = filter_figures!(query, &f.figures);
    if let Some(after) = after {
        query = query.filter(trade_figures::id.gt(after.to_owned()));
    }
    Ok(query
        .order(trade_figures::id.asc())
        .limit(limit)
        .load(conn)?)
}

/// Replaces the links of a note with `ids`, keeping their order.
fn replace_links(
    conn: &mut DbConn,
    note_id: Uuid,
    clusters: Option<&[Uuid]>,
    events: Option<&[Uuid]>,
) -> StoreResult<()> {
    let note_id = note_id.to_string();
    if let Some(clusters) = clusters {
        diesel::delete(
            trade_note_clusters::table.filter(trade_note_clusters::note_id.eq(&note_id)),
        )
        .execute(conn)?;
        for (position, cluster) in clusters.iter().enumerate() {
            diesel::insert_into(trade_note_clusters::table)
                .values((
                    trade_note_clusters::note_id.eq(&note_id),
                    trade_note_clusters::cluster_id.eq(cluster.to_string()),
                    trade_note_clusters::position.eq(position as i32),
                ))
                .execute(conn)?;
        }
    }
    if let Some(events) = events {
        diesel::delete(trade_note_events::table.filter(trade_note_events::note_id.eq(&note_id)))
            .execute(conn)?;
        for (position, event) in events.iter().enumerate() {
            diesel::insert_into(trade_note_events::table)
                .values((
                    trade_note_events::note_id.eq(&note_id),
                    trade_note_events::event_id.eq(event.to_string()),
                    trade_note_events::position.eq(position as i32),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

fn replace_figures(conn: &mut DbConn, note_id: Uuid, figures: &[FigureData]) -> StoreResult<()> {
    let note_id = note_id.to_string();
    diesel::delete(trade_figures::table.filter(trade_figures::note_id.eq(&note_id)))
        .execute(conn)?;
    for (position, figure) in figures.iter().enumerate() {
        diesel::insert_into(trade_figures::table)
            .values((
                trade_figures::id.eq(new_id()),
                trade_figures::note_id.eq(&note_id),
                trade_figures::position.eq(position as i32),
                figure,
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// What a note is made of; written together, inside the caller's transaction.
pub struct NoteContent<'a> {
    pub data: &'a NoteData,
    pub clusters: &'a [Uuid],
    pub events: &'a [Uuid],
    pub figures: &'a [FigureData],
}

pub fn insert(
    conn: &mut DbConn,
    content: NoteContent<'_>,
    author: Option<Uuid>,
) -> StoreResult<NoteRecord> {
    let at = now();
    let id = new_uuid();
    diesel::insert_into(trade_notes::table)
        .values((
            trade_notes::id.eq(id.to_string()),
            content.data,
            trade_notes::author_user_id.eq(author.map(|a| a.to_string())),
            trade_notes::version.eq(1),
            trade_notes::created_at.eq(at),
            trade_notes::updated_at.eq(at),
        ))
        .execute(conn)?;
    replace_links(conn, id, Some(content.clusters), Some(content.events))?;
    replace_figures(conn, id, content.figures)?;
    let record = get(conn, id)?;
    announce(conn, &record, None, false)?;
    Ok(record)
}

/// Records a note change in the feed; a note that has just become published is announced
/// to the webhooks of its clusters (`trade_note.published`).
fn announce(
    conn: &mut DbConn,
    record: &NoteRecord,
    before: Option<NoteStatus>,
    deleted: bool,
) -> StoreResult<()> {
    super::feed::record_one(
        conn,
        super::feed::TRADE_NOTE,
        record.row.id,
        None,
        record.clusters.first().copied(),
        deleted,
    )?;
    let published = NoteStatus::Published;
    if !deleted && record.row.status == published && before != Some(published) {
        super::outbox::emit(
            conn,
            "trade_note.published",
            &[(
                record.clusters.iter().map(Uuid::to_string).collect(),
                serde_json::json!({"trade_note_id": record.row.id}),
            )],
        )?;
    }
    Ok(())
}

/// Writes the note if its stored version is still the one in `current`; figures and links
/// are rewritten only when they changed, and nothing at all when nothing did (the version
/// and the ETag stay).
pub fn update(
    conn: &mut DbConn,
    current: &NoteRecord,
    content: NoteContent<'_>,
) -> StoreResult<NoteRecord> {
    let clusters_changed = current.clusters != content.clusters;
    let events_changed = current.events != content.events;
    let figures_changed = current.figure_data() != content.figures;
    if current.row.data() == *content.data
        && !clusters_changed
        && !events_changed
        && !figures_changed
    {
        return Ok(current.clone());
    }
    let changed = diesel::update(
        trade_notes::table
            .find(current.row.id.to_string())
            .filter(trade_notes::version.eq(current.row.version)),
    )
    .set((
        content.data,
        trade_notes::version.eq(current.row.version + 1),
        trade_notes::updated_at.eq(now()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(super::changed_meanwhile("trade note"));
    }
    replace_links(
        conn,
        current.row.id,
        clusters_changed.then_some(content.clusters),
        events_changed.then_some(content.events),
    )?;
    if figures_changed {
        replace_figures(conn, current.row.id, content.figures)?;
    }
    let record = get(conn, current.row.id)?;
    announce(conn, &record, Some(current.row.status), false)?;
    Ok(record)
}

pub fn delete(conn: &mut DbConn, current: &NoteRecord) -> StoreResult<()> {
    announce(conn, current, None, true)?;
    let deleted = diesel::delete(
        trade_notes::table
            .find(current.row.id.to_string())
            .filter(trade_notes::version.eq(current.row.version)),
    )
    .execute(conn)?;
    if deleted == 0 {
        return Err(super::changed_meanwhile("trade note"));
    }
    Ok(())
}
