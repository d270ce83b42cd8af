//! CSV for Excel in Italian and Swiss settings: `dialect=excel` on every CSV export starts
//! with the UTF-8 byte-order mark, separates with `;` and writes decimals with a comma; read
//! with Python's csv (`delimiter=';'`, `utf-8-sig`) it holds the same cells as the default
//! RFC 4180 file, which stays what it was.

use serde_json::{Value, json};

use crate::common::{TestApp, python, run_python};
use crate::db_test;
use crate::survey::{answer, surveyed_day, url};
use crate::trade_notes::{article_figures, create, note};

const BOM: &[u8] = b"\xEF\xBB\xBF";
const HOSTILE: &str = "=cmd|' /C calc'!A0 D’Andrea Zürich";
const GUARDED: &str = "'=cmd|' /C calc'!A0 D’Andrea Zürich";
const NAME: &str = "Jürg D’Andrea";

const READ_BOTH: &str = r#"
import csv, io, json, sys
data = json.loads(sys.stdin.read())
rfc = bytes.fromhex(data["rfc"]).decode("utf-8")
excel = bytes.fromhex(data["excel"]).decode("utf-8-sig")
print(json.dumps({
    "rfc": list(csv.reader(io.StringIO(rfc, newline=""))),
    "excel": list(csv.reader(io.StringIO(excel, newline=""), delimiter=";")),
}))
"#;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Both dialects of `url` (which has `format=csv` and its other parameters) read back; the
/// cells of `decimals` columns differ only by the decimal comma. Returns the default's rows.
async fn both(app: &TestApp, token: &str, url: &str, decimals: &[&str]) -> Vec<Vec<String>> {
    let default = app.get(url).token(token).send().await.expect(200);
    let rfc = app
        .get(&format!("{url}&dialect=rfc4180"))
        .token(token)
        .send()
        .await
        .expect(200);
    let excel = app
        .get(&format!("{url}&dialect=excel"))
        .token(token)
        .send()
        .await
        .expect(200);
    assert_eq!(rfc.body, default.body, "{url}: rfc4180 is the default");
    assert!(!default.body.starts_with(BOM), "{url}");
    assert!(excel.body.starts_with(BOM), "{url}: {}", excel.text());
    assert_eq!(
        boms(&excel.body),
        1,
        "{url}: one mark, at the start, also when streamed in parts"
    );
    for resp in [&default, &excel] {
        assert_eq!(
            resp.header("content-type").as_deref(),
            Some("text/csv; charset=utf-8")
        );
    }
    if let (Some(a), Some(b)) = (default.header("etag"), excel.header("etag")) {
        assert_ne!(a, b, "{url}: a tag per bytes");
    }
    let py = python().expect("python for the CSV checks");
    let input = json!({"rfc": hex(&default.body), "excel": hex(&excel.body)}).to_string();
    let read: Value = serde_json::from_str(&run_python(&py, READ_BOTH, input.as_bytes())).unwrap();
    let rows = |k: &str| -> Vec<Vec<String>> { serde_json::from_value(read[k].clone()).unwrap() };
    let (rfc, excel) = (rows("rfc"), rows("excel"));
    assert!(rfc.len() > 1, "{url}: a header and rows");
    assert_eq!(rfc.len(), excel.len(), "{url}");
    let header = &rfc[0];
    for name in decimals {
        assert!(header.iter().any(|h| h == name), "{url}: no column {name}");
    }
    for (a, b) in rfc.iter().zip(&excel) {
        assert_eq!(a.len(), header.len(), "{url}: {a:?}");
        assert_eq!(a.len(), b.len(), "{url}");
        for ((h, x), y) in header.iter().zip(a).zip(b) {
            let want = if decimals.contains(&h.as_str()) {
                x.replace('.', ",")
            } else {
                x.clone()
            };
            assert_eq!(*y, want, "{url}: column {h}");
        }
    }
    rfc
}

fn column<'a>(rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let i = rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no {name}"));
    rows[1..].iter().map(|r| r[i].as_str()).collect()
}

/// How many byte-order marks `bytes` hold.
fn boms(bytes: &[u8]) -> usize {
    bytes.windows(3).filter(|w| *w == BOM).count()
}

