//! A note and its figures as clients send them (`TradeNoteInput`, `FigureInput`, with exact
//! amounts written as JSON strings), the rules across their fields, and what they become in
//! their stored form. The HTTP layer reads them from request bodies; the demo builds them
//! from its own data.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::NoteChange;
use crate::domain::format;
use crate::domain::text::{trimmed, trimmed_opt};
use crate::domain::trade::{
    self, FigureDraft, FigureValues, Flow, Month, NoteStatus, Scale, check_figure, product_key,
};
use crate::error::{AppError, AppResult, FieldError};
use crate::store::trade_notes::{FigureData, NoteData};

/// An exact amount, written as a JSON string (`"15810575"`, `"-78436"`, `"27.6"`): JSON
/// numbers are refused, since many clients parse them as binary floating point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount(pub Decimal);

/// A percentage as a source states it, written as a JSON string (`"151"`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Percentage(pub Decimal);

struct DecimalVisitor {
    parse: fn(&str) -> Result<Decimal, String>,
    example: &'static str,
}

impl serde::de::Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "a decimal number written as a string, such as {}",
            self.example
        )
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
        (self.parse)(v).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        d.deserialize_str(DecimalVisitor {
            parse: trade::parse_amount,
            example: "\"27.6\"",
        })
        .map(Amount)
    }
}

impl<'de> Deserialize<'de> for Percentage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Percentage, D::Error> {
        d.deserialize_str(DecimalVisitor {
            parse: trade::parse_percentage,
            example: "\"151\"",
        })
        .map(Percentage)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl Serialize for Percentage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// For keys the contract requires although their value may be `null` (serde would take a
/// missing `Option` as `null`): a figure without a comparison says so explicitly.
fn required_nullable<'de, T, D>(de: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(de)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Who published the figures (a statistics office, a newspaper, a chamber of commerce).
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200)]
    pub publisher: String,
    #[serde(default)]
    #[validate(length(max = 500), custom(function = "format::validate_http_url"))]
    #[schema(max_length = 500, format = Uri)]
    pub url: Option<String>,
    /// Publication date.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// One figure as a source prints it.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "reporter_area": "IT-25", "reporter_area_name": "Lombardia",
    "partner_area": "CH", "product": "aircraft", "hs_code": "88", "flow": "balance",
    "period_start": "2017-01", "period_end": "2017-09",
    "comparison_period_start": "2016-01", "comparison_period_end": "2016-09",
    "value": "15810575", "comparison_value": "3332674", "currency": "EUR", "scale": "units",
    "stated_change_pct": "151"
}))]
pub struct FigureInput {
    /// Whose statistics these are: an ISO 3166-1 country (`CH`), an ISO 3166-2 region
    /// (`IT-25` Lombardy, `IT-VA` Varese) or a NUTS code (`ITC41`).
    #[schema(pattern = "^[A-Z]{2}(-?[A-Z0-9]{1,3})?$", example = "IT-25")]
    pub reporter_area: String,
    /// How the source names the area, when the code alone would not say it (`Provincia di
    /// Varese`).
    #[serde(default)]
    #[validate(length(max = 100), custom(function = "format::validate_single_line"))]
    #[schema(max_length = 100)]
    pub reporter_area_name: Option<String>,
    /// The other side of the trade, coded like `reporter_area`.
    #[schema(pattern = "^[A-Z]{2}(-?[A-Z0-9]{1,3})?$", example = "CH")]
    pub partner_area: String,
    #[serde(default)]
    #[validate(length(max = 100), custom(function = "format::validate_single_line"))]
    #[schema(max_length = 100)]
    pub partner_area_name: Option<String>,
    /// Product or sector as the source names it; matched without regard to case or accents.
    #[validate(
        length(min = 1, max = 200),
        custom(function = "format::validate_single_line")
    )]
    #[schema(min_length = 1, max_length = 200, example = "aircraft")]
    pub product: String,
    /// Harmonized System chapter, heading or subheading (`88`: aircraft, spacecraft).
    #[serde(default)]
    #[schema(pattern = "^[0-9]{2}([0-9]{2}){0,2}$", example = "88")]
    pub hs_code: Option<String>,
    pub flow: Flow,
    /// First month of the period, `YYYY-MM`.
    #[schema(value_type = String, pattern = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$", example = "2017-01")]
    pub period_start: Month,
    /// Last month of the period (included); not before `period_start`.
    #[schema(value_type = String, pattern = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$", example = "2017-09")]
    pub period_end: Month,
    /// The period the change is measured against: as long as the period, not overlapping
    /// it; `null` (required) when the source gives none.
    #[serde(deserialize_with = "required_nullable")]
    #[schema(value_type = Option<String>, required = true, pattern = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$", example = "2016-01")]
    pub comparison_period_start: Option<Month>,
    #[serde(deserialize_with = "required_nullable")]
    #[schema(value_type = Option<String>, required = true, pattern = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$", example = "2016-09")]
    pub comparison_period_end: Option<Month>,
    /// Exact decimal as a string, in `scale`: at most 15 digits before the point and 3
    /// after. Exports and imports are never negative; a balance may be.
    #[schema(value_type = String, pattern = "^[+-]?[0-9]{1,15}([.][0-9]{1,3})?$", example = "15810575")]
    pub value: Amount,
    /// The value of the comparison period, in `comparison_scale`; `null` (required) when the
    /// source gives none (the change is then null with `no_comparison`).
    #[serde(deserialize_with = "required_nullable")]
    #[schema(value_type = Option<String>, required = true, pattern = "^[+-]?[0-9]{1,15}([.][0-9]{1,3})?$", example = "3332674")]
    pub comparison_value: Option<Amount>,
    /// ISO 4217.
    #[schema(pattern = "^[A-Z]{3}$", example = "EUR")]
    pub currency: String,
    /// The unit of `value` and `total_value`.
    pub scale: Scale,
    /// The unit of `comparison_value` when the source prints it in another one (Varese's 2016
    /// balance is printed in thousands, its 2017 balance in euros); defaults to `scale`.
    #[serde(default)]
    pub comparison_scale: Option<Scale>,
    /// The percentage change the source states, checked against the computed one.
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = "^[+-]?[0-9]{1,9}([.][0-9]{1,2})?$", example = "151")]
    pub stated_change_pct: Option<Percentage>,
    /// The whole `value` is part of (in `scale`), for `share_pct`: Italy's exports when
    /// `value` is Lombardy's. Exports and imports only.
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = "^[+-]?[0-9]{1,15}([.][0-9]{1,3})?$")]
    pub total_value: Option<Amount>,
}

