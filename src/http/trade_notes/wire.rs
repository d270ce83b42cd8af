//! The figures as clients send them (`FigureInput`, with exact amounts written as JSON
//! strings; defined in `app::trade_notes`) and as the service shows them (`Figure`, built
//! from the stored rows).

use rust_decimal::Decimal;

use crate::domain::trade::{self, FigureValues, Month, area_kind};
use crate::error::{AppError, AppResult};
use crate::store::trade_notes::{FigureRow, NoteRow};

pub use crate::app::trade_notes::{Amount, FigureInput, Percentage, Source};
pub use crate::export::figures::{ComputedFigures, Figure, TradeFigure};

impl FigureInput {
    pub(super) fn from_figure(f: Figure) -> FigureInput {
        FigureInput {
            reporter_area: f.reporter_area,
            reporter_area_name: f.reporter_area_name,
            partner_area: f.partner_area,
            partner_area_name: f.partner_area_name,
            product: f.product,
            hs_code: f.hs_code,
            flow: f.flow,
            period_start: f.period_start,
            period_end: f.period_end,
            comparison_period_start: f.comparison_period_start,
            comparison_period_end: f.comparison_period_end,
            value: Amount(f.value),
            comparison_value: f.comparison_value.map(Amount),
            currency: f.currency,
            scale: f.scale,
            comparison_scale: Some(f.comparison_scale),
            stated_change_pct: f.stated_change_pct.map(Percentage),
            total_value: f.total_value.map(Amount),
        }
    }
}

pub(super) fn stored<T>(what: &str, value: Option<T>) -> AppResult<T> {
    value.ok_or_else(|| AppError::internal(format!("stored trade figure {what}")))
}

fn stored_decimal(text: &str) -> AppResult<Decimal> {
    text.parse::<Decimal>()
        .map_err(|e| AppError::internal(format!("stored decimal {text}: {e}")))
}

fn stored_month(text: &str) -> AppResult<Month> {
    stored("month", Month::parse(text))
}

impl Figure {
    pub fn from_row(r: FigureRow) -> AppResult<Figure> {
        let values = FigureValues {
            scale: r.scale,
            comparison_scale: r.comparison_scale,
            value: stored_decimal(&r.value)?,
            comparison_value: r
                .comparison_value
                .as_deref()
                .map(stored_decimal)
                .transpose()?,
            stated_change_pct: r
                .stated_change_pct
                .as_deref()
                .map(stored_decimal)
                .transpose()?,
            total_value: r.total_value.as_deref().map(stored_decimal).transpose()?,
        };
        let c = trade::compute(&values).map_err(AppError::internal)?;
        Ok(Figure {
            id: r.id,
            reporter_area_kind: stored("area", area_kind(&r.reporter_area))?,
            partner_area_kind: stored("area", area_kind(&r.partner_area))?,
            reporter_area: r.reporter_area,
            reporter_area_name: r.reporter_area_name,
            partner_area: r.partner_area,
            partner_area_name: r.partner_area_name,
            product: r.product,
            hs_code: r.hs_code,
            flow: r.flow,
            period_start: stored_month(&r.period_start)?,
            period_end: stored_month(&r.period_end)?,
            comparison_period_start: r
                .comparison_period_start
                .as_deref()
                .map(stored_month)
                .transpose()?,
            comparison_period_end: r
                .comparison_period_end
                .as_deref()
                .map(stored_month)
                .transpose()?,
            value: values.value,
            comparison_value: values.comparison_value,
            currency: r.currency,
            scale: values.scale,
            comparison_scale: values.comparison_scale,
            stated_change_pct: values.stated_change_pct,
            total_value: values.total_value,
            computed: c.into(),
        })
    }
}

impl TradeFigure {
    pub(super) fn from_rows((figure, note): (FigureRow, NoteRow)) -> AppResult<TradeFigure> {
        Ok(TradeFigure {
            note_id: note.id,
            note_status: note.status,
            note_title: note.title,
            source_publisher: note.source_publisher,
            source_url: note.source_url,
            figure: Figure::from_row(figure)?,
        })
    }
}