db_test!(async fn every_export_of_a_day_reads_the_same_in_the_excel_dialect(app) {
    let w = app.world().await;
    let event = surveyed_day(&app, &w).await;
    app.patch(&format!("/api/v1/clusters/{}", w.lombardy)).token(&w.admin.token)
        .json(json!({"name": HOSTILE})).send().await.expect(200);
    app.patch(&format!("/api/v1/members/{}/contacts/{}", w.soliani, w.soliani_contact)).token(&w.ivano.token)
        .json(json!({"name": NAME})).send().await.expect(200);
    answer(&app, &w.ivano.token, event, json!({"overall": 5, "again": "yes", "q3": HOSTILE})).await.expect(201);
    answer(&app, &w.anna.token, event, json!({"overall": 4, "again": "no", "q3": NAME})).await.expect(201);
    app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(json!({
        "from_member_id": w.soliani, "to_member_id": w.helvetic, "event_id": event,
        "subject": HOSTILE, "kind": "supply"})).send().await.expect(201);

    // The event's catalogue and the cluster's: the cluster name guarded, the name intact.
    for url in [
        format!("/api/v1/events/{event}/catalogue?format=csv"),
        format!("/api/v1/clusters/{}/catalogue?format=csv", w.lombardy),
    ] {
        let rows = both(&app, &w.paola.token, &url, &[]).await;
        assert!(column(&rows, "contact_name").contains(&NAME), "{rows:?}");
        assert!(column(&rows, "cluster").contains(&GUARDED), "{rows:?}");
    }

    let rows = both(&app, &w.roland.token, &format!("/api/v1/events/{event}/badges?format=csv"), &[]).await;
    assert!(column(&rows, "name").contains(&NAME), "{rows:?}");
    assert!(column(&rows, "cluster").contains(&GUARDED), "{rows:?}");

    let rows = both(&app, &w.roland.token, &url(event, "/results?format=csv"), &["mean"]).await;
    let answers = column(&rows, "answer");
    assert_eq!(answers[5..8], ["yes", "maybe", "no"], "{rows:?}");
    let mut texts = answers[8..].to_vec();
    texts.sort();
    assert_eq!(texts, [GUARDED, NAME], "{rows:?}");
    assert_eq!(column(&rows, "mean")[0], "4.50");

    let rows = both(&app, &w.ivano.token, &format!("/api/v1/partnership-requests?event_id={event}&format=csv"), &[]).await;
    assert_eq!(column(&rows, "subject"), [GUARDED]);
    assert_eq!(column(&rows, "from_cluster"), [GUARDED]);

    let rows = both(&app, &w.roland.token, &format!("/api/v1/events/{event}/stats?format=csv"), &["mean_rating"]).await;
    assert!(column(&rows, "from_cluster").contains(&GUARDED), "{rows:?}");
});

db_test!(async fn trade_figures_get_decimal_commas_and_keep_codes_and_months(app) {
    let w = app.world().await;
    let mut body = note(&[w.lombardy], article_figures());
    body["title"] = json!(HOSTILE);
    body["status"] = json!("published");
    create(&app, &w.paola.token, body).await;
    let decimals = ["value", "comparison_value", "stated_change_pct", "total_value", "value_base",
        "comparison_value_base", "change_abs", "change_pct", "ratio", "share_pct"];
    let rows = both(&app, &w.nobody.token, "/api/v1/trade-notes/figures?format=csv", &decimals).await;
    assert_eq!(rows.len(), 6, "a header and five figures");
    assert!(column(&rows, "note_title").iter().all(|t| *t == GUARDED));
    let excel = app.get("/api/v1/trade-notes/figures?format=csv&dialect=excel&product=aerospace")
        .token(&w.nobody.token).send().await.expect(200);
    let text = String::from_utf8(excel.body[3..].to_vec()).unwrap();
    // 27.6 millions of 49.286: value 27,6, share 56,00 %; the month and the code stay text.
    assert!(text.contains(";export;2017-01;2017-09;"), "{text}");
    assert!(text.contains(";EUR;millions;27,6;"), "{text}");
    assert!(text.contains(";49,286;27600000;"), "{text}");
    assert!(text.ends_with(";56,00;\r\n"), "{text}");
});

db_test!(async fn an_unknown_dialect_is_refused(app) {
    let w = app.world().await;
    let p = app.get("/api/v1/trade-notes/figures?format=csv&dialect=excel-it")
        .token(&w.nobody.token).send().await.problem(400);
    assert_eq!(crate::common::Resp::error_fields(&p), ["dialect"], "{p}");
});