impl FigureInput {
    fn values(&self) -> FigureValues {
        FigureValues {
            scale: self.scale,
            comparison_scale: self.comparison_scale.unwrap_or(self.scale),
            value: self.value.0,
            comparison_value: self.comparison_value.map(|a| a.0),
            stated_change_pct: self.stated_change_pct.map(|p| p.0),
            total_value: self.total_value.map(|a| a.0),
        }
    }

    pub fn check(&self) -> Vec<(&'static str, String)> {
        check_figure(&FigureDraft {
            reporter_area: &self.reporter_area,
            partner_area: &self.partner_area,
            product: &self.product,
            hs_code: self.hs_code.as_deref(),
            flow: self.flow,
            period_start: self.period_start,
            period_end: self.period_end,
            comparison_period_start: self.comparison_period_start,
            comparison_period_end: self.comparison_period_end,
            currency: &self.currency,
            values: self.values(),
        })
    }

    pub fn to_data(&self) -> FigureData {
        let text = |d: Decimal| d.normalize().to_string();
        let product = self
            .product
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        FigureData {
            reporter_area: self.reporter_area.clone(),
            reporter_area_name: trimmed_opt(self.reporter_area_name.clone()),
            partner_area: self.partner_area.clone(),
            partner_area_name: trimmed_opt(self.partner_area_name.clone()),
            product_key: product_key(&product),
            product,
            hs_code: self.hs_code.clone(),
            flow: self.flow,
            period_start: self.period_start.to_string(),
            period_end: self.period_end.to_string(),
            comparison_period_start: self.comparison_period_start.map(|m| m.to_string()),
            comparison_period_end: self.comparison_period_end.map(|m| m.to_string()),
            value: text(self.value.0),
            comparison_value: self.comparison_value.map(|a| text(a.0)),
            currency: self.currency.clone(),
            scale: self.scale,
            comparison_scale: self.comparison_scale.unwrap_or(self.scale),
            stated_change_pct: self.stated_change_pct.map(|p| text(p.0)),
            total_value: self.total_value.map(|a| text(a.0)),
        }
    }
}

fn draft_status() -> NoteStatus {
    NoteStatus::Draft
}

