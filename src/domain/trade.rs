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

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;
use uuid::Uuid;

use super::access::Principal;
use super::geo;

/// Digits before the decimal point of an amount (999 trillion in its scale).
pub const MAX_INTEGER_DIGITS: usize = 15;
/// Digits after the decimal point of an amount (a thousandth of its unit).
pub const MAX_FRACTION_DIGITS: usize = 3;
/// Digits before and after the point of a stated percentage.
pub const MAX_PCT_INTEGER_DIGITS: usize = 9;
pub const MAX_PCT_FRACTION_DIGITS: usize = 2;
/// Decimal places of `change_pct` and `share_pct`.
pub const PCT_DECIMALS: u32 = 2;
/// Decimal places of `ratio`.
pub const RATIO_DECIMALS: u32 = 4;
/// How far (in percentage points) a stated change may be from the computed one.
pub const TOLERANCE_PCT_POINTS: i128 = 1;

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
    fn factor(self) -> i128 {
        match self {
            Scale::Units => 1,
            Scale::Thousands => 1_000,
            Scale::Millions => 1_000_000,
        }
    }
}

/// Which kind of code names an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AreaKind {
    /// ISO 3166-1 alpha-2: `CH`, `IT`.
    Country,
    /// ISO 3166-2: `IT-25` (Lombardy), `IT-VA` (Varese), `CH-NW`.
    Region,
    /// Eurostat NUTS: `ITC4` (Lombardy), `ITC41` (Varese).
    Nuts,
}

/// Classifies an area code, or `None` when it is none of the accepted kinds.
///
/// NUTS codes are two letters (the country, with Eurostat's `EL` for Greece and `UK` for the
/// United Kingdom) and one to three upper-case letters or digits. No NUTS list is bundled, so
/// a well-formed code of a real country is accepted without checking that the unit exists.
pub fn area_kind(code: &str) -> Option<AreaKind> {
    if geo::is_country(code) {
        return Some(AreaKind::Country);
    }
    if code.contains('-') {
        return geo::is_region(code).then_some(AreaKind::Region);
    }
    let (country, rest) = code.split_at_checked(2)?;
    let country_ok = geo::is_country(country) || country == "EL" || country == "UK";
    let rest_ok = (1..=3).contains(&rest.len())
        && rest
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    (country_ok && rest_ok).then_some(AreaKind::Nuts)
}

/// A Harmonized System code: a chapter (`88`, aircraft and spacecraft), a heading (`8802`)
/// or a subheading (`880240`).
pub fn is_hs_code(code: &str) -> bool {
    matches!(code.len(), 2 | 4 | 6) && code.bytes().all(|b| b.is_ascii_digit())
}

/// An ISO 4217 currency (`EUR`, `CHF`), superseded ones included so that old statistics can
/// be recorded as printed (`HRK`), but not the codes that are no money (`XXX`, `XTS`, the
/// precious metals and units of account).
pub fn is_currency(code: &str) -> bool {
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && iso_currency::Currency::from_code(code)
            .is_some_and(|c| !c.has_flag(iso_currency::Flag::Special))
}

/// The folded form of a product label, by which filters and series match it: `Aircraft`
/// and ` aircraft ` are the same product.
pub fn product_key(label: &str) -> String {
    super::text::fold(&label.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A calendar month, `YYYY-MM` on the wire and in the database (so that text order is time
/// order on both backends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: u16,
    month: u8,
}

/// The contract's patterns, which the parsers here implement exactly.
pub const MONTH_PATTERN: &str = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$";
pub const AMOUNT_PATTERN: &str = "^[+-]?[0-9]{1,15}([.][0-9]{1,3})?$";
pub const PERCENTAGE_PATTERN: &str = "^[+-]?[0-9]{1,9}([.][0-9]{1,2})?$";
pub const AREA_PATTERN: &str = "^[A-Z]{2}(-?[A-Z0-9]{1,3})?$";
pub const HS_CODE_PATTERN: &str = "^[0-9]{2}([0-9]{2}){0,2}$";
pub const CURRENCY_PATTERN: &str = "^[A-Z]{3}$";

impl Month {
    pub fn new(year: u16, month: u8) -> Option<Month> {
        ((1900..=2999).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    /// `2017-09`; years 1900 to 2999.
    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }

    /// Months since year 0, to count and compare spans.
    fn index(self) -> i32 {
        i32::from(self.year) * 12 + i32::from(self.month) - 1
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let text = String::deserialize(d)?;
        Month::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "must be a month written YYYY-MM, such as 2017-09 (got {text:?})"
            ))
        })
    }
}

