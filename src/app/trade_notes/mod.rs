//! Trade-statistics notes: their use cases (notes written by the managers of the clusters
//! they speak for, figures across the notes a caller may see, series per area pair).

mod input;

use uuid::Uuid;

use crate::app::edit::{Editable, Removable};
use crate::domain::access::{Principal, require};
use crate::domain::trade::{self, Flow, Month, NoteStatus, area_kind, can_write_for, product_key};
use crate::error::{AppError, AppResult, FieldError};
use crate::store::trade_notes::{
    self as store, FigureData, FigureFilter, FigureRow, NoteContent, NoteData, NoteFilter,
    NoteRecord, NoteRow,
};
use crate::store::{Db, DbConn};

pub use input::{Amount, FigureInput, Percentage, Source, TradeNoteInput};

/// The note if the caller may see it: drafts are "not found" for anybody but the managers
/// of its clusters.
pub fn visible_note(conn: &mut DbConn, caller: &Principal, id: Uuid) -> AppResult<NoteRecord> {
    let record = store::get(conn, id)?;
    check_visible(caller, &record, id)?;
    Ok(record)
}

fn check_visible(caller: &Principal, record: &NoteRecord, id: Uuid) -> AppResult<()> {
    if record.parties()?.can_view(caller) {
        Ok(())
    } else {
        Err(AppError::NotFound(format!("no trade note with id {id}")))
    }
}

/// Whether the caller may see the event (drafts only its organisers); any failure to read
/// it counts as not seeing it.
fn event_visible(conn: &mut DbConn, caller: &Principal, id: Uuid) -> bool {
    crate::store::events::get_for_access(conn, id)
        .is_ok_and(|record| record.parties().can_view(caller))
}

/// What a note becomes (on creation, or as a whole on every change), in its stored form.
pub struct NoteChange {
    pub data: NoteData,
    pub cluster_ids: Vec<Uuid>,
    pub event_ids: Vec<Uuid>,
    pub figures: Vec<FigureData>,
    /// The rules across fields and of every figure that the input breaks (with each
    /// figure's path), found while reading it; reported once the caller is known to be
    /// allowed to write for the clusters it names.
    pub errors: Vec<FieldError>,
}

impl NoteChange {
    pub fn new(
        data: NoteData,
        cluster_ids: Vec<Uuid>,
        event_ids: Vec<Uuid>,
        figures: Vec<FigureData>,
        errors: Vec<FieldError>,
    ) -> NoteChange {
        NoteChange {
            data,
            cluster_ids,
            event_ids,
            figures,
            errors,
        }
    }

    fn content(&self) -> NoteContent<'_> {
        NoteContent {
            data: &self.data,
            clusters: &self.cluster_ids,
            events: &self.event_ids,
            figures: &self.figures,
        }
    }

    fn rules(&self) -> AppResult<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.errors.clone()))
        }
    }
}

