//! Injection in exports: hostile text through every field that reaches a CSV, vCard or
//! iCalendar file, read back with the parsers people's tools use (Python's csv, vobject,
//! icalendar). One record in, one record out, the values intact — except that CSV cells a
//! spreadsheet would run start with `'`, and line breaks come back as `\n` (the only line
//! break vCard and iCalendar text can carry).

use serde_json::{Value, json};

use crate::common::{TestApp, World, python, run_python};
use crate::db_test;
use crate::events::{published_event, register};

/// For fields that hold one line: everything hostile but line breaks (refused there).
const ONE_LINE: &[&str] = &[
    "Semi;colon, comma\\back \"quote\" 'single'",
    "=HYPERLINK(\"http://attacker.example\",\"Click\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\u{202E}gnp.exe Right-to-left",
    "Zero\u{200B}width\u{200D}joiner\u{FEFF}",
    "Emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 (4-byte UTF-8)",
    "X:END:VCARD;BEGIN:VCARD:END:VEVENT",
];

/// For text that may span lines: the same, plus every kind of line break, each trying to
/// close the record and open a forged one.
const MULTI_LINE: &[&str] = &[
    "First line\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Roland Hengartner (Swiss Aerospace Cluster)\r\nEMAIL:roland@attacker.example",
    "Bare CR\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Pay invoice at http://attacker.example",
    "Bare LF\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Pay invoice",
    "Tab\there; semi, comma \\ backslash \"quoted\"\r\n=1+1\r\n@cmd",
    "Mixed 😀\u{202E}\u{200B}\r\n\r\nblank line above",
];

/// What a value becomes in vCard and iCalendar text: any line break is `\n`.
fn lf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// What a CSV cell holds: a value that starts like a formula gets a leading `'`.
fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

const READ_BOTH: &str = r#"
import csv, io, json, sys, vobject
data = json.loads(sys.stdin.buffer.read().decode("utf-8"))
rows = list(csv.DictReader(io.StringIO(data["csv"], newline="")))
cards = []
for card in vobject.readComponents(data["vcf"]):
    cards.append({
        "fn": card.fn.value,
        "org": card.org.value,
        "title": card.title.value if hasattr(card, "title") else None,
        "url": card.url.value if hasattr(card, "url") else None,
        "adr_city": card.adr.value.city if hasattr(card, "adr") else None,
        "note": card.note.value,
        "names": sorted(c.name for c in card.getChildren()),
        "n": [card.n.value.family, card.n.value.given],
    })
print(json.dumps({"rows": rows, "cards": cards}, ensure_ascii=False))
"#;

const READ_ICS: &str = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
events = []
for e in cal.walk("VEVENT"):
    events.append({k: str(e.get(k)) for k in ("uid", "summary", "description", "location") if e.get(k) is not None})
print(json.dumps({"name": str(cal.get("name") or ""), "events": events}, ensure_ascii=False))
"#;

db_test!(async fn catalogue_csv_and_vcard_carry_hostile_text_intact(app) {
    let w = app.world().await;
    let Some(py) = python() else { return };
    // Only Lombardy's consenting people: Buffetto (Aviometal) and Ivano (Soliani).
    let url = format!("/api/v1/clusters/{}/catalogue", w.lombardy);
    for (i, one) in ONE_LINE.iter().enumerate() {
        let many = MULTI_LINE[i % MULTI_LINE.len()];
        app.patch(&format!("/api/v1/clusters/{}", w.lombardy)).token(&w.admin.token)
            .json(json!({"name": format!("{one} {i}")})).send().await.expect(200);
        app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.paola.token).json(json!({
            "legal_name": one, "city": one, "core_business": many, "ongoing_projects": many,
            "areas_of_interest": [one], "partners_sought": [one],
            "website": "https://aviometal.example/p;a,b?q=1,2;3&x=\\",
        })).send().await.expect(200);
        app.patch(&format!("/api/v1/members/{}/contacts/{}", w.aviometal, w.buffetto_contact)).token(&w.paola.token)
            .json(json!({"name": one, "role": one})).send().await.expect(200);

        let csv = app.get(&format!("{url}?format=csv")).token(&w.paola.token).send().await.expect(200).text();
        let vcf = app.get(&format!("{url}?format=vcf")).token(&w.paola.token).send().await.expect(200).text();
        let read: Value = serde_json::from_str(&run_python(&py, READ_BOTH, json!({"csv": csv, "vcf": vcf}).to_string().as_bytes())).unwrap();
        let rows = read["rows"].as_array().unwrap();
        let cards = read["cards"].as_array().unwrap();
        assert_eq!((rows.len(), cards.len()), (2, 2), "{one:?}: two people in, two out\n{csv}\n{vcf}");

        let row = rows.iter().find(|r| r["contact_name"] != "Ivano Soliani").unwrap();
        assert_eq!(row["contact_name"], cell(one), "{one:?}");
        assert_eq!(row["contact_role"], cell(one));
        assert_eq!(row["company"], cell(one));
        assert_eq!(row["company_city"], cell(one));
        assert_eq!(row["cluster"], cell(&format!("{one} {i}")));
        assert_eq!(row["core_business"], cell(many), "{many:?}");
        assert_eq!(row["ongoing_projects"], cell(many));
        assert_eq!(row["areas_of_interest"], cell(one));
        assert_eq!(row["website"], "https://aviometal.example/p;a,b?q=1,2;3&x=\\");

        let card = cards.iter().find(|c| c["fn"] != "Ivano Soliani").unwrap();
        assert_eq!(card["fn"], *one, "{one:?}");
        assert_eq!(card["title"], *one);
        assert_eq!(card["org"], json!([one]));
        assert_eq!(card["adr_city"], *one);
        assert!(card["note"].as_str().unwrap().starts_with(&lf(many)), "{card}");
        // Nothing but the properties the service writes.
        let names: Vec<&str> = card["names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
        assert_eq!(names, ["ADR", "EMAIL", "FN", "LANG", "LANG", "N", "NOTE", "ORG", "PRODID", "TEL", "TITLE", "UID", "URL", "VERSION"], "{one:?}");
        // N, the structured name: the last word of the name as family name, escaped and read back.
        let words: Vec<&str> = one.split_whitespace().collect();
        if let Some((family, given)) = words.split_last() {
            assert_eq!(card["n"], json!([family, given.join(" ")]), "{one:?}");
        }
        assert_eq!(card["url"], "https://aviometal.example/p%3Ba%2Cb?q=1%2C2%3B3&x=%5C");
    }
});

