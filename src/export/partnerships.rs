//! Partnership requests as CSV: RFC 4180 (CRLF, quoting where needed), UTF-8, a header row,
//! one row per request with its companies' and clusters' names; every typed text escaped
//! against spreadsheet formulas.

use std::collections::HashMap;

use uuid::Uuid;

use super::csv_text as t;
use super::dialect::Dialect;
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

/// `rows` as a CSV document; `names` gives the companies' and clusters' names by id.
pub fn document(rows: &[RequestRow], names: &HashMap<Uuid, String>, dialect: Dialect) -> Vec<u8> {
    super::dialect::document(dialect, |w| {
        w.row(HEADER);
        let name = |id: &Uuid| names.get(id).map(String::as_str).unwrap_or("");
        for r in rows {
            let areas: Vec<String> = from_json_text(&r.areas).unwrap_or_default();
            let stamp = |at: chrono::NaiveDateTime| {
                at.and_utc()
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            };
            w.row([
                r.id.to_string().as_str(),
                &stamp(r.created_at),
                &stamp(r.updated_at),
                r.status.as_str(),
                r.kind.as_str(),
                &t(&r.subject),
                &t(&areas.join("; ")),
                &t(name(&r.from_member_id)),
                &t(name(&r.from_cluster_id)),
                &t(name(&r.to_member_id)),
                &t(name(&r.to_cluster_id)),
                &r.event_id.map(|e| e.to_string()).unwrap_or_default(),
                &r.from_member_id.to_string(),
                &r.to_member_id.to_string(),
            ]);
        }
    })
}
