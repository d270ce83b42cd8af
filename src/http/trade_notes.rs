//! `/trade-notes`: trade-statistics notes — raw figures with their units and periods, from
//! which the service computes changes, ratios and shares itself — with filters, a time
//! series per area pair, product and flow, and a CSV export of the figures.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::Stream;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::{IfMatch, ValidJson, ValidQuery};
use super::negotiate::{Format, negotiate};
use super::respond::{self, Page, PageRequest};
use super::{trimmed, trimmed_opt};
use crate::AppState;
use crate::domain::access::{Principal, require};
use crate::domain::format;
use crate::domain::trade::{
    self, AreaKind, FigureDraft, FigureValues, Flow, Month, NoteStatus, NullReason, Orientation,
    Scale, area_kind, can_write_for, check_figure, orient, product_key,
};
use crate::error::{AppError, AppResult, FieldError};
use crate::store::trade_notes::{
    self as store, FigureData, FigureFilter, FigureRow, NoteContent, NoteData, NoteFilter,
    NoteRecord, NoteRow,
};
use crate::store::{Db, DbConn, stored_uuid};

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

    fn check(&self) -> Vec<(&'static str, String)> {
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
            flow: self.flow.as_str().to_owned(),
            period_start: self.period_start.to_string(),
            period_end: self.period_end.to_string(),
            comparison_period_start: self.comparison_period_start.map(|m| m.to_string()),
            comparison_period_end: self.comparison_period_end.map(|m| m.to_string()),
            value: text(self.value.0),
            comparison_value: self.comparison_value.map(|a| text(a.0)),
            currency: self.currency.clone(),
            scale: self.scale.as_str().to_owned(),
            comparison_scale: self
                .comparison_scale
                .unwrap_or(self.scale)
                .as_str()
                .to_owned(),
            stated_change_pct: self.stated_change_pct.map(|p| text(p.0)),
            total_value: self.total_value.map(|a| text(a.0)),
        }
    }

    fn from_figure(f: Figure) -> FigureInput {
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

fn stored<T>(what: &str, value: Option<T>) -> AppResult<T> {
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
            scale: stored("scale", Scale::parse(&r.scale))?,
            comparison_scale: stored("comparison scale", Scale::parse(&r.comparison_scale))?,
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
            flow: stored("flow", Flow::parse(&r.flow))?,
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
            computed: ComputedFigures {
                value_base: c.value_base,
                comparison_value_base: c.comparison_value_base,
                change_abs: c.change_abs,
                change_pct: c.change_pct,
                change_pct_null_reason: c.change_pct_null_reason,
                ratio: c.ratio,
                share_pct: c.share_pct,
                stated_change_mismatch: c.stated_change_mismatch,
            },
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TradeNote {
    pub id: Uuid,
    pub title: String,
    /// Markdown.
    pub narrative: String,
    pub source: Source,
    /// ISO 639-1 language of the title and narrative.
    pub language: String,
    /// The clusters the note speaks for: their managers write it.
    pub cluster_ids: Vec<Uuid>,
    /// Cluster2Cluster days the note supports.
    pub event_ids: Vec<Uuid>,
    pub status: NoteStatus,
    /// Who wrote it; `null` for data the service made itself (the demo).
    pub author_id: Option<Uuid>,
    pub figures: Vec<Figure>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TradeNote {
    pub fn from_record(rec: NoteRecord) -> AppResult<TradeNote> {
        let status = rec.row.status()?;
        let r = rec.row;
        Ok(TradeNote {
            id: stored_uuid(&r.id)?,
            author_id: r.author_user_id.as_deref().map(stored_uuid).transpose()?,
            title: r.title,
            narrative: r.narrative,
            source: Source {
                publisher: r.source_publisher,
                url: r.source_url,
                date: r.source_date,
            },
            language: r.language,
            cluster_ids: rec.clusters,
            event_ids: rec.events,
            status,
            figures: rec
                .figures
                .into_iter()
                .map(Figure::from_row)
                .collect::<AppResult<_>>()?,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        })
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
    pub(crate) fn check(&self) -> AppResult<()> {
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
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(errors))
        }
    }

    pub(crate) fn data(&self) -> NoteData {
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
            status: self.status.as_str().to_owned(),
        }
    }

    fn from_note(n: TradeNote) -> TradeNoteInput {
        TradeNoteInput {
            title: n.title,
            narrative: n.narrative,
            source: n.source,
            language: n.language,
            cluster_ids: n.cluster_ids,
            event_ids: n.event_ids,
            status: n.status,
            figures: n
                .figures
                .into_iter()
                .map(FigureInput::from_figure)
                .collect(),
        }
    }
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TradeNotePatch {
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub narrative: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub source: Option<Source>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub language: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub cluster_ids: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub event_ids: Option<Vec<Uuid>>,
    /// `published` to publish a draft, `draft` to take it back.
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub status: Option<NoteStatus>,
    /// The whole new list of figures.
    #[serde(default, deserialize_with = "super::present")]
    #[schema(nullable = false)]
    pub figures: Option<Vec<FigureInput>>,
}

impl TradeNotePatch {
    fn apply(self, mut base: TradeNoteInput) -> TradeNoteInput {
        super::apply_patch!(self, base;
            title,
            narrative,
            source,
            language,
            cluster_ids,
            event_ids,
            status,
            figures
        );
        base
    }
}

/// The note if the caller may see it: drafts are "not found" for anybody but the managers
/// of its clusters.
pub fn visible_note(conn: &mut DbConn, caller: &Principal, id: Uuid) -> AppResult<NoteRecord> {
    let record = store::get(conn, id)?;
    if record.parties()?.can_view(caller) {
        Ok(record)
    } else {
        Err(AppError::NotFound(format!("no trade note with id {id}")))
    }
}

/// The linked clusters exist, and the events newly linked are ones the caller can see.
fn check_references(
    conn: &mut DbConn,
    caller: &Principal,
    input: &TradeNoteInput,
    already_linked: &[Uuid],
) -> AppResult<()> {
    let mut errors = Vec::new();
    for (i, cluster) in input.cluster_ids.iter().enumerate() {
        if !crate::store::clusters::exists(conn, *cluster)? {
            errors.push(FieldError::new(
                format!("cluster_ids[{i}]"),
                format!("no cluster with id {cluster}"),
            ));
        }
    }
    for (i, event) in input.event_ids.iter().enumerate() {
        if !already_linked.contains(event)
            && crate::http::events::visible_event(conn, caller, *event).is_err()
        {
            errors.push(FieldError::new(
                format!("event_ids[{i}]"),
                format!("no event with id {event}"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Filters shared by the note list, the figure list and its CSV export.
#[derive(Debug, Default)]
struct FilterParams {
    reporter_area: Option<String>,
    partner_area: Option<String>,
    product: Option<String>,
    hs_code: Option<String>,
    flow: Option<Flow>,
    from: Option<Month>,
    to: Option<Month>,
    cluster_id: Option<Uuid>,
    event_id: Option<Uuid>,
    status: Option<NoteStatus>,
}

fn area_param(name: &str, code: Option<String>) -> AppResult<Option<String>> {
    match code {
        Some(c) if area_kind(&c).is_none() => Err(AppError::bad_field(
            name,
            "must be an ISO 3166-1 country (CH), an ISO 3166-2 region (IT-25) or a NUTS code (ITC41)",
        )),
        other => Ok(other),
    }
}

fn product_params(
    product: Option<String>,
    hs_code: Option<String>,
) -> AppResult<(Option<String>, Option<String>)> {
    if hs_code.as_deref().is_some_and(|c| !trade::is_hs_code(c)) {
        return Err(AppError::bad_field(
            "hs_code",
            "must be a Harmonized System code of 2, 4 or 6 digits",
        ));
    }
    let key = product.map(|p| product_key(&p)).filter(|k| !k.is_empty());
    Ok((key, hs_code))
}

impl FilterParams {
    fn into_filter(self, caller: &Principal) -> AppResult<NoteFilter> {
        if let (Some(from), Some(to)) = (self.from, self.to)
            && to < from
        {
            return Err(AppError::bad_field("to", "must not be before from"));
        }
        let (product_key, hs_code) = product_params(self.product, self.hs_code)?;
        Ok(NoteFilter {
            visible_drafts_of: (!caller.is_admin()).then(|| caller.managed_clusters()),
            status: self.status,
            cluster_id: self.cluster_id,
            event_id: self.event_id,
            figures: FigureFilter {
                area: area_param("reporter_area", self.reporter_area)?,
                other_area: area_param("partner_area", self.partner_area)?,
                product_key,
                hs_code,
                flows: self.flow.map(|f| vec![f]),
                currency: None,
                from: self.from,
                to: self.to,
            },
        })
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TradeNoteListQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Notes linked to this cluster.
    pub cluster_id: Option<Uuid>,
    /// Notes supporting this event.
    pub event_id: Option<Uuid>,
    pub status: Option<NoteStatus>,
    /// Notes with a figure between this area and `partner_area`, in either direction (with
    /// `reporter_area` alone: on either side).
    #[param(pattern = "^[A-Z]{2}(-?[A-Z0-9]{1,3})?$", example = "IT-25")]
    pub reporter_area: Option<String>,
    #[param(pattern = "^[A-Z]{2}(-?[A-Z0-9]{1,3})?$", example = "CH")]
    pub partner_area: Option<String>,
    /// Product label, without regard to case or accents.
    pub product: Option<String>,
    /// HS code or its prefix: `88` also finds `8802`.
    #[param(pattern = "^[0-9]{2}([0-9]{2}){0,2}$")]
    pub hs_code: Option<String>,
    pub flow: Option<Flow>,
    /// Figures whose period ends in or after this month.
    #[param(value_type = Option<String>, pattern = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$", example = "2017-01")]
    pub from: Option<Month>,
    /// Figures whose period starts in or before this month.
    #[param(value_type = Option<String>, pattern = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$", example = "2017-12")]
    pub to: Option<Month>,
}

/// List the notes the caller may see (published ones, and drafts of the clusters they
/// manage), oldest first. Figure filters select notes with at least one matching figure;
/// the notes come with all their figures.
#[utoipa::path(
    tag = "trade-notes",
    params(TradeNoteListQuery),
    responses((status = 200, description = "A page of notes", body = Page<TradeNote>, headers(("ETag" = String), ("Link" = String, description = "rel=\"next\" when there is a next page")))),
    security(("bearer" = []))
)]
#[get("/trade-notes")]
pub async fn list_trade_notes(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<TradeNoteListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let filter = FilterParams {
        reporter_area: q.reporter_area,
        partner_area: q.partner_area,
        product: q.product,
        hs_code: q.hs_code,
        flow: q.flow,
        from: q.from,
        to: q.to,
        cluster_id: q.cluster_id,
        event_id: q.event_id,
        status: q.status,
    }
    .into_filter(&caller)?;
    let fetch = page.clone();
    let rows = state
        .db
        .run(move |conn| {
            Ok(store::list(
                conn,
                &filter,
                fetch.after(),
                fetch.fetch_limit(),
            )?)
        })
        .await?;
    let page = Page::from_rows(rows, &page, |r| r.row.id.clone(), TradeNote::from_record)?;
    respond::page(&req, &page)
}

/// Record a note with its figures (managers of every linked cluster, admins). Note, links
/// and figures are written in one transaction.
#[utoipa::path(
    tag = "trade-notes",
    request_body = TradeNoteInput,
    responses(
        (status = 201, description = "Created, with the computed figures", body = TradeNote, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not a manager of every linked cluster"),
    ),
    security(("bearer" = []))
)]
#[post("/trade-notes")]
pub async fn create_trade_note(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    body: ValidJson<TradeNoteInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    require(
        can_write_for(&caller, &input.cluster_ids),
        "write trade notes for these clusters (managers of every linked cluster do)",
    )?;
    input.check()?;
    let record = state
        .db
        .write(move |conn| {
            check_references(conn, &caller, &input, &[])?;
            let figures: Vec<FigureData> = input.figures.iter().map(FigureInput::to_data).collect();
            Ok(store::insert(
                conn,
                NoteContent {
                    data: &input.data(),
                    clusters: &input.cluster_ids,
                    events: &input.event_ids,
                    figures: &figures,
                },
                Some(caller.user_id),
            )?)
        })
        .await?;
    let note = TradeNote::from_record(record)?;
    respond::created(&req, format!("/api/v1/trade-notes/{}", note.id), &note)
}

/// Get one note with its figures and what the service computed on them.
#[utoipa::path(
    tag = "trade-notes",
    params(("id" = Uuid, Path, description = "Note id")),
    responses((status = 200, description = "The note", body = TradeNote, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[get("/trade-notes/{id}")]
pub async fn get_trade_note(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let record = state
        .db
        .run(move |conn| visible_note(conn, &caller, id))
        .await?;
    respond::ok(&req, &TradeNote::from_record(record)?)
}

async fn update(
    state: &AppState,
    caller: Principal,
    id: Uuid,
    if_match: IfMatch,
    change: impl FnOnce(TradeNoteInput) -> TradeNoteInput + Send + 'static,
) -> AppResult<TradeNote> {
    let record = state
        .db
        .write(move |conn| {
            crate::store::lock_for_update(conn, "trade_notes", &id.to_string())?;
            let current = visible_note(conn, &caller, id)?;
            require(
                current.parties()?.can_edit(&caller),
                "edit this trade note (managers of every linked cluster do)",
            )?;
            let note = TradeNote::from_record(current.clone())?;
            if_match.check(&respond::etag_of(&note)?)?;
            let input = change(TradeNoteInput::from_note(note));
            input.validate()?;
            require(
                can_write_for(&caller, &input.cluster_ids),
                "link a trade note to clusters you do not manage",
            )?;
            input.check()?;
            check_references(conn, &caller, &input, &current.events)?;
            let figures: Vec<FigureData> = input.figures.iter().map(FigureInput::to_data).collect();
            Ok(store::update(
                conn,
                &current,
                NoteContent {
                    data: &input.data(),
                    clusters: &input.cluster_ids,
                    events: &input.event_ids,
                    figures: &figures,
                },
            )?)
        })
        .await?;
    TradeNote::from_record(record)
}

/// Replace a note, figures included.
#[utoipa::path(
    tag = "trade-notes",
    params(("id" = Uuid, Path, description = "Note id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the note changed since")),
    request_body = TradeNoteInput,
    responses(
        (status = 200, description = "Updated", body = TradeNote, headers(("ETag" = String))),
        (status = 403, description = "Not a manager of every linked cluster (before and after)"),
    ),
    security(("bearer" = []))
)]
#[put("/trade-notes/{id}")]
pub async fn replace_trade_note(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<TradeNoteInput>,
) -> AppResult<HttpResponse> {
    let input = body.0;
    let note = update(&state, caller, id.into_inner(), if_match, move |_| input).await?;
    respond::ok(&req, &note)
}

/// Change some of a note's fields; `{"status": "published"}` publishes it. `figures`, when
/// given, replaces the whole list.
#[utoipa::path(
    tag = "trade-notes",
    params(("id" = Uuid, Path, description = "Note id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the note changed since")),
    request_body(content = TradeNotePatch, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated", body = TradeNote, headers(("ETag" = String))),
        (status = 403, description = "Not a manager of every linked cluster (before and after)"),
    ),
    security(("bearer" = []))
)]
#[patch("/trade-notes/{id}")]
pub async fn update_trade_note(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<TradeNotePatch>,
) -> AppResult<HttpResponse> {
    let patch = body.0;
    let note = update(&state, caller, id.into_inner(), if_match, move |base| {
        patch.apply(base)
    })
    .await?;
    respond::ok(&req, &note)
}

/// Delete a note and its figures.
#[utoipa::path(
    tag = "trade-notes",
    params(("id" = Uuid, Path, description = "Note id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous GET; 412 if the note changed since")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a manager of every linked cluster"),
    ),
    security(("bearer" = []))
)]
#[delete("/trade-notes/{id}")]
pub async fn delete_trade_note(
    state: web::Data<AppState>,
    caller: Principal,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    state
        .db
        .write(move |conn| {
            crate::store::lock_for_update(conn, "trade_notes", &id.to_string())?;
            let current = visible_note(conn, &caller, id)?;
            require(
                current.parties()?.can_edit(&caller),
                "delete this trade note",
            )?;
            if_match.check(&respond::etag_of(&TradeNote::from_record(
                current.clone(),
            )?)?)?;
            Ok(store::delete(conn, &current)?)
        })
        .await?;
    Ok(respond::no_content())
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

impl TradeFigure {
    fn from_rows((figure, note): (FigureRow, NoteRow)) -> AppResult<TradeFigure> {
        Ok(TradeFigure {
            note_id: stored_uuid(&note.id)?,
            note_status: note.status()?,
            note_title: note.title,
            source_publisher: note.source_publisher,
            source_url: note.source_url,
            figure: Figure::from_row(figure)?,
        })
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TradeFigureListQuery {
    /// `json` or `csv`; overrides the Accept header.
    pub format: Option<Format>,
    /// JSON only: page size, 1 to 500 (default 50). CSV streams every matching figure.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// JSON only: `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Figures of notes linked to this cluster.
    pub cluster_id: Option<Uuid>,
    /// Figures of notes supporting this event.
    pub event_id: Option<Uuid>,
    /// Status of the figures' notes.
    pub status: Option<NoteStatus>,
    /// Figures between this area and `partner_area`, in either direction (alone: on either
    /// side).
    #[param(pattern = "^[A-Z]{2}(-?[A-Z0-9]{1,3})?$", example = "IT-25")]
    pub reporter_area: Option<String>,
    #[param(pattern = "^[A-Z]{2}(-?[A-Z0-9]{1,3})?$", example = "CH")]
    pub partner_area: Option<String>,
    /// Product label, without regard to case or accents.
    pub product: Option<String>,
    /// HS code or its prefix.
    #[param(pattern = "^[0-9]{2}([0-9]{2}){0,2}$")]
    pub hs_code: Option<String>,
    pub flow: Option<Flow>,
    /// Figures whose period ends in or after this month.
    #[param(value_type = Option<String>, pattern = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$", example = "2017-01")]
    pub from: Option<Month>,
    /// Figures whose period starts in or before this month.
    #[param(value_type = Option<String>, pattern = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$", example = "2017-12")]
    pub to: Option<Month>,
}

/// Figures per database round trip while streaming CSV.
const STREAM_CHUNK: i64 = 500;

/// The CSV body, produced page by page while it is sent.
fn figures_csv_stream(
    db: Db,
    filter: NoteFilter,
) -> impl Stream<Item = Result<Bytes, actix_web::Error>> {
    futures_util::stream::unfold(Some((None::<String>, true)), move |state| {
        let (db, filter) = (db.clone(), filter.clone());
        async move {
            let (after, first) = state?;
            let rows = db
                .run(move |conn| {
                    store::list_figures(conn, &filter, after.as_deref(), STREAM_CHUNK)?
                        .into_iter()
                        .map(|rows| {
                            let key = rows.0.id.clone();
                            TradeFigure::from_rows(rows).map(|f| (key, f))
                        })
                        .collect::<AppResult<Vec<_>>>()
                })
                .await;
            let rows = match rows {
                Ok(rows) => rows,
                Err(e) => {
                    // The status line is gone already; end the body so the client sees a
                    // truncated transfer rather than a complete-looking file.
                    tracing::error!(error = %e, "figure export failed mid-stream");
                    return Some((
                        Err(actix_web::error::ErrorInternalServerError("export failed")),
                        None,
                    ));
                }
            };
            let next = (rows.len() as i64 == STREAM_CHUNK)
                .then(|| rows.last().map(|(key, _)| (Some(key.clone()), false)))
                .flatten();
            let figures: Vec<TradeFigure> = rows.into_iter().map(|(_, f)| f).collect();
            let mut bytes = Vec::new();
            if first {
                bytes.extend(crate::export::figures::header());
            }
            bytes.extend(crate::export::figures::rows(&figures));
            Some((Ok(Bytes::from(bytes)), next))
        }
    })
}

/// Figures across the notes the caller may see, with their notes and computed values, as
/// JSON pages or (`format=csv` or `Accept: text/csv`) one CSV file with a header row.
#[utoipa::path(
    tag = "trade-notes",
    params(TradeFigureListQuery),
    responses(
        (status = 200, description = "The figures", content(
            (Page<TradeFigure> = "application/json"),
            (String = "text/csv", example = "note_id,note_title,…,reporter_area,partner_area,product,hs_code,flow,…\r\n…,IT-25,CH,aircraft,88,balance,…\r\n"),
        ), headers(("ETag" = String, description = "JSON only"), ("Link" = String, description = "JSON only: rel=\"next\" when there is a next page"))),
        (status = 406, description = "Neither JSON nor CSV is acceptable"),
    ),
    security(("bearer" = []))
)]
#[get("/trade-notes/figures")]
pub async fn list_trade_figures(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<TradeFigureListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let format = negotiate(&req, q.format, &[Format::Json, Format::Csv])?;
    let filter = FilterParams {
        reporter_area: q.reporter_area,
        partner_area: q.partner_area,
        product: q.product,
        hs_code: q.hs_code,
        flow: q.flow,
        from: q.from,
        to: q.to,
        cluster_id: q.cluster_id,
        event_id: q.event_id,
        status: q.status,
    }
    .into_filter(&caller)?;
    if format == Format::Csv {
        return Ok(HttpResponse::Ok()
            .content_type(format.media_type())
            .insert_header((
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"trade-figures.csv\"",
            ))
            .streaming(figures_csv_stream(state.db.clone(), filter)));
    }
    let page = PageRequest::new(q.limit, q.cursor.as_deref())?;
    let fetch = page.clone();
    let rows = state
        .db
        .run(move |conn| {
            Ok(store::list_figures(
                conn,
                &filter,
                fetch.after(),
                fetch.fetch_limit(),
            )?)
        })
        .await?;
    let page = Page::from_rows(rows, &page, |(f, _)| f.id.clone(), TradeFigure::from_rows)?;
    respond::page(&req, &page)
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TradeSeriesQuery {
    /// The area the series is seen from.
    #[param(pattern = "^[A-Z]{2}(-?[A-Z0-9]{1,3})?$", example = "IT-25")]
    pub reporter_area: String,
    #[param(pattern = "^[A-Z]{2}(-?[A-Z0-9]{1,3})?$", example = "CH")]
    pub partner_area: String,
    /// As seen from `reporter_area`.
    pub flow: Flow,
    /// Product label, without regard to case or accents; `product` or `hs_code` (or both)
    /// is required.
    pub product: Option<String>,
    /// HS code or its prefix.
    #[param(pattern = "^[0-9]{2}([0-9]{2}){0,2}$")]
    pub hs_code: Option<String>,
    /// Only figures in this ISO 4217 currency (values are never converted).
    #[param(pattern = "^[A-Z]{3}$")]
    pub currency: Option<String>,
}

/// Whether a point is a figure's value or its comparison value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PointRole {
    Comparison,
    Value,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeriesPoint {
    #[schema(value_type = String, example = "2016-01")]
    pub period_start: Month,
    #[schema(value_type = String, example = "2016-09")]
    pub period_end: Month,
    /// In base units, seen from the series' reporter area (a mirrored balance is negated).
    #[schema(value_type = String, example = "3332674")]
    pub value_base: Decimal,
    pub currency: String,
    pub role: PointRole,
    /// `as_reported`, or `mirrored` from a figure reported by the partner area.
    pub orientation: Orientation,
    pub note_id: Uuid,
    pub figure_id: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TradeSeries {
    pub reporter_area: String,
    pub partner_area: String,
    pub flow: Flow,
    pub product: Option<String>,
    pub hs_code: Option<String>,
    /// Ordered by period, then note: two notes reporting the same period both appear, so
    /// that disagreeing sources show.
    pub points: Vec<SeriesPoint>,
}

/// Most figures a series is built from; more asks the client to narrow it (by currency or
/// HS code).
const SERIES_MAX_FIGURES: i64 = 10_000;

fn series_points(
    figures: Vec<(FigureRow, NoteRow)>,
    want: (&str, &str, Flow),
) -> AppResult<Vec<SeriesPoint>> {
    let mut points = Vec::new();
    for (row, note) in figures {
        let Some((orientation, negate)) = orient(
            (
                &row.reporter_area,
                &row.partner_area,
                stored("flow", Flow::parse(&row.flow))?,
            ),
            want,
        ) else {
            continue;
        };
        let note_id = stored_uuid(&note.id)?;
        let figure = Figure::from_row(row)?;
        let signed = |d: Decimal| if negate { (-d).normalize() } else { d };
        let mut point = |role, start, end, value| {
            points.push(SeriesPoint {
                period_start: start,
                period_end: end,
                value_base: signed(value),
                currency: figure.currency.clone(),
                role,
                orientation,
                note_id,
                figure_id: figure.id,
            })
        };
        point(
            PointRole::Value,
            figure.period_start,
            figure.period_end,
            figure.computed.value_base,
        );
        if let (Some(start), Some(end), Some(value)) = (
            figure.comparison_period_start,
            figure.comparison_period_end,
            figure.computed.comparison_value_base,
        ) {
            point(PointRole::Comparison, start, end, value);
        }
    }
    points.sort_by(|a, b| {
        (a.period_start, a.period_end, a.note_id, a.figure_id, a.role).cmp(&(
            b.period_start,
            b.period_end,
            b.note_id,
            b.figure_id,
            b.role,
        ))
    });
    Ok(points)
}

/// A time series for one area pair, product and flow across the notes the caller may see:
/// every figure's value and comparison value as points in base units, ordered by period.
/// Figures reported from the other side count, mirrored: the partner's imports are the
/// reporter's exports, and its balance is the reporter's balance negated.
#[utoipa::path(
    tag = "trade-notes",
    params(TradeSeriesQuery),
    responses((status = 200, description = "The series", body = TradeSeries, headers(("ETag" = String)))),
    security(("bearer" = []))
)]
#[get("/trade-notes/series")]
pub async fn get_trade_series(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<TradeSeriesQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let reporter = area_param("reporter_area", Some(q.reporter_area))?.unwrap_or_default();
    let partner = area_param("partner_area", Some(q.partner_area))?.unwrap_or_default();
    if reporter == partner {
        return Err(AppError::bad_field(
            "partner_area",
            "must differ from reporter_area",
        ));
    }
    if q.currency
        .as_deref()
        .is_some_and(|c| !trade::is_currency(c))
    {
        return Err(AppError::bad_field(
            "currency",
            "must be an ISO 4217 currency code such as EUR",
        ));
    }
    let (key, hs_code) = product_params(q.product.clone(), q.hs_code.clone())?;
    if key.is_none() && hs_code.is_none() {
        return Err(AppError::bad_field(
            "product",
            "a series is of one product: give product or hs_code",
        ));
    }
    let mut flows = vec![q.flow, q.flow.mirrored()];
    flows.dedup();
    let filter = NoteFilter {
        visible_drafts_of: (!caller.is_admin()).then(|| caller.managed_clusters()),
        figures: FigureFilter {
            area: Some(reporter.clone()),
            other_area: Some(partner.clone()),
            product_key: key,
            hs_code,
            flows: Some(flows),
            currency: q.currency,
            from: None,
            to: None,
        },
        ..Default::default()
    };
    let figures = state
        .db
        .run(move |conn| {
            Ok(store::list_figures(
                conn,
                &filter,
                None,
                SERIES_MAX_FIGURES + 1,
            )?)
        })
        .await?;
    if figures.len() as i64 > SERIES_MAX_FIGURES {
        return Err(AppError::bad_request(format!(
            "more than {SERIES_MAX_FIGURES} figures match; narrow the series with hs_code or currency"
        )));
    }
    let points = series_points(figures, (&reporter, &partner, q.flow))?;
    respond::ok(
        &req,
        &TradeSeries {
            reporter_area: reporter,
            partner_area: partner,
            flow: q.flow,
            product: q.product.map(trimmed).filter(|p| !p.is_empty()),
            hs_code: q.hs_code,
            points,
        },
    )
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
