//! Partnership requests as a table (CSV): RFC 4180 (CRLF, quoting where needed), UTF-8, a header row,
//! one row per request with its companies' and clusters' names; every typed text escaped
//! against spreadsheet formulas.

use std::collections::HashMap;

use uuid::Uuid;

use super::dialect::Dialect;
use super::table::{Cell, Table};
use crate::store::json::from_json_text;
use crate::store::partnerships::RequestRow;

pub const HEADER: [&str; 14] = [
    "id",
    "created_at",
    "updated_at",
    "status",
    "kind",
    "subject",
    "areas",
    "from_company",
    "from_cluster",
    "to_company",
    "to_cluster",
    "event_id",
    "from_member_id",
    "to_member_id",
];

/// `rows` as a table; `names` gives the companies' and clusters' names by id.
pub fn table(rows: &[RequestRow], names: &HashMap<Uuid, String>) -> Table {
    let name = |id: &Uuid| Cell::text(names.get(id).map(String::as_str).unwrap_or(""));
    let stamp = |at: chrono::NaiveDateTime| {
        Cell::Code(
            at.and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        )
    };
    Table {
        sheet: "Partnership requests",
        columns: &HEADER,
        rows: rows
            .iter()
            .map(|r| {
                let areas: Vec<String> = from_json_text(&r.areas).unwrap_or_default();
                vec![
                    Cell::code(r.id),
                    stamp(r.created_at),
                    stamp(r.updated_at),
                    Cell::code(r.status.as_str()),
                    Cell::code(r.kind.as_str()),
                    Cell::text(&r.subject),
                    Cell::text(areas.join("; ")),
                    name(&r.from_member_id),
                    name(&r.from_cluster_id),
                    name(&r.to_member_id),
                    name(&r.to_cluster_id),
                    Cell::opt_code(&r.event_id),
                    Cell::code(r.from_member_id),
                    Cell::code(r.to_member_id),
                ]
            })
            .collect(),
    }
}

/// `rows` as a CSV document; `names` gives the companies' and clusters' names by id.
pub fn document(rows: &[RequestRow], names: &HashMap<Uuid, String>, dialect: Dialect) -> Vec<u8> {
    table(rows, names).csv(dialect)
}
