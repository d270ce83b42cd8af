//! The exact arithmetic on a figure: base units, changes, ratios, shares, stated changes.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::amount::Scale;

/// Decimal places of `change_pct` and `share_pct`.
pub const PCT_DECIMALS: u32 = 2;
/// Decimal places of `ratio`.
pub const RATIO_DECIMALS: u32 = 4;
/// How far (in percentage points) a stated change may be from the computed one.
pub const TOLERANCE_PCT_POINTS: i128 = 1;

/// Why a percentage change and a ratio are null.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NullReason {
    /// The source gives no comparison value.
    NoComparison,
    /// The comparison value is zero: any growth would be infinite.
    ComparisonZero,
    /// The comparison value is negative (a balance in deficit): a percentage of it has no
    /// meaning — going from −78,436 to +6,932,268 is not "−8,938 %".
    ComparisonNegative,
}

impl NullReason {
    pub fn as_str(self) -> &'static str {
        match self {
            NullReason::NoComparison => "no_comparison",
            NullReason::ComparisonZero => "comparison_zero",
            NullReason::ComparisonNegative => "comparison_negative",
        }
    }
}

/// The numbers of one figure, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureValues {
    /// The unit of `value` and `total_value`.
    pub scale: Scale,
    /// The unit of `comparison_value` (the article prints Varese's 2016 balance in thousands
    /// and its 2017 balance in euros).
    pub comparison_scale: Scale,
    pub value: Decimal,
    pub comparison_value: Option<Decimal>,
    /// The percentage change the source states, if any.
    pub stated_change_pct: Option<Decimal>,
    /// The whole that `value` is a part of (Italy's exports, of which Lombardy's are a share).
    pub total_value: Option<Decimal>,
}

/// What the service derives from a figure. Amounts in base units (`value_base` of 27.6
/// million is 27600000), percentages and ratios rounded half to even.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed {
    pub value_base: Decimal,
    pub comparison_value_base: Option<Decimal>,
    /// `value − comparison`, in base units.
    pub change_abs: Option<Decimal>,
    /// `(value − comparison) / comparison × 100`, 2 decimals.
    pub change_pct: Option<Decimal>,
    /// Why `change_pct` and `ratio` are null.
    pub change_pct_null_reason: Option<NullReason>,
    /// `value / comparison`, 4 decimals (2.9 for "almost tripled").
    pub ratio: Option<Decimal>,
    /// `value / total × 100`, 2 decimals.
    pub share_pct: Option<Decimal>,
    /// See the module documentation; `None` when there is nothing to check.
    pub stated_change_mismatch: Option<bool>,
}

/// The arithmetic would leave the exact range; the input limits keep this from happening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the figure's numbers are too large or too precise to compute exactly")
    }
}

/// `amount` (in `scale`) as thousandths of a base unit.
fn to_milli(amount: Decimal, scale: Scale) -> Result<i128, TooLarge> {
    let amount = amount.normalize();
    let exponent = amount.scale();
    if exponent > 3 {
        return Err(TooLarge);
    }
    amount
        .mantissa()
        .checked_mul(10i128.pow(3 - exponent))
        .and_then(|m| m.checked_mul(scale.factor()))
        .ok_or(TooLarge)
}

fn from_milli(milli: i128) -> Result<Decimal, TooLarge> {
    Decimal::try_from_i128_with_scale(milli, 3)
        .map(|d| d.normalize())
        .map_err(|_| TooLarge)
}

/// `numerator / denominator` rounded half to even to `decimals` places, exactly.
pub(super) fn rounded_quotient(
    numerator: i128,
    denominator: i128,
    decimals: u32,
) -> Result<Decimal, TooLarge> {
    if denominator == 0 {
        return Err(TooLarge);
    }
    let (q, r, d) = floor_division(numerator, denominator, decimals)?;
    // q + r/d with 0 ≤ r < d: round the fraction r/d.
    let twice = r.checked_mul(2).ok_or(TooLarge)?;
    let rounded = match twice.cmp(&d) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal if q % 2 == 0 => q,
        std::cmp::Ordering::Equal => q + 1,
    };
    Decimal::try_from_i128_with_scale(rounded, decimals).map_err(|_| TooLarge)
}