/// Months from `start` to `end`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: Month,
    pub end: Month,
}

impl Period {
    /// `None` when the period ends before it starts.
    pub fn new(start: Month, end: Month) -> Option<Period> {
        (end >= start).then_some(Period { start, end })
    }

    pub fn months(&self) -> i32 {
        self.end.index() - self.start.index() + 1
    }

    pub fn overlaps(&self, other: &Period) -> bool {
        self.start <= other.end && other.start <= self.end
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
/// no thousands separators, no exponent ([`AMOUNT_PATTERN`]). Answers the canonical value
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
fn rounded_quotient(
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

/// Who may see and change a note, from the clusters it is linked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteStatus {
    /// Visible to the managers of the linked clusters and to admins.
    Draft,
    /// Visible to everyone signed in.
    Published,
}

impl NoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteStatus::Draft => "draft",
            NoteStatus::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<NoteStatus> {
        [NoteStatus::Draft, NoteStatus::Published]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone)]
pub struct NoteParties {
    pub clusters: Vec<Uuid>,
    pub status: NoteStatus,
}

impl NoteParties {
    /// Published notes for everyone signed in; drafts for any linked cluster's managers.
    pub fn can_view(&self, p: &Principal) -> bool {
        self.status == NoteStatus::Published || self.clusters.iter().any(|c| p.manages_cluster(*c))
    }

    /// A note speaks for every cluster it is linked to, so it is written by someone who
    /// manages all of them (or an admin).
    pub fn can_edit(&self, p: &Principal) -> bool {
        can_write_for(p, &self.clusters)
    }
}

/// Whether `p` may write a note linked to exactly these clusters.
pub fn can_write_for(p: &Principal, clusters: &[Uuid]) -> bool {
    p.is_admin() || (!clusters.is_empty() && clusters.iter().all(|c| p.manages_cluster(*c)))
}

/// How a stored figure answers a series asked for one direction and flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Reported by the series' reporter area about its partner, in the series' flow.
    AsReported,
    /// Reported by the partner area: its imports are the reporter's exports (and the other
    /// way round), its balance is the reporter's balance negated.
    Mirrored,
}

