//! The figures as clients send them (`FigureInput`, with exact amounts written as JSON
//! strings) and as the service shows them (`Figure`, built from the stored rows).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;
use validator::Validate;

use super::super::trimmed_opt;
use crate::domain::format;
use crate::domain::trade::{
    self, FigureDraft, FigureValues, Flow, Month, Scale, area_kind, check_figure, product_key,
};
use crate::error::{AppError, AppResult};
use crate::store::stored_uuid;
use crate::store::trade_notes::{FigureData, FigureRow, NoteRow};

pub use crate::export::figures::{ComputedFigures, Figure, TradeFigure};

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

    pub(super) fn check(&self) -> Vec<(&'static str, String)> {
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

    pub(crate) fn to_data(&self) -> FigureData {
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
            id: stored_uuid(&r.id)?,
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
            note_id: stored_uuid(&note.id)?,
            note_status: note.status,
            note_title: note.title,
            source_publisher: note.source_publisher,
            source_url: note.source_url,
            figure: Figure::from_row(figure)?,
        })
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
