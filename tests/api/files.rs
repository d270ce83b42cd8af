//! One operation per file format (`…/catalogue.csv`, `…/badges.xlsx`, `…/agenda.ics`): each
//! answers exactly the media type its contract declares, as an attachment named for its format,
//! with an ETag and 304; it holds what its JSON twin answers for `?format=` (the same bytes for
//! CSV, vCard and iCalendar); a workbook, which only its own operation serves, holds its CSV's
//! cells, typed, read back by openpyxl; it refuses
//! parameters it does not take, callers without a token and callers without access.

use serde_json::{Value, json};

use crate::common::{TestApp, World, python, run_python};
use crate::db_test;
use crate::sweep::{Objects, fill, objects};
use crate::trade_notes::{article_figures, create, note};

const HOSTILE: &str = "=HYPERLINK(\"http://evil.example\",\"x\")";

/// Each xlsx sheet's rows as [value, type] pairs (openpyxl's own reading, as Excel would:
/// `s` string, `n` number, `b` boolean, `f` formula), or an error.
const READ_XLSX: &str = r#"
import io, json, sys
from openpyxl import load_workbook
data = bytes.fromhex(sys.stdin.read())
book = load_workbook(io.BytesIO(data))
sheet = book.worksheets[0]
rows = []
for row in sheet.iter_rows():
    rows.append([[c.value, c.data_type] for c in row])
print(json.dumps({"sheets": len(book.worksheets), "freeze": sheet.freeze_panes,
                  "filter": sheet.auto_filter.ref, "rows": rows}))
"#;

const READ_CSV: &str = r#"
import csv, io, json, sys
print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline="")))))
"#;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The per-format GET operations of the committed contract that have a JSON twin (the public
/// calendar feed and the companies files, tested in calendar_feed and crm, have none).
fn file_operations() -> Vec<String> {
    let doc: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, ops)| {
            ops.get("get").is_some()
                && [".csv", ".vcf", ".xlsx", ".ics"]
                    .iter()
                    .any(|e| path.ends_with(e))
                && !path.starts_with("/api/v1/calendar/")
                && !path.ends_with("/companies.csv")
                // Registrations have files but no `?format=` twin on their JSON list; they
                // are tested in `registration_files`.
                && !path.ends_with("/registrations.csv")
                && !path.ends_with("/registrations.xlsx")
        })
        .map(|(path, _)| path.clone())
        .collect()
}

/// The media type the contract declares for the operation's 200 (exactly one).
fn declared_media_type(path: &str) -> String {
    let doc: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    let content = doc["paths"][path]["get"]["responses"]["200"]["content"]
        .as_object()
        .unwrap_or_else(|| panic!("{path}: no 200 content"));
    assert_eq!(
        content.len(),
        1,
        "{path}: one media type, got {:?}",
        content.keys()
    );
    let headers = &doc["paths"][path]["get"]["responses"]["200"]["headers"];
    assert!(
        headers.get("Content-Disposition").is_some(),
        "{path}: the attachment header is declared"
    );
    if content.contains_key("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
        let limit = &doc["paths"][path]["get"]["responses"]["422"];
        assert!(
            !limit.is_null(),
            "{path}: a workbook past its row limit is 422, declared"
        );
    }
    content.keys().next().unwrap().clone()
}

fn declares_etag(path: &str) -> bool {
    let doc: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    doc["paths"][path]["get"]["responses"]["200"]["headers"]
        .get("ETag")
        .is_some()
}

/// Who may read the file, by its path.
fn reader<'a>(path: &str, w: &'a World) -> &'a str {
    if path.contains("/catalogue.") {
        &w.paola.token
    } else if path.contains("/partnership-requests") || path.starts_with("/api/v1/me/") {
        &w.ivano.token
    } else if path.contains("/registrations/") {
        &w.buffetto.token
    } else if path.starts_with("/api/v1/trade-notes/") {
        &w.nobody.token
    } else {
        &w.roland.token
    }
}

