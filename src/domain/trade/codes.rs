//! Area, product (Harmonized System) and currency codes, and the folded product key.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::geo;

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
    crate::domain::text::fold(&label.split_whitespace().collect::<Vec<_>>().join(" "))
}
