//! Trade figures as CSV: RFC 4180 (CRLF, quoting where needed), UTF-8, a header row, one row
//! per figure with its note, its raw values and what the service computed. Decimals are
//! written as the exact strings of the JSON answer (a point, no thousands separators), empty
//! when null.

use super::csv_text;
use crate::http::trade_notes::TradeFigure;

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
            csv_text(&t.note_title).into_owned(),
            t.note_status.as_str().to_owned(),
            csv_text(&t.source_publisher).into_owned(),
            csv_text(&opt(&t.source_url)).into_owned(),
            f.id.to_string(),
            f.reporter_area.clone(),
            csv_text(&opt(&f.reporter_area_name)).into_owned(),
            f.partner_area.clone(),
            csv_text(&opt(&f.partner_area_name)).into_owned(),
            csv_text(&f.product).into_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::trade::NoteStatus;
    use crate::http::trade_notes::Figure;
    use crate::store::trade_notes::FigureRow;

    fn varese() -> FigureRow {
        let some = |s: &str| Some(s.to_owned());
        FigureRow {
            id: uuid::Uuid::nil().to_string(),
            note_id: uuid::Uuid::nil().to_string(),
            position: 0,
            reporter_area: "IT-VA".into(),
            reporter_area_name: some("Provincia di Varese, \"VA\""),
            partner_area: "CH".into(),
            partner_area_name: None,
            product: "aircraft\nand parts".into(),
            product_key: "aircraft and parts".into(),
            hs_code: some("88"),
            flow: "balance".into(),
            period_start: "2017-01".into(),
            period_end: "2017-09".into(),
            comparison_period_start: some("2016-01"),
            comparison_period_end: some("2016-09"),
            value: "6932268".into(),
            comparison_value: some("-78436"),
            currency: "EUR".into(),
            scale: "units".into(),
            comparison_scale: "thousands".into(),
            stated_change_pct: some("168"),
            total_value: None,
        }
    }

    #[test]
    fn quotes_what_needs_it_leaves_nulls_empty_and_uses_crlf() {
        let figure = TradeFigure {
            note_id: uuid::Uuid::nil(),
            note_title: "Aircraft, \"almost tripled\"".into(),
            note_status: NoteStatus::Published,
            source_publisher: "Article".into(),
            source_url: None,
            figure: Figure::from_row(varese()).unwrap(),
        };
        let text = String::from_utf8([header(), rows(&[figure])].concat()).unwrap();
        assert!(text.starts_with("note_id,note_title,note_status,source_publisher,source_url,"));
        assert!(text.contains(",\"Aircraft, \"\"almost tripled\"\"\",published,Article,,"));
        assert!(
            text.contains(",\"Provincia di Varese, \"\"VA\"\"\",CH,,\"aircraft\nand parts\",88,")
        );
        // value_base … stated_change_mismatch: no percentage from a negative base.
        assert!(
            text.ends_with(",6932268,-78436000,85368268,,comparison_negative,,,true\r\n"),
            "{text}"
        );
        assert_eq!(text.matches("\r\n").count(), 2);
    }
}