/// A day with something in every export: registrations, a published schedule, an agenda, a
/// survey, a partnership request with a meeting, published trade figures; hostile text in the
/// cluster's name and a trade note's title.
async fn full_day(app: &TestApp, w: &World) -> Objects {
    let o = objects(app, w).await;
    let e = o.event;
    let mr = format!("/api/v1/events/{e}/meeting-requests/{}", o.meeting_request);
    app.post(&format!("{mr}/accept"))
        .token(&w.ivano.token)
        .send()
        .await
        .expect(200);
    let run = app
        .post(&format!("/api/v1/events/{e}/schedule-runs"))
        .token(&w.roland.token)
        .send()
        .await
        .expect(201)
        .json();
    let run = run["id"].as_str().unwrap();
    app.post(&format!("/api/v1/events/{e}/schedule-runs/{run}/publish"))
        .token(&w.roland.token)
        .send()
        .await
        .expect(200);
    app.patch(&format!("/api/v1/clusters/{}", w.lombardy))
        .token(&w.admin.token)
        .json(json!({"name": HOSTILE}))
        .send()
        .await
        .expect(200);
    let mut body = note(&[w.lombardy], article_figures());
    body["title"] = json!(HOSTILE);
    body["status"] = json!("published");
    create(app, &w.paola.token, body).await;
    o
}

/// `?format=` twin of a per-format path: `/x/catalogue.csv` → `/x/catalogue?format=csv`.
fn twin(url: &str) -> (String, &str) {
    let (stem, ext) = url.rsplit_once('.').unwrap();
    (format!("{stem}?format={ext}"), ext)
}

