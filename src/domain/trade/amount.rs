//! Amounts as sources print them: the input limits, the scale, and the strict parsers.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Digits before the decimal point of an amount (999 trillion in its scale).
pub const MAX_INTEGER_DIGITS: usize = 15;
/// Digits after the decimal point of an amount (a thousandth of its unit).
pub const MAX_FRACTION_DIGITS: usize = 3;
/// Digits before and after the point of a stated percentage.
pub const MAX_PCT_INTEGER_DIGITS: usize = 9;
pub const MAX_PCT_FRACTION_DIGITS: usize = 2;

/// The unit an amount is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Units,
    Thousands,
    Millions,
}

impl Scale {
    pub const ALL: [Scale; 3] = [Scale::Units, Scale::Thousands, Scale::Millions];

    pub fn as_str(self) -> &'static str {
        match self {
            Scale::Units => "units",
            Scale::Thousands => "thousands",
            Scale::Millions => "millions",
        }
    }

    pub fn parse(s: &str) -> Option<Scale> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Base units in one unit of this scale.
    pub(super) fn factor(self) -> i128 {
        match self {
            Scale::Units => 1,
            Scale::Thousands => 1_000,
            Scale::Millions => 1_000_000,
        }
    }
}

fn parse_number(
    text: &str,
    max_integer: usize,
    max_fraction: usize,
    example: &str,
) -> Result<Decimal, String> {
    let shape = format!("must be a decimal number written as a string, such as {example}");
    let unsigned = text
        .strip_prefix('-')
        .or_else(|| text.strip_prefix('+'))
        .unwrap_or(text);
    let (integer, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if integer.is_empty()
        || !digits(integer)
        || !digits(fraction)
        || (unsigned.contains('.') && fraction.is_empty())
    {
        return Err(shape);
    }
    // Digits are counted as written, leading and trailing zeros included, so that the rule
    // is exactly the pattern the contract publishes.
    if integer.len() > max_integer {
        return Err(format!(
            "has more than {max_integer} digits before the decimal point"
        ));
    }
    if fraction.len() > max_fraction {
        return Err(format!(
            "has more than {max_fraction} digits after the decimal point"
        ));
    }
    let significant = integer.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let canonical = format!(
        "{}{}{}{}",
        if text.starts_with('-') { "-" } else { "" },
        if significant.is_empty() {
            "0"
        } else {
            significant
        },
        if fraction.is_empty() { "" } else { "." },
        fraction
    );
    Decimal::from_str(&canonical)
        .map(|d| d.normalize())
        .map_err(|_| shape)
}

/// An amount as a source prints it: `"15810575"`, `"-78436"`, `"27.6"`; an optional sign,
/// no thousands separators, no exponent ([`AMOUNT_PATTERN`](super::AMOUNT_PATTERN)). Answers the canonical value
/// (`"027.60"` is 27.6, `"-0"` is 0).
pub fn parse_amount(text: &str) -> Result<Decimal, String> {
    parse_number(
        text,
        MAX_INTEGER_DIGITS,
        MAX_FRACTION_DIGITS,
        "\"15810575\" or \"-78436.5\"",
    )
}

/// A percentage as a source states it: `"151"` for +151 %.
pub fn parse_percentage(text: &str) -> Result<Decimal, String> {
    parse_number(
        text,
        MAX_PCT_INTEGER_DIGITS,
        MAX_PCT_FRACTION_DIGITS,
        "\"151\" or \"-12.5\"",
    )
}