/// `numerator × 10^decimals / denominator` as floor quotient, remainder and the positive
/// denominator they refer to.
fn floor_division(
    numerator: i128,
    denominator: i128,
    decimals: u32,
) -> Result<(i128, i128, i128), TooLarge> {
    let (mut n, mut d) = (
        numerator
            .checked_mul(10i128.checked_pow(decimals).ok_or(TooLarge)?)
            .ok_or(TooLarge)?,
        denominator,
    );
    if d < 0 {
        n = n.checked_neg().ok_or(TooLarge)?;
        d = d.checked_neg().ok_or(TooLarge)?;
    }
    Ok((n.div_euclid(d), n.rem_euclid(d), d))
}

/// Whether `stated` (a percentage) is more than the tolerance away from the exact change
/// `change / comparison × 100` (with `comparison > 0`), compared without rounding.
fn differs(stated: Decimal, change: i128, comparison: i128) -> Result<bool, TooLarge> {
    // Work in units of 10^-s percentage points, s being the stated number's decimals:
    // stated = S, computed = q + r/d with 0 ≤ r < d, tolerance T.
    let s = stated.scale();
    let stated_units = stated.mantissa();
    let tolerance = TOLERANCE_PCT_POINTS
        .checked_mul(10i128.checked_pow(s).ok_or(TooLarge)?)
        .ok_or(TooLarge)?;
    let hundred_change = change.checked_mul(100).ok_or(TooLarge)?;
    let (q, r, _) = floor_division(hundred_change, comparison, s)?;
    let t = stated_units.checked_sub(q).ok_or(TooLarge)?;
    Ok(if r == 0 {
        t.abs() > tolerance
    } else {
        // |t − f| > T for some 0 < f < 1: t ≥ T + 1 or t ≤ −T.
        t > tolerance || t <= -tolerance
    })
}

/// Everything the service computes on a figure. See the module documentation for rounding,
/// exactness and the stated-change check.
pub fn compute(f: &FigureValues) -> Result<Computed, TooLarge> {
    let value = to_milli(f.value, f.scale)?;
    let comparison = f
        .comparison_value
        .map(|c| to_milli(c, f.comparison_scale))
        .transpose()?;
    let share_pct = match f.total_value {
        Some(total) => {
            let total = to_milli(total, f.scale)?;
            (total > 0)
                .then(|| {
                    rounded_quotient(value.checked_mul(100).ok_or(TooLarge)?, total, PCT_DECIMALS)
                })
                .transpose()?
        }
        None => None,
    };
    let mut out = Computed {
        value_base: from_milli(value)?,
        comparison_value_base: comparison.map(from_milli).transpose()?,
        change_abs: None,
        change_pct: None,
        change_pct_null_reason: None,
        ratio: None,
        share_pct,
        stated_change_mismatch: None,
    };
    let Some(comparison) = comparison else {
        out.change_pct_null_reason = Some(NullReason::NoComparison);
        return Ok(out);
    };
    let change = value.checked_sub(comparison).ok_or(TooLarge)?;
    out.change_abs = Some(from_milli(change)?);
    if comparison <= 0 {
        out.change_pct_null_reason = Some(if comparison == 0 {
            NullReason::ComparisonZero
        } else {
            NullReason::ComparisonNegative
        });
        // A percentage stated where none exists cannot be right.
        out.stated_change_mismatch = f.stated_change_pct.map(|_| true);
        return Ok(out);
    }
    out.change_pct = Some(rounded_quotient(
        change.checked_mul(100).ok_or(TooLarge)?,
        comparison,
        PCT_DECIMALS,
    )?);
    out.ratio = Some(rounded_quotient(value, comparison, RATIO_DECIMALS)?);
    out.stated_change_mismatch = f
        .stated_change_pct
        .map(|stated| differs(stated, change, comparison))
        .transpose()?;
    Ok(out)
}
