//! One figure: what it counts (its flow), the figure as entered, and the rules it must meet.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::arithmetic::{FigureValues, compute};
use super::codes::{area_kind, is_currency, is_hs_code};
use super::period::{Month, Period};

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// Goods sent from the reporter area to the partner area.
    Export,
    /// Goods received by the reporter area from the partner area.
    Import,
    /// Exports minus imports, seen from the reporter area; may be negative.
    Balance,
}

impl Flow {
    pub const ALL: [Flow; 3] = [Flow::Export, Flow::Import, Flow::Balance];

    pub fn as_str(self) -> &'static str {
        match self {
            Flow::Export => "export",
            Flow::Import => "import",
            Flow::Balance => "balance",
        }
    }

    pub fn parse(s: &str) -> Option<Flow> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The same trade seen from the partner area: A's exports to B are B's imports from A.
    pub fn mirrored(self) -> Flow {
        match self {
            Flow::Export => Flow::Import,
            Flow::Import => Flow::Export,
            Flow::Balance => Flow::Balance,
        }
    }
}

/// One figure as entered, before it is checked: the fields the rules look at.
#[derive(Debug, Clone)]
pub struct FigureDraft<'a> {
    pub reporter_area: &'a str,
    pub partner_area: &'a str,
    pub product: &'a str,
    pub hs_code: Option<&'a str>,
    pub flow: Flow,
    pub period_start: Month,
    pub period_end: Month,
    pub comparison_period_start: Option<Month>,
    pub comparison_period_end: Option<Month>,
    pub currency: &'a str,
    pub values: FigureValues,
}

/// The rules of one figure, as `(field, message)` pairs; empty when it is valid. Checks
/// codes, periods (ends not before starts; a comparison period as long as the period and
/// not overlapping it, since a change between spans of different lengths or against itself
/// means nothing), signs (only a balance can be negative), the total of a share, and that
/// the numbers can be computed.
pub fn check_figure(f: &FigureDraft<'_>) -> Vec<(&'static str, String)> {
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let area_message = "must be an ISO 3166-1 country (CH), an ISO 3166-2 region (IT-25, IT-VA) or a NUTS code (ITC41)";
    if area_kind(f.reporter_area).is_none() {
        errors.push(("reporter_area", area_message.into()));
    }
    if area_kind(f.partner_area).is_none() {
        errors.push(("partner_area", area_message.into()));
    }
    if f.reporter_area == f.partner_area {
        errors.push((
            "partner_area",
            "must differ from reporter_area: an area does not trade with itself".into(),
        ));
    }
    if f.product.trim().is_empty() {
        errors.push(("product", "must not be blank".into()));
    }
    if f.hs_code.is_some_and(|c| !is_hs_code(c)) {
        errors.push((
            "hs_code",
            "must be a Harmonized System code of 2, 4 or 6 digits, such as 88 (aircraft)".into(),
        ));
    }
    if !is_currency(f.currency) {
        errors.push((
            "currency",
            "must be an ISO 4217 currency code such as EUR or CHF".into(),
        ));
    }
    let period = Period::new(f.period_start, f.period_end);
    if period.is_none() {
        errors.push(("period_end", "must not be before period_start".into()));
    }
    let comparison_period = match (f.comparison_period_start, f.comparison_period_end) {
        (Some(start), Some(end)) => {
            let p = Period::new(start, end);
            if p.is_none() {
                errors.push((
                    "comparison_period_end",
                    "must not be before comparison_period_start".into(),
                ));
            }
            p
        }
        (None, None) => None,
        (Some(_), None) => {
            errors.push((
                "comparison_period_end",
                "is required when comparison_period_start is given".into(),
            ));
            None
        }
        (None, Some(_)) => {
            errors.push((
                "comparison_period_start",
                "is required when comparison_period_end is given".into(),
            ));
            None
        }
    };
    if let (Some(p), Some(c)) = (period, comparison_period) {
        if p.months() != c.months() {
            errors.push((
                "comparison_period_end",
                format!(
                    "the comparison period must be as long as the period ({} months, not {})",
                    p.months(),
                    c.months()
                ),
            ));
        } else if p.overlaps(&c) {
            errors.push((
                "comparison_period_start",
                "the comparison period must not overlap the period".into(),
            ));
        }
    }
    let v = &f.values;
    if v.comparison_value.is_some()
        && f.comparison_period_start.is_none()
        && f.comparison_period_end.is_none()
    {
        errors.push((
            "comparison_period_start",
            "is required when comparison_value is given".into(),
        ));
    }
    if f.flow != Flow::Balance {
        let what = if f.flow == Flow::Export {
            "exports"
        } else {
            "imports"
        };
        if v.value.is_sign_negative() && !v.value.is_zero() {
            errors.push((
                "value",
                format!("{what} cannot be negative; only a balance can"),
            ));
        }
        if v.comparison_value
            .is_some_and(|c| c.is_sign_negative() && !c.is_zero())
        {
            errors.push((
                "comparison_value",
                format!("{what} cannot be negative; only a balance can"),
            ));
        }
    }
    if let Some(total) = v.total_value {
        if f.flow == Flow::Balance {
            errors.push((
                "total_value",
                "a balance is not a part of a total; give totals for exports or imports".into(),
            ));
        } else if total <= Decimal::ZERO {
            errors.push(("total_value", "must be greater than zero".into()));
        } else if total < v.value {
            errors.push((
                "total_value",
                "must not be smaller than value, of which it is the total".into(),
            ));
        }
    }
    if errors.is_empty()
        && let Err(e) = compute(v)
    {
        errors.push(("value", e.to_string()));
    }
    errors
}