/// The linked clusters exist, and the events newly linked are ones the caller can see.
fn check_references(
    conn: &mut DbConn,
    caller: &Principal,
    change: &NoteChange,
    already_linked: &[Uuid],
) -> AppResult<()> {
    let mut errors = Vec::new();
    for (i, cluster) in change.cluster_ids.iter().enumerate() {
        if !crate::store::clusters::exists(conn, *cluster)? {
            errors.push(FieldError::new(
                format!("cluster_ids[{i}]"),
                format!("no cluster with id {cluster}"),
            ));
        }
    }
    for (i, event) in change.event_ids.iter().enumerate() {
        if !already_linked.contains(event) && !event_visible(conn, caller, *event) {
            errors.push(FieldError::new(
                format!("event_ids[{i}]"),
                format!("no event with id {event}"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Filters shared by the note list, the figure list and its CSV export.
#[derive(Debug, Default)]
pub struct FilterParams {
    pub reporter_area: Option<String>,
    pub partner_area: Option<String>,
    pub product: Option<String>,
    pub hs_code: Option<String>,
    pub flow: Option<Flow>,
    pub from: Option<Month>,
    pub to: Option<Month>,
    pub cluster_id: Option<Uuid>,
    pub event_id: Option<Uuid>,
    pub status: Option<NoteStatus>,
}

fn area_param(name: &str, code: Option<String>) -> AppResult<Option<String>> {
    match code {
        Some(c) if area_kind(&c).is_none() => Err(AppError::invalid(
            name,
            "must be an ISO 3166-1 country (CH), an ISO 3166-2 region (IT-25) or a NUTS code (ITC41)",
        )),
        other => Ok(other),
    }
}

fn product_params(
    product: Option<String>,
    hs_code: Option<String>,
) -> AppResult<(Option<String>, Option<String>)> {
    if hs_code.as_deref().is_some_and(|c| !trade::is_hs_code(c)) {
        return Err(AppError::invalid(
            "hs_code",
            "must be a Harmonized System code of 2, 4 or 6 digits",
        ));
    }
    let key = product.map(|p| product_key(&p)).filter(|k| !k.is_empty());
    Ok((key, hs_code))
}

impl FilterParams {
    /// The store's filter for what `caller` may see (drafts of the clusters they manage).
    pub fn into_filter(self, caller: &Principal) -> AppResult<NoteFilter> {
        if let (Some(from), Some(to)) = (self.from, self.to)
            && to < from
        {
            return Err(AppError::invalid("to", "must not be before from"));
        }
        let (product_key, hs_code) = product_params(self.product, self.hs_code)?;
        Ok(NoteFilter {
            visible_drafts_of: (!caller.writes_notes_everywhere()).then(|| caller.note_clusters()),
            status: self.status,
            cluster_id: self.cluster_id,
            event_id: self.event_id,
            figures: FigureFilter {
                area: area_param("reporter_area", self.reporter_area)?,
                other_area: area_param("partner_area", self.partner_area)?,
                product_key,
                hs_code,
                flows: self.flow.map(|f| vec![f]),
                currency: None,
                from: self.from,
                to: self.to,
            },
        })
    }
}

/// A page of notes matching `filter` (see [`FilterParams::into_filter`]), after `after`.
pub async fn list(
    db: &Db,
    filter: NoteFilter,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<NoteRecord>> {
    db.run(move |conn| Ok(store::list(conn, &filter, after.as_deref(), limit)?))
        .await
}

/// One note, if the caller may see it.
pub async fn get(db: &Db, caller: Principal, id: Uuid) -> AppResult<NoteRecord> {
    db.run(move |conn| visible_note(conn, &caller, id)).await
}

/// Records a note with its figures (managers of every linked cluster, admins); note, links
/// and figures in one transaction.
pub async fn create(db: &Db, caller: Principal, change: NoteChange) -> AppResult<NoteRecord> {
    require(
        can_write_for(&caller, &change.cluster_ids),
        "write trade notes for these clusters (managers of every linked cluster do)",
    )?;
    change.rules()?;
    db.write(move |conn| {
        check_references(conn, &caller, &change, &[])?;
        Ok(store::insert(conn, change.content(), Some(caller.user_id))?)
    })
    .await
}

/// The note as an object that the managers of every linked cluster change and remove.
pub struct TradeNote;

impl Editable for TradeNote {
    type Key = Uuid;
    type Row = NoteRecord;
    type Change = NoteChange;
    const TABLE: crate::store::Locked = crate::store::Locked::TradeNotes;

    fn load(conn: &mut DbConn, _caller: &Principal, &id: &Uuid) -> AppResult<NoteRecord> {
        Ok(store::get(conn, id)?)
    }

    fn authorize(caller: &Principal, row: &NoteRecord) -> AppResult<()> {
        check_visible(caller, row, row.row.id)?;
        Ok(require(
            row.parties()?.can_edit(caller),
            "edit this trade note (managers of every linked cluster do)",
        )?)
    }

    fn check(caller: &Principal, _row: &NoteRecord, change: &NoteChange) -> AppResult<()> {
        require(
            can_write_for(caller, &change.cluster_ids),
            "link a trade note to clusters you do not manage",
        )?;
        change.rules()
    }

    fn store(
        conn: &mut DbConn,
        caller: &Principal,
        row: &NoteRecord,
        change: NoteChange,
    ) -> AppResult<NoteRecord> {
        // The events already linked stay linked whoever may see them now.
        check_references(conn, caller, &change, &row.events)?;
        Ok(store::update(conn, row, change.content())?)
    }
}

/// The edit pipeline (`app::edit`) for note `id`, the change made by `caller`.
pub async fn update<P, C>(
    db: &Db,
    caller: Principal,
    id: Uuid,
    precondition: P,
    change: C,
) -> AppResult<NoteRecord>
where
    P: FnOnce(&NoteRecord) -> AppResult<()> + Send + 'static,
    C: FnOnce(&NoteRecord) -> AppResult<NoteChange> + Send + 'static,
{
    crate::app::edit::update::<TradeNote, _, _>(db, caller, id, precondition, change).await
}

impl Removable for TradeNote {
    fn authorize_removal(caller: &Principal, row: &NoteRecord) -> AppResult<()> {
        check_visible(caller, row, row.row.id)?;
        Ok(require(
            row.parties()?.can_edit(caller),
            "delete this trade note",
        )?)
    }

    fn remove(conn: &mut DbConn, row: &NoteRecord) -> AppResult<()> {
        Ok(store::delete(conn, row)?)
    }
}

/// A page of figures with their notes matching `filter`, after the figure `after`.
pub async fn list_figures(
    db: &Db,
    filter: NoteFilter,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<(FigureRow, NoteRow)>> {
    db.run(move |conn| Ok(store::list_figures(conn, &filter, after.as_deref(), limit)?))
        .await
}

/// What a series is of: one area pair, flow and product.
pub struct SeriesParams {
    pub reporter_area: String,
    pub partner_area: String,
    pub flow: Flow,
    pub product: Option<String>,
    pub hs_code: Option<String>,
    pub currency: Option<String>,
}

/// Most figures a series is built from; more asks the client to narrow it (by currency or
/// HS code).
const SERIES_MAX_FIGURES: i64 = 10_000;

/// The figures a series is built from, across the notes the caller may see, reported from
/// either side and in the flow or its mirror; with the checked reporter and partner areas.
pub async fn series_figures(
    db: &Db,
    caller: &Principal,
    params: SeriesParams,
) -> AppResult<(String, String, Vec<(FigureRow, NoteRow)>)> {
    let reporter = area_param("reporter_area", Some(params.reporter_area))?.unwrap_or_default();
    let partner = area_param("partner_area", Some(params.partner_area))?.unwrap_or_default();
    if reporter == partner {
        return Err(AppError::invalid(
            "partner_area",
            "must differ from reporter_area",
        ));
    }
    if params
        .currency
        .as_deref()
        .is_some_and(|c| !trade::is_currency(c))
    {
        return Err(AppError::invalid(
            "currency",
            "must be an ISO 4217 currency code such as EUR",
        ));
    }
    let (key, hs_code) = product_params(params.product, params.hs_code)?;
    if key.is_none() && hs_code.is_none() {
        return Err(AppError::invalid(
            "product",
            "a series is of one product: give product or hs_code",
        ));
    }
    let mut flows = vec![params.flow, params.flow.mirrored()];
    flows.dedup();
    let filter = NoteFilter {
        visible_drafts_of: (!caller.writes_notes_everywhere()).then(|| caller.note_clusters()),
        figures: FigureFilter {
            area: Some(reporter.clone()),
            other_area: Some(partner.clone()),
            product_key: key,
            hs_code,
            flows: Some(flows),
            currency: params.currency,
            from: None,
            to: None,
        },
        ..Default::default()
    };
    let figures = db
        .run(move |conn| {
            Ok(store::list_figures(
                conn,
                &filter,
                None,
                SERIES_MAX_FIGURES + 1,
            )?)
        })
        .await?;
    if figures.len() as i64 > SERIES_MAX_FIGURES {
        return Err(AppError::bad_request(format!(
            "more than {SERIES_MAX_FIGURES} figures match; narrow the series with hs_code or currency"
        )));
    }
    Ok((reporter, partner, figures))
}
