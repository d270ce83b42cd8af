//! An event's registrations as files (`registrations.csv`, `registrations.xlsx`): the rows the
//! JSON list shows the caller, with the same attendees (the one contact rule), as attachments
//! with an ETag and 304; hostile text stays text; unknown parameters are refused.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Resp, TestApp, World, python, run_python};
use crate::db_test;
use crate::events::{create_event, event_body, published_event, register};

const HOSTILE: &str = "=HYPERLINK(\"http://x\",\"y\")";

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const COLUMNS: [&str; 13] = [
    "registration_id",
    "member_id",
    "company",
    "cluster",
    "status",
    "waitlist_position",
    "attendees",
    "attendee_emails",
    "attendee_count",
    "created_at",
    "cancelled_at",
    "decline_reason",
    "core_business",
];

/// Each row of the first sheet as [value, type] pairs, as openpyxl reads them.
const READ_XLSX: &str = r#"
import io, json, sys
from openpyxl import load_workbook
book = load_workbook(io.BytesIO(sys.stdin.buffer.read()))
sheet = book.worksheets[0]
print(json.dumps([[[c.value, c.data_type] for c in row] for row in sheet.iter_rows()]))
"#;

/// The CSV rows as Python's csv module reads them (BOM dropped), for a delimiter.
fn read_csv(py: &str, body: &[u8], delimiter: char) -> Vec<Vec<String>> {
    let script = format!(
        "import csv, io, json, sys\n\
         text = sys.stdin.buffer.read().decode('utf-8-sig')\n\
         print(json.dumps(list(csv.reader(io.StringIO(text, newline=''), delimiter='{delimiter}'))))\n"
    );
    serde_json::from_str(&run_python(py, &script, body)).unwrap()
}

/// What the CSV guard does to text a person typed.
fn guarded(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The rows the files must hold for a JSON list: raw values (xlsx) per column.
async fn expected_rows(app: &TestApp, w: &World, items: &[Value]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for r in items {
        let member = app
            .get(&format!("/api/v1/members/{}", text(&r["member_id"])))
            .token(&w.admin.token)
            .send()
            .await
            .expect(200)
            .json();
        let cluster = app
            .get(&format!("/api/v1/clusters/{}", text(&r["cluster_id"])))
            .token(&w.admin.token)
            .send()
            .await
            .expect(200)
            .json();
        let attendees = r["attendees"].as_array().unwrap();
        let names: Vec<String> = attendees.iter().map(|a| text(&a["name"])).collect();
        let emails: Vec<String> = attendees
            .iter()
            .filter(|a| !a["email"].is_null())
            .map(|a| text(&a["email"]))
            .collect();
        rows.push(vec![
            text(&r["id"]),
            text(&r["member_id"]),
            text(&member["legal_name"]),
            text(&cluster["name"]),
            text(&r["status"]),
            text(&r["waitlist_position"]),
            names.join("; "),
            emails.join("; "),
            attendees.len().to_string(),
            text(&r["created_at"]),
            text(&r["cancelled_at"]),
            text(&r["decline_reason"]),
            text(&r["pitch"]["core_business"]),
        ]);
    }
    rows
}

/// Text columns (guarded in CSV); the others are codes and numbers.
fn is_text(col: usize) -> bool {
    matches!(col, 2 | 3 | 6 | 7 | 11 | 12)
}

fn as_csv(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(i, v)| if is_text(i) { guarded(v) } else { v.clone() })
                .collect()
        })
        .collect()
}

fn header_row() -> Vec<String> {
    COLUMNS.iter().map(|c| c.to_string()).collect()
}

/// An event with three registrations: Aviometal (Buffetto and a consenting contact with a
/// hostile name), Soliani (Soliani, and Rossi who does not consent), Helvetic (Keller); the
/// Lombard cluster is renamed to hostile text. Returns the event and Rossi's name.
async fn scene(app: &TestApp, w: &World) -> (Uuid, String) {
    let e = published_event(app, w).await;
    app.patch(&format!("/api/v1/clusters/{}", w.lombardy))
        .token(&w.admin.token)
        .json(json!({"name": HOSTILE}))
        .send()
        .await
        .expect(200);
    let hostile = app
        .post(&format!("/api/v1/members/{}/contacts", w.aviometal))
        .token(&w.buffetto.token)
        .json(json!({
            "name": HOSTILE,
            "role": "Sales",
            "email": "hostile@aviometal.example",
            "languages": ["it"],
            "share_consent": true
        }))
        .send()
        .await
        .expect(201)
        .json();
    let hostile: Uuid = text(&hostile["id"]).parse().unwrap();
    register(
        app,
        &w.buffetto.token,
        e,
        w.aviometal,
        &[w.buffetto_contact, hostile],
    )
    .await
    .expect(201);
    register(
        app,
        &w.ivano.token,
        e,
        w.soliani,
        &[w.soliani_contact, w.rossi_contact],
    )
    .await
    .expect(201);
    register(app, &w.anna.token, e, w.helvetic, &[w.keller_contact])
        .await
        .expect(201);
    let rossi = app
        .get(&format!(
            "/api/v1/members/{}/contacts/{}",
            w.soliani, w.rossi_contact
        ))
        .token(&w.admin.token)
        .send()
        .await
        .expect(200)
        .json();
    (e, text(&rossi["name"]))
}

