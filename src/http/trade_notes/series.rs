//! A time series per area pair, product and flow: `/trade-notes/series`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::super::extract::ValidQuery;
use super::super::respond;
use super::super::trimmed;
use super::wire::Figure;
use crate::AppState;
use crate::app::trade_notes::{self, SeriesParams};
use crate::domain::access::Principal;
use crate::domain::trade::{Flow, Month, Orientation, orient};
use crate::error::AppResult;
use crate::store::trade_notes::{FigureRow, NoteRow};

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

fn series_points(
    figures: Vec<(FigureRow, NoteRow)>,
    want: (&str, &str, Flow),
) -> AppResult<Vec<SeriesPoint>> {
    let mut points = Vec::new();
    for (row, note) in figures {
        let Some((orientation, negate)) =
            orient((&row.reporter_area, &row.partner_area, row.flow), want)
        else {
            continue;
        };
        let note_id = note.id;
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
    responses((status = 200, description = "The series", body = TradeSeries, headers(("ETag" = String))))
)]
#[get("/trade-notes/series")]
pub async fn get_trade_series(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Principal,
    query: ValidQuery<TradeSeriesQuery>,
) -> AppResult<HttpResponse> {
    let q = query.0;
    let (reporter, partner, figures) = trade_notes::series_figures(
        &state.db,
        &caller,
        SeriesParams {
            reporter_area: q.reporter_area,
            partner_area: q.partner_area,
            flow: q.flow,
            product: q.product.clone(),
            hs_code: q.hs_code.clone(),
            currency: q.currency,
        },
    )
    .await
    .map_err(crate::http::extract::query_rules)?;
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