/// iCalendar text without DTSTAMP (a file written now carries the time it was written).
fn without_stamp(text: &str) -> String {
    text.split("\r\n")
        .filter(|l| !l.starts_with("DTSTAMP"))
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// The xlsx cells hold the CSV's: text as strings (the CSV's formula guard not needed, and
/// nothing a formula), numbers as numbers, empty as empty.
fn same_cells(url: &str, xlsx: &Value, csv: &[Vec<String>]) {
    assert_eq!(xlsx["sheets"], 1, "{url}");
    assert_eq!(xlsx["freeze"], "A2", "{url}: the header stays in view");
    assert!(xlsx["filter"].is_string(), "{url}: a filter on the columns");
    let rows = xlsx["rows"].as_array().unwrap();
    assert_eq!(rows.len(), csv.len(), "{url}: {xlsx} vs {csv:?}");
    assert!(csv.len() > 1, "{url}: rows to compare, not just a header");
    for (row, want) in rows.iter().zip(csv) {
        let row = row.as_array().unwrap();
        assert_eq!(row.len(), want.len(), "{url}: {row:?} vs {want:?}");
        for (cell, want) in row.iter().zip(want) {
            let (value, kind) = (&cell[0], cell[1].as_str().unwrap());
            assert_ne!(kind, "f", "{url}: a formula cell {cell}");
            match value {
                Value::Null => assert_eq!(want, "", "{url}"),
                Value::String(s) => {
                    assert_eq!(kind, "s", "{url}: {cell}");
                    let guarded = format!("'{s}");
                    assert!(
                        want == s || *want == guarded,
                        "{url}: {s:?} vs CSV {want:?}"
                    );
                }
                Value::Bool(b) => assert_eq!(*want, b.to_string(), "{url}"),
                Value::Number(n) => {
                    assert_eq!(kind, "n", "{url}: {cell}");
                    let csv: f64 = want
                        .parse()
                        .unwrap_or_else(|_| panic!("{url}: {want:?} is a number in xlsx"));
                    assert!(
                        (n.as_f64().unwrap() - csv).abs() < 1e-9,
                        "{url}: {n} vs {want}"
                    );
                }
                other => panic!("{url}: {other}"),
            }
        }
    }
}

db_test!(async fn every_file_operation_answers_its_format_as_its_json_twin_does(app) {
    let w = app.world().await;
    let o = full_day(&app, &w).await;
    let ops = file_operations();
    assert_eq!(ops.len(), 18, "the per-format operations: {ops:?}");
    let py = python().expect("python for the file checks");
    let mut hostile_seen = 0;
    for path in &ops {
        let url = fill(path, &w, &o);
        let token = reader(path, &w);
        let media = declared_media_type(path);
        let resp = app.get(&url).token(token).send().await.expect(200);
        let content_type = resp.header("content-type").unwrap();
        assert!(content_type.starts_with(&media), "{path}: {content_type} vs {media}");
        let (twin_url, ext) = twin(&url);
        let disposition = resp.header("content-disposition").unwrap();
        assert!(disposition.starts_with("attachment; filename=\"") && disposition.ends_with(&format!(".{ext}\"")),
            "{path}: {disposition}");
        // Unchanged: 304, nothing sent again (where the contract declares an ETag: the trade
        // figures' CSV is streamed from the database as it is read, without one).
        if declares_etag(path) {
            let etag = resp.header("etag").unwrap_or_else(|| panic!("{path}: no ETag"));
            let again = app.get(&url).token(token).header("If-None-Match", &etag).send().await.expect(304);
            assert!(again.body.is_empty(), "{path}");
        } else {
            assert_eq!(path, "/api/v1/trade-notes/figures.csv", "only a stream goes without ETag");
        }
        // What the JSON operation answers for ?format= (text formats only: a binary answer
        // there would make generated clients read its JSON as a blob).
        if ext == "xlsx" {
            let p = app.get(&twin_url).token(token).send().await.problem(400);
            assert!(p.to_string().contains("format"), "{path}: {p}");
            let refused = app.get(&twin_url.replace("?format=xlsx", "")).token(token).header("accept", &media).send().await;
            assert_eq!(refused.status.as_u16(), 406, "{path}: the JSON twin does not negotiate a workbook");
        }
        let by_param = if ext == "xlsx" {
            resp.clone()
        } else {
            app.get(&twin_url).token(token).send().await.expect(200)
        };
        assert_eq!(by_param.header("content-type"), Some(content_type.clone()), "{path}");
        match ext {
            "csv" | "vcf" => assert_eq!(resp.text(), by_param.text(), "{path}"),
            "ics" => {
                assert!(resp.text().starts_with("BEGIN:VCALENDAR\r\n"), "{path}");
                assert!(resp.text().contains("BEGIN:VEVENT"), "{path}: an entry: {}", resp.text());
                assert_eq!(without_stamp(&resp.text()), without_stamp(&by_param.text()), "{path}");
            }
            "xlsx" => {
                assert!(resp.body.starts_with(b"PK\x03\x04"), "{path}: a zip container");
                let csv_url = url.replace(".xlsx", ".csv");
                let csv = app.get(&csv_url).token(token).send().await.expect(200).text();
                let rows: Vec<Vec<String>> = serde_json::from_str(&run_python(&py, READ_CSV, csv.as_bytes())).unwrap();
                let book: Value = serde_json::from_str(&run_python(&py, READ_XLSX, hex(&resp.body).as_bytes())).unwrap();
                same_cells(path, &book, &rows);
                if book.to_string().contains("=HYPERLINK(") {
                    hostile_seen += 1;
                }
            }
            other => panic!("{path}: {other}"),
        }
        // Parameters it does not take, no token, a caller without access.
        let p = app.get(&format!("{url}?nope=1")).token(token).send().await.problem(400);
        assert!(p.to_string().contains("nope"), "{path}: {p}");
        app.get(&url).send().await.problem(401);
        // Private files (the catalogues, agenda and figures of a published event, the trade
        // figures and one's own lists are for every signed-in user).
        if ["/badges.", "/registrations/", "/meetings/", "/survey/results."].iter().any(|p| path.contains(p)) {
            let refused = app.get(&url).token(&w.nobody.token).send().await;
            assert!([403, 404].contains(&refused.status.as_u16()), "{path}: {}", refused.status);
        }
    }
    assert!(hostile_seen >= 2, "the hostile name reached the workbooks as text ({hostile_seen})");
});

db_test!(async fn csv_file_operations_take_the_excel_dialect(app) {
    let w = app.world().await;
    let o = full_day(&app, &w).await;
    for path in file_operations().iter().filter(|p| p.ends_with(".csv")) {
        let url = fill(path, &w, &o);
        let token = reader(path, &w);
        let excel = app.get(&format!("{url}?dialect=excel")).token(token).send().await.expect(200);
        assert!(excel.body.starts_with(b"\xEF\xBB\xBF"), "{path}: the byte-order mark");
        let (twin_url, _) = twin(&url);
        let by_param = app.get(&format!("{twin_url}&dialect=excel")).token(token).send().await.expect(200);
        assert_eq!(excel.body, by_param.body, "{path}");
        app.get(&format!("{url}?dialect=excel-it")).token(token).send().await.problem(400);
    }
    // vCard 3.0 for Outlook, by the file operation as by its twin; not for other formats.
    for source in [format!("clusters/{}", w.lombardy), format!("events/{}", o.event)] {
        let url = format!("/api/v1/{source}/catalogue.vcf?version=3.0");
        let v3 = app.get(&url).token(&w.paola.token).send().await.expect(200).text();
        assert!(v3.contains("VERSION:3.0\r\n") && !v3.contains("VERSION:4.0"), "{v3}");
        let twin = format!("/api/v1/{source}/catalogue?format=vcf&version=3.0");
        assert_eq!(app.get(&twin).token(&w.paola.token).send().await.expect(200).text(), v3);
        let p = app.get(&format!("/api/v1/{source}/catalogue.csv?version=3.0")).token(&w.paola.token).send().await.problem(400);
        assert!(p.to_string().contains("version"), "{p}");
    }
    // The other formats have no dialect.
    let url = format!("/api/v1/events/{}/agenda.ics?dialect=excel", o.event);
    app.get(&url).token(&w.roland.token).send().await.problem(400);
});

/// The workbooks built in memory (catalogues, registrations, trade figures) hold at most
/// `workbook_max_rows` rows: up to it they are served, past it 422 names what streams instead.
/// Here the limit is 2, against the full day's files.
const SMALL_LIMIT: usize = 2;

db_test!(
    settings = cluster2cluster::config::Settings { workbook_max_rows: SMALL_LIMIT, ..Default::default() },
    async fn workbooks_stop_at_their_row_limit(app) {
        let w = app.world().await;
        let o = full_day(&app, &w).await;
        let py = python().expect("python for the file checks");
        let capped = ["/catalogue.xlsx", "/registrations.xlsx", "/trade-notes/figures.xlsx"];
        let (mut served, mut refused) = (Vec::new(), Vec::new());
        for path in file_operations().iter().filter(|p| capped.iter().any(|c| p.ends_with(c))) {
            let url = fill(path, &w, &o);
            let token = reader(path, &w);
            let csv = app.get(&url.replace(".xlsx", ".csv")).token(token).send().await.expect(200).text();
            let rows: Vec<Vec<String>> = serde_json::from_str(&run_python(&py, READ_CSV, csv.as_bytes())).unwrap();
            let records = rows.len() - 1;
            let resp = app.get(&url).token(token).send().await;
            if records > SMALL_LIMIT {
                let p = resp.problem(422);
                assert_eq!(p["errors"][0]["field"], "format", "{path}: {p}");
                let message = p["errors"][0]["message"].as_str().unwrap();
                assert!(message.contains(&format!("more than {SMALL_LIMIT} rows")) && message.contains("ask for"), "{path}: {message}");
                refused.push((path.clone(), records));
            } else {
                let resp = resp.expect(200);
                let book: Value = serde_json::from_str(&run_python(&py, READ_XLSX, hex(&resp.body).as_bytes())).unwrap();
                assert_eq!(book["rows"].as_array().unwrap().len(), records + 1, "{path}");
                served.push((path.clone(), records));
            }
        }
        // The registrations' files (not in the contract's list of per-format twins) count
        // registrations, as the JSON list shows them.
        let list = app.get(&format!("/api/v1/events/{}/registrations", o.event)).token(&w.roland.token).send().await.expect(200).json();
        let registrations = list["items"].as_array().unwrap().len();
        let url = format!("/api/v1/events/{}/registrations.xlsx", o.event);
        if registrations > SMALL_LIMIT {
            let p = app.get(&url).token(&w.roland.token).send().await.problem(422);
            assert!(p["errors"][0]["message"].as_str().unwrap().contains("the JSON list"), "{p}");
            let csv = app.get(&url.replace(".xlsx", ".csv")).token(&w.roland.token).send().await.problem(422);
            assert_eq!(csv, p, "the CSV is built the same way, and refused the same");
            refused.push((url, registrations));
        } else {
            app.get(&url).token(&w.roland.token).send().await.expect(200);
            served.push((url, registrations));
        }
        assert_eq!(served.len() + refused.len(), 4, "{served:?} {refused:?}");
        assert!(!refused.is_empty() && !served.is_empty(), "both sides of the limit: {served:?} {refused:?}");
        assert!(served.iter().any(|(_, n)| *n == SMALL_LIMIT), "a workbook of exactly the limit is served: {served:?}");
    }
);