/// Whether a figure (reporter, partner, flow) belongs to the series (want_reporter,
/// want_partner, want_flow), and how: exactly as reported, or mirrored from the partner's
/// side. Answers the orientation and whether values must be negated.
pub fn orient(figure: (&str, &str, Flow), want: (&str, &str, Flow)) -> Option<(Orientation, bool)> {
    let (reporter, partner, flow) = figure;
    let (want_reporter, want_partner, want_flow) = want;
    if reporter == want_reporter && partner == want_partner && flow == want_flow {
        Some((Orientation::AsReported, false))
    } else if reporter == want_partner && partner == want_reporter && flow.mirrored() == want_flow {
        Some((Orientation::Mirrored, flow == Flow::Balance))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn values(scale: Scale, value: &str, comparison: Option<&str>) -> FigureValues {
        FigureValues {
            scale,
            comparison_scale: scale,
            value: d(value),
            comparison_value: comparison.map(d),
            stated_change_pct: None,
            total_value: None,
        }
    }

    fn text(x: Option<Decimal>) -> Option<String> {
        x.map(|x| x.to_string())
    }

    #[test]
    fn lombardy_balance_is_374_percent_not_the_stated_151() {
        let mut f = values(Scale::Units, "15810575", Some("3332674"));
        f.stated_change_pct = Some(d("151"));
        let c = compute(&f).unwrap();
        assert_eq!(c.value_base.to_string(), "15810575");
        assert_eq!(text(c.comparison_value_base).as_deref(), Some("3332674"));
        assert_eq!(text(c.change_abs).as_deref(), Some("12477901"));
        // 12477901 / 3332674 = 3.7441108…
        assert_eq!(text(c.change_pct).as_deref(), Some("374.41"));
        assert_eq!(text(c.ratio).as_deref(), Some("4.7441"));
        assert_eq!(c.change_pct_null_reason, None);
        assert_eq!(c.stated_change_mismatch, Some(true));
        // The computed change, stated, agrees.
        f.stated_change_pct = Some(d("374"));
        assert_eq!(compute(&f).unwrap().stated_change_mismatch, Some(false));
    }

    #[test]
    fn varese_balance_from_a_negative_base_has_no_percentage() {
        // −78,436 printed in thousands of euros, +6,932,268 in euros; stated +168 %.
        let f = FigureValues {
            scale: Scale::Units,
            comparison_scale: Scale::Thousands,
            value: d("6932268"),
            comparison_value: Some(d("-78436")),
            stated_change_pct: Some(d("168")),
            total_value: None,
        };
        let c = compute(&f).unwrap();
        assert_eq!(c.value_base.to_string(), "6932268");
        assert_eq!(text(c.comparison_value_base).as_deref(), Some("-78436000"));
        assert_eq!(text(c.change_abs).as_deref(), Some("85368268"));
        assert_eq!(c.change_pct, None);
        assert_eq!(c.ratio, None);
        assert_eq!(
            c.change_pct_null_reason,
            Some(NullReason::ComparisonNegative)
        );
        assert_eq!(c.stated_change_mismatch, Some(true), "no percentage exists");
        // Read in euros instead, the base is still negative.
        let c = compute(&FigureValues {
            comparison_scale: Scale::Units,
            ..f
        })
        .unwrap();
        assert_eq!(text(c.change_abs).as_deref(), Some("7010704"));
        assert_eq!(
            c.change_pct_null_reason,
            Some(NullReason::ComparisonNegative)
        );
    }

    #[test]
    fn zero_and_missing_comparisons_give_their_reasons() {
        let c = compute(&values(Scale::Units, "1000", Some("0"))).unwrap();
        assert_eq!(text(c.change_abs).as_deref(), Some("1000"));
        assert_eq!(c.change_pct, None);
        assert_eq!(c.ratio, None);
        assert_eq!(c.change_pct_null_reason, Some(NullReason::ComparisonZero));
        assert_eq!(c.stated_change_mismatch, None);

        let mut f = values(Scale::Millions, "27.6", None);
        f.stated_change_pct = Some(d("200"));
        let c = compute(&f).unwrap();
        assert_eq!(c.value_base.to_string(), "27600000");
        assert_eq!(c.comparison_value_base, None);
        assert_eq!(c.change_abs, None);
        assert_eq!(c.change_pct, None);
        assert_eq!(c.change_pct_null_reason, Some(NullReason::NoComparison));
        assert_eq!(
            c.stated_change_mismatch, None,
            "nothing to check without a comparison"
        );
        assert_eq!(NullReason::NoComparison.as_str(), "no_comparison");
        assert_eq!(NullReason::ComparisonZero.as_str(), "comparison_zero");
        assert_eq!(
            NullReason::ComparisonNegative.as_str(),
            "comparison_negative"
        );
    }

    #[test]
    fn scales_convert_exactly_to_base_units() {
        for (scale, value, base) in [
            (Scale::Units, "6932268", "6932268"),
            (Scale::Units, "0.125", "0.125"),
            (Scale::Thousands, "-78436", "-78436000"),
            (Scale::Thousands, "0.001", "1"),
            (Scale::Millions, "27.6", "27600000"),
            (Scale::Millions, "17.6", "17600000"),
            (Scale::Millions, "0.001", "1000"),
            (
                Scale::Millions,
                "999999999999999.999",
                "999999999999999999000",
            ),
        ] {
            let c = compute(&values(scale, value, None)).unwrap();
            assert_eq!(c.value_base.to_string(), base, "{value} {scale:?}");
        }
        // Mixed scales: 27.6 million against 9,200 thousand is exactly ×3.
        let f = FigureValues {
            comparison_scale: Scale::Thousands,
            ..values(Scale::Millions, "27.6", Some("9200"))
        };
        let c = compute(&f).unwrap();
        assert_eq!(text(c.change_abs).as_deref(), Some("18400000"));
        assert_eq!(text(c.change_pct).as_deref(), Some("200.00"));
        assert_eq!(text(c.ratio).as_deref(), Some("3.0000"));
    }

    #[test]
    fn billions_and_cents_add_up_without_drift() {
        // 0.1 + 0.2 style traps: exact to the thousandth however large the amount.
        let c = compute(&values(
            Scale::Units,
            "123456789012.345",
            Some("123456789012.245"),
        ))
        .unwrap();
        assert_eq!(text(c.change_abs).as_deref(), Some("0.1"));
        let c = compute(&values(Scale::Millions, "45678.9", Some("12345.6"))).unwrap();
        assert_eq!(c.value_base.to_string(), "45678900000");
        assert_eq!(text(c.change_abs).as_deref(), Some("33333300000"));
        // 33333.3 / 12345.6 = 2.70001458…
        assert_eq!(text(c.change_pct).as_deref(), Some("270.00"));
        assert_eq!(text(c.ratio).as_deref(), Some("3.7000"));
        // The largest amounts accepted, against the smallest comparison.
        let f = FigureValues {
            comparison_scale: Scale::Units,
            ..values(Scale::Millions, "999999999999999.999", Some("0.001"))
        };
        let c = compute(&f).unwrap();
        assert_eq!(
            text(c.change_abs).as_deref(),
            Some("999999999999999998999.999")
        );
        assert_eq!(
            text(c.ratio).as_deref(),
            Some("999999999999999999000000.0000")
        );
        assert_eq!(
            text(c.change_pct).as_deref(),
            Some("99999999999999999899999900.00")
        );
        // Adding 0.001 a thousand times in base units is exactly 1: sums stay exact.
        let one: Decimal = (0..1000)
            .map(|_| {
                compute(&values(Scale::Units, "0.001", None))
                    .unwrap()
                    .value_base
            })
            .sum();
        assert_eq!(one, Decimal::ONE);
    }

    #[test]
    fn negative_balances_and_falls() {
        // From a surplus to a deficit: −150 %.
        let c = compute(&values(Scale::Thousands, "-50", Some("100"))).unwrap();
        assert_eq!(text(c.change_abs).as_deref(), Some("-150000"));
        assert_eq!(text(c.change_pct).as_deref(), Some("-150.00"));
        assert_eq!(text(c.ratio).as_deref(), Some("-0.5000"));
        // A deficit that deepens is still a negative base.
        let c = compute(&values(Scale::Units, "-200", Some("-100"))).unwrap();
        assert_eq!(text(c.change_abs).as_deref(), Some("-100"));
        assert_eq!(
            c.change_pct_null_reason,
            Some(NullReason::ComparisonNegative)
        );
        // A fall to nothing.
        let c = compute(&values(Scale::Units, "0", Some("80"))).unwrap();
        assert_eq!(text(c.change_pct).as_deref(), Some("-100.00"));
        assert_eq!(text(c.ratio).as_deref(), Some("0.0000"));
    }

    #[test]
    fn rounding_is_half_to_even_once_at_the_end() {
        // 1/8 = 0.125 → 0.12; 3/8 = 0.375 → 0.38 (ties to even), in percent of 100.
        let pct = |value: &str, comparison: &str| {
            text(
                compute(&values(Scale::Units, value, Some(comparison)))
                    .unwrap()
                    .change_pct,
            )
            .unwrap()
        };
        assert_eq!(pct("100.125", "100"), "0.12");
        assert_eq!(pct("100.375", "100"), "0.38");
        assert_eq!(pct("99.875", "100"), "-0.12");
        assert_eq!(pct("99.625", "100"), "-0.38");
        // A thousandth of a euro above a tie that goes down (0.125 %) rounds up.
        assert_eq!(pct("8010", "8000"), "0.12");
        assert_eq!(pct("8010.001", "8000"), "0.13");
        assert_eq!(pct("8030", "8000"), "0.38");
        assert_eq!(pct("1", "3"), "-66.67");
        assert_eq!(pct("2", "3"), "-33.33");
        assert_eq!(rounded_quotient(5, 2, 0).unwrap(), d("2"));
        assert_eq!(rounded_quotient(7, 2, 0).unwrap(), d("4"));
        assert_eq!(rounded_quotient(-5, 2, 0).unwrap(), d("-2"));
        assert_eq!(rounded_quotient(-7, 2, 0).unwrap(), d("-4"));
        assert_eq!(rounded_quotient(10, -4, 0).unwrap(), d("-2"));
        assert_eq!(rounded_quotient(10_000_001, 4_000_000, 0).unwrap(), d("3"));
    }

    #[test]
    fn stated_changes_are_checked_exactly_against_the_tolerance() {
        let check = |stated: &str| {
            let mut f = values(Scale::Units, "100", Some("40"));
            f.stated_change_pct = Some(d(stated));
            compute(&f).unwrap().stated_change_mismatch.unwrap()
        };
        // Computed: +150 % exactly.
        assert!(!check("150"));
        assert!(!check("151"), "one point off is within the tolerance");
        assert!(!check("149"));
        assert!(check("151.01"));
        assert!(check("148.99"));
        assert!(check("-150"));
        // Computed: +200/3 % = 66.666…: 67.66 is within a point, 67.67 is not.
        let check = |stated: &str| {
            let mut f = values(Scale::Units, "5", Some("3"));
            f.stated_change_pct = Some(d(stated));
            compute(&f).unwrap().stated_change_mismatch.unwrap()
        };
        assert!(!check("67.66"));
        assert!(check("67.67"));
        assert!(!check("65.67"));
        assert!(check("65.66"));
        assert!(!check("67"));
        // Almost tripled: 27.6 against 9.5 million is +190.5 %, so "+200 %" is off.
        let mut f = values(Scale::Millions, "27.6", Some("9.5"));
        f.stated_change_pct = Some(d("200"));
        assert_eq!(compute(&f).unwrap().stated_change_mismatch, Some(true));
        // A percentage stated from a zero base is a mismatch.
        let mut f = values(Scale::Units, "10", Some("0"));
        f.stated_change_pct = Some(d("100"));
        assert_eq!(compute(&f).unwrap().stated_change_mismatch, Some(true));
    }

    #[test]
    fn shares_need_a_total() {
        // Lombardy: 56 % of Italy's aerospace exports to Switzerland (illustrative total).
        let mut f = values(Scale::Millions, "27.6", None);
        f.total_value = Some(d("49.286"));
        assert_eq!(
            text(compute(&f).unwrap().share_pct).as_deref(),
            Some("56.00")
        );
        f.total_value = Some(d("27.6"));
        assert_eq!(
            text(compute(&f).unwrap().share_pct).as_deref(),
            Some("100.00")
        );
        f.total_value = None;
        assert_eq!(compute(&f).unwrap().share_pct, None);
    }

    #[test]
    fn numbers_outside_the_exact_range_are_refused_not_rounded() {
        let f = values(Scale::Units, "0.0001", None);
        assert_eq!(compute(&f), Err(TooLarge));
        let f = FigureValues {
            value: Decimal::MAX,
            ..values(Scale::Millions, "1", Some("1"))
        };
        assert_eq!(compute(&f), Err(TooLarge));
        let mut f = values(Scale::Millions, "999999999999999", Some("1"));
        f.stated_change_pct = Some(Decimal::from_i128_with_scale(1, 28));
        assert_eq!(compute(&f), Err(TooLarge));
    }

    #[test]
    fn amounts_parse_strictly_into_canonical_decimals() {
        for (input, canonical) in [
            ("15810575", "15810575"),
            ("+3332674", "3332674"),
            ("-78436", "-78436"),
            ("27.6", "27.6"),
            ("027.600", "27.6"),
            ("-0", "0"),
            ("0.000", "0"),
            ("999999999999999.999", "999999999999999.999"),
        ] {
            assert_eq!(
                parse_amount(input).unwrap().to_string(),
                canonical,
                "{input}"
            );
        }
        for bad in [
            "", "-", "1,5", "1.", ".5", "1e6", " 1", "1 ", "0x10", "NaN", "--1", "1.2.3", "١٢",
        ] {
            assert!(
                parse_amount(bad).unwrap_err().contains("decimal number"),
                "{bad:?}"
            );
        }
        assert!(
            parse_amount("1000000000000000")
                .unwrap_err()
                .contains("15 digits")
        );
        assert!(parse_amount("0.0001").unwrap_err().contains("3 digits"));
        assert_eq!(parse_amount("0.100").unwrap().to_string(), "0.1");
        assert!(
            parse_amount("0.1000").is_err(),
            "the published pattern, as written"
        );
        assert!(parse_amount("0000000000000001").is_err());
        assert_eq!(parse_percentage("+151").unwrap().to_string(), "151");
        assert!(parse_percentage("12.345").is_err());
    }

    #[test]
    fn area_codes_of_the_article() {
        assert_eq!(area_kind("CH"), Some(AreaKind::Country));
        assert_eq!(area_kind("IT"), Some(AreaKind::Country));
        assert_eq!(area_kind("IT-25"), Some(AreaKind::Region));
        assert_eq!(area_kind("IT-VA"), Some(AreaKind::Region));
        assert_eq!(area_kind("CH-NW"), Some(AreaKind::Region));
        assert_eq!(area_kind("ITC4"), Some(AreaKind::Nuts));
        assert_eq!(area_kind("ITC41"), Some(AreaKind::Nuts));
        assert_eq!(area_kind("CH06"), Some(AreaKind::Nuts));
        assert_eq!(area_kind("EL30"), Some(AreaKind::Nuts));
        for bad in [
            "",
            "C",
            "ch",
            "XX",
            "IT-99",
            "Lombardia",
            "ITC411",
            "XXC41",
            "itc41",
            "IT-",
            "Ü1",
        ] {
            assert_eq!(area_kind(bad), None, "{bad}");
        }
    }

    #[test]
    fn product_currency_and_hs_codes() {
        assert!(is_hs_code("88"));
        assert!(is_hs_code("8802"));
        assert!(is_hs_code("880240"));
        assert!(!is_hs_code("8"));
        assert!(!is_hs_code("880"));
        assert!(!is_hs_code("88a"));
        assert!(is_currency("EUR"));
        assert!(is_currency("CHF"));
        assert!(is_currency("HRK"), "superseded, but old figures use it");
        assert!(!is_currency("eur"));
        assert!(!is_currency("EURO"));
        assert!(!is_currency("ABC"));
        assert!(!is_currency("XXX"));
        assert!(!is_currency("XAU"));
        assert_eq!(product_key("  Aircraft   parts "), "aircraft parts");
        assert_eq!(product_key("Aéronefs"), "aeronefs");
    }

    #[test]
    fn months_and_periods() {
        let m = |s: &str| Month::parse(s).unwrap();
        assert_eq!(m("2017-09").to_string(), "2017-09");
        for bad in [
            "2017-9",
            "2017-13",
            "2017-00",
            "17-09",
            "2017/09",
            "1899-12",
            "2017-09-01",
            "２０１７-09",
        ] {
            assert!(Month::parse(bad).is_none(), "{bad}");
        }
        let jan_sep_2017 = Period::new(m("2017-01"), m("2017-09")).unwrap();
        let jan_sep_2016 = Period::new(m("2016-01"), m("2016-09")).unwrap();
        assert_eq!(jan_sep_2017.months(), 9);
        assert_eq!(Period::new(m("2016-11"), m("2017-02")).unwrap().months(), 4);
        assert!(Period::new(m("2017-09"), m("2017-01")).is_none());
        assert!(!jan_sep_2017.overlaps(&jan_sep_2016));
        assert!(jan_sep_2017.overlaps(&Period::new(m("2016-06"), m("2017-01")).unwrap()));
        assert!(m("2016-12") < m("2017-01"));
    }

    fn draft(flow: Flow) -> FigureDraft<'static> {
        FigureDraft {
            reporter_area: "IT-25",
            partner_area: "CH",
            product: "aircraft",
            hs_code: Some("88"),
            flow,
            period_start: Month::parse("2017-01").unwrap(),
            period_end: Month::parse("2017-09").unwrap(),
            comparison_period_start: Month::parse("2016-01"),
            comparison_period_end: Month::parse("2016-09"),
            currency: "EUR",
            values: values(Scale::Units, "15810575", Some("3332674")),
        }
    }

    fn fields(errors: Vec<(&'static str, String)>) -> Vec<&'static str> {
        errors.into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn figure_rules() {
        assert!(check_figure(&draft(Flow::Balance)).is_empty());
        let mut f = draft(Flow::Balance);
        f.period_end = Month::parse("2016-12").unwrap();
        assert_eq!(fields(check_figure(&f)), ["period_end"]);
        let mut f = draft(Flow::Balance);
        f.comparison_period_end = Month::parse("2016-06");
        assert_eq!(fields(check_figure(&f)), ["comparison_period_end"]);
        let mut f = draft(Flow::Balance);
        f.comparison_period_end = Month::parse("2015-12");
        assert_eq!(fields(check_figure(&f)), ["comparison_period_end"]);
        let mut f = draft(Flow::Balance);
        f.comparison_period_start = Month::parse("2016-06");
        f.comparison_period_end = Month::parse("2017-02");
        assert_eq!(
            fields(check_figure(&f)),
            ["comparison_period_start"],
            "overlap"
        );
        let mut f = draft(Flow::Balance);
        f.comparison_period_start = None;
        f.comparison_period_end = None;
        assert_eq!(
            fields(check_figure(&f)),
            ["comparison_period_start"],
            "a value needs its period"
        );
        f.values.comparison_value = None;
        assert!(check_figure(&f).is_empty(), "no comparison at all is fine");
        let mut f = draft(Flow::Balance);
        f.comparison_period_end = None;
        assert_eq!(fields(check_figure(&f)), ["comparison_period_end"]);
        let mut f = draft(Flow::Balance);
        f.reporter_area = "Lombardia";
        f.partner_area = "XX";
        f.hs_code = Some("8");
        f.currency = "EURO";
        assert_eq!(
            fields(check_figure(&f)),
            ["reporter_area", "partner_area", "hs_code", "currency"]
        );
        let mut f = draft(Flow::Balance);
        f.partner_area = "IT-25";
        assert_eq!(fields(check_figure(&f)), ["partner_area"]);
        let mut f = draft(Flow::Balance);
        f.product = "  ";
        assert_eq!(fields(check_figure(&f)), ["product"]);
    }

    #[test]
    fn signs_and_totals_depend_on_the_flow() {
        let mut f = draft(Flow::Export);
        f.values = values(Scale::Units, "-5", Some("-1"));
        assert_eq!(fields(check_figure(&f)), ["value", "comparison_value"]);
        let mut f = draft(Flow::Balance);
        f.values = values(Scale::Units, "-5", Some("-1"));
        assert!(check_figure(&f).is_empty());
        let mut f = draft(Flow::Balance);
        f.values.total_value = Some(d("100000000"));
        assert_eq!(fields(check_figure(&f)), ["total_value"]);
        let mut f = draft(Flow::Import);
        f.values.total_value = Some(d("100"));
        assert_eq!(
            fields(check_figure(&f)),
            ["total_value"],
            "smaller than the value"
        );
        f.values.total_value = Some(d("0"));
        assert_eq!(fields(check_figure(&f)), ["total_value"]);
        f.values.total_value = Some(d("20000000"));
        assert!(check_figure(&f).is_empty());
    }

    #[test]
    fn series_take_mirrored_figures_from_the_partner_side() {
        let want = ("IT-25", "CH", Flow::Export);
        assert_eq!(
            orient(("IT-25", "CH", Flow::Export), want),
            Some((Orientation::AsReported, false))
        );
        assert_eq!(
            orient(("CH", "IT-25", Flow::Import), want),
            Some((Orientation::Mirrored, false))
        );
        assert_eq!(orient(("CH", "IT-25", Flow::Export), want), None);
        assert_eq!(orient(("IT-25", "CH", Flow::Import), want), None);
        assert_eq!(orient(("IT-VA", "CH", Flow::Export), want), None);
        let want = ("IT-25", "CH", Flow::Balance);
        assert_eq!(
            orient(("CH", "IT-25", Flow::Balance), want),
            Some((Orientation::Mirrored, true))
        );
        assert_eq!(
            orient(("IT-25", "CH", Flow::Balance), want),
            Some((Orientation::AsReported, false))
        );
    }

    /// The one place that builds a caller (its fields are the access module's business).
    fn principal(grants: Vec<super::super::access::Grant>) -> Principal {
        Principal::user(Uuid::now_v7(), grants)
    }

    #[test]
    fn drafts_are_for_managers_and_notes_are_written_by_managers_of_every_linked_cluster() {
        use super::super::access::{Grant, Role, Scope};
        let (lombardy, swiss) = (Uuid::now_v7(), Uuid::now_v7());
        let manager = |c| {
            principal(vec![Grant {
                role: Role::ClusterManager,
                scope: Scope::Cluster(c),
            }])
        };
        let (paola, roland) = (manager(lombardy), manager(swiss));
        let nobody = principal(vec![]);
        let admin = principal(vec![Grant {
            role: Role::Admin,
            scope: Scope::Platform,
        }]);
        let draft = NoteParties {
            clusters: vec![lombardy, swiss],
            status: NoteStatus::Draft,
        };
        assert!(draft.can_view(&paola) && draft.can_view(&roland) && draft.can_view(&admin));
        assert!(!draft.can_view(&nobody));
        assert!(
            !draft.can_edit(&paola),
            "Paola does not speak for the Swiss cluster"
        );
        assert!(draft.can_edit(&admin));
        let published = NoteParties {
            status: NoteStatus::Published,
            ..draft
        };
        assert!(published.can_view(&nobody));
        assert!(can_write_for(&paola, &[lombardy]));
        assert!(!can_write_for(&paola, &[]));
        assert!(!can_write_for(&nobody, &[lombardy]));
    }
}
