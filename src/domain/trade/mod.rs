//! Trade-statistics figures: area, product and currency codes, months and periods, amounts
//! with their scale, and all the arithmetic on them — values in base units, changes, ratios,
//! shares, and the check of a change the source states against the one computed.
//!
//! # Exactness
//! Amounts arrive as decimal strings with at most [`MAX_INTEGER_DIGITS`] digits before the
//! point and [`MAX_FRACTION_DIGITS`] after it. Every amount is turned into an integer count
//! of thousandths of a base unit (an `i128`): scaling, sums and differences are then exact
//! integer arithmetic, and quotients (percentages, ratios, shares) are computed as exact
//! fractions and rounded once, half to even, at the precision they are shown with
//! ([`PCT_DECIMALS`], [`RATIO_DECIMALS`]). Nothing passes through floating point, so there is
//! no drift however large or however many the figures. With the input limits, every
//! intermediate stays below 10^33 and every result fits a 28-digit `Decimal`; the checked
//! operations that would catch anything bigger answer [`TooLarge`] rather than a wrong number.
//!
//! # Stated changes
//! A change stated by the source disagrees with the computed one ([`Computed::stated_change_mismatch`])
//! when the two differ by more than [`TOLERANCE_PCT_POINTS`] percentage point, compared
//! exactly (not after rounding). Sources print whole percentages, which are at most half a
//! point off: one point of tolerance accepts honest rounding and still catches +151 % stated
//! for a computed +374.41 %. A percentage stated where none is meaningful (a comparison value
//! of zero or below) is a mismatch too; without a comparison value nothing can be checked.

mod amount;
mod arithmetic;
mod codes;
mod figure;
mod note;
mod period;
mod series;

pub use amount::{
    MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, MAX_PCT_FRACTION_DIGITS, MAX_PCT_INTEGER_DIGITS,
    Scale, parse_amount, parse_percentage,
};
pub use arithmetic::{
    Computed, FigureValues, NullReason, PCT_DECIMALS, RATIO_DECIMALS, TOLERANCE_PCT_POINTS,
    TooLarge, compute,
};
pub use codes::{AreaKind, area_kind, is_currency, is_hs_code, product_key};
pub use figure::{FigureDraft, Flow, check_figure};
pub use note::{NoteParties, NoteStatus, can_write_for};
pub use period::{Month, Period};
pub use series::{Orientation, orient};

/// The contract's patterns, which the parsers here implement exactly.
pub const MONTH_PATTERN: &str = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$";
pub const AMOUNT_PATTERN: &str = "^[+-]?[0-9]{1,15}([.][0-9]{1,3})?$";
pub const PERCENTAGE_PATTERN: &str = "^[+-]?[0-9]{1,9}([.][0-9]{1,2})?$";
pub const AREA_PATTERN: &str = "^[A-Z]{2}(-?[A-Z0-9]{1,3})?$";
pub const HS_CODE_PATTERN: &str = "^[0-9]{2}([0-9]{2}){0,2}$";
pub const CURRENCY_PATTERN: &str = "^[A-Z]{3}$";

#[cfg(test)]
mod tests;