async fn get(app: &TestApp, url: &str, token: &str) -> Resp {
    app.get(url).token(token).send().await
}

db_test!(async fn the_organiser_gets_csv_and_xlsx_of_every_registration(app) {
    let w = app.world().await;
    let (e, _) = scene(&app, &w).await;
    let base = format!("/api/v1/events/{e}/registrations");
    let list = get(&app, &format!("{base}?limit=500"), &w.roland.token).await.expect(200).json();
    let items = list["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 3);
    let expected = expected_rows(&app, &w, &items).await;

    let csv = get(&app, &format!("{base}.csv"), &w.roland.token).await.expect(200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert_eq!(
        csv.header("content-disposition").unwrap(),
        "attachment; filename=\"registrations.csv\""
    );
    let etag = csv.header("etag").expect("an ETag");
    app.get(&format!("{base}.csv"))
        .token(&w.roland.token)
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect(304);

    let Some(py) = python() else { return };
    let rows = read_csv(&py, &csv.body, ',');
    assert_eq!(rows[0], header_row());
    assert_eq!(rows[1..].to_vec(), as_csv(&expected), "one row per registration, as the JSON");
    assert!(
        rows[1..]
            .iter()
            .filter(|r| r[1] != w.helvetic.to_string())
            .all(|r| r[3] == format!("'{HOSTILE}")),
        "the hostile cluster name is guarded"
    );
    assert!(
        rows[1..].iter().any(|r| r[6].contains(&format!("'{HOSTILE}")) || r[6].ends_with(HOSTILE)),
        "the hostile attendee is listed"
    );

    // The Excel dialect: a byte-order mark and semicolons, the same cells.
    let excel = get(&app, &format!("{base}.csv?dialect=excel"), &w.roland.token).await.expect(200);
    assert!(excel.body.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    assert!(String::from_utf8_lossy(&excel.body[3..]).starts_with("registration_id;member_id;"));
    assert_eq!(read_csv(&py, &excel.body, ';'), rows);

    let xlsx = get(&app, &format!("{base}.xlsx"), &w.roland.token).await.expect(200);
    assert_eq!(xlsx.header("content-type").unwrap(), XLSX);
    assert_eq!(
        xlsx.header("content-disposition").unwrap(),
        "attachment; filename=\"registrations.xlsx\""
    );
    let etag = xlsx.header("etag").expect("an ETag");
    app.get(&format!("{base}.xlsx"))
        .token(&w.roland.token)
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect(304);
    let sheet: Vec<Vec<(Value, String)>> =
        serde_json::from_str(&run_python(&py, READ_XLSX, &xlsx.body)).unwrap();
    assert_eq!(sheet.len(), expected.len() + 1);
    let header: Vec<String> = sheet[0].iter().map(|(v, _)| text(v)).collect();
    assert_eq!(header, header_row());
    for (row, want) in sheet[1..].iter().zip(&expected) {
        assert_eq!(row.len(), COLUMNS.len());
        for (col, ((value, kind), want)) in row.iter().zip(want).enumerate() {
            assert_ne!(kind, "f", "no formulas: {value}");
            if want.is_empty() {
                assert!(value.is_null(), "{}: empty, got {value}", COLUMNS[col]);
            } else if col == 8 {
                assert_eq!(kind, "n", "attendee_count is a number");
                assert_eq!(value.as_i64().unwrap().to_string(), *want);
            } else {
                assert_eq!(kind, "s", "{} is a string cell", COLUMNS[col]);
                assert_eq!(value.as_str().unwrap(), want, "{}", COLUMNS[col]);
            }
        }
    }
    assert!(
        sheet[1..]
            .iter()
            .filter(|r| r[1].0 != json!(w.helvetic.to_string()))
            .all(|r| r[3].0 == json!(HOSTILE)),
        "text, as typed, in xlsx"
    );

    // The filters of the JSON list.
    let active = get(&app, &format!("{base}?status=active&limit=500"), &w.roland.token)
        .await
        .expect(200)
        .json();
    let want = expected_rows(&app, &w, active["items"].as_array().unwrap()).await;
    let csv = get(&app, &format!("{base}.csv?status=active"), &w.roland.token).await.expect(200);
    assert_eq!(read_csv(&py, &csv.body, ',')[1..].to_vec(), as_csv(&want));
});

db_test!(async fn each_caller_gets_what_the_json_list_shows_them(app) {
    let w = app.world().await;
    let (e, rossi) = scene(&app, &w).await;
    let base = format!("/api/v1/events/{e}/registrations");
    let py = python();
    for (who, token) in [
        ("roland", &w.roland.token),
        ("paola", &w.paola.token),
        ("ivano", &w.ivano.token),
        ("buffetto", &w.buffetto.token),
        ("anna", &w.anna.token),
        ("nobody", &w.nobody.token),
        ("admin", &w.admin.token),
    ] {
        let list = get(&app, &format!("{base}?limit=500"), token).await;
        let csv = get(&app, &format!("{base}.csv"), token).await;
        let xlsx = get(&app, &format!("{base}.xlsx"), token).await;
        assert_eq!(csv.status, list.status, "{who}: csv as the JSON list");
        assert_eq!(xlsx.status, list.status, "{who}: xlsx as the JSON list");
        if list.status != 200 {
            continue;
        }
        let items = list.json()["items"].as_array().unwrap().clone();
        let json_has_rossi = items
            .iter()
            .flat_map(|r| r["attendees"].as_array().unwrap().clone())
            .any(|a| a["id"] == json!(w.rossi_contact.to_string()));
        let csv_text = csv.text();
        assert_eq!(
            csv_text.contains(&rossi),
            json_has_rossi,
            "{who}: Rossi (no consent) in the file exactly when in the JSON"
        );
        if who == "roland" || who == "buffetto" || who == "anna" || who == "nobody" {
            assert!(!csv_text.contains(&rossi), "{who} may not see Rossi");
        }
        if who == "ivano" || who == "admin" {
            assert!(csv_text.contains(&rossi), "{who} sees Rossi");
        }
        if who == "nobody" || who == "anna" || who == "buffetto" || who == "ivano" {
            let own = items.iter().all(|r| {
                [w.helvetic, w.aviometal, w.soliani]
                    .iter()
                    .any(|m| r["member_id"] == json!(m.to_string()))
            });
            assert!(own);
            assert!(items.len() <= 1, "{who}: at most their own company's registration");
        }
        let Some(py) = &py else { continue };
        let expected = expected_rows(&app, &w, &items).await;
        let rows = read_csv(py, &csv.body, ',');
        assert_eq!(rows[1..].to_vec(), as_csv(&expected), "{who}: the JSON's rows");
        let sheet: Vec<Vec<(Value, String)>> =
            serde_json::from_str(&run_python(py, READ_XLSX, &xlsx.body)).unwrap();
        assert_eq!(sheet.len(), rows.len(), "{who}: as many xlsx rows");
    }
});

db_test!(async fn files_refuse_strangers_and_unknown_parameters(app) {
    let w = app.world().await;
    let (e, _) = scene(&app, &w).await;
    let base = format!("/api/v1/events/{e}/registrations");
    for ext in ["csv", "xlsx"] {
        app.get(&format!("{base}.{ext}")).send().await.expect(401);
        get(&app, &format!("{base}.{ext}?foo=1"), &w.roland.token).await.problem(400);
        get(&app, &format!("{base}.{ext}?status=nonsense"), &w.roland.token).await.problem(400);
    }
    get(&app, &format!("{base}.xlsx?dialect=excel"), &w.roland.token).await.problem(400);

    // A draft is visible to its organisers only: strangers get what the JSON list gives them.
    let draft = create_event(&app, &w, event_body(&w)).await;
    let draft = text(&draft["id"]);
    let base = format!("/api/v1/events/{draft}/registrations");
    let list = get(&app, &base, &w.nobody.token).await;
    assert!(list.status == 403 || list.status == 404, "{}", list.status);
    for ext in ["csv", "xlsx"] {
        for token in [&w.nobody.token, &w.anna.token] {
            let json = get(&app, &base, token).await;
            let file = get(&app, &format!("{base}.{ext}"), token).await;
            assert_eq!(file.status, json.status, "{ext}");
        }
        assert_eq!(get(&app, &format!("{base}.{ext}"), &w.nobody.token).await.status, list.status);
    }
    let unknown = Uuid::now_v7();
    get(&app, &format!("/api/v1/events/{unknown}/registrations.csv"), &w.roland.token)
        .await
        .problem(404);
});
