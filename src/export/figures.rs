//! Trade figures as a table (CSV or xlsx): RFC 4180 (CRLF, quoting where needed), UTF-8, a header row, one row
//! per figure with its note, its raw values and what the service computed. Decimals are
//! written as the exact strings of the JSON answer (a point, no thousands separators), empty
//! when null.

use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::dialect::Dialect;
use super::table::{self, Cell, Table};
use crate::domain::trade::{AreaKind, Computed, Flow, Month, NoteStatus, NullReason, Scale};

// A figure as the service shows it, in the JSON answers (the HTTP layer builds it from the
// stored rows) and in the CSV export, which writes the same exact strings.

/// What the service computes on a figure (see `domain::trade` for the rules): amounts in
/// base units, exact; percentages rounded half to even to 2 decimals and ratios to 4, once,
/// from the exact values.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComputedFigures {
    /// `value` in base units (27.6 millions → `"27600000"`).
    #[schema(value_type = String, example = "15810575")]
    pub value_base: Decimal,
    #[schema(value_type = Option<String>, example = "3332674")]
    pub comparison_value_base: Option<Decimal>,
    /// `value_base − comparison_value_base`; null without a comparison.
    #[schema(value_type = Option<String>, example = "12477901")]
    pub change_abs: Option<Decimal>,
    /// Percentage change; null when meaningless, with the reason in `change_pct_null_reason`.
    #[schema(value_type = Option<String>, example = "374.41")]
    pub change_pct: Option<Decimal>,
    /// Why `change_pct` and `ratio` are null: `no_comparison`, `comparison_zero`,
    /// `comparison_negative`.
    pub change_pct_null_reason: Option<NullReason>,
    /// `value / comparison_value`.
    #[schema(value_type = Option<String>, example = "4.7441")]
    pub ratio: Option<Decimal>,
    /// `value / total_value × 100`; null without a total.
    #[schema(value_type = Option<String>, example = "56.00")]
    pub share_pct: Option<Decimal>,
    /// `true` when `stated_change_pct` is more than 1 percentage point away from the exact
    /// computed change, or states a change where none is meaningful; `null` when there is
    /// nothing to check (no stated change, or no comparison value).
    pub stated_change_mismatch: Option<bool>,
}