/// A note as clients send it, for `POST` and `PUT`.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TradeNoteInput {
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// Markdown.
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub narrative: String,
    #[validate(nested)]
    pub source: Source,
    /// ISO 639-1.
    #[validate(custom(function = "format::validate_language"))]
    #[schema(pattern = "^[a-z]{2}$", example = "it")]
    pub language: String,
    /// At least one; the caller must manage every one of them.
    #[validate(length(min = 1, max = 20))]
    #[schema(min_items = 1, max_items = 20)]
    pub cluster_ids: Vec<Uuid>,
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub event_ids: Vec<Uuid>,
    /// `draft` (the default) or `published`.
    #[serde(default = "draft_status")]
    pub status: NoteStatus,
    /// Replaced as a whole on every write.
    #[validate(length(min = 1, max = 100), nested)]
    #[schema(min_items = 1, max_items = 100)]
    pub figures: Vec<FigureInput>,
}

fn duplicates(field: &str, ids: &[Uuid], errors: &mut Vec<FieldError>) {
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            errors.push(FieldError::new(format!("{field}[{i}]"), "is listed twice"));
        }
    }
}

impl TradeNoteInput {
    /// The rules across fields and of every figure, with the figure's path in each error.
    pub fn check(&self) -> AppResult<()> {
        let errors = self.rule_errors();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(errors))
        }
    }

    fn rule_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        duplicates("cluster_ids", &self.cluster_ids, &mut errors);
        duplicates("event_ids", &self.event_ids, &mut errors);
        for (i, figure) in self.figures.iter().enumerate() {
            errors.extend(
                figure.check().into_iter().map(|(field, message)| {
                    FieldError::new(format!("figures[{i}].{field}"), message)
                }),
            );
        }
        errors
    }

    /// What the note becomes, in its stored form, with the rules it breaks.
    pub fn to_change(&self) -> NoteChange {
        NoteChange::new(
            self.data(),
            self.cluster_ids.clone(),
            self.event_ids.clone(),
            self.figures.iter().map(FigureInput::to_data).collect(),
            self.rule_errors(),
        )
    }

    pub fn data(&self) -> NoteData {
        NoteData {
            title: trimmed(self.title.clone()),
            narrative: self.narrative.trim().to_owned(),
            source_publisher: trimmed(self.source.publisher.clone()),
            source_url: self
                .source
                .url
                .as_deref()
                .map(crate::domain::format::normalize_http_url),
            source_date: self.source.date,
            language: self.language.clone(),
            status: self.status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The patterns the contract publishes are the ones the parsers implement.
    #[test]
    fn published_patterns_are_the_domain_rules() {
        let schema =
            serde_json::to_value(<FigureInput as utoipa::PartialSchema>::schema()).unwrap();
        let pattern = |field: &str| {
            let p = &schema["properties"][field];
            p["pattern"]
                .as_str()
                .or_else(|| p["oneOf"][0]["pattern"].as_str())
                .unwrap_or_else(|| panic!("{field}: {p}"))
                .to_owned()
        };
        assert_eq!(pattern("reporter_area"), trade::AREA_PATTERN);
        assert_eq!(pattern("partner_area"), trade::AREA_PATTERN);
        assert_eq!(pattern("hs_code"), trade::HS_CODE_PATTERN);
        assert_eq!(pattern("period_start"), trade::MONTH_PATTERN);
        assert_eq!(pattern("comparison_period_end"), trade::MONTH_PATTERN);
        assert_eq!(pattern("value"), trade::AMOUNT_PATTERN);
        assert_eq!(pattern("comparison_value"), trade::AMOUNT_PATTERN);
        assert_eq!(pattern("total_value"), trade::AMOUNT_PATTERN);
        assert_eq!(pattern("stated_change_pct"), trade::PERCENTAGE_PATTERN);
        assert_eq!(pattern("currency"), trade::CURRENCY_PATTERN);
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        for field in [
            "comparison_period_start",
            "comparison_period_end",
            "comparison_value",
        ] {
            assert!(required.contains(&field), "{field} is required (nullable)");
        }
        assert!(!required.contains(&"stated_change_pct"));
    }

    #[test]
    fn amounts_are_strings_never_json_numbers() {
        let ok: Amount = serde_json::from_str("\"027.60\"").unwrap();
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"27.6\"");
        let e = serde_json::from_str::<Amount>("27.6")
            .unwrap_err()
            .to_string();
        assert!(e.contains("written as a string"), "{e}");
        let e = serde_json::from_str::<Percentage>("\"1e3\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("decimal number"), "{e}");
    }
}
