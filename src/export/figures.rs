//! Trade figures as CSV: RFC 4180 (CRLF, quoting where needed), UTF-8, a header row, one row
//! per figure with its note, its raw values and what the service computed. Decimals are
//! written as the exact strings of the JSON answer (a point, no thousands separators), empty
//! when null.

use crate::api::trade_notes::TradeFigure;

pub const HEADER: [&str; 32] = [
    "note_id",
    "note_title",
    "note_status",
    "source_publisher",
    "source_url",
    "figure_id",
    "reporter_area",
    "reporter_area_name",
    "partner_area",
    "partner_area_name",
    "product",
    "hs_code",
    "flow",
    "period_start",
    "period_end",
    "comparison_period_start",
    "comparison_period_end",
    "currency",
    "scale",
    "value",
    "comparison_scale",
    "comparison_value",
    "stated_change_pct",
    "total_value",
    "value_base",
    "comparison_value_base",
    "change_abs",
    "change_pct",
    "change_pct_null_reason",
    "ratio",
    "share_pct",
    "stated_change_mismatch",
];

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .has_headers(false)
        .from_writer(Vec::new())
}

pub fn header() -> Vec<u8> {
    let mut w = writer();
    // Writing to memory cannot fail.
    let _ = w.write_record(HEADER);
    w.into_inner().unwrap_or_default()
}

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(T::to_string).unwrap_or_default()
}

/// Rows for these figures (no header).
pub fn rows(figures: &[TradeFigure]) -> Vec<u8> {
    let mut w = writer();
    for t in figures {
        let f = &t.figure;
        let c = &f.computed;
        let _ = w.write_record([
            t.note_id.to_string(),
            t.note_title.clone(),
            t.note_status.as_str().to_owned(),
            t.source_publisher.clone(),
            opt(&t.source_url),
            f.id.to_string(),
            f.reporter_area.clone(),
            opt(&f.reporter_area_name),
            f.partner_area.clone(),
            opt(&f.partner_area_name),
            f.product.clone(),
            opt(&f.hs_code),
            f.flow.as_str().to_owned(),
            f.period_start.to_string(),
            f.period_end.to_string(),
            opt(&f.comparison_period_start),
            opt(&f.comparison_period_end),
            f.currency.clone(),
            f.scale.as_str().to_owned(),
            f.value.to_string(),
            f.comparison_scale.as_str().to_owned(),
            opt(&f.comparison_value),
            opt(&f.stated_change_pct),
            opt(&f.total_value),
            c.value_base.to_string(),
            opt(&c.comparison_value_base),
            opt(&c.change_abs),
            opt(&c.change_pct),
            c.change_pct_null_reason
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
            opt(&c.ratio),
            opt(&c.share_pct),
            opt(&c.stated_change_mismatch),
        ]);
    }
    w.into_inner().unwrap_or_default()
}