impl From<Computed> for ComputedFigures {
    fn from(c: Computed) -> ComputedFigures {
        ComputedFigures {
            value_base: c.value_base,
            comparison_value_base: c.comparison_value_base,
            change_abs: c.change_abs,
            change_pct: c.change_pct,
            change_pct_null_reason: c.change_pct_null_reason,
            ratio: c.ratio,
            share_pct: c.share_pct,
            stated_change_mismatch: c.stated_change_mismatch,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Figure {
    pub id: Uuid,
    pub reporter_area: String,
    pub reporter_area_name: Option<String>,
    pub reporter_area_kind: AreaKind,
    pub partner_area: String,
    pub partner_area_name: Option<String>,
    pub partner_area_kind: AreaKind,
    pub product: String,
    pub hs_code: Option<String>,
    pub flow: Flow,
    #[schema(value_type = String, example = "2017-01")]
    pub period_start: Month,
    #[schema(value_type = String, example = "2017-09")]
    pub period_end: Month,
    #[schema(value_type = Option<String>, example = "2016-01")]
    pub comparison_period_start: Option<Month>,
    #[schema(value_type = Option<String>, example = "2016-09")]
    pub comparison_period_end: Option<Month>,
    /// As entered, canonical (`"27.60"` is `"27.6"`), in `scale`.
    #[schema(value_type = String, example = "15810575")]
    pub value: Decimal,
    /// In `comparison_scale`.
    #[schema(value_type = Option<String>, example = "3332674")]
    pub comparison_value: Option<Decimal>,
    pub currency: String,
    pub scale: Scale,
    pub comparison_scale: Scale,
    #[schema(value_type = Option<String>, example = "151")]
    pub stated_change_pct: Option<Decimal>,
    #[schema(value_type = Option<String>)]
    pub total_value: Option<Decimal>,
    pub computed: ComputedFigures,
}

/// A figure with the note it comes from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TradeFigure {
    pub note_id: Uuid,
    pub note_title: String,
    pub note_status: NoteStatus,
    pub source_publisher: String,
    pub source_url: Option<String>,
    #[serde(flatten)]
    pub figure: Figure,
}

pub const HEADER: [&str; 32] = [
    "note_id",
    "note_title",
    "note_status",
    "source_publisher",
    "source_url",
    "figure_id",
    "reporter_area",
    "reporter_area_name",
    "partner_area",
    "partner_area_name",
    "product",
    "hs_code",
    "flow",
    "period_start",
    "period_end",
    "comparison_period_start",
    "comparison_period_end",
    "currency",
    "scale",
    "value",
    "comparison_scale",
    "comparison_value",
    "stated_change_pct",
    "total_value",
    "value_base",
    "comparison_value_base",
    "change_abs",
    "change_pct",
    "change_pct_null_reason",
    "ratio",
    "share_pct",
    "stated_change_mismatch",
];

/// The start of the file and its header row.
pub fn header(dialect: Dialect) -> Vec<u8> {
    table::csv_header(&HEADER, dialect)
}

/// Rows for these figures (no header). Decimals in the dialect's notation; ids, areas, HS
/// codes and months are text.
pub fn rows(figures: &[TradeFigure], dialect: Dialect) -> Vec<u8> {
    table::csv_rows(&cells(figures), dialect)
}

/// These figures as a whole table.
pub fn table(figures: &[TradeFigure]) -> Table {
    Table {
        sheet: "Trade figures",
        columns: &HEADER,
        rows: cells(figures),
    }
}

/// The cells of these figures' rows, in the order of `HEADER`: HS codes and months are codes
/// (text: `01` stays `01`, `2017-01` is no date), amounts decimals.
pub fn cells(figures: &[TradeFigure]) -> Vec<Vec<Cell>> {
    figures
        .iter()
        .map(|t| {
            let f = &t.figure;
            let c = &f.computed;
            vec![
                Cell::code(t.note_id),
                Cell::text(&t.note_title),
                Cell::code(t.note_status.as_str()),
                Cell::text(&t.source_publisher),
                Cell::text(t.source_url.as_deref().unwrap_or("")),
                Cell::code(f.id),
                Cell::code(&f.reporter_area),
                Cell::text(f.reporter_area_name.as_deref().unwrap_or("")),
                Cell::code(&f.partner_area),
                Cell::text(f.partner_area_name.as_deref().unwrap_or("")),
                Cell::text(&f.product),
                Cell::opt_code(&f.hs_code),
                Cell::code(f.flow.as_str()),
                Cell::code(f.period_start),
                Cell::code(f.period_end),
                Cell::opt_code(&f.comparison_period_start),
                Cell::opt_code(&f.comparison_period_end),
                Cell::code(&f.currency),
                Cell::code(f.scale.as_str()),
                Cell::Decimal(f.value.to_string()),
                Cell::code(f.comparison_scale.as_str()),
                Cell::opt_decimal(&f.comparison_value),
                Cell::opt_decimal(&f.stated_change_pct),
                Cell::opt_decimal(&f.total_value),
                Cell::Decimal(c.value_base.to_string()),
                Cell::opt_decimal(&c.comparison_value_base),
                Cell::opt_decimal(&c.change_abs),
                Cell::opt_decimal(&c.change_pct),
                c.change_pct_null_reason
                    .map_or(Cell::Empty, |r| Cell::code(r.as_str())),
                Cell::opt_decimal(&c.ratio),
                Cell::opt_decimal(&c.share_pct),
                c.stated_change_mismatch.map_or(Cell::Empty, Cell::Bool),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::trade::{self, FigureValues};

    fn varese() -> Figure {
        let some = |s: &str| Some(s.to_owned());
        let month = |s: &str| Month::parse(s).unwrap();
        let values = FigureValues {
            scale: Scale::Units,
            comparison_scale: Scale::Thousands,
            value: Decimal::from(6932268),
            comparison_value: Some(Decimal::from(-78436)),
            stated_change_pct: Some(Decimal::from(168)),
            total_value: None,
        };
        Figure {
            id: Uuid::nil(),
            reporter_area: "IT-VA".into(),
            reporter_area_name: some("Provincia di Varese, \"VA\""),
            reporter_area_kind: trade::area_kind("IT-VA").unwrap(),
            partner_area: "CH".into(),
            partner_area_name: None,
            partner_area_kind: trade::area_kind("CH").unwrap(),
            product: "aircraft\nand parts".into(),
            hs_code: some("88"),
            flow: Flow::Balance,
            period_start: month("2017-01"),
            period_end: month("2017-09"),
            comparison_period_start: Some(month("2016-01")),
            comparison_period_end: Some(month("2016-09")),
            value: values.value,
            comparison_value: values.comparison_value,
            currency: "EUR".into(),
            scale: values.scale,
            comparison_scale: values.comparison_scale,
            stated_change_pct: values.stated_change_pct,
            total_value: values.total_value,
            computed: trade::compute(&values).unwrap().into(),
        }
    }

    #[test]
    fn quotes_what_needs_it_leaves_nulls_empty_and_uses_crlf() {
        let figure = TradeFigure {
            note_id: Uuid::nil(),
            note_title: "Aircraft, \"almost tripled\"".into(),
            note_status: NoteStatus::Published,
            source_publisher: "Article".into(),
            source_url: None,
            figure: varese(),
        };
        let text = String::from_utf8(
            [header(Dialect::Rfc4180), rows(&[figure], Dialect::Rfc4180)].concat(),
        )
        .unwrap();
        assert!(text.starts_with("note_id,note_title,note_status,source_publisher,source_url,"));
        assert!(text.contains(",\"Aircraft, \"\"almost tripled\"\"\",published,Article,,"));
        assert!(
            text.contains(",\"Provincia di Varese, \"\"VA\"\"\",CH,,\"aircraft\nand parts\",88,")
        );
        // value_base … stated_change_mismatch: no percentage from a negative base.
        assert!(
            text.ends_with(",6932268,-78436000,85368268,,comparison_negative,,,true\r\n"),
            "{text}"
        );
        assert_eq!(text.matches("\r\n").count(), 2);
    }
}