db_test!(async fn calendars_carry_hostile_text_intact(app) {
    let w = app.world().await;
    let Some(py) = python() else { return };
    let event = published_event(&app, &w).await;
    register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await.expect(201);
    register(&app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await.expect(201);
    app.post(&format!("/api/v1/events/{event}/agenda/generate")).token(&w.roland.token).json(json!({})).send().await.expect(200);
    let agenda = app.get(&format!("/api/v1/events/{event}/agenda")).token(&w.roland.token).send().await.expect(200).json();
    let items = agenda["items"].as_array().unwrap().len();
    let first_item = agenda["items"][0]["id"].as_str().unwrap().to_owned();

    for one in ONE_LINE {
        app.patch(&format!("/api/v1/events/{event}")).token(&w.roland.token)
            .json(json!({"title": one, "venue": {"name": one, "city": "Stans", "country": "CH"}})).send().await.expect(200);
        app.patch(&format!("/api/v1/events/{event}/agenda/items/{first_item}")).token(&w.roland.token)
            .json(json!({"title": one})).send().await.expect(200);
        let ics = app.get(&format!("/api/v1/events/{event}/agenda?format=ics")).token(&w.ivano.token).send().await.expect(200).text();
        let read: Value = serde_json::from_str(&run_python(&py, READ_ICS, ics.as_bytes())).unwrap();
        let events = read["events"].as_array().unwrap();
        assert_eq!(events.len(), items, "{one:?}: {items} items in, as many out\n{ics}");
        assert_eq!(read["name"], *one);
        assert_eq!(events[0]["summary"], format!("{one} — {one}"));
        assert_eq!(events[0]["location"], format!("{one}, Stans, CH"));
    }

    // A follow-up meeting between Soliani and Helvetic: the request's subject (one line),
    // the meeting's place (one line) and notes (any text).
    for (i, one) in ONE_LINE.iter().enumerate() {
        let many = MULTI_LINE[i % MULTI_LINE.len()];
        let request = app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(json!({
            "from_member_id": w.soliani, "to_member_id": w.helvetic, "kind": "supply", "subject": one,
        })).send().await;
        assert_eq!(request.status, 201, "{i}: {}", request.text());
        let request = request.json();
        let rid = request["id"].as_str().unwrap().to_owned();
        app.post(&format!("/api/v1/partnership-requests/{rid}/accept")).token(&w.anna.token).send().await.expect(200);
        let meeting = app.post(&format!("/api/v1/partnership-requests/{rid}/meetings")).token(&w.ivano.token).json(json!({
            "starts_at": "2030-06-03T10:00:00+02:00", "ends_at": "2030-06-03T11:00:00+02:00",
            "time_zone": "Europe/Zurich", "location": one, "notes": many,
            "participant_contact_ids": [w.soliani_contact, w.keller_contact],
        })).send().await.expect(201).json();
        let meeting_url = format!("/api/v1/partnership-requests/{rid}/meetings/{}", meeting["id"].as_str().unwrap());
        let ics = app.get(&format!("{meeting_url}?format=ics")).token(&w.anna.token).send().await.expect(200).text();
        let read: Value = serde_json::from_str(&run_python(&py, READ_ICS, ics.as_bytes())).unwrap();
        let events = read["events"].as_array().unwrap();
        assert_eq!(events.len(), 1, "{many:?}: one meeting in, one out\n{ics}");
        assert_eq!(events[0]["summary"], *one);
        assert_eq!(events[0]["location"], *one);
        assert_eq!(events[0]["description"], format!("{}\nParticipants: Ivano Soliani, Anna Keller", lf(many)));
        let closed = app.post(&format!("/api/v1/partnership-requests/{rid}/close")).token(&w.ivano.token).send().await.expect(200).json();
        assert_eq!(closed["status"], "closed", "{closed}");
    }
});

#[allow(dead_code)]
fn unused(_: &TestApp, _: &World) {}
